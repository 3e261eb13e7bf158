"""Every footnote on the page of its call.

WeasyPrint (70) keeps a note with its call's line when the note itself does not fit
(`footnote-policy: line` in the venues' stylesheets). But when the first lines of a paragraph
reach the foot of a page and the paragraph may not be split there (orphans), it makes room
by moving the notes of lines already on the page to the next one: the call stays, its note
goes. Such a layout is repaired here: the paragraph that took the room starts the next page
instead, and the document is laid out again, until every note is on its call's page.

Everything here takes a WeasyPrint document; only `render_pdf` calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

_PUSHED = "break-before: page"  # set on the paragraph that starts the next page instead
_MOST_REPAIRS = 20  # each costs a layout; a document needing more is left as it is
_HEADINGS = {f"h{level}" for level in range(1, 7)}
_CARRIED = {"li", "ul", "ol", "blockquote"}  # moved with the paragraph they open


def keep_notes_with_calls(
    laid_out: Any, lay_out: Callable[[], Any]
) -> tuple[Any, list[tuple[int, int, int]]]:
    """`laid_out`, or the layout `lay_out()` gives once the paragraph before each misplaced
    note's page break is moved to the next page, one at a time, first to last; with the
    notes still misplaced in it (`misplaced_notes`), when no move helps any more."""
    misplaced = misplaced_notes(laid_out)
    for _ in range(_MOST_REPAIRS):
        paragraph = paragraph_to_push(laid_out, misplaced)
        if paragraph is None:
            break
        written = paragraph.get("style")
        paragraph.set("style", f"{written}; {_PUSHED}" if written else _PUSHED)
        laid_out = lay_out()
        misplaced = misplaced_notes(laid_out)
    return laid_out, misplaced


def misplaced_notes(laid_out: Any) -> list[tuple[int, int, int]]:
    """(note, page of its call, page of the note) for each note not on its call's page;
    notes and calls counted in order, pages from 1."""
    calls, notes = _call_and_note_pages(laid_out)
    return [
        (number, call, note)
        for number, (call, note) in enumerate(zip(calls, notes, strict=False), 1)
        if call != note
    ]


def paragraph_to_push(laid_out: Any, misplaced: list[tuple[int, int, int]]) -> Any:
    """The HTML element of the last paragraph on the page of the first misplaced note's call
    (with the headings just before it, which stay with it), if moving it to the next page
    can help: it does not start that page, and was not moved already. A paragraph that
    opens a list item (or a quotation) takes it along: WeasyPrint does not break before the
    first paragraph of a list item, as CSS would by passing the break on to the item.
    `misplaced`: the layout's misplaced notes."""
    if not misplaced:
        return None
    _, page, _ = misplaced[0]
    chains = list({id(c[-1]): c for _, c in _body_lines(laid_out.pages[page - 1])}.values())
    while len(chains) > 1 and chains[-2][-1].element_tag in _HEADINGS:
        chains.pop()  # a heading is not left at the foot of a page
    if len(chains) < 2:
        return None
    chain = chains[-1]
    while chain[-2].element_tag in _CARRIED and _first_child(chain[-2]) is chain[-1]:
        chain = chain[:-1]
    element = chain[-1].element
    if element is None or (element.get("style") or "").endswith(_PUSHED):
        return None
    return element


def _first_child(box: Any) -> Any:
    """The box's first child that is laid out in the flow (not a list item's marker)."""
    return next((c for c in box.children if not c.element_tag.endswith("::marker")), None)


def _call_and_note_pages(laid_out: Any) -> tuple[list[int], list[int]]:
    from weasyprint.formatting_structure import boxes

    calls: list[int] = []
    notes: list[int] = []
    for number, page in enumerate(laid_out.pages, 1):
        for area in page._page_box.children:
            if isinstance(area, boxes.FootnoteAreaBox):
                notes += [number] * len(area.children)
            elif not isinstance(area, boxes.MarginBox):
                calls += [number for box in area.descendants() if getattr(box, "footnote", None)]
    return calls, notes


def _body_lines(page: Any) -> Iterator[tuple[Any, list[Any]]]:
    """Each line of the page's body (not its header, footer or notes), with the boxes that
    hold it, from the page's root box down to its block."""
    from weasyprint.formatting_structure import boxes

    def walk(chain: list[Any]) -> Iterator[tuple[Any, list[Any]]]:
        for child in getattr(chain[-1], "children", ()):
            if isinstance(child, boxes.LineBox):
                yield child, chain
            elif isinstance(child, boxes.ParentBox):
                yield from walk([*chain, child])

    for area in page._page_box.children:
        if not isinstance(area, boxes.FootnoteAreaBox | boxes.MarginBox):
            yield from walk([area])
