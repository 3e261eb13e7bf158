"""biblatex's inheritance: an entry takes the fields it lacks from its `crossref` parent (a
chapter from the book it is in) and from the @xdata entries its `xdata` names.

The rules are biblatex's defaults (its manual, appendix B): a parent's title becomes the
child's `booktitle` (`maintitle` from a multi-volume work, `journaltitle` from a periodical),
and a book's author is also the chapter's `bookauthor`. It works on the raw fields, before
anything is decoded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .bib_names import Name

# Fields no child inherits (biblatex's defaults).
_NEVER_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
    "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
    "shorthand", "shorthandintro", "sortkey", "snapshot", "sha256",
})  # fmt: skip
_TITLE_FIELDS = ("title", "subtitle", "titleaddon")
_CONTAINED = frozenset({
    "inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings",
    "inreference", "article", "suppperiodical", "inseries",
})  # fmt: skip


class Inheriting(Protocol):
    key: str
    entry_type: str
    raw: dict[str, str]
    raw_names: dict[str, list[Name]]


def crossref_keys(entry: Inheriting) -> list[str]:
    return [entry.raw["crossref"].strip()] if entry.raw.get("crossref", "").strip() else []


def xdata_keys(entry: Inheriting) -> list[str]:
    return _key_list(entry, "xdata")


def entryset_keys(entry: Inheriting) -> list[str]:
    """The members of a biblatex @set, which citing the set cites."""
    return _key_list(entry, "entryset")


def parent_keys(entry: Inheriting) -> list[str]:
    """Every entry `entry` stands on: its crossref parent, its @xdata entries and, for a
    set, its members. An entry one of them is used by is used too."""
    return crossref_keys(entry) + xdata_keys(entry) + entryset_keys(entry)


def _key_list(entry: Inheriting, field: str) -> list[str]:
    return [k.strip() for k in entry.raw.get(field, "").split(",") if k.strip()]


def inherit(entries: dict[str, Inheriting]) -> None:
    """Fill in every entry's inherited fields: @xdata first, then crossref (parents first,
    each entry once, so a chain a → b → c gives a what c gives b)."""
    done: set[str] = set()
    for entry in entries.values():
        _inherit(entry, entries, done, [])


def _inherit(
    entry: Inheriting, entries: dict[str, Inheriting], done: set[str], path: list[str]
) -> None:
    if entry.key in done or entry.key in path or len(path) > 50:
        return
    parents = [entries[k] for k in xdata_keys(entry) + crossref_keys(entry) if k in entries]
    for parent in parents:
        _inherit(parent, entries, done, [*path, entry.key])
    for key in xdata_keys(entry):
        if key in entries and key != entry.key:
            _take(entry, entries[key], same_names=True)
    for key in crossref_keys(entry):
        if key in entries and key != entry.key:
            _take(entry, entries[key], same_names=False)
    done.add(entry.key)


def _take(child: Inheriting, parent: Inheriting, same_names: bool) -> None:
    renames = {} if same_names else _renames(child.entry_type, parent.entry_type)
    for name, value in parent.raw.items():
        if name in _NEVER_INHERITED or name in parent.raw_names:
            continue
        target = renames.get(name, name)
        if target and target not in child.raw and target not in child.raw_names:
            child.raw[target] = value
    for role, people in parent.raw_names.items():
        targets: Iterable[str] = [role]
        if not same_names and role == "author" and child.entry_type in _CONTAINED:
            targets = ["author", "bookauthor"]
        for target in targets:
            if target not in child.raw_names and target not in child.raw:
                child.raw_names[target] = people
                child.raw[target] = parent.raw.get(role, "")


def _renames(child_type: str, parent_type: str) -> dict[str, str]:
    """Where the parent's title goes: booktitle, maintitle or journaltitle."""
    if parent_type.startswith("mv"):
        prefix = "main"
    elif parent_type == "periodical":
        prefix = "journal"
    elif child_type in _CONTAINED:
        prefix = "book"
    else:
        return {}
    return {name: prefix + name for name in _TITLE_FIELDS} | {"shorttitle": ""}
