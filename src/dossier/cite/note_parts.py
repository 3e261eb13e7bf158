"""The pieces of a footnote that depend on the kind of source: who is responsible, the title,
what it is in (a journal, a book), what identifies it among its kind (edition, volume,
series, a report's or a patent's number, a thesis's type, a version), where and by whom it
was published, its pages or article number, and the addresses it can be read at (its url,
DOI and eprint, each a link).

Entry types are biblatex's, BibTeX's older names included (@techreport, @phdthesis,
@mastersthesis, @conference, @electronic, @www); the words are the wording table's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..load.bibtex.bib_names import Name
from ..load.bibtex.bibliography import BibEntry
from ..load.wording import NoteWording

# Works that stand alone: the title in italics, then (place, publisher, date).
BOOK_TYPES = frozenset({
    "book", "mvbook", "bookinbook", "collection", "mvcollection", "proceedings",
    "mvproceedings", "manual", "periodical", "reference", "mvreference", "thesis",
    "phdthesis", "mastersthesis", "booklet", "dataset", "software",
})  # fmt: skip
# Court decisions: the case's name in italics, the court as its author, the law report plain.
_CASE_TYPES = frozenset({"jurisdiction", "case"})
# Works inside another: the title in quotation marks, then "in" the book.
_IN_BOOK_TYPES = frozenset({
    "inbook", "incollection", "inproceedings", "inreference", "suppbook", "suppcollection",
    "conference",
})  # fmt: skip
_LEGISLATION_TYPES = frozenset({"legislation", "legal", "statute"})
_LEGAL_TYPES = _CASE_TYPES | _LEGISLATION_TYPES
# Entries whose `number` is their own (a report's, a patent's), not an issue or a series'.
_NUMBERED_TYPES = frozenset({"report", "techreport", "patent", "legislation", "legal",
                             "jurisdiction", "case", "standard", "dataset"})  # fmt: skip
_DEFAULT_KIND = {
    "techreport": "techreport", "phdthesis": "phdthesis", "mastersthesis": "mathesis",
    "patent": "patent",
}  # fmt: skip
# Where an eprint of each `eprinttype` is read (biblatex's own links).
EPRINT_LINKS = {
    "arxiv": "https://arxiv.org/abs/{id}",
    "jstor": "https://www.jstor.org/stable/{id}",
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{id}",
    "hdl": "https://hdl.handle.net/{id}",
    "googlebooks": "https://books.google.com/books?id={id}",
    "doi": "https://doi.org/{id}",
}
_ARTICLE_NUMBER = re.compile(r"^(?:[A-Za-z]+\d{3,}|0\d{3,}|\d{6,})$")


@dataclass(frozen=True)
class Address:
    text: str
    href: str


def responsible(entry: BibEntry, words: NoteWording) -> str:
    """The authors; else a patent's holders or the editors; else the organisation that
    issued the work (a court for a case)."""
    if entry.names.get("author"):
        return names(entry.names["author"], words)
    if entry.entry_type == "patent" and entry.names.get("holder"):
        return names(entry.names["holder"], words)
    if entry.names.get("editor"):
        return edited_by(entry.names["editor"], words)
    organisation = entry.get("organization") or entry.get("institution")
    if entry.entry_type in ("jurisdiction", "case"):
        return organisation or entry.get("court")
    if organisation or entry.entry_type not in {"online", "report", "misc", "techreport"}:
        return organisation
    return entry.get("publisher")  # a web page or report names its publisher as its author


def names(people: list[Name], words: NoteWording) -> str:
    full = [p.full for p in people if p.full]
    if len(full) > 3:
        return words.and_others.format(first=full[0])
    if len(full) > 1:
        return words.names.format(first=", ".join(full[:-1]), last=full[-1])
    return full[0] if full else ""


def edited_by(people: list[Name], words: NoteWording) -> str:
    return f"{names(people, words)}, {words.editors if len(people) > 1 else words.editor}"


def title_text(entry: BibEntry) -> str:
    title = entry.get("title")
    if entry.get("subtitle"):
        title = f"{title}: {entry.get('subtitle')}" if title else entry.get("subtitle")
    if entry.get("titleaddon"):
        title = f"{title}. {entry.get('titleaddon')}" if title else entry.get("titleaddon")
    return title


def is_italic(entry: BibEntry) -> bool:
    return entry.entry_type in BOOK_TYPES | _CASE_TYPES


def is_quoted(entry: BibEntry) -> bool:
    return not is_italic(entry) and entry.entry_type not in _LEGISLATION_TYPES


def container(entry: BibEntry, words: NoteWording) -> list[tuple[str, bool]]:
    """What the work is in, as (text, in italics) pieces: "Journal, vol. 9, No. 2", or
    "in Book" then its editors."""
    journal = entry.get("journaltitle") or entry.get("journal")
    if journal and entry.entry_type not in BOOK_TYPES:
        if entry.get("journalsubtitle"):
            journal = f"{journal}: {entry.get('journalsubtitle')}"
        after = ""
        if entry.get("volume"):
            after += ", " + words.volume.format(volume=entry.get("volume"))
        if entry.get("number") and entry.entry_type not in _NUMBERED_TYPES:
            after += ", " + words.number.format(number=entry.get("number"))
        return [(journal, entry.entry_type not in _LEGAL_TYPES), (after, False)]
    book = entry.get("booktitle") or entry.get("maintitle")
    if book and entry.entry_type not in BOOK_TYPES:
        if entry.get("booksubtitle"):
            book = f"{book}: {entry.get('booksubtitle')}"
        return [(f"{words.contained_in} ", False), (book, True)]
    return []


def book_editors(entry: BibEntry, words: NoteWording) -> str:
    """The editors of the book a chapter is in (unless they are its authors)."""
    editors = entry.names.get("editor")
    author = entry.names.get("author")
    if editors and author and author != editors and entry.entry_type not in BOOK_TYPES:
        return edited_by(editors, words)
    return ""


def identifying(entry: BibEntry, words: NoteWording, said: str) -> list[str]:
    """What tells this work from others of its kind: edition, version, volume, series and
    number, a report's or thesis's type and number, an organisation or how it was issued."""
    kind = entry.entry_type
    parts = []
    if entry.get("edition"):
        parts.append(_edition(entry.get("edition"), words))
    if entry.get("version") and kind not in ("article",):
        parts.append(words.version.format(version=entry.get("version")))
    journal = entry.get("journaltitle") or entry.get("journal")
    if entry.get("volume") and not (journal and kind not in BOOK_TYPES):
        parts.append(words.volume.format(volume=entry.get("volume")))
    if kind in _LEGISLATION_TYPES - {"legal"}:
        parts.append(entry.get("number"))  # as the statute book writes it: c. 42
    elif kind in _LEGAL_TYPES and entry.get("number"):
        parts.append(words.number.format(number=entry.get("number")))
    elif kind in _NUMBERED_TYPES or kind.endswith("thesis"):
        kind_words = _kind(entry, words)
        number = entry.get("number")
        parts.append(" ".join(p for p in (kind_words, number) if p))
    elif entry.get("series"):
        series = _series(entry.get("series"), words)
        if entry.get("number") and not journal:
            series += ", " + words.number.format(number=entry.get("number"))
        parts.append(series)
    if kind == "periodical" and entry.get("number"):
        parts.append(words.number.format(number=entry.get("number")))
    if kind in ("misc", "online", "electronic", "www", "manual", "software", "dataset"):
        organisation = entry.get("organization")
        if organisation and organisation != said:
            parts.append(organisation)
        if entry.get("howpublished") and not _address_in(entry.get("howpublished")):
            parts.append(entry.get("howpublished"))
    return [p for p in parts if p]


def _edition(edition: str, words: NoteWording) -> str:
    if not edition.isdigit():
        return edition
    number = int(edition)
    ordinal = words.ordinals.get(number) or words.ordinal.format(number=number)
    return words.edition.format(edition=ordinal)


def _series(series: str, words: NoteWording) -> str:
    """A series by name, or as biblatex writes a journal's: 3 (3rd series), newseries."""
    if series.isdigit():
        number = int(series)
        ordinal = words.ordinals.get(number) or words.ordinal.format(number=number)
        return words.series.format(number=ordinal)
    return words.types.get(series.strip().lower(), series)


