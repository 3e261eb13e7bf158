"""A long statement with many notes (benchmarks/long_statement.py: the seed texts' sentences,
cited every few sentences) puts every footnote on the page of its call: read back from the
PDF, the page of each call marker (7.5 pt digits, in the venues' stylesheet) is the page of
its note's marker (7 pt digits at the foot)."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber

from conftest import REPO, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
from long_statement import NAME, write_workspace  # noqa: E402

CALL_SIZE, MARKER_SIZE = 7.5, 7.0


def pages_of(pdf: Path) -> tuple[dict[int, list[int]], dict[int, list[int]], int]:
    """The pages each call and each note's marker is on, by number; and the page count."""
    calls: dict[int, list[int]] = {}
    notes: dict[int, list[int]] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"].isdigit():
                    found = {CALL_SIZE: calls, MARKER_SIZE: notes}.get(round(word["size"], 1))
                    if found is not None:
                        found.setdefault(int(word["text"]), []).append(number)
        return calls, notes, len(document.pages)


def built(tmp_path: Path, words: int, notes: int) -> Path:
    root = write_workspace(tmp_path, words, notes)
    run = run_process("build", NAME, cwd=root)
    assert run.code == 0, run.err
    return root


def misplaced(tmp_path: Path, words: int, notes: int) -> list[tuple[int, list[int], list[int]]]:
    root = built(tmp_path, words, notes)
    calls, markers, pages = pages_of(root / "build" / NAME / f"{NAME}.pdf")
    assert pages >= 10 and sorted(calls) == sorted(markers) == list(range(1, notes + 1))
    return [(n, calls[n], markers[n]) for n in calls if calls[n] != markers[n]]


def test_every_note_is_on_its_calls_page(tmp_path):
    """Without `footnote-policy: line` five of these sixty notes went to the next page."""
    assert misplaced(tmp_path, 5_000, 60) == []


def test_every_note_is_on_its_calls_page_where_weasyprint_moves_one(tmp_path):
    """In this layout WeasyPrint itself moves note 60 to the page after its call (to make
    room for the first lines of the paragraph after it): the build lays it out again with
    that paragraph on the next page (render/footnote_pages.py)."""
    assert misplaced(tmp_path, 4_500, 60) == []


def test_weasyprint_alone_moves_a_note_in_that_layout(tmp_path):
    """The control: the same HTML laid out by WeasyPrint alone, in the same fonts, has note 60
    on the page after its call; repaired, it has none."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from dossier.render.fonts import FONTS, fonts_css, package_fonts_only
    from dossier.render.footnote_pages import keep_notes_with_calls, misplaced_notes

    root = built(tmp_path, 4_500, 60)
    with package_fonts_only():
        fonts = FontConfiguration()
    stylesheet = CSS(string=fonts_css(), base_url=f"{FONTS.as_uri()}/", font_config=fonts)
    html = (root / "build" / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    document = HTML(string=html, base_url=f"{root.as_uri()}/")

    def lay_out():
        return document.render(stylesheets=[stylesheet], font_config=fonts)

    laid_out = lay_out()
    assert misplaced_notes(laid_out) == [(60, 10, 11)]
    assert misplaced_notes(keep_notes_with_calls(laid_out, lay_out)) == []
