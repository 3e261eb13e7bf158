"""Names in BibTeX name fields, as a bibtexparser 2 middleware: BibTeX's forms ("Knuth,
Donald E.", "Donald E. Knuth", "van Dijk, Marten", "{World Health Organization}") and
biblatex's extended name format (`family=Dijk, given=Marten, prefix=van, useprefix=true`).

A name BibTeX itself would reject (too many commas, an unmatched brace) is kept whole as a
family name rather than losing the entry: pandoc reads such files too. Names are split here
and decoded from LaTeX only when a footnote prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import BlockMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Block, Entry

# The fields that hold lists of people (biblatex's name lists that a footnote may print).
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "holder")
# biblatex's extended name format: `key=value` parts separated by commas.
_EXTENDED_KEYS = frozenset({"family", "given", "prefix", "suffix", "useprefix"})
_EXTENDED_PART = re.compile(r"^\s*([a-z-]+)\s*=\s*(.*?)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Name:
    """A person's or an organisation's name; an organisation is one braced `family` part."""

    given: str = ""
    von: str = ""
    family: str = ""
    suffix: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.von, self.family, self.suffix) if p)

    def decoded(self, decode: Callable[[str], str]) -> Name:
        return Name(decode(self.given), decode(self.von), decode(self.family), decode(self.suffix))


class SplitNames(BlockMiddleware):
    """Each name field's value becomes a list of `Name`s, still in LaTeX; the value as
    written stays in the entry's metadata under `WRITTEN`."""

    WRITTEN = "dossier_written_names"

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        for item in entry.fields:
            if item.key.lower() in NAME_FIELDS and isinstance(item.value, str):
                entry.parser_metadata.setdefault(self.WRITTEN, {})[item.key] = item.value
                item.value = [split_name(n) for n in split_multiple_persons_names(item.value)]
        return entry


def split_name(text: str) -> Name:
    """One name's parts, in whichever form it is written."""
    extended = _extended_parts(text)
    if extended is not None:
        return Name(
            given=extended.get("given", ""),
            von=extended.get("prefix", ""),
            family=extended.get("family", ""),
            suffix=extended.get("suffix", ""),
        )
    try:
        parts = parse_single_name_into_parts(text)
    except InvalidNameError:
        return Name(family=text.strip())
    return Name(
        given=" ".join(parts.first),
        von=" ".join(parts.von),
        family=" ".join(parts.last),
        suffix=" ".join(parts.jr),
    )


def _extended_parts(text: str) -> dict[str, str] | None:
    """`family=Dijk, given=Marten` as {family: Dijk, given: Marten}; None if not that form."""
    if "=" not in text:
        return None
    parts: dict[str, str] = {}
    for piece in _top_level_commas(text):
        found = _EXTENDED_PART.match(piece)
        if not found:
            return None
        key = found.group(1).lower()
        if key.endswith("-i") and key[:-2] in _EXTENDED_KEYS:
            continue  # the initials biblatex would derive: the full part is printed
        if key not in _EXTENDED_KEYS:
            return None
        value = found.group(2)
        if value.startswith("{") and value.endswith("}") and _balanced(value[1:-1]):
            value = value[1:-1]
        parts[key] = value.strip()
    return parts if "family" in parts or "given" in parts else None


def _top_level_commas(text: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "," and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
