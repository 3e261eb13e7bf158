"""Reviews between two revisions: the entries each item's history gained (approvals,
checks, rejections, revocations) or lost (erased by hand), and the approvals a change made
stale: items checked or approved at the older revision, their approval holding there, whose
approval no longer matches what they say and cite at the newer one (check/approvals.py
decides; this only compares the two revisions' verdicts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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

    id: str  # the item's, or `statement NAME` for a statement's sign-off
    location: Location  # the item, in the newer revision (a statement: its first change)
    status: str  # what was given: checked or approved
    by: str
    on: str
    changed: list[str] = field(default_factory=list)  # what changed, in words
    statement: str | None = None  # the dossier, when it is a statement's sign-off


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

    id: str  # the item's, or `statement NAME` for a statement's sign-off
    location: Location  # the item, in the newer revision (a statement: its review.yaml)
    change: Literal["recorded", "erased"]
    entry: Review
    statement: str | None = None  # the dossier, when it is a statement's sign-off


def _key(entry: Review) -> tuple[object, ...]:
    return (entry.status, entry.by, entry.on, entry.reason, entry.digest)


def reviews_recorded(old: Workspace, new: Workspace) -> list[ReviewChange]:
    """Each item of the newer revision, in the order written: the entries its history gained
    (all of them for an item added), then any it lost. An older single `review` block and the
    history it became are the same entry; an empty draft block is none."""
    found = []
    for id_, item in sorted(new.evidence.items(), key=lambda pair: pair[1].location):
        before = old.evidence.get(id_)
        found += history_changes(
            id_, item.location, before.history if before else [], item.history
        )
    return found


def history_changes(
    id_: str,
    location: Location,
    then: Sequence[Review],
    now: Sequence[Review],
    statement: str | None = None,
) -> list[ReviewChange]:
    """The entries a history gained from `then` to `now`, then any it lost."""
    then = [e for e in then if e.status != "draft"]
    now = [e for e in now if e.status != "draft"]
    if [_key(e) for e in now[: len(then)]] == [_key(e) for e in then]:
        added, erased = now[len(then) :], []
    else:
        kept = Counter(_key(e) for e in then) & Counter(_key(e) for e in now)
        added = _less(now, kept)
        erased = _less(then, kept)
    return [ReviewChange(id_, location, "recorded", e, statement) for e in added] + [
        ReviewChange(id_, location, "erased", e, statement) for e in erased
    ]


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
