"""Venue profiles: `dossier new` for each venue builds at once and `check --strict` names each
placeholder; each venue's fields are validated against its profile; the submitter of a
communication never reaches a public edition; word limits follow the venue."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import run_cli

VENUES = ["upr-stakeholder", "treaty-body-report", "special-procedures-communication"]

# What `check --strict` says of a new dossier of each venue: every placeholder, at its line.
PLACEHOLDERS = {
    "hrc-written-statement": [
        "2:8: error[D411]: `title` is a placeholder: «Title of the statement: to be filled in»",
        "5:11: error[D411]: `submitted_by entry 1 name` is a placeholder: «Your organization, "
        "as named in the ECOSOC database: to be filled in»",
        "19:3: error[D411]: `date` is not stated: the output prints “to be filled in before "
        "submission.” in its place",
        "20:3: error[D411]: `session` is not stated: the output prints “to be filled in from "
        "the session's page on the OHCHR website.” in its place",
        "21:3: error[D411]: `agenda_item` is not stated: the output prints “to be filled in.” "
        "in its place",
    ],
    "upr-stakeholder": [
        "2:8: error[D411]: `title` is a placeholder: «Title of the submission: to be filled in»",
        "5:11: error[D411]: `organizations entry 1 name` is a placeholder: «Your organization: "
        "to be filled in»",
        "9:7: error[D411]: `organizations entry 1 description` is not stated: the output prints "
        "“to be filled in (its activities, mandate and where it works).” in its place",
        "10:7: error[D411]: `organizations entry 1 established` is not stated: the output prints "
        "“to be filled in (the year it was established).” in its place",
        "26:3: error[D411]: `state_under_review` is not stated: the output prints “to be filled "
        "in” in its place",
        "27:3: error[D411]: `cycle` is not stated: the output prints “to be filled in” in its "
        "place",
        "28:3: error[D411]: `period_covered` is not stated: the output prints “to be filled in "
        "(at most the period since the last review)” in its place",
        "29:3: error[D411]: `date` is not stated: the output prints “to be filled in” in its place",
    ],
    "treaty-body-report": [
        "2:8: error[D411]: `title` is a placeholder: «Title of the report: to be filled in»",
        "6:11: error[D411]: `organizations entry 1 name` is a placeholder: «Your organization: "
        "to be filled in»",
        "19:3: error[D411]: `state_party` is not stated: the output prints “to be filled in” in "
        "its place",
        "20:3: error[D411]: `state_report` is not stated: the output prints “to be filled in "
        "(the symbol of the State party's report)” in its place",
        "21:3: error[D411]: `publish_online` is not stated: the output prints “to be filled in "
        "(whether the committee may post the report online)” in its place",
        "22:3: error[D411]: `date` is not stated: the output prints “to be filled in” in its place",
    ],
    "special-procedures-communication": [
        "2:8: error[D411]: `title` is a placeholder: «Title of the communication: to be filled "
        "in»",
        *(
            f"{line}:3: error[D411]: `{name}` is not stated: the output prints “to be filled in” "
            "in its place"
            for line, name in enumerate(
                [
                    "victims",
                    "perpetrators",
                    "incident.date",
                    "incident.place",
                    "incident.description",
                    "action_taken",
                    "submitter",
                    "date",
                ],
                start=35,
            )
        ),
    ],
}


@pytest.fixture(scope="module")
def new_dossiers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace from `dossier init`, with one new dossier of each venue, built."""
    parent = tmp_path_factory.mktemp("venues")
    assert run_cli("init", "ws", cwd=parent).code == 0
    root = parent / "ws"
    for profile in VENUES:
        result = run_cli("new", profile, "--profile", profile, cwd=root)
        assert result.code == 0, result.err
        assert result.out == (
            f"created dossiers/{profile}/dossier.yaml\ncreated dossiers/{profile}/statement.md\n"
        )
    assert run_cli("new", "hrc-written-statement", cwd=root).code == 0  # the default profile
    result = run_cli("build", *VENUES, "hrc-written-statement", cwd=root)
    assert result.code == 0, result.err
    return root


