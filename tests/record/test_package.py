"""`dossier package NAME` (filing.py, record/switch_folder.py): a final dossier's filing
package, each file's text as the venue's profile gives it and "not stated" where it does
not; a draft refused with `build --final`'s problems; the folder replaced whole or not at
all; the deadline counted from SOURCE_DATE_EPOCH's day."""

from __future__ import annotations

import pytest

from conftest import DOSSIER, copy_examples, files, run_cli
from dossier.record.switch_folder import write_folders

SPONSORS = """\
submitted_by:
  - name: Test Association
    status: special
  - name: Roster Org
    status: roster
  - name: General Org
    status: general
"""
FINAL = DOSSIER.replace(
    "submitted_by:\n  - name: Test Association\n    status: special\n", SPONSORS
) + "contact: Jane Doe, jane@example.org\n"
DECEMBER_1 = {"SOURCE_DATE_EPOCH": "1764547200"}  # 2025-12-01, 70 days before the deadline
MARCH_4 = {"SOURCE_DATE_EPOCH": "1772582400"}  # 2026-03-04, 23 days after it
DEADLINE = (
    "9 February 2026 (14 days before the session's first day; unconfirmed for current "
    "sessions: check the session's page)"
)
WORDS = "42 (body 12 + footnotes 30; limit for special consultative status)"

COVER = f"""\
To: not stated by the venue's guidance
Subject: not stated by the venue's guidance
Attachment: test.docx (the file's name: not stated by the venue's guidance)
How it is filed: Through OHCHR's online system for NGO written statements, as a Word file (not PDF).
Deadline: {DEADLINE}: 70 days left, counted from 1 December 2025

Please find attached the Human Rights Council written statement “A test statement”, submitted by Test Association, General Org, Roster Org for session 61, agenda item 4.
Word count: {WORDS}.
"""  # noqa: E501
FORM = f"""\
Online form: Human Rights Council written statement
(Through OHCHR's online system for NGO written statements, as a Word file (not PDF).)

Contact: Jane Doe, jane@example.org
Language: English
Session: 61 (23 February 2026 to 2 April 2026)
Agenda item: 4. Human rights situations that require the Council’s attention
Sponsors:
  Main sponsor: Test Association (special)
  General consultative status: General Org
  Roster: Roster Org
Title: A test statement
Word count: {WORDS}
"""
CHECKLIST = f"""\
# Checklist: A test statement

Venue: Human Rights Council written statement (profile `hrc-written-statement`), checked on 1 December 2025.

- [x] Final: no fact left unstated, no placeholder left
- [x] Submitted by NGOs in consultative status with ECOSOC: Test Association (special); Roster Org (roster); General Org (general)
- [x] Within the word limit: 42 of 1,500 words (body 12 + footnotes 30; limit for special consultative status)
- [x] A Word file, not PDF: test.docx
- [x] A plain page: no UN header, no logos: the Word file has no UN header
- [x] In English, French or Spanish: English
- [x] The session: 61 (23 February 2026 to 2 April 2026)
- [x] The agenda item: 4
- [x] Co-sponsors grouped general, then special, then roster: as form.txt and the document list them
- [x] Contact details for the form: Jane Doe, jane@example.org
- [x] Filed by the deadline: {DEADLINE}: 70 days left, counted from 1 December 2025
"""  # noqa: E501


@pytest.fixture
def final(make_workspace):
    return make_workspace(files({"dossiers/test/dossier.yaml": FINAL}))


def test_the_package_of_a_council_statement(final):
    result = run_cli("package", "test", cwd=final, env=DECEMBER_1)
    assert result.code == 0, result.err
    assert result.out == (
        "wrote build/test/package/: test.docx, cover.txt, form.txt, checklist.md\n"
    )
    package = final / "build/test/package"
    assert sorted(p.name for p in package.iterdir()) == [
        "checklist.md", "cover.txt", "form.txt", "test.docx"
    ]  # fmt: skip
    assert (package / "cover.txt").read_text(encoding="utf-8") == COVER
    assert (package / "form.txt").read_text(encoding="utf-8") == FORM
    assert (package / "checklist.md").read_text(encoding="utf-8") == CHECKLIST
    assert (package / "test.docx").read_bytes() == (final / "build/test/test.docx").read_bytes()


def test_a_deadline_passed_is_a_warning_and_an_unmet_item(final):
    result = run_cli("package", "test", cwd=final, env=MARCH_4)
    assert result.code == 0, result.err
    assert (
        "dossiers/test/dossier.yaml:5:10: warning[D414]: the deadline for the session was "
        "9 February 2026, 23 days ago (14 days before its first day)"
    ) in result.err
    checklist = (final / "build/test/package/checklist.md").read_text(encoding="utf-8")
    assert checklist.endswith(
        f"- [ ] Filed by the deadline: {DEADLINE}: passed 23 days ago, counted from "
        "4 March 2026\n"
    )


