"""Markdown footnotes (`[^label]`) are explanatory notes: real footnotes, numbered with the
citation notes, in the PDF and in the Word file, counted in the words, and a citation inside
one is resolved and printed in it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
from lxml import etree

from conftest import STATEMENT, files, run_cli

ST = "dossiers/test/statement.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WITH_NOTE = """\
# Findings

Thousands were killed [@killings]. The names are withheld.[^safety] Amnesty called for an \
inquiry.[@amnesty-2018, p. 12]

[^safety]: The names are withheld for the *safety* of the witnesses. See [@sr-2017, para. 109].
"""


def _built(make_workspace, statement: str) -> Path:
    root = make_workspace(files({ST: statement}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root


def test_a_markdown_footnote_is_a_footnote_of_the_pdf_numbered_with_the_citations(
    make_workspace,
):
    root = _built(make_workspace, WITH_NOTE)
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        words = page.extract_words(extra_attrs=["size"])
    assert "[^" not in text
    assert re.search(r"^2\s*The names are withheld for the safety of the witnesses\. See ibid\.$",
                     text, re.M), text  # fmt: skip
    assert re.search(r"^3\s*Amnesty International", text, re.M), text
    safety = [w for w in words if w["text"] == "safety"]
    assert [round(w["size"]) for w in safety] == [10]  # in the notes, not the text
    withheld = [(w["text"], round(w["size"])) for w in words if w["text"].startswith("withheld")]
    assert withheld == [("withheld.", 12), ("withheld", 10)]  # the text's, then the note's


def test_a_markdown_footnote_is_a_word_footnote(make_workspace):
    root = _built(make_workspace, WITH_NOTE)
    with zipfile.ZipFile(root / "build/test/test.docx") as archive:
        notes = etree.fromstring(archive.read("word/footnotes.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    texts = {
        int(n.get(f"{W}id")): "".join(t.text or "" for t in n.iter(f"{W}t")).strip()
        for n in notes.iter(f"{W}footnote")
        if int(n.get(f"{W}id")) > 0
    }
    assert texts[2] == "The names are withheld for the safety of the witnesses. See ibid."
    assert [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")] == ["1", "2", "3"]
    italic = [r for r in notes.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in italic] == ["safety"]


def test_a_note_is_counted_in_the_words(make_workspace):
    plain = make_workspace(files({ST: WITH_NOTE.split("[^safety]:")[0].replace("[^safety]", "")}))
    before = run_cli("check", cwd=plain)
    root = make_workspace(files({ST: WITH_NOTE}))
    after = run_cli("check", cwd=root)
    assert "body 16 + footnotes 30" in before.out + before.err, before.out + before.err
    # The note's 12 words, with its citation's: none of them in the body.
    assert "body 16 + footnotes 42" in after.out, after.out


def test_a_citation_inside_a_note_is_checked_where_it_is_written(make_workspace):
    root = make_workspace(files({ST: WITH_NOTE.replace("[@sr-2017, para. 109]", "[@sr-2071]")}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems.splitlines()[0] == (
        f"{ST}:5:74: error[D301]: `@sr-2071` is neither an evidence id nor a bibliography key"
    )


def test_a_mark_without_a_note_and_a_note_without_a_mark_are_reported(make_workspace):
    statement = STATEMENT + "\nIt was withheld.[^missing]\n\n[^unused]: Never marked.\n"
    root = make_workspace(files({ST: statement}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"{ST}:5:17: error[D317]: the note mark `[^missing]` has no note\n"
        "  hint: write the note on a line of its own after the paragraph: "
        "`[^missing]: The text of the note.`\n"
        f"{ST}:7:1: warning[D318]: the note [^unused] is never marked in the text, so it is "
        "not printed\n"
        "  hint: put [^unused] in the text where the note belongs, or remove it\n"
        "1 error and 1 warning found\n"
    )


ADJACENT = """\
Thousands were killed in secret graves [@killings].[^safety] Two sources agree \
[@killings][@sr-2017, para. 109].

[^safety]: The names are withheld.
"""


def test_marks_at_one_point_are_separated_by_commas_in_the_pdf_and_in_word(make_workspace):
    """A citation's mark moved before the full stop, then a note's mark after it, are marks at
    one point as `[@a][@b]` are: "graves.1,2" and "agree.3,4" alike, in both files."""
    root = _built(make_workspace, ADJACENT)
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "graves.1,2 Two" in text, text
    assert "agree.3,4" in text, text
    with zipfile.ZipFile(root / "build/test/test.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    paragraph = next(p for p in body.iter(f"{W}p") if "graves" in "".join(p.itertext()))
    runs = []
    for run in paragraph.iter(f"{W}r"):
        reference = run.find(f"{W}footnoteReference")
        runs.append(f"[{reference.get(f'{W}id')}]" if reference is not None else
                    "".join(t.text or "" for t in run.iter(f"{W}t")))  # fmt: skip
    assert "".join(runs) == (
        "Thousands were killed in secret graves.[1],[2] Two sources agree.[3],[4]"
    )
