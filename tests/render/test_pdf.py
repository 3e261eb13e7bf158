"""The built example PDFs, read back: what a reader and a secretariat would see."""

from __future__ import annotations

import hashlib
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import run_process
from dossier.build import CheckRequest, check
from dossier.cite.note_style import note_text
from support.examples import DRAFT_LINE

SEED = "hrc-1988-massacre-accountability"
NEW = "hrc-2025-third-committee-resolution"
CALL_SIZE, MARKER_SIZE = 7.5, 7.0  # the stylesheet's ::footnote-call and ::footnote-marker


def _pdf(root, name):
    return root / "build" / name / f"{name}.pdf"


def _flat(text: str) -> str:
    """The text on one line, words hyphenated at a line's end (U+2010) joined again."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)\u2010\s+(?=\w)", "", text)).strip()


def _numbers_by_size(page, size):
    words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    return [int(w["text"]) for w in words if abs(w["size"] - size) < 0.05 and w["text"].isdigit()]


@pytest.mark.parametrize("name, pages, notes", [(SEED, 5, 12), (NEW, 2, 8)])
def test_each_footnote_is_on_the_page_of_its_marker(built_examples, name, pages, notes):
    report = check(CheckRequest(built_examples, (name,)))
    expected = {f.number: _flat(note_text(f.note)) for f in report.dossiers[name].footnotes}
    assert len(expected) == notes
    seen = []
    with pdfplumber.open(_pdf(built_examples, name)) as pdf:
        assert len(pdf.pages) == pages
        for page in pdf.pages:
            calls = _numbers_by_size(page, CALL_SIZE)
            markers = _numbers_by_size(page, MARKER_SIZE)
            assert calls == markers, f"page {page.page_number}: calls {calls}, notes {markers}"
            text = _flat(page.extract_text())
            for number in markers:
                assert expected[number][:60] in text, (number, expected[number])
            seen += markers
    assert seen == list(range(1, notes + 1))


def test_the_seed_statement_keeps_its_nine_notes_and_traces_its_quotations(built_examples):
    """The nine notes of the 2020 statement stand where it put them; three more back the
    quotations it left without a note of their own (its spokesperson and OHCHR quotes)."""
    text = _flat(" ".join(p.extract_text() for p in PdfReader(_pdf(built_examples, SEED)).pages))
    for before, number, after in [
        ("2020 called on", 1, "the international"),
        ("organized by the Iranian regime.”", 2, " Non-governmental"),
        ("An investigation in 2017", 3, "by London-based"),
        ("crimes against humanity,", 4, "” Amnesty"),
        ("informed the General Assembly:", 5, "“Between"),
        ("told the Human Rights Council:", 6, "“OHCHR"),
        ("in an interview", 7, "with the state-run"),
        ("Reuters reported", 8, "on 23 December"),
        ("expressed alarm", 9, "at the treatment"),
        ("under which they are held.”", 10, " “Many"),
        ("Bachelet said.", 11, " Iranian officials"),
        ("Journal reported", 12, "on 24 November"),
    ]:
        assert f"{before}{number} {after}" in text or f"{before}{number}{after}" in text, number


HEADER = [
    DRAFT_LINE,
    "Human Rights Council",
    "Agenda item 4",
    "Human rights situations that require the Council’s attention",
    "Written statement* submitted by [Example submitting organization], a non-governmental "
    "organization in special consultative status",
    "The Secretary-General has received the following written statement which is circulated "
    "in accordance with Economic and Social Council resolution 1996/31.",
    "[1 December 2025]",
    "After the Third Committee’s recognition of the 1988 massacre, the Council must act to "
    "prevent its repetition",
    "* Issued as received, in the language(s) of submission only.",
]


def test_first_page_has_the_councils_header_and_title_and_says_draft(built_examples):
    """The example leaves its session unstated: a draft, which carries no UN masthead."""
    text = _flat(PdfReader(_pdf(built_examples, NEW)).pages[0].extract_text())
    for line in HEADER:
        assert line in text, line
    for issued in ("United Nations General Assembly", "Distr.: General", "English only"):
        assert issued not in text  # the masthead's lines


def test_the_closing_list_of_ngos_sharing_the_views(built_examples):
    reader = PdfReader(_pdf(built_examples, SEED))
    last = _flat(reader.pages[-1].extract_text())
    assert last.endswith(  # a draft's line is at the head of the page, read last here
        "Association of Iranian Political Prisoners-UK, NGO(s) without consultative status, "
        f"also share the views expressed in this statement. {DRAFT_LINE} 5"
    )


def test_links_for_urls_and_un_symbols(built_examples):
    reader = PdfReader(_pdf(built_examples, SEED))
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A", {}).get("/URI")
    }
    assert "https://undocs.org/A/72/322" in uris
    assert "https://undocs.org/A/HRC/37/24" in uris
    assert "https://www.amnesty.org/en/documents/mde13/9421/2018/en/" in uris
    assert "https://youtu.be/uAo6w1QOFqw" in uris


def test_metadata_and_bookmarks(built_examples):
    reader = PdfReader(_pdf(built_examples, NEW))
    meta = reader.metadata
    assert meta.title.startswith("After the Third Committee’s recognition")
    assert meta.author == "[Example submitting organization]"
    assert meta.subject == "Human Rights Council written statement, agenda item 4"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0].startswith("After the Third Committee’s recognition")
    nested = [i.title for group in reader.outline if isinstance(group, list) for i in group]
    assert nested == ["Calls to repeat the 1988 executions", "An ongoing crime", "Recommendations"]


def test_only_the_shipped_font_is_embedded(built_examples):
    """ "Dossier Serif" is the Liberation Serif inside the package: no system font stood in."""
    reader = PdfReader(_pdf(built_examples, NEW))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"Dossier-Serif", "Dossier-Serif-Bold"}


def test_same_inputs_give_the_same_bytes(built_examples):
    """Rendered again, in a process of its own: --force, or the build would find the PDF up
    to date and not render it at all."""
    first = _pdf(built_examples, NEW).read_bytes()
    result = run_process("build", "--force", NEW, cwd=built_examples)
    assert result.code == 0, result.err
    assert result.out.startswith(f"wrote build/{NEW}/{NEW}.pdf (2 pages, 8 footnotes, ")
    assert hashlib.sha256(_pdf(built_examples, NEW).read_bytes()).hexdigest() == (
        hashlib.sha256(first).hexdigest()
    )
