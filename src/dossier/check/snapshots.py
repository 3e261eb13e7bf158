"""Captured copies of sources: found inside the workspace, digested, read and indexed once.

A bibliography entry's `snapshot` names the file (a path from the workspace's root) and its
`sha256` the digest recorded when it was captured. Each snapshot is read, checked and
brought to canonical form once per run, however many quotes and figures are looked up in it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from ..load.bibliography import SHA256, BibEntry
from ..load.paths import workspace_file
from ..load.read_input import current_limits, file_digest, read_bytes
from ..problems import Problem
from .extract_text import ExtractionError, extract_text
from .figures import values_in
from .match_quote import join_hyphenated, readable
from .text_cache import CachedText, TextCache, open_cache


@dataclass
class Snapshot:
    """One captured file: its digest and its text, page by page, in canonical form."""

    path: str
    digest: str
    labels: list[str] = field(default_factory=list)
    text: str = ""  # the canonical pages, joined by a space: what quotes are matched in
    page_starts: list[int] = field(default_factory=list)
    shown: str = ""  # the same, readable: what the closest passage is taken from
    shown_page_starts: list[int] = field(default_factory=list)
    paged: bool = False
    _figures: set[str] | None = None

    def figures(self) -> set[str]:
        """The values of every figure in the snapshot, found on first use."""
        if self._figures is None:
            self._figures = values_in(self.text)
        return self._figures

    def page_at(self, offset: int, shown: bool = False) -> str:
        """The label of the page that holds offset `offset` of `text` (or of `shown`)."""
        starts = self.shown_page_starts if shown else self.page_starts
        return self.labels[bisect.bisect_right(starts, offset) - 1]

    def page_span(self, label: str) -> tuple[int, int] | None:
        """Canonical offsets of the page labelled `label` (None when there is no such page)."""
        if label not in self.labels:
            return None
        index = self.labels.index(label)
        end = self.page_starts[index + 1] if index + 1 < len(self.page_starts) else len(self.text)
        return self.page_starts[index], end


def _joined_pages(pages: list[str]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1
    return " ".join(pages), starts


def _extracted(path: Path, data: bytes) -> CachedText:
    try:
        extracted = extract_text(path, data)
    except ExtractionError as error:
        return CachedText([], "", [], "", [], str(error))
    shown = [readable(page) for page in extracted.pages]
    text, starts = _joined_pages([join_hyphenated(page) for page in shown])
    return CachedText(extracted.labels, text, starts, *_joined_pages(shown))


class SnapshotStore:
    """Every snapshot of a run, loaded on first use; problems are reported once per file."""

    def __init__(self, root: Path):
        self.root = root
        self._loaded: dict[str, tuple[Snapshot | None, list[Problem]]] = {}
        self._digests: dict[str, str] = {}  # of every file read, its text readable or not
        self._cache: TextCache | None | bool = False  # False: not opened yet

    def of(self, entry: BibEntry) -> tuple[Snapshot | None, list[Problem]]:
        """The entry's snapshot (None when it has none or it cannot be read) and its problems."""
        name = entry.get("snapshot")
        if not name:
            return None, []
        key = f"{name}\0{entry.get('sha256').lower()}"
        if key not in self._loaded:
            self._loaded[key] = self._load(entry, name)
        return self._loaded[key]

    def digest(self, entry: BibEntry) -> str:
        """The sha256 of the entry's snapshot file, even when its text cannot be read; ""
        when it has none, or the file cannot be read at all."""
        self.of(entry)
        return self._digests.get(entry.get("snapshot"), "")

    def _load(self, entry: BibEntry, name: str) -> tuple[Snapshot | None, list[Problem]]:
        where = entry.field_location("snapshot")
        path = workspace_file(name, self.root)
        if path is None:
            return None, [
                Problem.of(
                    "D605",
                    where,
                    f"snapshot `{name}` of `{entry.key}` is outside the workspace",
                    "keep snapshots under evidence/snapshots/ and give the path from the "
                    "workspace's root, e.g. evidence/snapshots/report.pdf",
                )
            ]
        if not path.exists() and not path.is_symlink():  # a FIFO or a loop: read_bytes says
            return None, [
                Problem.of(
                    "D601",
                    where,
                    f"snapshot `{name}` of `{entry.key}` does not exist",
                    f"capture it with `dossier snapshot {entry.key} FILE_OR_URL`, "
                    "or correct the path",
                )
            ]
        limit = current_limits().snapshot_bytes
        data, unreadable = read_bytes(path, name, self.root, limit, "--max-snapshot-size", where)
        if data is None:
            return None, unreadable
        digest = self._digests[name] = file_digest(data)
        problems = self._digest_problems(entry, name, digest)
        text = self._text(path, data, digest)
        if text.error:
            problems.append(
                Problem.of("D604", where, f"snapshot `{name}` cannot be read: {text.error}", "")
            )
            return None, problems
        snapshot = Snapshot(name, digest, text.labels, text.text, text.page_starts)
        snapshot.shown, snapshot.shown_page_starts = text.shown, text.shown_page_starts
        snapshot.paged = path.suffix.lower() == ".pdf"
        return snapshot, problems

    def _text(self, path: Path, data: bytes, digest: str) -> CachedText:
        """The snapshot's text from the cache, or extracted (and then cached)."""
        if self._cache is False:
            self._cache = open_cache(self.root)
        cache = self._cache if isinstance(self._cache, TextCache) else None
        kind = path.suffix.lower().lstrip(".") or "none"
        found = cache.get(digest, kind) if cache else None
        if found is None:
            found = _extracted(path, data)
            if cache:
                cache.put(digest, kind, found)
        return found

    @staticmethod
    def _digest_problems(entry: BibEntry, name: str, digest: str) -> list[Problem]:
        recorded = entry.get("sha256").lower()
        if recorded and not SHA256.match(recorded):
            return []  # reported by the bibliography's own checks
        if not recorded:
            return [
                Problem.of(
                    "D603",
                    entry.field_location("snapshot"),
                    f"`{entry.key}` records no sha256 for its snapshot `{name}`",
                    f"add `sha256 = {{{digest}}},` so that any later change to the file is caught",
                )
            ]
        if recorded != digest:
            return [
                Problem.of(
                    "D602",
                    entry.field_location("sha256"),
                    f"snapshot `{name}` has changed since it was captured: its sha256 is "
                    f"{digest}, but `{entry.key}` records {recorded}",
                    "if the change is wanted, record the new digest (and have the evidence "
                    "that quotes it reviewed again); if not, restore the file from git",
                )
            ]
        return []
