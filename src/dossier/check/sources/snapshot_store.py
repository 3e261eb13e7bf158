"""Captured copies of sources: found inside the workspace, digested, read and indexed once.

A bibliography entry's `snapshot` names the file (a path from the workspace's root) and its
`sha256` the digest recorded when it was captured. Each snapshot is read and digested once
per run; its text is brought to canonical form once (then kept in the cache), and read only
when a lookup is not already answered by the snapshot's stored index (snapshot_index).
"""

from __future__ import annotations

from pathlib import Path

from ...base.problem_codes import (
    MISSING_SNAPSHOT,
    SNAPSHOT_CHANGED,
    SNAPSHOT_OUTSIDE_WORKSPACE,
    SNAPSHOT_WITHOUT_SHA256,
    UNREADABLE_SNAPSHOT,
)
from ...base.problems import Location, Problem
from ...base.reading.paths import workspace_file
from ...base.reading.read_input import SHA256_HEX, current_limits, file_digest, read_bytes
from ...load.bibtex.bibliography import BibEntry
from .extract_text import ExtractionError, extract_text
from .match_quote import join_hyphenated, readable
from .snapshot_index import Snapshot
from .text_cache import CachedText, TextCache, index_key, open_cache

__all__ = ["Snapshot", "SnapshotStore"]
HELD_AT_ONCE = 8  # snapshots whose text is kept in memory at once


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
        self._holding: dict[int, Snapshot] = {}  # whose text is in memory, oldest first
        self._indexes: dict[str, dict[str, object]] = {}  # from the cache, by index_key
        self._seen: dict[str, Snapshot] = {}  # this run's snapshots, by index_key
        self._indexes_changed = False

    def of(self, entry: BibEntry) -> tuple[Snapshot | None, list[Problem]]:
        """The entry's snapshot (None when it has none or it cannot be read) and its problems."""
        name = entry.get("snapshot")
        if not name:
            return None, []
        key = _key(entry)
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
                    SNAPSHOT_OUTSIDE_WORKSPACE,
                    where,
                    f"snapshot `{name}` of `{entry.key}` is outside the workspace",
                    "keep snapshots under evidence/snapshots/ and give the path from the "
                    "workspace's root, e.g. evidence/snapshots/report.pdf",
                    subject=entry.key,
                )
            ]
        if not path.exists() and not path.is_symlink():  # a FIFO or a loop: read_bytes says
            return None, [
                Problem.of(
                    MISSING_SNAPSHOT,
                    where,
                    f"snapshot `{name}` of `{entry.key}` does not exist",
                    f"capture it with `dossier snapshot {entry.key} FILE_OR_URL`, "
                    "or correct the path",
                    subject=entry.key,
                )
            ]
        limit = current_limits().snapshot_bytes
        data, unreadable = read_bytes(path, name, self.root, limit, "--max-snapshot-size", where)
        if data is None:
            return None, unreadable
        digest = self._digests[name] = file_digest(data)
        problems = self._digest_problems(entry, name, digest)
        kind = _kind(path)
        paged = kind == "pdf"
        self._open_cache()
        index = self._indexes.get(index_key(digest, kind))
        snapshot: Snapshot | None = None
        if index is not None:
            try:
                snapshot = Snapshot.of_index(name, digest, index, paged)
            except (ValueError, KeyError, TypeError):
                snapshot = None
        if snapshot is None:
            text = self._text(path, data, digest)
            if text.error:
                problems.append(
                    Problem.of(
                        UNREADABLE_SNAPSHOT,
                        where,
                        f"snapshot `{name}` cannot be read: {text.error}",
                        "",
                        subject=entry.key,
                    )
                )
                return None, problems
            snapshot = Snapshot.of_text(name, digest, text, paged)
            self._hold(snapshot)
            self._indexes_changed = True
        self._seen[index_key(digest, kind)] = snapshot
        snapshot.loader = lambda: self._text_again(snapshot, path, where)
        return snapshot, problems

    def _hold(self, snapshot: Snapshot) -> None:
        """Keep the text of the few snapshots used last; let go of the oldest."""
        self._holding.pop(id(snapshot), None)
        self._holding[id(snapshot)] = snapshot
        while len(self._holding) > HELD_AT_ONCE:
            self._holding.pop(next(iter(self._holding))).let_go()

    def let_go(self, entry: BibEntry) -> None:
        """Done with the entry's snapshot for now: its text is forgotten."""
        snapshot, _ = self._loaded.get(_key(entry), (None, []))
        if snapshot is not None:
            snapshot.let_go()
            self._holding.pop(id(snapshot), None)

    def save(self) -> None:
        """Store the index of every snapshot of this run, if any has lookups not stored yet
        (those of snapshots no longer used are dropped)."""
        cache = self._open_cache()
        changed = self._indexes_changed or any(s.changed for s in self._seen.values())
        if cache is None or not changed:
            return
        cache.put_indexes({key: snapshot.index() for key, snapshot in self._seen.items()})
        for snapshot in self._seen.values():
            snapshot.changed = False
        self._indexes_changed = False

    def _open_cache(self) -> TextCache | None:
        if self._cache is False:
            self._cache = open_cache(self.root)
            if self._cache is not None:
                self._indexes = self._cache.get_indexes()
        return self._cache if isinstance(self._cache, TextCache) else None

    def _text(self, path: Path, data: bytes, digest: str) -> CachedText:
        """The snapshot's text from the cache, or extracted (and then cached)."""
        cache = self._open_cache()
        kind = _kind(path)
        found = cache.get(digest, kind) if cache else None
        if found is None:
            found = _extracted(path, data)
            if cache:
                cache.put(digest, kind, found)
        return found

    def _text_again(self, snapshot: Snapshot, path: Path, where: Location) -> CachedText:
        """The text of a snapshot whose text was let go of (or read from its index): from
        the cache, or from the file, as long as it is still the file that was digested."""
        self._hold(snapshot)
        name, digest = snapshot.path, snapshot.digest
        cache = self._open_cache()
        found = cache.get(digest, _kind(path)) if cache else None
        if found is not None and not found.error:
            return found
        limit = current_limits().snapshot_bytes
        data, _ = read_bytes(path, name, self.root, limit, "--max-snapshot-size", where)
        if data is None or file_digest(data) != digest:
            raise ExtractionError(
                f"snapshot `{name}` changed while it was being checked",
                "check again once nothing is writing to it",
                where,
            )
        return self._text(path, data, digest)

    @staticmethod
    def _digest_problems(entry: BibEntry, name: str, digest: str) -> list[Problem]:
        recorded = entry.get("sha256").lower()
        if recorded and not SHA256_HEX.fullmatch(recorded):
            return []  # reported by the bibliography's own checks
        if not recorded:
            return [
                Problem.of(
                    SNAPSHOT_WITHOUT_SHA256,
                    entry.field_location("snapshot"),
                    f"`{entry.key}` records no sha256 for its snapshot `{name}`",
                    f"add `sha256 = {{{digest}}},` so that any later change to the file is caught",
                    subject=entry.key,
                )
            ]
        if recorded != digest:
            return [
                Problem.of(
                    SNAPSHOT_CHANGED,
                    entry.field_location("sha256"),
                    f"snapshot `{name}` has changed since it was captured: its sha256 is "
                    f"{digest}, but `{entry.key}` records {recorded}",
                    "if the change is wanted, record the new digest (and have the evidence "
                    "that quotes it reviewed again); if not, restore the file from git",
                    subject=entry.key,
                )
            ]
        return []


def _key(entry: BibEntry) -> str:
    return f"{entry.get('snapshot')}\0{entry.get('sha256').lower()}"


def _kind(path: Path) -> str:
    return path.suffix.lower().lstrip(".") or "none"
