"""`dossier diff`: what changed in a workspace between two git revisions, or between one and
the working tree. Each revision's files are written out and loaded with the ordinary loaders,
then the loaded evidence, bibliography, snapshots and statements are compared."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ...base.git import GitError
from ...base.problems import CommandFailed, Location, Problem, Severity
from ...check.disclosure.masking import Masker
from ...check.sources.snapshot_store import SnapshotStore
from ...load.workspace import load_workspace
from .notes_facts import (
    FactChange,
    NoteChange,
    SignersChange,
    compare_facts,
    compare_notes,
    compare_signers,
)
from .records import RecordChange, compare_bibliography, compare_evidence, masked_records
from .revisions import Repository, Revision, open_repository, revisions, workspace_at
from .signoffs import (
    NoLongerVerifies,
    signoffs_recorded,
    stale_signoffs,
    unverified_by_signers,
)
from .snapshot_changes import SnapshotChange, compare_snapshots
from .stale import ReviewChange, StaleApproval, reviews_recorded, stale_approvals
from .stale_walk import StaleOnTheWay, StaleWalk, walk_stale
from .statement_changes import StatementChange, compare_statements


@dataclass
class WorkspaceDiff:
    old: Revision
    new: Revision
    evidence: list[RecordChange] = field(default_factory=list)
    bibliography: list[RecordChange] = field(default_factory=list)
    snapshots: list[SnapshotChange] = field(default_factory=list)
    statements: list[StatementChange] = field(default_factory=list)
    notes: list[NoteChange] = field(default_factory=list)
    facts: list[FactChange] = field(default_factory=list)
    signers: SignersChange | None = None
    # Signed approvals and sign-offs that verified before the change of allowed_signers and
    # do not after it.
    unverified: list[NoLongerVerifies] = field(default_factory=list)
    reviews: list[ReviewChange] = field(default_factory=list)
    stale: list[StaleApproval] = field(default_factory=list)
    # Approvals made stale at a commit inside the range that comparing the ends does not
    # show (given again later, the item removed, or given inside the range), and how many
    # commits were walked to find them.
    walk: StaleWalk = field(default_factory=StaleWalk)
    # Errors met loading either revision: what they concern may be missing from the diff.
    problems: list[Problem] = field(default_factory=list)
    # What masks the restricted strings of both revisions, for whatever shows the diff.
    masker: Masker = field(default_factory=lambda: Masker(()))

    @property
    def empty(self) -> bool:
        return not (
            self.evidence
            or self.bibliography
            or self.snapshots
            or self.statements
            or self.notes
            or self.facts
            or self.signers
            or self.unverified
            or self.reviews
            or self.stale
            or self.walk.found
        )


def diff_revisions(root: Path, old_name: str, new_name: str | None = None) -> WorkspaceDiff:
    """Compare the workspace at `root` as it was at `old_name` with `new_name` (a revision,
    or None for the working tree; `old_name` may be a range, `A..B` or `A...B`). Usage errors
    name the revision git does not know."""
    repository = open_repository(root)
    old, new = revisions(repository, old_name, new_name)
    try:
        with workspace_at(repository, old, root) as old_root:
            with workspace_at(repository, new, root) as new_root:
                return _compare(repository, old, old_root, new, new_root)
    except (GitError, OSError) as error:
        raise CommandFailed(f"cannot read the workspace from git: {error}") from None


def _compare(
    repository: Repository, old: Revision, old_root: Path, new: Revision, new_root: Path
) -> WorkspaceDiff:
    before, before_problems = load_workspace(old_root)
    after, after_problems = load_workspace(new_root)
    before_store, after_store = SnapshotStore(old_root), SnapshotStore(new_root)
    # The restricted strings of either revision: one removed since is no less a secret.
    masker = Masker.of(
        [*before.evidence.values(), *after.evidence.values()],
        [*before.dossiers.values(), *after.dossiers.values()],
    )
    snapshots = compare_snapshots(
        before.bibliography, before_store, after.bibliography, after_store, masker
    )
    bibliography = _without_snapshots(
        compare_bibliography(before.bibliography, after.bibliography), snapshots
    )
    for snapshot in snapshots:
        snapshot.key = masker.mask(snapshot.key)
    stale = stale_approvals(before, before_store, after, after_store)
    stale += stale_signoffs(before, after)
    signers = compare_signers(old_root, new_root, masker)
    walk = walk_stale(repository, old, new, (before, before_store), (after, after_store))
    walk.found = [
        _masked_walked(event, masker) for event in _not_shown(walk.found, stale)
    ]
    problems = _errors(old, old_root, before_problems) + _errors(new, new_root, after_problems)
    return WorkspaceDiff(
        old,
        new,
        evidence=masked_records(compare_evidence(before.evidence, after.evidence), masker),
        bibliography=masked_records(bibliography, masker),
        snapshots=snapshots,
        statements=compare_statements(before.dossiers, after.dossiers, masker),
        notes=compare_notes(before.dossiers, after.dossiers, masker),
        facts=compare_facts(before.dossiers, after.dossiers, masker),
        signers=signers,
        unverified=unverified_by_signers(before, after) if signers else [],
        reviews=[
            _masked_review(change, masker)
            for change in reviews_recorded(before, after) + signoffs_recorded(before, after)
        ],
        stale=[
            replace(
                s,
                id=masker.mask(s.id),
                by=masker.mask(s.by),
                changed=[masker.mask(c) for c in s.changed],
            )
            for s in stale
        ],
        walk=walk,
        problems=masker.problems(problems),
        masker=masker,
    )


def _masked_review(change: ReviewChange, masker: Masker) -> ReviewChange:
    """A review entry as a diff may print it: who and why can name a witness too."""
    entry = change.entry
    shown = {
        "by": entry.by and masker.mask(entry.by),
        "reason": entry.reason and masker.mask(entry.reason),
    }
    return replace(change, id=masker.mask(change.id), entry=entry.model_copy(update=shown))


def _not_shown(found: list[StaleOnTheWay], stale: list[StaleApproval]) -> list[StaleOnTheWay]:
    """The approvals made stale inside the range, less those comparing the two ends shows
    already: an item's last such approval, still stale at the end, and stale since the
    older end's approval."""
    ends = {s.id for s in stale}
    last = {event.id: event for event in found}
    return [
        event
        for event in found
        if not (
            event.id in ends
            and last[event.id] is event
            and event.given_again is None
            and event.removed_at is None
        )
    ]


def _masked_walked(event: StaleOnTheWay, masker: Masker) -> StaleOnTheWay:
    return replace(
        event,
        id=masker.mask(event.id),
        by=masker.mask(event.by),
        given_again=event.given_again and masker.mask(event.given_again),
        changed=[masker.mask(c) for c in event.changed],
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
