"""Approvals a change made stale: items approved at the older revision whose approval no
longer matches what they say and cite at the newer one."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check.snapshots import SnapshotStore
from ..load.workspace import Workspace
from ..problems import Location


@dataclass
class StaleApproval:
    id: str
    location: Location
    status: str  # the status given: checked or approved
    by: str
    on: str
    changed: list[str] = field(default_factory=list)


def stale_approvals(
    old: Workspace, old_store: SnapshotStore, new: Workspace, new_store: SnapshotStore
) -> list[StaleApproval]:
    return []  # wired to check/approvals.py once it is merged
