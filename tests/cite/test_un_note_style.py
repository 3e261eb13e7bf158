"""Notes that read like the UN's: a source once per note with its pinpoints merged, "Ibid."
for the source of the note before, descriptive titles in their square brackets, and the
language's quotation marks in notes and text alike."""

from __future__ import annotations

import pytest

from conftest import BIB, DOSSIER, EVIDENCE, SNAPSHOT, SNAPSHOT_PATH, files, run_cli
from dossier.build import CheckRequest, check
from dossier.cite.note_style import note_text

ST = "dossiers/test/statement.md"
EV = "evidence/claims.yaml"
SR = "Special Rapporteur on Iran, “Situation of human rights in the Islamic Republic of Iran”, "
TWO_QUOTES = (
    EVIDENCE
    + """\
- id: reports
  claim: Many reports were issued, and thousands were killed.
  sources:
    - cite: sr-2017
      locator: para. 2
      quote: a high number of reports have been issued
    - cite: sr-2017
      locator: para. 4
      quote: thousands of persons were summarily killed
"""
)
SNAPSHOT_TEXT = SNAPSHOT
TWEET = """\
@online{spokesperson-2020,
  author = {{Department of State}},
  title = {[Post by the Department of State spokesperson on Twitter]},
  date = {2020-07-17},
}
"""


def notes(make_workspace, statement: str, changes: dict[str, str] | None = None) -> list[str]:
    root = make_workspace(files({ST: statement, EV: TWO_QUOTES, **(changes or {})}))
    report = check(CheckRequest(root, ("test",)))
    assert [p for p in report.problems if p.severity == "error"] == []
    return [note_text(f.note) for f in report.dossiers["test"].footnotes]


def test_one_source_at_two_pinpoints_is_written_once_with_both(make_workspace):
    found = notes(
        make_workspace,
        "# Findings\n\nThousands were killed [@reports]. Amnesty agreed [@amnesty-2018].\n",
    )
    assert found[0] == SR + "A/72/322, 2017, paras. 2 and 4."


@pytest.mark.parametrize(
    "statement, expected",
    [
        # The same evidence again, its source at the same pinpoints: "Ibid."
        ("It was so [@reports]. It was again [@reports]. [@amnesty-2018]", "Ibid."),
        # The same source at a new pinpoint: "Ibid., para. 7."
        ("It was so [@sr-2017, para. 4]. Again [@sr-2017, para. 7]. [@amnesty-2018]",
         "Ibid., para. 7."),
        ("It was so [@sr-2017, para. 4]. Again [@sr-2017, para. 4]. [@amnesty-2018]", "Ibid."),
    ],
)  # fmt: skip
def test_the_source_of_the_note_before_is_ibid(make_workspace, statement, expected):
    found = notes(make_workspace, "# Findings\n\n" + statement + " [@killings]\n")
    assert found[1] == expected


def test_a_descriptive_title_keeps_its_square_brackets(make_workspace):
    found = notes(
        make_workspace,
        "# Findings\n\nIt called for justice [@spokesperson-2020]. [@amnesty-2018] [@killings]\n",
        {"bibliography.bib": BIB + TWEET},
    )
    assert found[0] == (
        "Department of State, [Post by the Department of State spokesperson on Twitter], "
        "17 July 2020."
    )


