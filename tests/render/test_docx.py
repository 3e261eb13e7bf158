"""The Word file, read back: real footnotes, the venue's fonts, the same bytes every time.

The HRC accepts a written statement only as a Word file, so this is the file that gets
filed: each footnote must be a Word footnote (a reference in the text, the note in the
footnotes part), not a superscript digit, and it must render with every note in place.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import REPO, copy_examples, run_cli
from dossier.build import CheckRequest, check
from dossier.cite.note_style import note_text
from support.examples import DRAFT_LINE

SEED = "hrc-1988-massacre-accountability"
NEW = "hrc-2025-third-committee-resolution"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _docx(root, name):
    return root / "build" / name / f"{name}.docx"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _part(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _footnotes(path) -> dict[int, str]:
    """The notes in the footnotes part, by id, without Word's two separators."""
    notes = {}
    for note in _part(path, "word/footnotes.xml").iter(f"{W}footnote"):
        number = int(note.get(f"{W}id"))
        if number > 0:
            notes[number] = _flat("".join(t.text or "" for t in note.iter(f"{W}t")))
    return notes


@pytest.mark.parametrize("name, count", [(SEED, 9), (NEW, 8)])
def test_every_footnote_is_a_word_footnote_with_the_dossiers_text(built_examples, name, count):
    path = _docx(built_examples, name)
    footnotes = check(CheckRequest(built_examples, (name,))).dossiers[name].footnotes
    expected = {f.number: _flat(note_text(f.note)) for f in footnotes}
    assert len(expected) == count
    assert _footnotes(path) == expected
    body = _part(path, "word/document.xml")
    references = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert references == list(range(1, count + 1))
    for reference in body.iter(f"{W}footnoteReference"):  # Word's own footnote style
        style = reference.getparent().find(f"{W}rPr/{W}rStyle")
        assert style is not None and style.get(f"{W}val") == "FootnoteReference"
    assert not any(
        t.text and re.fullmatch(r"\d+", t.text.strip()) for t in body.iter(f"{W}t")
    ), "no superscript digits typed into the text"


def test_the_seed_statement_reads_as_the_plain_page_the_council_asks_for(built_examples):
    document = docx.Document(str(_docx(built_examples, SEED)))
    draft_line, *paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert draft_line.text == DRAFT_LINE  # its date, session and agenda item are not stated
    assert paragraphs[0].text == (
        "It is time to bring to justice the perpetrators of the 1988 massacre in the Islamic "
        "Republic of Iran"
    )
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].style.font.bold and paragraphs[0].style.font.size.pt == 12
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"][:2] == [
        "The 1988 Massacre",
        "Call for accountability and justice",
    ]
    assert paragraphs[-1].text.endswith(
        "Association of Iranian Political Prisoners-UK, NGO(s) without consultative status, "
        "also share the views expressed in this statement."
    )
    text = "\n".join(p.text for p in paragraphs)
    assert "United Nations" not in text.split("\n")[0] and "Distr.: General" not in text
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 12)
    assert normal.paragraph_format.alignment == 3  # justified
    assert document.styles["Footnote Text"].font.size.pt == 10
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    quoted = [p.text for p in paragraphs if p.style.name == "Quote"]
    assert quoted and quoted[0].startswith("“Between July and August 1988")
    assert document.core_properties.title.startswith("It is time to bring to justice")