def _d411_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "[D411]" in line]


@pytest.mark.parametrize("profile", [*VENUES, "hrc-written-statement"])
def test_a_new_dossier_builds_at_once_and_strict_names_each_placeholder(new_dossiers, profile):
    built = new_dossiers / "build" / profile
    assert (built / f"{profile}.pdf").read_bytes().startswith(b"%PDF-")
    assert (built / f"{profile}.docx").is_file()
    yaml = (new_dossiers / "dossiers" / profile / "dossier.yaml").read_text()
    assert yaml.startswith(f"profile: {profile}\n")
    assert run_cli("check", profile, cwd=new_dossiers).code == 0
    result = run_cli("check", "--strict", profile, cwd=new_dossiers)
    assert result.code == 1
    where = f"dossiers/{profile}/dossier.yaml:"
    assert _d411_lines(result.err) == [where + line for line in PLACEHOLDERS[profile]]
    assert "[D402]" not in result.err and "[D104]" not in result.err


@pytest.mark.parametrize(
    "profile, shown",
    [
        ("upr-stakeholder", ["Universal Periodic Review: [State under review: to be filled in]",
                             "State under review [to be filled in]", "Recommendations"]),
        ("treaty-body-report", ["Alternative report to the Human Rights Committee",
                                "Committee Human Rights Committee (CCPR)",
                                "State party report [to be filled in (the symbol of the State "
                                "party's report)]"]),
        ("special-procedures-communication", ["Communication to the Special Procedures of the "
                                              "Human Rights Council",
                                              "Alleged victim(s) [to be filled in]",
                                              "Submitter [to be filled in]"]),
    ],
)  # fmt: skip
def test_a_new_dossier_shows_its_placeholders_where_the_facts_belong(new_dossiers, profile, shown):
    with pdfplumber.open(new_dossiers / "build" / profile / f"{profile}.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    for line in shown:
        assert line in text.splitlines(), (line, text)


def test_profiles_lists_each_venue_with_what_it_is_for(new_dossiers):
    result = run_cli("profiles", cwd=new_dossiers)
    assert result.code == 0
    lines = result.out.splitlines()
    names = [line.split()[0] for line in lines if not line.startswith("    ")]
    assert names == sorted(["hrc-written-statement", *VENUES])
    for line in lines:
        if line.startswith("upr-stakeholder"):
            assert "Universal Periodic Review stakeholder submission" in line
    descriptions = [line for line in lines if line.startswith("    ")]
    assert len(descriptions) == 4
    assert descriptions[2].startswith("    An NGO report to a treaty body reviewing a State party")


SP = """\
profile: special-procedures-communication
title: A communication
date: 2025-08-01
victims: [Mehdi Hassani]
perpetrators: [The authorities]
incident:
  date: 2025-07-27
action_taken: None known.
submitter:
  name: Leila Farahani-Rostami
  organization: Association for Witness Protection
  contact: witness-desk@example.org
"""


def _sp_workspace(make_workspace, dossier: str, statement: str = "Text.\n") -> Path:
    return make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/sp/dossier.yaml": dossier,
            "dossiers/sp/statement.md": statement,
        }
    )


def test_a_communication_names_each_missing_required_part(make_workspace):
    root = _sp_workspace(make_workspace, SP.replace("victims: [Mehdi Hassani]\n", ""))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    expected = [
        f"dossiers/sp/dossier.yaml:1:10: error[D402]: profile `special-procedures-communication` "
        f"requires `{name}`"
        for name in ("incident.description", "incident.place", "victims")
    ]
    assert [line for line in result.err.splitlines() if "[D402]" in line] == expected
    assert (
        "  hint: add `incident:` with `place:` to dossiers/sp/dossier.yaml; if your source does "
        "not give it, say so under `unstated:` (e.g. `incident.place: not stated in the source`)"
    ) in result.err


