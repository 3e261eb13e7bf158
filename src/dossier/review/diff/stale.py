"""Approvals a change made stale: items checked or approved at the older revision, their
approval holding there, whose approval no longer matches what they say and cite at the newer
one (check/approvals.py decides; this only compares the two revisions' verdicts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...base.problems import Location
from ...check.approvals import review_state
from ...check.sources.snapshot_store import SnapshotStore
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
