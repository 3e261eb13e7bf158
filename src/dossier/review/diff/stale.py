"""Reviews between two revisions: the entries each item's history gained (approvals,
checks, rejections, revocations) or lost (erased by hand), and the approvals a change made
stale: items checked or approved at the older revision, their approval holding there, whose
approval no longer matches what they say and cite at the newer one (check/approvals.py
decides; this only compares the two revisions' verdicts)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from ...base.problems import Location
from ...check.approvals import review_state
from ...check.sources.snapshot_store import SnapshotStore
from ...load.models import Review
from ...load.workspace import Workspace


@dataclass
class StaleApproval:
    """An item whose approval held at the older revision and is stale at the newer one."""

    id: str
    location: Location  # the item, in the newer revision
    status: str  # what was given: checked or approved
    by: str
    on: str
    changed: list[str] = field(default_factory=list)  # what changed, in words


def stale_approvals(
    old: Workspace, old_store: SnapshotStore, new: Workspace, new_store: SnapshotStore
) -> list[StaleApproval]:
    """In the order the items are written at the newer revision."""
    found = []
    for id_, item in sorted(new.evidence.items(), key=lambda pair: pair[1].location):
        before = old.evidence.get(id_)
        if before is None:
            continue
        if review_state(before, old.bibliography, old_store).status not in ("checked", "approved"):
            continue
        now = review_state(item, new.bibliography, new_store)
        if now.status != "stale":
            continue
        found.append(
            StaleApproval(
                id_,
                item.location,
                now.recorded,
                now.by or "(no one named)",
                now.on.isoformat() if now.on else "(no date)",
                now.changed,
            )
        )
    return found


@dataclass(frozen=True)
class ReviewChange:
    """An entry of an item's review history recorded since the older revision, or erased
    from it (a history is only ever appended to by `dossier approve`)."""

    id: str
    location: Location  # the item, in the newer revision
    change: Literal["recorded", "erased"]
    entry: Review


def _key(entry: Review) -> tuple[object, ...]:
    return (entry.status, entry.by, entry.on, entry.reason, entry.digest)


def reviews_recorded(old: Workspace, new: Workspace) -> list[ReviewChange]:
    """Each item of the newer revision, in the order written: the entries its history gained
    (all of them for an item added), then any it lost. An older single `review` block and the
    history it became are the same entry; an empty draft block is none."""
    found = []
    for id_, item in sorted(new.evidence.items(), key=lambda pair: pair[1].location):
        before = old.evidence.get(id_)
        then = [e for e in (before.history if before else []) if e.status != "draft"]
        now = [e for e in item.history if e.status != "draft"]
        if [_key(e) for e in now[: len(then)]] == [_key(e) for e in then]:
            added, erased = now[len(then) :], []
        else:
            kept = Counter(_key(e) for e in then) & Counter(_key(e) for e in now)
            added = _less(now, kept)
            erased = _less(then, kept)
        found += [ReviewChange(id_, item.location, "recorded", e) for e in added]
        found += [ReviewChange(id_, item.location, "erased", e) for e in erased]
    return found


def _less(entries: list[Review], kept: Counter[tuple[object, ...]]) -> list[Review]:
    """`entries` less those `kept` (each as many times as it is kept)."""
    left = Counter(kept)
    rest = []
    for entry in entries:
        if left[_key(entry)] > 0:
            left[_key(entry)] -= 1
        else:
            rest.append(entry)
    return rest
