"""`dossier diff`: what changed in a workspace between two git revisions, or between one and
the working tree. Each revision's files are written out and loaded with the ordinary loaders,
then the loaded evidence, bibliography, snapshots and statements are compared."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ...base.git import GitError
from ...base.problems import CommandFailed, Location, Problem, Severity
from ...check.sources.snapshot_store import SnapshotStore
from ...load.workspace import load_workspace
from .records import RecordChange, compare_bibliography, compare_evidence
from .revisions import Revision, open_repository, resolve, workspace_at
from .snapshot_changes import SnapshotChange, compare_snapshots
from .stale import ReviewChange, StaleApproval, reviews_recorded, stale_approvals
from .statement_changes import StatementChange, compare_statements


@dataclass
class WorkspaceDiff:
    old: Revision
    new: Revision
    evidence: list[RecordChange] = field(default_factory=list)
    bibliography: list[RecordChange] = field(default_factory=list)
    snapshots: list[SnapshotChange] = field(default_factory=list)
    statements: list[StatementChange] = field(default_factory=list)
    reviews: list[ReviewChange] = field(default_factory=list)
    stale: list[StaleApproval] = field(default_factory=list)
    # Errors met loading either revision: what they concern may be missing from the diff.
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.evidence
            or self.bibliography
            or self.snapshots
            or self.statements
            or self.reviews
            or self.stale
        )


def diff_revisions(root: Path, old_name: str, new_name: str | None = None) -> WorkspaceDiff:
    """Compare the workspace at `root` as it was at `old_name` with `new_name` (a revision,
    or None for the working tree). Usage errors name the revision git does not know."""
    repository = open_repository(root)
    old = resolve(repository, old_name)
    new = resolve(repository, new_name) if new_name is not None else Revision("working tree")
    try:
        with workspace_at(repository, old, root) as old_root:
            with workspace_at(repository, new, root) as new_root:
                return _compare(old, old_root, new, new_root)
    except (GitError, OSError) as error:
        raise CommandFailed(f"cannot read the workspace from git: {error}") from None


def _compare(old: Revision, old_root: Path, new: Revision, new_root: Path) -> WorkspaceDiff:
    before, before_problems = load_workspace(old_root)
    after, after_problems = load_workspace(new_root)
    before_store, after_store = SnapshotStore(old_root), SnapshotStore(new_root)
    snapshots = compare_snapshots(
        before.bibliography, before_store, after.bibliography, after_store
    )
    return WorkspaceDiff(
        old,
        new,
        evidence=compare_evidence(before.evidence, after.evidence),
        bibliography=_without_snapshots(
            compare_bibliography(before.bibliography, after.bibliography), snapshots
        ),
        snapshots=snapshots,
        statements=compare_statements(before.dossiers, after.dossiers),
        reviews=reviews_recorded(before, after),
        stale=stale_approvals(before, before_store, after, after_store),
        problems=_errors(old, old_root, before_problems) + _errors(new, new_root, after_problems),
    )


def _without_snapshots(
    entries: list[RecordChange], snapshots: list[SnapshotChange]
) -> list[RecordChange]:
    """Entry changes less the `snapshot` and `sha256` of a re-captured snapshot, which the
    snapshot's own change shows, with its text."""
    recaptured = {change.key for change in snapshots}
    kept = []
    for change in entries:
        if change.kind == "changed" and change.name in recaptured:
            change.fields = [f for f in change.fields if f.name not in ("snapshot", "sha256")]
        if change.fields:
            kept.append(change)
    return kept


def _errors(revision: Revision, root: Path, problems: list[Problem]) -> list[Problem]:
    """Errors loading a revision, each located as `REV:path:line:col` (as git names a file
    at a revision), the temporary folder it was read from left out; the working tree's as
    they are."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if revision.commit is None:
        return errors
    folder = f"{root}/"
    return [
        replace(
            p,
            location=Location(
                f"{revision.name}:{p.location.path.removeprefix(folder)}",
                p.location.line,
                p.location.column,
            )
            if p.location is not None
            else None,
            message=p.message.replace(folder, ""),
        )
        for p in errors
    ]