def _complete_sp() -> str:
    return SP.replace(
        "  date: 2025-07-27\n",
        "  date: 2025-07-27\n  place: Ghezel Hesar prison, Karaj\n"
        "  description: Both were executed at dawn.\n",
    )


def test_the_submitter_is_named_only_in_the_word_file_sent_to_ohchr(make_workspace):
    """OHCHR considers no anonymous communication: the Word file sent to it names the sender;
    the PDF and the HTML page, public editions, never do."""
    root = _sp_workspace(make_workspace, _complete_sp())
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    with pdfplumber.open(root / "build/sp/sp.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Submitter Identified to OHCHR in the submission form; kept confidential and not" in text
    word = "\n".join(p.text for p in docx.Document(str(root / "build/sp/sp.docx")).paragraphs)
    assert "\nSubmitter: Leila Farahani-Rostami, Association for Witness Protection, " in word
    for secret in ("Farahani", "Witness Protection", "witness-desk"):
        assert secret not in text
        assert secret not in (root / "build/sp/sp.html").read_text()
    review = run_cli("build", "--edition", "review", cwd=root)
    assert review.code == 0, review.err
    with pdfplumber.open(root / "build/review/sp/sp-review.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "\nSubmitter Leila Farahani-Rostami, Association for Witness Protection, " in text


def test_the_submitter_written_into_the_statement_is_refused(make_workspace):
    statement = "The witness Leila Farahani-Rostami saw it.\n"
    root = _sp_workspace(make_workspace, _complete_sp(), statement)
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert (
        "dossiers/sp/statement.md:1:13: error[D812]: the submitter's `name` "
        "(dossiers/sp/dossier.yaml:12:9) is in the statement; a public edition would carry "
        "it, so nothing is written while it is there"
    ) in result.err
    assert not (root / "build/sp").exists() or not any((root / "build/sp").iterdir())


UPR = """\
profile: upr-stakeholder
title: A submission
date: 2025-07-01
state_under_review: Islamic Republic of Iran
cycle: 4
period_covered: {start: 2019-11-08, end: 2025-06-30}
organizations:
  - name: First Association
    description: Documents executions.
    established: 1998
"""


@pytest.mark.parametrize(
    "dossier, expected",
    [
        (
            UPR + "state_party: Iran\n",
            "dossiers/upr/dossier.yaml:11:1: error[D104]: `state_party` is not a field of "
            "profile `upr-stakeholder`",
        ),
        (
            UPR.replace("    established: 1998\n", ""),
            "dossiers/upr/dossier.yaml:8:5: error[D402]: profile `upr-stakeholder` requires the "
            "`established` of each organization: `First Association` has none",
        ),
        (
            UPR.replace("profile: upr-stakeholder", "profile: treaty-body-report").replace(
                "state_under_review: Islamic Republic of Iran\ncycle: 4\n"
                "period_covered: {start: 2019-11-08, end: 2025-06-30}\n",
                "state_party: Iran\nstate_report: CCPR/X/IRN/4\npublish_online: false\n",
            ),
            "dossiers/upr/dossier.yaml:5:15: error[D607]: `state_report` 'CCPR/X/IRN/4' is not a "
            "valid UN document symbol: `X` is not a part of a UN symbol",
        ),
        (
            UPR + "symbol: A/HRC/61/NGO/12\n",
            "dossiers/upr/dossier.yaml:11:1: error[D104]: `symbol` is not a field of profile "
            "`upr-stakeholder`",
        ),
        (
            UPR.replace("profile: upr-stakeholder", "profile: treaty-body-report").replace(
                "state_under_review: Islamic Republic of Iran\ncycle: 4\n"
                "period_covered: {start: 2019-11-08, end: 2025-06-30}\n",
                "committee: CCPPR\nstate_party: Iran\nstate_report: CCPR/C/IRN/4\n"
                "publish_online: true\n",
            ),
            "dossiers/upr/dossier.yaml:4:12: error[D105]: `committee` 'CCPPR' is not a committee "
            "this profile knows",
        ),
    ],
    ids=["foreign field", "organization part", "bad symbol", "symbol elsewhere", "committee"],
)
def test_venue_fields_are_checked_against_the_profile(make_workspace, dossier, expected):
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/upr/dossier.yaml": dossier,
            "dossiers/upr/statement.md": "Text.\n\n# Recommendations\n\nWe call on it to act.\n",
        }
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if ": error[" in line]
    assert errors == [expected]


