"""A long statement with many notes (benchmarks/long_statement.py: the seed texts' sentences,
cited every few sentences) puts every footnote on the page of its call: read back from the
PDF, the page of each call marker (7.5 pt digits, in the venues' stylesheet) is the page of
its note's marker (7 pt digits at the foot)."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

from conftest import REPO, copy_examples, run_cli, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
from long_statement import (  # noqa: E402
    NAME,
    bibliography_keys,
    seed_sentences,
    write_workspace,
)

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
    that paragraph on the next page (render/pdf/footnote_pages.py)."""
    assert misplaced(tmp_path, 4_500, 60) == []


def weasyprint_alone(html: Path, root: Path) -> Callable[[], Any]:
    """A layout of dossier's HTML by WeasyPrint alone, in the same fonts, each time called."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from dossier.render.pdf.fonts import FONTS, fonts_css, package_fonts_only

    with package_fonts_only():
        fonts = FontConfiguration()
    stylesheet = CSS(string=fonts_css(), base_url=f"{FONTS.as_uri()}/", font_config=fonts)
    document = HTML(string=html.read_text(encoding="utf-8"), base_url=f"{root.as_uri()}/")
    return lambda: document.render(stylesheets=[stylesheet], font_config=fonts)


def test_weasyprint_alone_moves_a_note_in_that_layout(tmp_path):
    """The control: the same HTML laid out by WeasyPrint alone has note 60 on the page after
    its call; repaired, it has none."""
    from dossier.render.pdf.footnote_pages import keep_notes_with_calls, misplaced_notes

    root = built(tmp_path, 4_500, 60)
    lay_out = weasyprint_alone(root / "build" / NAME / f"{NAME}.html", root)
    laid_out = lay_out()
    assert misplaced_notes(laid_out) == [(60, 10, 11)]
    assert keep_notes_with_calls(laid_out, lay_out)[1] == []


def cited_paragraphs(keys: list[str], rng: random.Random) -> Callable[[int], str]:
    """A writer of paragraphs of the seeds' sentences (drawn by `rng`), every other sentence
    citing a bibliography key at a page of its own."""
    pool, cited = seed_sentences(), 0

    def paragraph(sentences: int) -> str:
        nonlocal cited
        chosen = [rng.choice(pool) for _ in range(sentences)]
        out = []
        for number, sentence in enumerate(chosen):
            if number % 2 == 1:
                cited += 1
                sentence = f"{sentence[:-1]} [@{keys[cited % len(keys)]}, p. {cited}]."
            out.append(sentence)
        return " ".join(out)

    return paragraph


def loose_lists(keys: list[str], sections: int) -> str:
    """Paragraphs and loose lists, each item with a quotation and a nested list."""
    rng = random.Random(5)
    paragraph = cited_paragraphs(keys, rng)
    parts = []
    for _ in range(sections):
        parts.append(paragraph(3))
        parts.append(
            "\n".join(
                "- "
                + paragraph(rng.randint(1, 3))
                + "\n\n  > "
                + paragraph(2)
                + "\n\n    - "
                + paragraph(2)
                for _ in range(3)
            )
        )
    return "\n\n".join(parts) + "\n"


def test_a_note_is_kept_with_a_call_in_a_list_item(tmp_path):
    """A block that opens a list (or a list item, or a quotation) is moved with it: WeasyPrint
    does not break before the first paragraph of a list item, as CSS would by passing the
    break on. Here WeasyPrint alone misplaces notes 73 and 79, and the repair moves the list
    whose first item ends the page (without it, the item: 'li')."""
    from dossier.render.pdf.footnote_pages import misplaced_notes, paragraph_to_push

    root = copy_examples(tmp_path / "lists")
    keys = bibliography_keys(root)
    name = "sp-executions-july-2025"
    (root / "dossiers" / name / "statement.md").write_text(loose_lists(keys, 10), "utf-8")
    assert run_process("build", name, cwd=root).code == 0
    calls, markers, _ = pages_of(root / "build" / name / f"{name}.pdf")
    assert [n for n in calls if calls[n] != markers[n]] == []

    laid_out = weasyprint_alone(root / "build" / name / f"{name}.html", root)()
    assert [number for number, _, _ in misplaced_notes(laid_out)] == [73, 79]
    assert paragraph_to_push(laid_out, misplaced_notes(laid_out)).tag == "ul"


def test_a_note_the_layout_cannot_keep_with_its_call_is_told(tmp_path):
    """A note longer than a page cannot stand on its call's page: the PDF is written, and
    the build says which note is where."""
    root = copy_examples(tmp_path / "long-note")
    keys = bibliography_keys(root)
    paragraph = cited_paragraphs(keys, random.Random(5))
    paragraphs = [paragraph(5) for _ in range(8)]
    paragraphs[3] += " A long explanation.[^long]"
    note = " ".join(" ".join(seed_sentences()).split()[:1_500])
    name = "sp-executions-july-2025"
    statement = "\n\n".join(paragraphs) + f"\n\n[^long]: {note}\n"
    (root / "dossiers" / name / "statement.md").write_text(statement, encoding="utf-8")
    *found, summary = run_cli("check", name, cwd=root).err.splitlines(keepends=True)
    warnings = int(summary.split()[0])
    run = run_process("build", name, cwd=root)
    assert run.code == 0, run.err
    assert run.err == "".join(found) + (  # what check finds, then what the layout could not do
        f"warning: in build/{name}/{name}.pdf, note 9 is printed on page 5, after its call on "
        "page 4: the layout could not keep them together; shorten the note, or the text "
        "before its call\n"
        f"{warnings + 1} warnings found\n"
    )
