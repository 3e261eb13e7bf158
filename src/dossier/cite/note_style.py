"""Bibliography entries as footnote text in United Nations editorial style.

Author or organisation, a title in quotation marks (a book's in italics), the container,
the symbol of a UN document (linked to undocs.org), the date, the pinpoint, and
"Available at <url>." A note is built as segments so that the same note can become HTML
(with links) or plain text (for the word count). The words ("Available at", "Ibid.", "vol.",
month names) are the profile's wording in the dossier's language; the order and punctuation
are the UN's in all three. A dossier's `notes: compact` cites a source as circulated
statements do instead: its address or its UN symbol, and the pinpoint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..load.bibtex.bib_dates import fields_date
from ..load.bibtex.bibliography import BibEntry
from ..load.wording import NoteWording, QuoteWording, Wording
from ..statement.symbols import is_symbol, symbol_url
from . import note_parts as parts
from .dates import format_date

__all__ = [
    "Note", "Segment", "format_compact", "format_date", "format_ibid", "format_source",
    "note_html",
]  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """A piece of a note: text, optionally a link or in italics; `name` marks a person's or an
    organisation's name, which no line breaks inside with a hyphen."""

    text: str
    href: str = ""
    italic: bool = False
    name: bool = False


Note = list[Segment]


def note_html(
    note: Note,
    text: Callable[[str], str] = str,
    address: Callable[[str], str] = str,
) -> str:
    """One line of HTML: WeasyPrint would break a footnote at a newline in its source.
    `text` and `address` set the escaped words, and a link's shown web address."""
    out = []
    for part in note:
        html = escape(part.text, quote=False)
        html = address(html) if part.href and part.href == part.text else text(html)
        if part.italic:
            html = f"<i>{html}</i>"
        if part.name:
            html = f'<span class="name">{html}</span>'
        if part.href:
            html = f'<a href="{escape(part.href)}">{html}</a>'
        out.append(html)
    return "".join(out).replace("\n", " ")


def note_text(note: Note) -> str:
    return "".join(part.text for part in note)


def format_source(entry: BibEntry, wording: Wording, locator: str = "", prefix: str = "") -> Note:
    """A source as it is cited in a footnote, ending with a full stop."""
    words = wording.notes
    pieces: list[Note] = []
    said = parts.responsible(entry, words)
    if said:
        pieces.append([Segment(said, name=True)])
    title = _title(entry, wording.marks)
    if title:
        pieces.append(title)
    container = parts.container(entry, words)
    if container:
        pieces.append([Segment(text, italic=italic) for text, italic in container if text])
    pieces += [[Segment(text, name=True)] for text in [parts.book_editors(entry, words)] if text]
    pieces += [[Segment(text)] for text in parts.identifying(entry, words, said)]
    symbol = entry.get("symbol")
    if symbol:
        href = symbol_url(symbol) if is_symbol(symbol) else ""
        pieces.append([Segment(symbol, href)])
    date = format_date(entry.get("date") or _fields_date(entry), wording.dates)
    published, in_parentheses = parts.publication(entry, date, said)
    if in_parentheses and pieces:  # "Title (Place, Publisher, 1984)": no comma before it
        pieces[-1] = [*pieces[-1], Segment(" " + published)]
    elif published:
        pieces.append([Segment(published)])
    pinpoint = parts.dashes(locator) if locator else parts.pages(entry, words)
    if pinpoint:
        pieces.append([Segment(pinpoint)])
    note = _join([p for p in pieces if p], ", ")
    if prefix:
        note.insert(0, Segment(_capitalised(prefix) + " "))
    note = _close(note, wording.marks.close)
    return note + _available_at(entry, words)


def format_compact(
    entry: BibEntry, wording: Wording, locator: str = "", prefix: str = ""
) -> Note:
    """A source as circulated statements cite it: its address, or else its UN symbol (linked
    to undocs.org), then the pinpoint: "https://undocs.org/A/72/322, para. 109.",
    "A/72/322, para. 109." A source with neither is cited in full."""
    symbol = entry.get("symbol")
    found = parts.addresses(entry)
    if found:
        where = Segment(found[0].text, found[0].href)
    elif symbol and is_symbol(symbol):
        where = Segment(symbol, symbol_url(symbol))
    else:
        return format_source(entry, wording, locator, prefix)
    note = [where]
    if locator:
        note.append(Segment(", " + parts.dashes(locator)))
    if prefix:
        note.insert(0, Segment(_capitalised(prefix) + " "))
    return _close(note, wording.marks.close)


def _fields_date(entry: BibEntry) -> str:
    return fields_date(entry.get("year"), entry.get("month"), entry.get("day"))


def _available_at(entry: BibEntry, words: NoteWording) -> Note:
    """ "Available at <url>.", with the DOI and eprint too; not a UN document's own page."""
    symbol = entry.get("symbol")
    found = [
        a for a in parts.addresses(entry) if not (symbol and a.href.rstrip("/").endswith(symbol))
    ]
    if not found:
        return []
    links = [[Segment(address.text, address.href)] for address in found]
    listed = links[0]
    if len(links) > 1:
        first = _join(links[:-1], ", ")
        before, middle, after = re.split(r"\{first\}|\{last\}", words.addresses)
        listed = [Segment(before), *first, Segment(middle), *links[-1], Segment(after)]
    return [Segment(f" {words.available_at} "), *[s for s in listed if s.text], Segment(".")]


def format_ibid(wording: Wording, locator: str = "", prefix: str = "") -> Note:
    """The same source as the note before: "Ibid., para. 4.", or "See ibid."."""
    words = wording.notes
    text = words.ibid_at.format(locator=parts.dashes(locator)) if locator else words.ibid
    if prefix:
        text = f"{_capitalised(prefix)} {text[:1].lower()}{text[1:]}"
    return [Segment(text)]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(pieces: list[Note], separator: str) -> Note:
    joined: Note = []
    for index, piece in enumerate(pieces):
        if index:
            joined.append(Segment(separator))
        joined.extend(piece)
    return joined


def _close(note: Note, closing_mark: str) -> Note:
    """End the note with one full stop, not two (a title may end with its own)."""
    last = note[-1] if note else Segment("")
    if last.text.rstrip().endswith((".", "?", "!")) and not last.href:
        return note
    text = last.text.rstrip()
    if text.endswith(closing_mark) and text[: -len(closing_mark)].endswith((".", "?", "!")):
        return note
    return [*note, Segment(".")]


def _title(entry: BibEntry, marks: QuoteWording) -> Note:
    title = parts.title_text(entry)
    if not title:
        return []
    if title.startswith("[") and title.endswith("]"):  # a descriptive title, not a quotation:
        return [Segment(_marks(title, marks, inner=False))]  # the UN keeps its brackets
    if parts.is_italic(entry):
        return [Segment(_marks(title, marks, inner=False), italic=True)]
    if not parts.is_quoted(entry):
        return [Segment(_marks(title, marks, inner=False))]
    return [Segment(f"{marks.open}{_marks(title, marks, inner=True)}{marks.close}")]


def _marks(text: str, marks: QuoteWording, inner: bool) -> str:
    """Quotation marks in a title as the wording writes them: “…” (from ``…'' or
    \\mkbibquote) become the outer marks, or the inner ones inside a quoted title."""
    text = re.sub(r'(^|[\s(\[])"', "\\1“", text).replace('"', "”")
    opening, closing = (marks.inner_open, marks.inner_close) if inner else (marks.open, marks.close)
    return text.replace("“", opening).replace("”", closing).replace("'", "’")
