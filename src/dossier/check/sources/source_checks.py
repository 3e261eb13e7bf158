"""Check the sources themselves: snapshots and their digests, the quotes evidence takes from
them (on the right page), UN document symbols, and the access dates of online sources."""

from __future__ import annotations

import re

from ...base.problem_codes import (
    INVALID_UN_SYMBOL,
    ONLINE_SOURCE_WITHOUT_URLDATE,
    QUOTE_NOT_IN_SNAPSHOT,
    QUOTE_NOT_ON_PAGE,
    QUOTE_WITHOUT_SNAPSHOT,
    SOURCE_KEY_NOT_IN_BIBLIOGRAPHY,
)
from ...base.problems import Problem
from ...load.bibtex.bibliography import BibEntry
from ...load.models import EvidenceItem, EvidenceSource
from ...load.workspace import Workspace
from ...statement.symbols import symbol_error
from .match_quote import Quote, closest_passage, shorten
from .snapshot_store import Snapshot, SnapshotStore

_PAGES = re.compile(r"^pp?\.\s*([\w]+)(?:\s*[-–]\s*([\w]+))?$")


def verify_sources(workspace: Workspace, store: SnapshotStore) -> list[Problem]:
    """The quotes evidence takes from its sources (each entry's own problems are
    `source_problems`, reported by check.bibliography). The quotes are looked up snapshot
    by snapshot, each snapshot's text let go of once its quotes are checked; the problems
    come back in the evidence's order."""
    entries = workspace.bibliography.entries
    by_source: dict[str, list[tuple[int, EvidenceItem, EvidenceSource]]] = {}
    sources = ((i, s) for i in workspace.evidence.values() for s in i.sources)
    for number, (item, source) in enumerate(sources):
        by_source.setdefault(source.quoted_in or source.cite, []).append((number, item, source))
    found: dict[int, list[Problem]] = {}
    for key, quoting in by_source.items():
        for number, item, source in quoting:
            found[number] = _quote_problems(item, source, entries, store)
        if key in entries:
            store.let_go(entries[key])
    return [problem for number in sorted(found) for problem in found[number]]


def source_problems(entry: BibEntry, store: SnapshotStore) -> list[Problem]:
    """An entry's snapshot, symbol and access date."""
    return store.of(entry)[1] + _symbol_problems(entry) + _access_date_problems(entry)


def quote_verified(
    item: EvidenceItem, source: EvidenceSource, entries: dict[str, BibEntry], store: SnapshotStore
) -> bool | None:
    """Whether the source's quote was found in its snapshot, on the page its locator gives;
    None when it has no quote."""
    if not source.quote:
        return None
    entry = entries.get(source.quoted_in or source.cite)
    if entry is None or store.of(entry)[0] is None:
        return False
    return not _quote_problems(item, source, entries, store)


def _symbol_problems(entry: BibEntry) -> list[Problem]:
    symbol = entry.get("symbol")
    error = symbol_error(symbol) if symbol else None
    if error is None:
        return []
    return [
        Problem.of(
            INVALID_UN_SYMBOL,
            entry.field_location("symbol"),
            f"`symbol` of `{entry.key}` is not a UN document symbol: {symbol!r}: {error}",
            "copy the symbol as the document prints it, e.g. A/HRC/37/24 or CCPR/C/IRN/CO/4",
            subject=entry.key,
        )
    ]


def _access_date_problems(entry: BibEntry) -> list[Problem]:
    if not entry.get("url") or entry.get("urldate") or "urldate" in entry.unstated:
        return []
    return [
        Problem.of(
            ONLINE_SOURCE_WITHOUT_URLDATE,
            entry.field_location("url"),
            f"`{entry.key}` gives a url but no urldate, the day the page was read",
            "add `urldate = {YYYY-MM-DD},`; if that day is not known, say so with "
            "`unstated = {urldate},`",
            subject=entry.key,
        )
    ]