@pytest.mark.parametrize(
    "language, quoted, note",
    [
        ("en", "“thousands of persons were summarily killed”", "“Blood-soaked secrets”"),
        ("fr", "«\u00a0thousands of persons were summarily killed\u00a0»",
         "«\u00a0Blood-soaked secrets\u00a0»"),
        ("es", "“thousands of persons were summarily killed”", "“Blood-soaked secrets”"),
    ],
)  # fmt: skip
def test_straight_quotes_become_the_languages_in_the_text_as_in_the_notes(
    make_workspace, language, quoted, note
):
    statement = (
        '# Findings\n\nIt said "thousands of persons were summarily killed" [@killings]. '
        "[@amnesty-2018]\n"
    )
    dossier = DOSSIER.replace("language: en", f"language: {language}")
    root = make_workspace(files({ST: statement, "dossiers/test/dossier.yaml": dossier}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    html = (root / "build/test/test.html").read_text(encoding="utf-8")
    assert f"It said {quoted}" in html
    assert note in html
    assert '"thousands' not in html


def test_a_quotation_in_the_statement_is_still_checked_in_french_marks(make_workspace):
    dossier = DOSSIER.replace("language: en", "language: fr")
    statement = '# Findings\n\nIl a dit "des milliers ont été tués" [@killings].\n'
    root = make_workspace(
        files({ST: statement, "dossiers/test/dossier.yaml": dossier, SNAPSHOT_PATH: SNAPSHOT_TEXT})
    )
    result = run_cli("check", cwd=root)
    assert "error[D311]: the quotation “des milliers ont été tués” is not in" in result.err


COMPACT = DOSSIER + "notes: compact\n"
SG = """\
@report{sg-2018,
  author = {{Secretary-General}},
  title = {Situation of human rights in the Islamic Republic of Iran},
  date = {2018},
  symbol = {A/HRC/37/24},
  url = {https://undocs.org/A/HRC/37/24},
  unstated = {urldate},
}
"""


@pytest.mark.parametrize(
    "statement, expected",
    [
        # A UN document with no address: its symbol, linked to undocs.org, and the pinpoints.
        ("Thousands were killed [@reports].", ["A/72/322, paras. 2 and 4."]),
        # With an address, the address, as the statement of seed 002 cites a UN report.
        ("Reports were issued [@sg-2018, para. 3].", ["https://undocs.org/A/HRC/37/24, para. 3."]),
        # Another organisation's document: its address, and the pinpoint.
        (
            "Amnesty agreed [@amnesty-2018, p. 12].",
            ["https://www.amnesty.org/en/documents/mde13/9421/2018/en/, p. 12."],
        ),
        # The same source again: its address again, not "Ibid.".
        (
            "It was so [@amnesty-2018]. It was again [@amnesty-2018].",
            ["https://www.amnesty.org/en/documents/mde13/9421/2018/en/."] * 2,
        ),
        # A prefix, and two sources in one note.
        (
            "It was so [see @amnesty-2018; @killings].",
            ["See https://www.amnesty.org/en/documents/mde13/9421/2018/en/. A/72/322, para. 109."],
        ),
        # A source with neither symbol nor address is cited in full.
        (
            "The Department said so [@spokesperson-2020].",
            [
                "Department of State, [Post by the Department of State spokesperson on Twitter], "
                "17 July 2020."
            ],
        ),
    ],
)
def test_compact_notes_give_the_symbol_or_the_address_and_the_pinpoint(
    make_workspace, statement, expected
):
    changes = {"dossiers/test/dossier.yaml": COMPACT, "bibliography.bib": BIB + TWEET + SG}
    assert notes(make_workspace, statement, changes) == expected


def test_a_compact_notes_symbol_links_to_its_un_document(make_workspace):
    root = make_workspace(
        files({ST: "Killed [@killings].\n", "dossiers/test/dossier.yaml": COMPACT})
    )
    note = check(CheckRequest(root, ("test",))).dossiers["test"].footnotes[0].note
    assert [(s.text, s.href) for s in note] == [
        ("A/72/322", "https://undocs.org/A/72/322"),
        (", para. 109", ""),
        (".", ""),
    ]


def test_notes_are_full_or_compact(make_workspace):
    root = make_workspace(files({"dossiers/test/dossier.yaml": DOSSIER + "notes: short\n"}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.err.startswith(
        "dossiers/test/dossier.yaml:11:8: error[D105]: `notes` must be one of 'full' or "
        "'compact', found 'short'\n"
    )