def _kind(entry: BibEntry, words: NoteWording) -> str:
    written = entry.get("type") or _DEFAULT_KIND.get(entry.entry_type, "")
    return words.types.get(written.strip().lower(), written)


def publication(entry: BibEntry, date: str, said: str) -> tuple[str, bool]:
    """Place, publisher and date, and whether they go in parentheses (a book's do); `said`
    is who the note already names as responsible, not named again."""
    place = entry.get("location") or entry.get("address")
    if entry.entry_type == "patent":
        place = ""  # a patent's `location` is the countries it covers, as keys
    publisher = entry.get("publisher")
    if entry.entry_type in BOOK_TYPES | _IN_BOOK_TYPES or entry.get("booktitle"):
        if entry.entry_type.endswith("thesis") or entry.entry_type == "thesis":
            publisher = entry.get("institution") or entry.get("school") or publisher
        elif not publisher and entry.entry_type not in ("jurisdiction", "case"):
            publisher = entry.get("institution") or entry.get("school")
        inside = ", ".join(p for p in (place, publisher, date) if p)
        return (f"({inside})" if inside else ""), True
    if entry.entry_type in ("report", "techreport"):
        institution = entry.get("institution")
        if institution == said or entry.get("symbol"):
            institution = ""  # said once; a UN symbol names its issuing organ
        inside = ", ".join(p for p in (place, institution, date) if p)
        return (f"({inside})" if place or institution else date), bool(place or institution)
    return date, False


