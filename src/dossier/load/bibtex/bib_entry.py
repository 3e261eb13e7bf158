"""A loaded bibliography entry: its fields as written (LaTeX) and as printed (text, decoded
the first time something reads them), its names, and where each field is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ...base.problems import Location, Problem
from .bib_names import Name
from .latex_text import address_text, latex_to_text

# Fields kept as written: addresses, identifiers, paths, digests, dates, and what no footnote
# prints (an abstract is never decoded).
VERBATIM_FIELDS = frozenset({
    "url", "doi", "eprint", "eprinttype", "archiveprefix", "eprintclass", "primaryclass",
    "snapshot", "sha256", "date", "urldate", "eventdate", "origdate", "isbn", "issn", "isrn",
    "file", "abstract", "keywords", "annote", "annotation", "timestamp", "owner", "groups",
    "crossref", "xdata", "xref", "ids", "entryset", "langid", "unstated", "pmid", "pmcid",
})  # fmt: skip
# Verbatim fields read as addresses: their braces and LaTeX escapes are not the address's.
ADDRESS_FIELDS = frozenset({"url", "doi", "eprint"})
# Fields an entry may declare it cannot give (`unstated = {urldate}`), so none is expected.
UNSTATED_FIELDS = frozenset({"urldate"})

_Value = TypeVar("_Value")


class _Decoded(Mapping[str, _Value]):
    """A read-only view of `raw` that decodes each value the first time it is read."""

    def __init__(self, raw: Mapping[str, object], decode: Callable[[str, object], _Value]):
        self._raw = raw
        self._decode = decode
        self._done: dict[str, _Value] = {}

    def __getitem__(self, name: str) -> _Value:
        if name not in self._done:
            self._done[name] = self._decode(name, self._raw[name])
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@dataclass
class BibEntry:
    """One bibliography entry: type, key, raw and decoded fields and names, and where it is
    written. `raw` holds every field as written (LaTeX, its enclosing braces removed),
    `fields` the same as text (a name field as "Given Family; …"), `names` the people of
    each name field."""

    key: str
    entry_type: str
    raw: dict[str, str]
    raw_names: dict[str, list[Name]]
    location: Location
    field_locations: dict[str, Location] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names: Mapping[str, list[Name]] = _Decoded(self.raw_names, _decoded_names)
        self.fields: Mapping[str, str] = _Decoded(self.raw, self._decoded_field)

    def _decoded_field(self, name: str, value: object) -> str:
        if name in self.raw_names:
            return "; ".join(n.full for n in self.names[name])
        text = str(value)
        if name in ADDRESS_FIELDS:
            return address_text(text)
        return text.strip() if name in VERBATIM_FIELDS else latex_to_text(text)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def field_location(self, name: str) -> Location:
        """Where the field's name is written; the entry's `@` for a field it does not have."""
        return self.field_locations.get(name, self.location)

    @property
    def unstated(self) -> set[str]:
        """Fields the source does not give (`unstated = {urldate}`), so none is expected."""
        return {name.strip().lower() for name in self.get("unstated").split(",") if name.strip()}


def _decoded_names(_: str, people: object) -> list[Name]:
    assert isinstance(people, list)
    return [person.decoded(latex_to_text) for person in people]


@dataclass
class Bibliography:
    path: str
    entries: dict[str, BibEntry] = field(default_factory=dict)
    # Every word of the entries that could not be read: the keys among them are not reported
    # again where they are cited; the entry's own error says why they are missing.
    unloaded: set[str] = field(default_factory=set)
    read: bool = True  # False when the file could not be read at all (too large, a link out)
    # What is wrong with each entry: an error if the entry is cited, a warning if not
    # (check_workspace knows which).
    entry_problems: dict[str, list[Problem]] = field(default_factory=dict)
