"""`dossier approve ID... --by WHO`: record that a reviewer checked or approved evidence items,
pinned to the digest of what they saw (check.approvals), in each item's `review` block.

Only an item that checks clean can be approved: a quote not found in its snapshot, a missing
snapshot or a broken bibliography entry is named, and nothing is recorded. Several items are
approved together or not at all; every evidence file touched is written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.phrasing import noun_for
from ..base.problem_codes import DUPLICATE_EVIDENCE_ID
from ..base.problems import CommandFailed, Problem, Severity, UsageError, did_you_mean
from ..base.read_input import current_limits, read_bytes
from ..base.yaml_positions import parse_yaml
from ..check.all_checks import check_workspace
from ..check.approvals import review_digest
from ..check.sources.snapshot_store import SnapshotStore
from ..cite.compile import compile_workspace
from ..load.bibtex.bibliography import BibEntry
from ..load.models import EvidenceItem
from ..load.workspace import Workspace, load_workspace
from ..record.write_files import write_together
from .edit_review import CannotEdit, set_review


class NotApproved(CommandFailed):
    """Items with errors: the problems that stand in the way, then why nothing was recorded."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems + self.problems


@dataclass(frozen=True)
class Approved:
    id: str
    at: str  # where the item is written, path:line:col
    status: str
    by: str
    on: dt.date


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's day (UTC) when it is set, as reproducible-builds.org asks."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, found {epoch!r}")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()


def approve(
    root: Path, ids: list[str], by: str, status: str = "approved", on: dt.date | None = None
) -> list[Approved]:
    """Write the review block of each item `ids` names; all of them, or none."""
    if not by.strip():
        raise UsageError("--by must name who reviewed the items, e.g. --by legal/jd")
    workspace, load_problems = load_workspace(root)
    report = check_workspace(workspace, compile_workspace(workspace), load_problems)
    items = [_item(workspace, item_id) for item_id in dict.fromkeys(ids)]
    blocking = [p for item in items for p in _errors_of(item, workspace, report.problems)]
    if blocking:
        blocked = [i for i in items if any(concerns(i, p, workspace) for p in blocking)]
        names = ", ".join(f"`{i.id}`" for i in blocked)
        count = len(blocking)
        raise NotApproved(
            f"{names} cannot be {status}: {count} {noun_for(count, 'error')} above must be "
            "fixed first; nothing was recorded",
            blocking,
        )
    on = on or today()
    store = SnapshotStore(root)
    texts: dict[str, str] = {}
    for item in items:
        path = item.location.path
        if path not in texts:
            texts[path] = _read(root, path)
        digest = review_digest(item, workspace.bibliography, store)
        review: dict[str, Any] = {
            "status": status,
            "by": by.strip(),
            "on": on,
            "digest": digest.digest,
            "parts": digest.parts,
        }
        try:
            edited = set_review(texts[path], item.id, review)
        except CannotEdit as error:
            where = f"{item.location}: `{item.id}`"
            raise CommandFailed(f"{where} cannot be {status}: {error}") from None
        _confirm(texts[path], edited, path, item.id, review)
        texts[path] = edited
    write_together({root / path: text.encode("utf-8") for path, text in texts.items()})
    return [Approved(item.id, str(item.location), status, by.strip(), on) for item in items]


def _item(workspace: Workspace, item_id: str) -> EvidenceItem:
    item = workspace.evidence.get(item_id)
    if item is None:
        hint = did_you_mean(
            item_id, workspace.evidence, noun="ids", otherwise="evidence/ holds no items yet"
        )
        raise CommandFailed(f"no evidence item `{item_id}` in evidence/*.yaml; {hint}")
    return item


def _errors_of(item: EvidenceItem, workspace: Workspace, problems: list[Problem]) -> list[Problem]:
    """The errors in the item, in the bibliography entries it cites, and in their snapshots."""
    return [p for p in problems if p.severity is Severity.ERROR and concerns(item, p, workspace)]


def concerns(item: EvidenceItem, problem: Problem, workspace: Workspace) -> bool:
    """Whether `problem` stands in the way of approving `item`: it is in the item, in an
    entry the item cites, or it is a second item of the same id."""
    if problem.location is None:
        return False
    if item.holds(problem.location):
        return True
    if problem.code == DUPLICATE_EVIDENCE_ID and problem.subject == item.id:
        return True  # a second item with the same id: which one is approved would be unclear
    entries = workspace.bibliography.entries
    keys = {s.cite for s in item.sources} | {s.quoted_in for s in item.sources if s.quoted_in}
    return any(_entry_holds(entries[k], problem) for k in keys if k in entries)


def _entry_holds(entry: BibEntry, problem: Problem) -> bool:
    where = problem.location
    last = max([entry.location.line, *(at.line for at in entry.field_locations.values())])
    return (
        where is not None
        and where.path == entry.location.path
        and entry.location.line <= where.line <= last
    )


def _read(root: Path, path: str) -> str:
    """The evidence file as it is, byte-order mark and line endings included."""
    data, problems = read_bytes(root / path, path, root, current_limits().file_bytes)
    if data is None:
        raise CommandFailed(problems[0].message if problems else f"{path} cannot be read")
    return data.decode("utf-8")


def _confirm(before: str, after: str, path: str, item_id: str, review: dict[str, Any]) -> None:
    """Read the edited file back as `check` will: the item carries the review just written,
    and every other value of the file is what it was."""
    expected, now = _data(before, path), _data(after, path)
    for entry in expected if isinstance(expected, list) else []:
        if isinstance(entry, dict) and entry.get("id") == item_id:
            entry["review"] = review
    if now is None or now != expected:
        raise CommandFailed(f"{path}: the review block of `{item_id}` could not be written safely")


def _data(text: str, path: str) -> Any:
    document, _ = parse_yaml(text.removeprefix("\ufeff"), path)
    return document.data if document is not None else None