# The Word file's words: the 6,000 of the text and 5 of its recommendations, with the front
# matter (its heading, facts and each organization described) and the title.
@pytest.mark.parametrize(
    "organizations, counted, limit, basis",
    [
        (1, "6,051", "2,815", "limit for one organization"),
        (2, "6,065", "5,630", "limit for a joint submission"),
    ],
)
def test_the_upr_word_limit_is_one_organizations_or_a_joint_submissions(
    make_workspace, organizations, counted, limit, basis
):
    """The count is the Word file's: a joint submission's adds its heading line ("Joint
    submission") and its annex heading ("Annex: members of the coalition"); the paragraphs'
    numbers are Word's numbering in both, not words."""
    second = "  - {name: Second Association, description: Helps families., established: 2001}\n"
    dossier = UPR + (second if organizations == 2 else "")
    words = " ".join(["word"] * 6000)
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/upr/dossier.yaml": dossier,
            "dossiers/upr/statement.md": f"{words}\n\n# Recommendations\n\nWe call on it.\n",
        }
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    too_many = int(counted.replace(",", "")) - int(limit.replace(",", ""))
    assert (
        f"dossiers/upr/statement.md:1:1: error[D403]: the statement has {counted} words of "
        f"{limit} (body {counted} + footnotes 0; {basis}, unconfirmed): {too_many:,} too many\n"
        "  hint: shorten the text; the secretariat does not circulate statements over the "
        "limit; this limit is unconfirmed: if the venue's current guidance differs, set "
        "`word_limits` in templates/upr-stakeholder/profile.yaml"
    ) in re.sub(r"\n    [^\n]*", "", result.err)


def test_a_upr_submission_without_recommendations_is_warned(make_workspace):
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/upr/dossier.yaml": UPR,
            "dossiers/upr/statement.md": "Text.\n",
        }
    )
    result = run_cli("check", "--strict", cwd=root)
    assert result.code == 1
    assert (
        "dossiers/upr/statement.md:1:1: error[D412]: the statement has no section headed "
        "“Recommendations”, which profile `upr-stakeholder` expects"
    ) in result.err
    assert run_cli("check", cwd=root).code == 0