def _quote_problems(
    item: EvidenceItem,
    source: EvidenceSource,
    entries: dict[str, BibEntry],
    store: SnapshotStore,
) -> list[Problem]:
    key = source.quoted_in or source.cite
    entry = entries.get(key)
    if source.quoted_in and entry is None:
        return [
            Problem.of(
                SOURCE_KEY_NOT_IN_BIBLIOGRAPHY,
                source.field_location("quoted_in"),
                f"evidence `{item.id}` says its quote is taken from `{key}`, "
                "which is not in bibliography.bib",
                "add that source to bibliography.bib, or correct the key",
                subject=item.id,
            )
        ]
    if not source.quote or entry is None:
        return []
    quote = Quote(source.quote)
    snapshot, _ = store.of(entry)
    if not (snapshot is not None and snapshot.knows(quote)) and quote.is_empty:
        return [
            Problem.of(
                QUOTE_NOT_IN_SNAPSHOT,
                source.field_location("quote"),
                f"the quote of evidence `{item.id}` has no words to look for",
                "copy the words from the source, or remove `quote:`",
                subject=item.id,
            )
        ]
    if snapshot is None:
        if entry.get("snapshot"):
            return []  # the snapshot's own problem says why
        return [
            Problem.of(
                QUOTE_WITHOUT_SNAPSHOT,
                source.field_location("quote"),
                f"the quote of evidence `{item.id}` cannot be checked: "
                f"`{key}` has no snapshot",
                f"capture the source with `dossier snapshot {key} FILE_OR_URL`; if you copied "
                "the quote from another source that is captured, name it with `quoted_in:`",
                subject=item.id,
            )
        ]
    found = snapshot.find(quote)
    if found is None:
        return [
            Problem.of(
                QUOTE_NOT_IN_SNAPSHOT,
                source.field_location("quote"),
                f"the quote of evidence `{item.id}` is not in the snapshot of `{key}` "
                f"({snapshot.path})",
                snapshot.hint(quote, lambda: not_found_hint(quote, snapshot)),
                subject=item.id,
            )
        ]
    if source.quoted_in or not snapshot.paged:
        return []
    return _page_problems(item, source, quote, snapshot, found.start)


def not_found_hint(quote: Quote, snapshot: Snapshot) -> str:
    """What the source says instead: its closest passage, and the words that differ."""
    missing, out_of_order = quote.first_missing_group(snapshot.text)
    if out_of_order:
        return (
            f"the part “{shorten(missing, 80)}” is in the snapshot, but before the part the "
            "quote puts ahead of it; check the order around the ellipsis"
        )
    closest = closest_passage(missing, snapshot.shown)
    if closest is None:
        return "no passage of the snapshot comes close; check that the quote is from this source"
    page = f" (page {snapshot.page_at(closest.start, shown=True)})" if snapshot.paged else ""
    return closest.hint(page)


def _page_problems(
    item: EvidenceItem,
    source: EvidenceSource,
    quote: Quote,
    snapshot: Snapshot,
    found_at: int,
) -> list[Problem]:
    pages = _PAGES.match((source.locator or "").strip())
    if not pages:
        return []
    first, last = pages[1], pages[2] or pages[1]
    spans = [snapshot.page_span(first), snapshot.page_span(last)]
    if spans[0] is None or spans[1] is None:
        missing = first if spans[0] is None else last
        return [
            Problem.of(
                QUOTE_NOT_ON_PAGE,
                source.field_location("locator"),
                f"the snapshot of `{source.cite}` ({snapshot.path}) has no page {missing}",
                f"its pages run from {snapshot.labels[0]} to {snapshot.labels[-1]}; "
                f"the quote is on page {snapshot.page_at(found_at)}",
                subject=item.id,
            )
        ]
    start, end = spans[0][0], spans[1][1]
    following = snapshot.labels.index(last) + 1  # a quote may run on to the next page
    if following < len(snapshot.labels):
        end = (snapshot.page_span(snapshot.labels[following]) or (start, end))[1]
    match = snapshot.find(quote, start, end)
    if match is not None and match.start < spans[1][1]:
        return []
    return [
        Problem.of(
            QUOTE_NOT_ON_PAGE,
            source.field_location("quote"),
            f"the quote of evidence `{item.id}` is on page {snapshot.page_at(found_at)} of "
            f"{snapshot.path}, not on {source.locator}",
            f"change the locator to `p. {snapshot.page_at(found_at)}`",
            subject=item.id,
        )
    ]
