"""Snapshots re-captured between two revisions: for each bibliography entry whose captured
copy is not the same file any more, the old and new digests and a short diff of their text,
restricted strings masked in both texts before they are compared."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...base.problems import Location
from ...base.word_diff import Segment, hunks, word_diff
from ...check.disclosure.masking import Masker
from ...check.sources.snapshot_store import SnapshotStore
from ...load.bibtex.bibliography import Bibliography

# Hunks of a snapshot's text diff shown; the rest are counted.
MOST_HUNKS = 5


@dataclass
class SnapshotChange:
    """An entry's snapshot, re-captured: where it is, its digests, and how its text differs."""

    key: str
    location: Location  # the entry's `snapshot` field, in the newer revision
    old_path: str
    new_path: str
    old_digest: str  # "sha256:<hex>" of the file itself, whatever the entry records
    new_digest: str
    hunks: list[list[Segment]] = field(default_factory=list)
    more_hunks: int = 0
    unreadable: str = ""  # why the text could not be compared, when it could not
    restricted: bool = False  # a restricted string was masked in the text compared


def compare_snapshots(
    old: Bibliography,
    old_store: SnapshotStore,
    new: Bibliography,
    new_store: SnapshotStore,
    masker: Masker,
) -> list[SnapshotChange]:
    """Entries in both revisions with a snapshot in both whose file changed, in the order the
    entries are written. A snapshot added or dropped shows as the entry's `snapshot` field."""
    changes = []
    for key, entry in sorted(new.entries.items(), key=lambda pair: pair[1].location):
        before = old.entries.get(key)
        if before is None or not before.get("snapshot") or not entry.get("snapshot"):
            continue
        old_snapshot, _ = old_store.of(before)
        new_snapshot, _ = new_store.of(entry)
        old_digest = old_store.digest(before)
        new_digest = new_store.digest(entry)
        if old_digest == new_digest:
            continue
        change = SnapshotChange(
            key,
            entry.field_location("snapshot"),
            before.get("snapshot"),
            entry.get("snapshot"),
            _shown(old_digest),
            _shown(new_digest),
        )
        if old_snapshot is None or new_snapshot is None:
            change.unreadable = "the text of one of the two copies cannot be read"
        else:
            before_text = masker.masked(old_snapshot.shown)
            after_text = masker.masked(new_snapshot.shown)
            change.restricted = before_text.restricted or after_text.restricted
            found = hunks(word_diff(before_text.text, after_text.text))
            change.hunks, change.more_hunks = found[:MOST_HUNKS], max(len(found) - MOST_HUNKS, 0)
        changes.append(change)
    return changes


def _shown(digest: str) -> str:
    return f"sha256:{digest}" if digest else "(missing)"
