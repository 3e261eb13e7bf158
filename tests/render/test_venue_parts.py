"""The parts each venue asks for, read back from the outputs: a communication's submitter (in
the Word file sent to OHCHR only), its victims named as their consent allows, the type of
communication; a UPR submission's paragraphs numbered by Word (numbering.xml), its
subparagraphs hanging under their paragraph, its joint-submission heading, contact person,
key words, previous recommendations and members' annex; a treaty body report's List of Issues
and previous concluding observations, its title set off from the facts in Word."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import files, run_cli
from dossier.build import CheckRequest, check
from dossier.cite.word_file import count_words

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SP_DOSSIER = """\
profile: special-procedures-communication
title: Executions of two political prisoners
language: en
date: 2025-08-01
addressed_to: [Special Rapporteur on extrajudicial, summary or arbitrary executions]
communication: urgent_appeal
victims:
  - name: Mehdi Hassani
    age: 48
    sex: male
    nationality: Iranian
    occupation: engineer
    place_of_detention: Ghezel Hesar Prison
    charges: armed rebellion
    court: Revolutionary Court of Tehran
    dates: executed 27 July 2025
consent: {to_government: false, in_public_report: true, name_or_initials: initials}
perpetrators: [The prison authorities]
incident: {date: 2025-07-27, place: Karaj, description: Two prisoners were executed.}
action_taken: None known.
other_mechanisms: none
submitter: {name: Jane Roe, organization: Example Rights Group, contact: jane@example.org}
statement: statement.md
"""

UPR_DOSSIER = """\
profile: upr-stakeholder
title: Accountability for the 1988 mass executions
language: en
date: 2025-07-01
state_under_review: Islamic Republic of Iran
cycle: 4
period_covered: {start: 2019-11-08, end: 2025-06-30}
organizations:
  - {name: First Example Association, description: Documents executions., established: 1998}
  - {name: Second Example League, description: Legal aid to families., established: 2005}
coalition: {name: Coalition for Accountability, acronym: CFA}
contact_person: Jane Roe, jane@example.org
key_words: [death penalty, impunity]
previous_recommendations:
  - {number: "26.105", state: Canada, response: noted}
  - {number: "26.111", state: France, response: supported}
statement: statement.md
"""

UPR_STATEMENT = """\
# Findings

Thousands were killed [@killings].

The State has not investigated.

# Recommendations

We recommend that the State:

1. investigate;
2. prosecute.
"""

CCPR_DOSSIER = """\
profile: treaty-body-report
title: The right to life
language: en
date: 2025-09-01
committee: CCPR
state_party: Islamic Republic of Iran
state_report: CCPR/C/IRN/4
list_of_issues: CCPR/C/IRN/Q/4
previous_observations: {symbol: CCPR/C/IRN/CO/3, paragraphs: [11, 12]}
publish_online: true
organizations: [{name: Example Organization}]
statement: statement.md
"""

CCPR_STATEMENT = """\
# Article 6: right to life