def test_a_contact_not_given_is_named_in_the_form_and_unmet(make_workspace):
    root = make_workspace(files())
    assert run_cli("package", "test", cwd=root, env=DECEMBER_1).code == 0
    package = root / "build/test/package"
    form = (package / "form.txt").read_text(encoding="utf-8")
    assert "Contact: not given: add `contact:` to dossier.yaml\n" in form
    checklist = (package / "checklist.md").read_text(encoding="utf-8")
    assert (
        "- [ ] Contact details for the form: not given: add `contact:` to dossier.yaml\n"
    ) in checklist


def test_a_draft_is_refused_as_build_final_refuses_it(make_workspace):
    draft = FINAL.replace("name: Test Association", "name: '[Your organization]'")
    root = make_workspace(files({"dossiers/test/dossier.yaml": draft}))
    result = run_cli("package", "test", cwd=root, env=DECEMBER_1)
    assert result.code == 1
    assert (
        "dossiers/test/dossier.yaml:8:11: error[D413]: `submitted_by.1.name` is a placeholder: "
        "[Your organization]"
    ) in result.err
    assert "`--final` refuses a draft" in result.err
    assert run_cli("build", "--final", cwd=root).err == result.err
    assert not (root / "build").exists()


def test_an_unknown_dossier_is_a_usage_error(final):
    result = run_cli("package", "nothing", cwd=final)
    assert result.code == 2
    assert "no dossier named nothing" in result.err


def test_the_package_is_replaced_whole(final):
    stale = final / "build/test/package/old.txt"
    leftover = final / "build/test/.package.99999.0.staging"
    assert run_cli("package", "test", cwd=final, env=DECEMBER_1).code == 0
    stale.write_text("from an earlier package")
    leftover.mkdir()  # a killed write's
    assert run_cli("package", "test", cwd=final, env=DECEMBER_1).code == 0
    assert not stale.exists() and not leftover.exists()
    assert [p.name for p in (final / "build/test").iterdir() if p.name.startswith(".")] == []


def test_a_failed_write_leaves_the_previous_folder_as_it_was(tmp_path):
    target = tmp_path / "package"
    write_folders({target: {"a.txt": b"first", "b.txt": b"first"}})
    with pytest.raises(FileExistsError):  # a.txt is written, then cannot be a folder too
        write_folders({target: {"a.txt": b"second", "a.txt/b.txt": b"second"}})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]
    assert (target / "a.txt").read_bytes() == (target / "b.txt").read_bytes() == b"first"


SP = "sp-executions-july-2025"
SP_FILLED = {
    "unstated:": "",
    "  incident.place: The seed does not give the place of the executions.\n": "",
    "  action_taken: The seed does not say what action was taken in the country.\n": "",
    "  submitter: Not stated in this example; a real communication must name its submitter.\n": "",
    "  date: The seed does not give a date for this communication.\n": "",
}


def test_a_communication_package_gives_what_its_guidance_states(tmp_path):
    root = copy_examples(tmp_path / "examples")
    path = root / "dossiers" / SP / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in SP_FILLED.items():
        assert old in text
        text = text.replace(old, new)
    text = text.replace("incident:\n", "incident:\n  place: Ghezel Hesar prison, Karaj\n")
    text += (
        "action_taken: None known.\ndate: 2025-08-01\n"
        "submitter: {name: A. Submitter, contact: a@example.org}\n"
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("package", SP, cwd=root, env=DECEMBER_1)
    assert result.code == 0, result.err
    package = root / "build" / SP / "package"
    cover = (package / "cover.txt").read_text(encoding="utf-8").splitlines()
    assert cover[:5] == [
        "To: urgent-action@ohchr.org (urgent appeals; otherwise the online questionnaire)",
        "Subject: not stated by the venue's guidance",
        f"Attachment: {SP}.docx (the file's name: not stated by the venue's guidance)",
        "How it is filed: Through OHCHR's online questionnaire; an urgent appeal by e-mail to "
        "urgent-action@ohchr.org, with the urgency stated in the subject line.",
        "Deadline: not stated by the venue's guidance",
    ]
    form = (package / "form.txt").read_text(encoding="utf-8")
    assert "The form's fields: not stated by the venue's guidance." in form
    assert "A. Submitter" not in "".join(p.read_text() for p in package.glob("*.txt"))