def pages(entry: BibEntry, words: NoteWording) -> str:
    """The pages a work is on, or its article number (pages = {w8524}, eid = 124106)."""
    if entry.entry_type in BOOK_TYPES and not entry.get("booktitle"):
        return ""
    written = dashes(entry.get("pages"))
    if written and written == entry.get("number") and entry.entry_type in _NUMBERED_TYPES:
        return ""  # a working paper's number given as its pages too (pages = {w8524})
    if written and _ARTICLE_NUMBER.match(written):
        return words.article_number.format(number=written)
    if written:
        return (words.pages if re.search(r"[–,]", written) else words.page).format(pages=written)
    if entry.get("eid"):
        return words.article_number.format(number=entry.get("eid"))
    return ""


def dashes(text: str) -> str:
    """Number ranges take an en dash: pp. 3027-3036 becomes pp. 3027–3036."""
    return re.sub(r"(?<=\w)\s*-{1,2}\s*(?=\w)", "–", text) if re.search(r"\d", text) else text


def addresses(entry: BibEntry) -> list[Address]:
    """Where the work can be read: its url, its DOI, its eprint (each once)."""
    found: list[Address] = []
    url = entry.get("url") or _address_in(entry.get("howpublished"))
    if url:
        found.append(Address(url, url))
    doi = entry.get("doi").strip()
    doi = re.sub(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", "", doi, flags=re.I)
    if doi:
        link = f"https://doi.org/{doi}"
        found.append(Address(link, link))
    eprint = _eprint(entry)
    if eprint:
        found.append(eprint)
    unique: dict[str, Address] = {}
    for address in found:
        unique.setdefault(address.href.rstrip("/").lower(), address)
    return list(unique.values())


def _eprint(entry: BibEntry) -> Address | None:
    identifier = entry.get("eprint").strip()
    kind = (entry.get("eprinttype") or entry.get("archiveprefix")).strip().lower()
    if not identifier:
        return None
    if kind not in EPRINT_LINKS:
        return None
    link = EPRINT_LINKS[kind].format(id=identifier)
    return Address(link, link)


def _address_in(text: str) -> str:
    found = re.search(r"https?://\S+", text or "")
    return found.group(0).rstrip(".,;)") if found else ""