Thousands were killed [@killings].
"""


def _build(make_workspace, dossier: str, statement: str | None = None) -> Path:
    changes = {"dossiers/test/dossier.yaml": dossier}
    if statement is not None:
        changes["dossiers/test/statement.md"] = statement
    root = make_workspace(files(changes))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root


def _word_text(root: Path) -> list[str]:
    return [p.text for p in docx.Document(str(root / "build/test/test.docx")).paragraphs]


def _pdf_text(root: Path) -> str:
    found = subprocess.run(
        ["pdftotext", "-layout", str(root / "build/test/test.pdf"), "-"],
        capture_output=True,
        check=True,
    )
    return " ".join(found.stdout.decode().split())


def test_the_word_file_of_a_communication_names_its_submitter_and_the_pdf_does_not(
    make_workspace,
):
    root = _build(make_workspace, SP_DOSSIER)
    words = _word_text(root)
    assert "Submitter: Jane Roe, Example Rights Group, jane@example.org" in words
    pdf = _pdf_text(root)
    assert "Jane Roe" not in pdf and "jane@example.org" not in pdf
    assert "Submitter Identified to OHCHR in the submission form" in pdf


def test_a_communication_names_its_victims_as_their_consent_allows(make_workspace):
    root = _build(make_workspace, SP_DOSSIER)
    words = _word_text(root)
    assert (
        "Alleged victim(s): M. H. (age: 48; sex: male; nationality: Iranian; occupation: "
        "engineer; place of detention: Ghezel Hesar Prison; charges: armed rebellion; court: "
        "Revolutionary Court of Tehran; dates: executed 27 July 2025)"
    ) in words
    assert "Confidentiality: Confidential: not to be disclosed to the Government." in words
    assert (
        "Consent of the victims or their families: names may be disclosed to the Government: "
        "no; names may be published in the public report: yes; as initials"
    ) in words
    assert "Type of communication: Urgent appeal" in words
    assert "Submitted to other mechanisms: none" in words
    assert not any("Mehdi Hassani" in line for line in words)
    assert "Confidentiality Confidential: not to be disclosed to the Government." in _pdf_text(root)


def test_consent_that_withholds_nothing_prints_full_names_and_no_confidentiality(make_workspace):
    dossier = SP_DOSSIER.replace(
        "consent: {to_government: false, in_public_report: true, name_or_initials: initials}",
        "consent: {to_government: true, in_public_report: true, name_or_initials: name}",
    )
    words = _word_text(_build(make_workspace, dossier))
    assert any(line.startswith("Alleged victim(s): Mehdi Hassani (age: 48;") for line in words)
    assert not any(line.startswith("Confidentiality") for line in words)


def test_check_strict_names_each_part_of_a_communication_left_out(make_workspace):
    dossier = SP_DOSSIER
    for line in ("communication: urgent_appeal\n", "other_mechanisms: none\n"):
        dossier = dossier.replace(line, "")
    dossier = dossier.replace(
        "consent: {to_government: false, in_public_report: true, name_or_initials: initials}",
        "consent: {to_government: false}",
    ).replace("    court: Revolutionary Court of Tehran\n", "")
    root = make_workspace(files({"dossiers/test/dossier.yaml": dossier}))
    result = run_cli("check", "--strict", cwd=root)
    assert result.code == 1
    path = "dossiers/test/dossier.yaml"
    expected = [
        f"{path}:1:1: error[D418]: profile `special-procedures-communication` asks for "
        f"`communication`, which {path} does not give",
        f"{path}:15:10: error[D418]: profile `special-procedures-communication` asks for "
        f"`consent.in_public_report`, which {path} does not give",
        f"{path}:15:10: error[D418]: profile `special-procedures-communication` asks for "
        f"`consent.name_or_initials`, which {path} does not give",
        f"{path}:1:1: error[D418]: profile `special-procedures-communication` asks for "
        f"`other_mechanisms`, which {path} does not give",
        f"{path}:7:5: error[D418]: profile `special-procedures-communication` asks for the "
        f"particulars of victim 1 (court), which {path} does not give",
    ]
    found = [line for line in result.problems.splitlines() if "[D418]" in line]
    assert sorted(found) == sorted(expected)
    assert "hint: add `communication: urgent_appeal`" in result.err
    assert run_cli("check", cwd=root).code == 0  # warnings, without --strict


def _numbering(root: Path) -> str:
    with zipfile.ZipFile(root / "build/test/test.docx") as archive:
        return archive.read("word/numbering.xml").decode()


def test_word_numbers_a_upr_submissions_paragraphs_and_their_subparagraphs(make_workspace):
    root = _build(make_workspace, UPR_DOSSIER, UPR_STATEMENT)
    document = docx.Document(str(root / "build/test/test.docx"))
    numbered = [
        (p._p.pPr.numPr.ilvl.val, p._p.pPr.numPr.numId.val, p.text)
        for p in document.paragraphs
        if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert [(level, text) for level, _, text in numbered] == [
        (0, "Thousands were killed."),
        (0, "The State has not investigated."),
        (0, "We recommend that the State:"),
        (1, "investigate;"),
        (1, "prosecute."),
    ]
    assert len({num_id for _, num_id, _ in numbered}) == 1  # one list: insertions renumber
    numbering = _numbering(root)
    assert '<w:lvlText w:val="%1."/>' in numbering
    assert '<w:lvlText w:val="(%2)"/>' in numbering
    # (a) hangs at the paragraph's text (1.25 cm), its text at 2.5 cm
    assert '<w:ind w:left="1418" w:hanging="709"/>' in numbering
    assert not any(text[:1].isdigit() or text.startswith("(") for _, _, text in numbered)


def test_a_paragraph_inserted_in_word_renumbers_those_after_it(make_workspace, tmp_path):
    root = _build(make_workspace, UPR_DOSSIER, UPR_STATEMENT)
    document = docx.Document(str(root / "build/test/test.docx"))
    first = next(p for p in document.paragraphs if p.text == "The State has not investigated.")
    inserted = first.insert_paragraph_before("A paragraph a coalition member added.")
    inserted._p.get_or_add_pPr().append(first._p.pPr.numPr.__copy__())
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(edited)],
        capture_output=True,
        check=True,
        timeout=300,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "edited.pdf"), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "2. A paragraph a coalition member added." in lines
    assert "3. The State has not investigated." in lines
    assert "4. We recommend that the State:" in lines
    assert "(a) investigate;" in lines and "(b) prosecute." in lines


def test_a_joint_upr_submission_names_its_coalition_contact_key_words_and_recommendations(
    make_workspace,
):
    root = _build(make_workspace, UPR_DOSSIER, UPR_STATEMENT)
    words = [line for line in _word_text(root) if line]
    assert words[:3] == [
        "Universal Periodic Review: Islamic Republic of Iran",
        "Stakeholder submission, fourth cycle",
        "Joint submission CFA",
    ]
    for fact in (
        "Coalition: Coalition for Accountability (CFA)",
        "Contact person: Jane Roe, jane@example.org",
        "Key words: death penalty; impunity",
        "Previous cycle’s recommendations followed up: 26.105 (Canada; noted); "
        "26.111 (France; supported)",
    ):
        assert fact in words
    # the members are described in an annex after the statement, not on the first page
    annex = words.index("Annex: members of the coalition")
    assert annex > words.index("prosecute.")
    assert words[annex + 1] == "First Example Association\nEstablished: 1998\n" \
        "Activities: Documents executions."
    pdf = _pdf_text(root)
    assert pdf.index("prosecute.") < pdf.index("Annex: members of the coalition")
    assert "Joint submission CFA" in pdf and "Key words death penalty; impunity" in pdf


def test_a_upr_subtitle_does_not_splice_an_unstated_cycle_into_its_sentence(make_workspace):
    dossier = UPR_DOSSIER.replace("cycle: 4\n", "unstated: {cycle: not known yet}\n")
    words = _word_text(_build(make_workspace, dossier, UPR_STATEMENT))
    # An unstated fact makes it a draft: the draft's line, the heading, then the subtitle.
    assert words[0].startswith("Draft")
    assert words[1:3] == [
        "Universal Periodic Review: Islamic Republic of Iran",
        "Stakeholder submission",
    ]
    assert "Cycle: [not known yet]" in words


def test_evidence_dated_before_the_period_covered_is_a_warning(make_workspace):
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": UPR_DOSSIER, "dossiers/test/statement.md":
               UPR_STATEMENT})  # fmt: skip
    )
    result = run_cli("check", cwd=root)
    assert result.code == 0, result.err
    assert (
        "dossiers/test/statement.md:3:23: warning[D419]: `sr-2017` is dated 2017, before the "
        "period covered begins on 2019-11-08"
    ) in result.problems
    recent = UPR_DOSSIER.replace("start: 2019-11-08", "start: 2016-01-01")
    root.joinpath("dossiers/test/dossier.yaml").write_text(recent)
    assert "D419" not in run_cli("check", cwd=root).err


def test_a_treaty_body_report_cites_its_list_of_issues_and_previous_observations(
    make_workspace,
):
    root = _build(make_workspace, CCPR_DOSSIER, CCPR_STATEMENT)
    words = _word_text(root)
    assert "List of issues: CCPR/C/IRN/Q/4" in words
    assert "Previous concluding observations: CCPR/C/IRN/CO/3, paras. 11, 12" in words
    assert "Article 6: right to life" in words  # its section, by Covenant article
    pdf = _pdf_text(root)
    assert "List of issues CCPR/C/IRN/Q/4" in pdf
    assert "Previous concluding observations CCPR/C/IRN/CO/3, paras. 11, 12" in pdf
    assert "Article 6: right to life" in pdf
    title = next(
        p for p in docx.Document(str(root / "build/test/test.docx")).paragraphs
        if p.style.name == "Title"
    )
    assert title._p.pPr.find(qn("w:spacing")).get(qn("w:before")) == "480"  # 24 pt


def test_a_treaty_body_report_without_an_article_heading_is_a_warning(make_workspace):
    root = make_workspace(files({"dossiers/test/dossier.yaml": CCPR_DOSSIER}))
    result = run_cli("check", cwd=root)
    assert (
        "dossiers/test/statement.md:1:1: warning[D420]: no heading of the statement names a "
        "Covenant article or a List of Issues paragraph"
    ) in result.problems
    root.joinpath("dossiers/test/statement.md").write_text(CCPR_STATEMENT)
    assert "D420" not in run_cli("check", cwd=root).err


def test_a_list_of_issues_symbol_is_checked(make_workspace):
    dossier = CCPR_DOSSIER.replace("CCPR/C/IRN/Q/4", "CCPR/C/IRN/QQ/4")
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": dossier, "dossiers/test/statement.md":
               CCPR_STATEMENT})  # fmt: skip
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert "dossiers/test/dossier.yaml:8:17: error[D607]: `list_of_issues` 'CCPR/C/IRN/QQ/4'" \
        in result.problems


def test_a_victim_named_in_full_against_the_consent_is_a_warning(make_workspace):
    statement = "# The facts\n\nMehdi  Hassani was executed [@killings].\n"
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": SP_DOSSIER, "dossiers/test/statement.md":
               statement})  # fmt: skip
    )
    result = run_cli("check", cwd=root)
    assert result.code == 0, result.err
    assert (
        "dossiers/test/statement.md:3:1: warning[D421]: the statement names victim 1 in full, "
        "but `consent` allows only initials\n"
        "  hint: write the initials (M. H.) instead, or set `consent: {name_or_initials: name}` "
        "if the victim agreed to be named"
    ) in result.problems
    named = SP_DOSSIER.replace("name_or_initials: initials", "name_or_initials: name")
    root.joinpath("dossiers/test/dossier.yaml").write_text(named)
    assert "D421" not in run_cli("check", cwd=root).err


def test_a_fact_left_unstated_is_not_also_asked_for(make_workspace):
    dossier = SP_DOSSIER.replace(
        "consent: {to_government: false, in_public_report: true, name_or_initials: initials}\n",
        "",
    ) + "unstated: {consent: The families could not be reached.}\n"
    root = make_workspace(files({"dossiers/test/dossier.yaml": dossier}))
    result = run_cli("check", cwd=root)
    assert "[D418]" not in result.err
    assert "`consent` is not stated" in result.err


@pytest.mark.parametrize(
    "dossier, statement, counted",
    [
        (UPR_DOSSIER, UPR_STATEMENT, "Annex: members of the coalition"),
        (SP_DOSSIER, None, "Submitter: Jane Roe, Example Rights Group, jane@example.org"),
    ],
)
def test_the_word_count_is_the_text_of_the_word_file_with_its_annex_and_submitter(
    make_workspace, dossier, statement, counted
):
    """The count is the words of the Word file's body part: a joint submission's annex of
    members and a communication's submitter are text there, and counted; the numbers Word's
    numbering gives the paragraphs ("1.", "(a)") are not, and Word does not count them."""
    root = _build(make_workspace, dossier, statement)
    with zipfile.ZipFile(root / "build/test/test.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    text_parts = (f"{W}t", f"{W}tab", f"{W}br")  # tabs and line breaks are spaces
    paragraphs = [
        "".join(e.text or "" if e.tag == f"{W}t" else " " for e in p.iter(*text_parts))
        for p in body.iter(f"{W}p")
    ]
    assert counted in paragraphs
    assert not any(p.startswith(("1.", "(a)")) for p in paragraphs)
    compiled = check(CheckRequest(root, ("test",))).dossiers["test"]
    assert compiled.words.body == sum(count_words(p) for p in paragraphs)