def test_links_in_notes_and_symbols_are_word_hyperlinks(built_examples):
    path = _docx(built_examples, SEED)
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read("word/_rels/footnotes.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    notes = _part(path, "word/footnotes.xml")
    linked = {targets[link.get(R_ID)] for link in notes.iter(f"{W}hyperlink")}
    assert "https://undocs.org/A/72/322" in linked
    assert "https://twitter.com/statedeptspox/status/1284216751941652484" in linked


def test_notes_are_justified_and_links_read_as_the_text_around_them(built_examples):
    """The OHCHR form: footnotes Times New Roman 10 justified, no underline; a link is still a
    link, but black and plain as the note it stands in."""
    document = docx.Document(str(_docx(built_examples, SEED)))
    note = document.styles["Footnote Text"]
    assert note.paragraph_format.alignment == 3  # justified
    link = document.styles["Hyperlink"]
    assert link.font.underline is False
    assert link.font.color.rgb is None  # the paragraph's own black
    styles = _part(_docx(built_examples, SEED), "word/styles.xml")
    [hyperlink] = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Hyperlink"]
    assert hyperlink.find(f"{W}rPr/{W}color") is None
    assert hyperlink.find(f"{W}rPr/{W}u").get(f"{W}val") == "none"


def test_a_profile_that_does_not_justify_leaves_notes_ragged(examples):
    profile = examples / "templates" / "hrc-written-statement"
    shutil.copytree(REPO / "src/dossier/templates/hrc-written-statement", profile)
    settings = profile / "profile.yaml"
    settings.write_text(settings.read_text().replace("justify: true", "justify: false"))
    assert run_cli("build", NEW, cwd=examples).code == 0
    document = docx.Document(str(_docx(examples, NEW)))
    assert document.styles["Footnote Text"].paragraph_format.alignment == 0  # left
    assert document.styles["Normal"].paragraph_format.alignment == 0


def test_names_are_not_hyphenated_even_when_word_hyphenates(built_examples):
    """Word hyphenates by paragraph: the notes (authors, organisations) and the line of NGOs
    sharing the views are paragraphs Word never hyphenates."""
    document = docx.Document(str(_docx(built_examples, SEED)))
    suppress = f"{W}pPr/{W}suppressAutoHyphens"
    assert document.styles["Footnote Text"].element.find(suppress) is not None
    shared = [p for p in document.paragraphs if "share the views" in p.text]
    assert [p._p.find(suppress) is not None for p in shared] == [True]
    body = [p for p in document.paragraphs if p.text.startswith("Following a fatwa")]
    assert body and all(p._p.find(suppress) is None for p in body)


def test_a_profile_sets_the_word_files_fonts(examples):
    profile = examples / "templates" / "hrc-written-statement"
    profile.mkdir(parents=True)
    builtin = (
        run_cli("profiles", cwd=examples).out  # the built-in profile, as a user would copy it
        and (REPO / "src/dossier/templates/hrc-written-statement")
    )
    for item in builtin.iterdir():
        shutil.copy(item, profile / item.name)
    settings = profile / "profile.yaml"
    settings.write_text(
        settings.read_text()
        .replace("font: Times New Roman", "font: Arial")
        .replace("footnote_size: 10", "footnote_size: 9")
    )
    result = run_cli("build", NEW, cwd=examples)
    assert result.code == 0, result.err
    document = docx.Document(str(_docx(examples, NEW)))
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Footnote Text"].font.size.pt == 9
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:cs")) == "Arial"


def test_two_builds_in_different_folders_give_the_same_bytes(tmp_path):
    digests = []
    for where in ("one", "two/deeper"):
        root = copy_examples(tmp_path / where)
        result = run_cli("build", NEW, cwd=root)
        assert result.code == 0, result.err
        data = _docx(root, NEW).read_bytes()
        digests.append(hashlib.sha256(data).hexdigest())
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            assert "docProps/thumbnail.jpeg" not in archive.namelist()
            core = archive.read("docProps/core.xml").decode()
            assert "2025-12-01T00:00:00Z" in core and "python-docx" not in core  # its date
    assert digests[0] == digests[1]


def test_verify_reads_the_word_files_manifest_and_rebuilds_it(built_examples, tmp_path):
    root = copy_examples(tmp_path / "ws")
    assert run_cli("build", NEW, cwd=root).code == 0
    word = _docx(root, NEW)
    result = run_cli("verify", str(word), cwd=root)
    assert result.code == 0, result.err
    assert "rebuilt in a temporary folder: identical" in result.out
    assert f"{word} matches the workspace" in result.out
    statement = root / "dossiers" / NEW / "statement.md"
    statement.write_text(statement.read_text() + "\nOne more sentence.\n")
    result = run_cli("verify", str(word), cwd=root)
    assert result.code == 1
    assert f"changed: dossiers/{NEW}/statement.md" in result.err


def test_a_word_file_not_built_by_dossier_is_refused(tmp_path):
    foreign = tmp_path / "foreign.docx"
    docx.Document().save(str(foreign))
    result = run_cli("verify", str(foreign), cwd=copy_examples(tmp_path / "ws"))
    assert result.code == 1
    assert result.err == (
        f"error[D002]: {foreign} was not built by dossier: it carries no manifest.json "
        "(build it with `dossier build`, whose Word file embeds one)\n"
    )


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (make test installs it)",
)
def test_libreoffice_lays_every_footnote_at_the_foot_of_its_page(built_examples, tmp_path):
    """Rendered by a real word processor: each note's text lands in the PDF it makes."""
    assert _soffice(), "LibreOffice is not installed; `make test` installs it"
    source = tmp_path / f"{SEED}.docx"
    shutil.copy(_docx(built_examples, SEED), source)
    subprocess.run(
        [_soffice(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / f"{SEED}.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = text.split("\f")
    flat = [_flat(page) for page in pages]
    expected = check(CheckRequest(built_examples, (SEED,))).dossiers[SEED].footnotes
    page = 0
    for footnote in expected:  # in order: a note is on its predecessor's page or a later one
        note = _flat(note_text(footnote.note))[:50]
        number = re.compile(rf"(?m)^\s*{footnote.number}(\s|$)")
        while page < len(pages) and not (note in flat[page] and number.search(pages[page])):
            page += 1
        assert page < len(pages), f"note {footnote.number} ({note}) is not where it belongs"
