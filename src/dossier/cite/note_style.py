"""Bibliography entries as footnote text in United Nations editorial style.

Author or organisation, a title in quotation marks (a book's in italics), the container,
the symbol of a UN document (linked to undocs.org), the date, the pinpoint, and
"Available at <url>." A note is built as segments so that the same note can become HTML
(with links) or plain text (for the word count). The words ("Available at", "Ibid.", "vol.",
month names) are the profile's wording in the dossier's language; the order and punctuation
are the UN's in all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from html import escape

from ..load.bibliography import BibEntry, Name
from ..load.wording import DateWording, NoteWording, QuoteWording, Wording
from ..statement.symbols import is_symbol, symbol_url

_BOOK_TYPES = {
    "book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
    "manual", "periodical", "reference", "mvreference", "thesis", "phdthesis",
    "mastersthesis", "booklet",
}  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """A piece of a note: text, optionally a link or in italics."""

    text: str
    href: str = ""
    italic: bool = False


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
    responsible = _responsible(entry, words)
    if responsible:
        pieces.append([Segment(responsible)])
    pieces.append(_title(entry, wording.marks))
    pieces.extend(_container(entry, words))
    symbol = entry.get("symbol")
    if symbol:
        href = symbol_url(symbol) if is_symbol(symbol) else ""
        pieces.append([Segment(symbol, href)])
    published = _published(entry, wording.dates)
    if published.startswith("("):  # "Title (Place, Publisher, 1984)": no comma before it
        pieces[-1] = [*pieces[-1], Segment(" " + published)]
    elif published:
        pieces.append([Segment(published)])
    if locator:
        pieces.append([Segment(_dashes(locator))])
    elif entry.get("pages") and entry.entry_type not in _BOOK_TYPES:
        pieces.append([Segment(_pages(entry.get("pages"), words))])
    note = _join([p for p in pieces if p], ", ")
    if prefix:
        note.insert(0, Segment(_capitalised(prefix) + " "))
    note = _close(note, wording.marks)
    url = entry.get("url")
    if url and not (symbol and url.rstrip("/").endswith(symbol)):
        note += [Segment(f" {words.available_at} "), Segment(url, url), Segment(".")]
    return note


def format_ibid(wording: Wording, locator: str = "", prefix: str = "") -> Note:
    """The same source as the note before: "Ibid., para. 4.", or "See ibid."."""
    words = wording.notes
    text = words.ibid_at.format(locator=_dashes(locator)) if locator else words.ibid
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


def _close(note: Note, marks: QuoteWording) -> Note:
    """End the note with one full stop, not two (a title may end with its own)."""
    last = note[-1] if note else Segment("")
    if last.text.rstrip().endswith((".", "?", "!")) and not last.href:
        return note
    inside = last.text.removesuffix(marks.close).rstrip("\u00a0 ")
    if last.text.endswith(marks.close) and inside.endswith((".", "?", "!")):
        return note
    return [*note, Segment(".")]


def _names(people: list[Name], words: NoteWording) -> str:
    full = [p.full for p in people if p.full]
    if len(full) > 3:
        return words.and_others.format(first=full[0])
    if len(full) > 1:
        return words.names.format(first=", ".join(full[:-1]), last=full[-1])
    return full[0] if full else ""


def _edited_by(people: list[Name], words: NoteWording) -> str:
    return f"{_names(people, words)}, {words.editors if len(people) > 1 else words.editor}"


def _responsible(entry: BibEntry, words: NoteWording) -> str:
    if entry.names.get("author"):
        return _names(entry.names["author"], words)
    if entry.names.get("editor"):
        return _edited_by(entry.names["editor"], words)
    organisation = entry.get("organization") or entry.get("institution")
    if organisation or entry.entry_type not in {"online", "report", "misc", "techreport"}:
        return organisation
    return entry.get("publisher")  # a web page or report names its publisher as its author


def _title(entry: BibEntry, marks: QuoteWording) -> Note:
    title = entry.get("title")
    subtitle = entry.get("subtitle")
    if subtitle:
        title = f"{title}: {subtitle}"
    if not title:
        return [Segment(entry.key)]
    if title.startswith("[") and title.endswith("]"):  # a descriptive title, not a quotation:
        return [Segment(title)]  # the UN prints it in its brackets, unquoted
    if entry.entry_type in _BOOK_TYPES:
        return [Segment(title, italic=True)]
    return [Segment(f"{marks.open}{_inner_quotes(title, marks)}{marks.close}")]


def _inner_quotes(text: str, marks: QuoteWording) -> str:
    """Quotation marks inside a quoted title become the inner ones: “… ‘Death Commissions’ …”."""
    text = re.sub(r'(^|[\s(\[])["“«]\s?', "\\1\x00", text)
    text = re.sub(r'\s?["”»]', "\x01", text)
    text = text.replace("\x00", marks.inner_open).replace("\x01", marks.inner_close)
    return text.replace("'", "’")


def _container(entry: BibEntry, words: NoteWording) -> list[Note]:
    journal = entry.get("journaltitle") or entry.get("journal")
    if journal:
        parts: Note = [Segment(journal, italic=True)]
        if entry.get("volume"):
            parts.append(Segment(", " + words.volume.format(volume=entry.get("volume"))))
        if entry.get("number"):
            parts.append(Segment(", " + words.number.format(number=entry.get("number"))))
        return [parts]
    booktitle = entry.get("booktitle") or entry.get("maintitle")
    if booktitle and entry.entry_type not in _BOOK_TYPES:
        editors = entry.names.get("editor")
        book = [Segment(f"{words.contained_in} "), Segment(booktitle, italic=True)]
        container: list[Note] = [book]
        if editors and not entry.names.get("author") == editors:
            container.append([Segment(_edited_by(editors, words))])
        return container
    return []


def _published(entry: BibEntry, dates: DateWording) -> str:
    """Place, publisher and date: "(Cambridge, Cambridge University Press, 1984)" for a book."""
    date = format_date(entry.get("date") or _year_month(entry), dates)
    if entry.entry_type in _BOOK_TYPES or entry.get("booktitle"):
        place = entry.get("location") or entry.get("address")
        publisher = entry.get("publisher") or entry.get("school") or entry.get("institution")
        inside = ", ".join(p for p in (place, publisher, date) if p)
        return f"({inside})" if inside else ""
    return date


def _year_month(entry: BibEntry) -> str:
    year = entry.get("year")
    month = entry.get("month")
    if year and month.isdigit():
        return f"{year}-{int(month):02d}"
    if year and month:
        return f"{month} {year}"
    return year


def format_date(value: str, dates: DateWording, with_year: bool = True) -> str:
    """ISO dates as the UN writes them: 2020-07-17 is 17 July 2020 (17 juillet 2020, 17 de
    julio de 2020); a range of two is written as one. Without its year, the first date of a
    range within one year: 23 February."""
    if "/" in value:
        parts = [format_date(part, dates) for part in value.split("/") if part]
        return reduce(lambda start, end: dates.range.format(start=start, end=end), parts or [""])
    found = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value.strip())
    if not found:
        return value
    year, month, day = found.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = dates.months[int(month) - 1]
    if not day:
        return dates.month_year.format(month=name, year=year)
    written = dates.day_names.get(int(day), str(int(day)))
    if not with_year:
        return dates.day_month.format(day=written, month=name)
    return dates.day_month_year.format(day=written, month=name, year=year)


def _pages(pages: str, words: NoteWording) -> str:
    pages = _dashes(pages)
    return (words.pages if re.search(r"[–,]", pages) else words.page).format(pages=pages)


def _dashes(text: str) -> str:
    """Number ranges take an en dash: pp. 3027-3036 becomes pp. 3027–3036."""
    return re.sub(r"(?<=\d)\s*-{1,2}\s*(?=\d)", "–", text)
