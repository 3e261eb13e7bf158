"""Load bibliography.bib as pandoc reads it: bibtexparser 2 with dossier's middlewares for
BibTeX's macros (bibtex_macros) and names (bib_names), biblatex's inheritance
(bib_inheritance), each entry's problems kept apart (bib_checks) so that an entry nobody cites
never stops a build, and each field decoded from LaTeX only when it is printed (bib_entry)."""

from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib
from bibtexparser.middlewares import RemoveEnclosingMiddleware

from ...base.content_cache import fingerprint, remembered
from ...base.libraries.library_logs import held
from ...base.problem_codes import BIBTEX_SYNTAX_ERROR, DUPLICATE_BIBLIOGRAPHY_KEY
from ...base.problems import Location, Problem
from ...base.reading.read_input import read_leniently, read_text
from .bib_checks import entry_problems, is_web_address
from .bib_entry import UNSTATED_FIELDS, BibEntry, Bibliography
from .bib_inheritance import inherit
from .bib_names import NAME_FIELDS, Name, SplitNames
from .bibtex_macros import ResolveMacros

__all__ = [
    "NAME_FIELDS", "UNSTATED_FIELDS", "BibEntry", "Bibliography", "Name",
    "is_web_address", "key_words", "load_bibliography",
]  # fmt: skip
_KEY_WORD = re.compile(r"[\w.:/+-]+")
# What the loaded entries depend on besides the file: the loaders, the problems.
CACHED_CODE = ("base", "load")
CACHED_LIBRARIES = ("bibtexparser", "pylatexenc")


def load_bibliography(path: Path, shown_as: str) -> tuple[Bibliography, list[Problem]]:
    """Parse the bibliography. Failed blocks and duplicate keys are the problems returned;
    each entry's own problems go to `Bibliography.entry_problems`. Once read, kept in the
    cache of the workspace the file is in (when it has one) by the digest of its text."""
    bibliography = Bibliography(shown_as)
    if not path.exists():
        return bibliography, []
    text, problems = read_text(path, shown_as, root=path.parent)
    if text is None:
        text = read_leniently(path, path.parent)
        bibliography.unloaded, bibliography.read = key_words(text), bool(text)
        return bibliography, problems
    return remembered(
        path.parent,
        "bibliography",
        fingerprint(CACHED_CODE, CACHED_LIBRARIES),
        shown_as,
        text,
        lambda: _parsed(text, shown_as),
    )


def _parsed(text: str, shown_as: str) -> tuple[Bibliography, list[Problem]]:
    bibliography, problems = Bibliography(shown_as), []
    with held("bibtexparser"):  # it logs each block it cannot parse; dossier reports those
        library = bibtexparser.parse_string(
            text, parse_stack=[ResolveMacros(), RemoveEnclosingMiddleware(), SplitNames()]
        )
    lines = text.split("\n")
    parsed: dict[str, bib.Entry] = {}
    for entry in library.entries:
        loaded = _load_entry(entry, shown_as, lines)
        if not loaded.key.strip():
            problems.append(_keyless_problem(loaded))
            continue
        bibliography.entries[loaded.key] = loaded
        parsed[loaded.key] = entry
    for block in library.failed_blocks:  # after the entries, so a duplicate names the first
        where = _block_location(block, shown_as, lines)
        problems.append(_failed_block_problem(block, where, bibliography))
        if not isinstance(block, bib.DuplicateBlockKeyBlock):
            bibliography.unloaded |= key_words(block.raw or "")
    keys = set(bibliography.entries)
    inherit(bibliography.entries)  # type: ignore[arg-type]
    for key, loaded in bibliography.entries.items():
        found = entry_problems(loaded, parsed[key], keys, shown_as, lines)
        if found:
            bibliography.entry_problems[key] = found
    return bibliography, problems


def key_words(text: str) -> set[str]:
    """The words of `text` that could be citation keys or evidence ids."""
    return {word.strip(".:/+-") for word in _KEY_WORD.findall(text)}


def _keyless_problem(entry: BibEntry) -> Problem:
    return Problem.of(
        BIBTEX_SYNTAX_ERROR,
        entry.location,
        f"this @{entry.entry_type} entry has no key",
        "write a key after the brace, e.g. @report{sr-2017, ...",
    )


def _block_location(block: bib.Block, shown_as: str, lines: list[str]) -> Location:
    """Where the block's `@` is written: bibtexparser gives its line, not its column."""
    line = block.start_line or 0
    return Location.on_line(shown_as, line + 1, lines[line] if line < len(lines) else "", "@")


def _failed_block_problem(block: bib.Block, where: Location, bibliography: Bibliography) -> Problem:
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = bibliography.entries.get(block.key)
        first_line = f" (first at line {first.location.line})" if first else ""
        return Problem.of(
            DUPLICATE_BIBLIOGRAPHY_KEY,
            where,
            f"duplicate bibliography key `{block.key}`{first_line}",
            "give one of the two entries another key, or delete the copy",
            subject=block.key,
        )
    raw = (block.raw or "").strip().splitlines()
    opening = raw[0][:60] if raw else ""
    return Problem.of(
        BIBTEX_SYNTAX_ERROR,
        where,
        f"cannot parse this BibTeX entry: {opening!r}",
        "check that every { has its }, that fields are separated by commas, "
        "and that the entry starts with @type{key,",
    )


def _load_entry(entry: bib.Entry, shown_as: str, lines: list[str]) -> BibEntry:
    raw: dict[str, str] = {}
    names: dict[str, list[Name]] = {}
    places: dict[str, Location] = {}
    written = entry.parser_metadata.get(SplitNames.WRITTEN, {})
    after = Location(shown_as, 0)  # the field before: two may share a line
    for item in entry.fields:
        key = item.key.lower()
        line = item.start_line
        text = lines[line] if line < len(lines) else ""
        start = after.column if after.line == line + 1 else 0
        pattern = rf"(?i)(?<!\w){re.escape(key)}\s*="
        after = Location.on_line(shown_as, line + 1, text, pattern, start)
        places[key] = after
        if isinstance(item.value, list):
            names[key] = [n for n in item.value if isinstance(n, Name)]
            raw[key] = written.get(item.key, "")
        else:
            raw[key] = str(item.value)
    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        raw=raw,
        raw_names=names,
        location=_block_location(entry, shown_as, lines),
        field_locations=places,
    )
