"""The word count is the Word file's: the paragraphs the docx writer writes, counted as Word
counts (runs of characters between spaces), footnotes included; and a real word processor,
LibreOffice, finds the same words in the file the build writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from conftest import files
from dossier.build import CheckRequest, check
from dossier.cite.note_style import note_text
from dossier.cite.word_file import WordFile, annex_texts, count_words, front_matter_texts
from support.word_text import file_paragraphs

EXAMPLES = [
    "ccpr-iran-right-to-life",
    "hrc-1988-massacre-accountability",
    "hrc-2025-third-committee-resolution",
    "sp-executions-july-2025",
    "upr-iran-1988-accountability",
]
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


@pytest.mark.parametrize(
    "text, words",
    [
        ("One two three.", 3),
        ("1,500 executions in 2025.", 4),  # a number is a word, its comma inside it
        ("Killed – men, women and children – in 1988.", 9),  # a spaced dash is a word
        ("July—August 1988.", 2),  # words a dash joins are one
        ("A UN-backed ceasefire.", 3),
        ("See https://undocs.org/A/72/322 now.", 3),  # a URL is one word
        ("Prisoners\u00a0were killed.", 2),  # a no-break space joins
        ("A list:\n\n- one\n- two", 6),  # each item's bullet is a character between spaces
        ("1. one\n2. two", 4),
        ("# Heading\n\nBody text.", 3),
        ("Cited [@killings] here [@killings; @killings].", 2),  # references are not words
        ("Line one  \nline two.", 4),
        ("```\ncode line\n```", 2),
        ("Rule below.\n\n***", 5),  # the centred * * * is three
    ],
)
def test_the_statement_is_counted_as_word_counts_its_paragraphs(make_workspace, text, words):
    compiled = _compiled(make_workspace, text)
    title = count_words("A test statement")
    assert compiled.words.body == title + words


def test_the_title_headings_and_shared_views_line_count(make_workspace):
    dossier = files()["dossiers/test/dossier.yaml"] + "shared_by: [Friends of Truth]\n"
    compiled = _compiled(make_workspace, "# Findings\n\nThey spoke.", dossier)
    # A test statement | Findings | They spoke. | Friends of Truth, also share(s) the views...
    closing = compiled.word_file.closing
    assert closing == [
        "Friends of Truth, NGO(s) without consultative status, also share the views expressed "
        "in this statement."
    ]
    assert compiled.words.body == 3 + 1 + 2 + 15


def test_the_footnotes_count_as_the_venue_asks(make_workspace):
    compiled = _compiled(make_workspace, "Thousands were killed [@killings].")
    notes = [note_text(f.note) for f in compiled.footnotes]
    assert notes == [
        "Special Rapporteur on Iran, “Situation of human rights in the Islamic Republic of "
        "Iran”, A/72/322, 2017, para. 109."
    ]
    assert compiled.words.notes == 18
    assert compiled.words.counted == compiled.words.body + 18


def _compiled(make_workspace, statement, dossier=None):
    changes = {"dossiers/test/statement.md": statement + "\n"}
    if dossier is not None:
        changes["dossiers/test/dossier.yaml"] = dossier
    root = make_workspace(files(changes))
    return check(CheckRequest(root, ("test",))).dossiers["test"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_count_is_the_word_files_own(built_examples, name):
    """Every character run between spaces in the written file's body and footnotes parts,
    but for a draft's first line, which the file sent (a final) does not have."""
    compiled = check(CheckRequest(built_examples, (name,))).dossiers[name]
    body, notes = file_paragraphs(built_examples / "build" / name / f"{name}.docx")
    assert compiled.draft  # the examples leave facts unstated
    assert body[0] == _draft_line(compiled)
    assert compiled.words.body == sum(count_words(p) for p in body[1:])
    assert compiled.words.notes == sum(count_words(p) for p in notes)


def _draft_line(compiled) -> str:
    """The line a draft's Word file starts with (cite/drafts.py)."""
    return compiled.profile.wording.in_language(compiled.loaded.config.language).header.draft


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (make test installs it)",
)
def test_libreoffice_counts_the_same_words_in_the_written_file(built_examples, tmp_path):
    """LibreOffice's document statistics of each Word file (the meta:word-count of the .odt it
    converts it to) count the body and the footnotes. LibreOffice differs from Word only in
    taking an em or en dash (its default "additional separators") and a no-break space as a
    break between words: a spaced dash is no word to it, and "July—August" two; and in
    counting the page number in the footer and the numbers Word's numbering gives a venue's
    paragraphs ("1.", "(a)"), which Word leaves out. Counted that way, the Word file's
    paragraphs give LibreOffice's figure exactly."""
    assert _soffice(), "LibreOffice is not installed; `make test` installs it"
    sources = []
    for name in EXAMPLES:
        source = tmp_path / f"{name}.docx"
        shutil.copy(built_examples / "build" / name / f"{name}.docx", source)
        sources.append(str(source))
    subprocess.run(
        [_soffice(), "--headless", "--norestore", "--convert-to", "odt", "--outdir",
         str(tmp_path), *sources],
        check=True, capture_output=True, timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    for name in EXAMPLES:
        with zipfile.ZipFile(tmp_path / f"{name}.odt") as package:
            meta = etree.fromstring(package.read("meta.xml"))
        statistic = next(meta.iter(f"{META}document-statistic"))
        compiled = check(CheckRequest(built_examples, (name,))).dossiers[name]
        footer = 1 if compiled.profile.settings.word.page_numbers else 0  # "1"
        draft_line = len(re.findall(r"[^\s—–]+", _draft_line(compiled)))  # not counted
        expected = _as_libreoffice_counts(compiled.word_file) + footer + draft_line
        assert int(statistic.get(f"{META}word-count")) == expected, name


def _as_libreoffice_counts(text: WordFile) -> int:
    paragraphs = [*front_matter_texts(text.front), text.title, *text.closing]
    paragraphs += [block.words_text() for block in text.blocks]
    paragraphs += [block.marker for block in text.blocks if block.numbered]  # Word's numbering
    paragraphs += annex_texts(text.front)
    paragraphs += [note_text(note) for note in text.notes]
    return sum(len(re.findall(r"[^\s—–]+", paragraph)) for paragraph in paragraphs)