def test_a_workspace_may_change_a_venue_rule(make_workspace):
    """An unconfirmed limit is a setting: a workspace's profile.yaml replaces the built-in."""
    from dossier.load.profiles import BUILTIN_TEMPLATES

    built_in = (BUILTIN_TEMPLATES / "upr-stakeholder/profile.yaml").read_text()
    root = make_workspace(
        {
            "bibliography.bib": "",
            "templates/upr-stakeholder/profile.yaml": built_in.replace(
                "single: 2815", "single: 3"
            ),
            "dossiers/upr/dossier.yaml": UPR,
            "dossiers/upr/statement.md": "Four words of text.\n\n# Recommendations\n\nWe act.\n",
        }
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    # 7 words of text, 46 of the title and the front matter the Word file carries; the
    # paragraphs' numbers are Word's numbering, not words
    assert "the statement has 53 words of 3 (body 53 + footnotes 0; limit for one organization, " \
        "unconfirmed): 50 too many" in result.err


def test_a_french_upr_submission_sets_its_facts_as_french_does(make_workspace):
    dossier = UPR.replace("title: A submission\n", "title: Une contribution\nlanguage: fr\n")
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/upr/dossier.yaml": dossier,
            "dossiers/upr/statement.md": "Texte.\n\n# Recommandations\n\nNous appelons.\n",
        }
    )
    assert run_cli("build", cwd=root).code == 0
    paragraphs = [p.text for p in docx.Document(str(root / "build/upr/upr.docx")).paragraphs]
    assert paragraphs[:6] == [
        "Examen périodique universel : Islamic Republic of Iran",
        "Contribution des parties prenantes, quatrième cycle",
        "État examiné : Islamic Republic of Iran",
        "Cycle : 4",
        "Période couverte : 8 novembre 2019-30 juin 2025",
        "Présentée par : First Association",
    ]
    numbered = [
        p.text
        for p in docx.Document(str(root / "build/upr/upr.docx")).paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert numbered == ["Texte.", "Nous appelons."]  # numbered by Word: 1., 2.


def test_an_organization_may_be_described_in_several_lines(make_workspace):
    dossier = UPR.replace(
        "    description: Documents executions.\n",
        "    description: >-\n      Documents executions\n      in three provinces.\n",
    )
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/upr/dossier.yaml": textwrap.dedent(dossier),
            "dossiers/upr/statement.md": "Text.\n\n# Recommendations\n\nWe call on it.\n",
        }
    )
    assert run_cli("build", cwd=root).code == 0
    with pdfplumber.open(root / "build/upr/upr.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "Activities: Documents executions in three provinces." in text
    assert "Established: 1998" in text


NO_SPONSOR = """\
profile: hrc-written-statement
title: A statement
date: 2025-12-01
session: {number: 61, start: 2026-02-23, end: 2026-04-02}
agenda_item: 4
unstated:
  submitted_by: The source names no organization.
"""


def test_with_no_sponsor_named_the_strictest_limit_applies_and_a_warning_says_so(make_workspace):
    """Whether 1,500 or 2,000 words apply depends on a status the dossier does not state: the
    strictest is held against the count, and going over it is a warning (an error with
    --strict, as the unstated sponsor already is), not a refusal to build."""
    words = " ".join(["word"] * 1600)
    root = make_workspace(
        {
            "bibliography.bib": "",
            "dossiers/hrc/dossier.yaml": NO_SPONSOR,
            "dossiers/hrc/statement.md": f"{words}\n",
        }
    )
    result = run_cli("check", cwd=root)
    assert result.code == 0, result.err
    assert (
        "dossiers/hrc/statement.md:1:1: warning[D415]: the statement has 1,602 words of 1,500 "
        "(body 1,602 + footnotes 0; limit for special and roster consultative status, the "
        "strictest: no sponsor is named): 102 too many\n"
        "  hint: name the main sponsor and its consultative status in `submitted_by`: the limit "
        "depends on it (it fits the limit of 2,000 for general status); or shorten the text; "
        "the secretariat does not circulate statements over the limit"
    ) in re.sub(r"\n    [^\n]*", "", result.err)
    assert (
        "dossiers/hrc/dossier.yaml:7:3: warning[D411]: `submitted_by` is not stated: the output "
        "prints “The source names no organization.” in its place"
    ) in result.err
    assert run_cli("check", "--strict", cwd=root).code == 1


_COMMENTED_FIELD = re.compile(r"^# (\s*(?:- )?[a-z_]+:|\s+- )")


@pytest.mark.parametrize("profile", VENUES)
def test_a_new_dossiers_commented_fields_filled_in_leave_nothing_the_venue_asks_for(
    new_dossiers, profile
):
    """Each field `dossier new` writes as a comment, uncommented (and `unstated` dropped), is
    valid and gives every field the venue requires or asks for."""
    path = new_dossiers / "dossiers" / profile / "dossier.yaml"
    written = path.read_text()
    lines = []
    for line in written.split("\n"):
        if line == "unstated:":
            break
        lines.append(line[2:] if _COMMENTED_FIELD.match(line) else line)
    try:
        path.write_text("\n".join(lines) + "\n")
        result = run_cli("check", profile, cwd=new_dossiers)
    finally:
        path.write_text(written)
    assert result.code == 0, result.err
    for code in ("D402", "D413", "D418", "D420", "D104", "D404"):
        assert f"[{code}]" not in result.err, result.err
