"""Statement sign-offs and signatures between two revisions: the entries each dossier's
review.yaml gained or lost, the sign-offs a change made stale (check/statement_signoff.py
decides; this only compares the revisions' verdicts), each dossier's sign-off at a commit
inside the range (for stale_walk), and the signed approvals that a change of allowed_signers
no longer lets verify."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...base.problems import Location
from ...base.reading.read_input import current_limits
from ...base.settings import DOSSIERS_FOLDER
from ...check.approvals import GIVEN, ReviewState, standing_entries
from ...check.signing import verification_failure
from ...check.statement_signoff import read_signoff, signoff_state, statement_parts
from ...load.dossier import LoadedDossier, load_dossier
from ...load.models import Review
from ...load.workspace import Workspace
from .revisions import _Blob, _contents, _writable
from .stale import ReviewChange, StaleApproval, history_changes


def subject(name: str) -> str:
    """What a statement's sign-off is named in a diff (and what its signature signs)."""
    return f"statement {name}"


@dataclass(frozen=True)
class SignOffAt:
    """A dossier's sign-off state at one revision, and where to point at it: the first part
    changed since, else its review.yaml."""

    location: Location
    state: ReviewState


def signoff_at(root: Path, loaded: LoadedDossier) -> SignOffAt:
    signoff, _ = read_signoff(root, loaded.name)
    state, changes = signoff_state(signoff, statement_parts(loaded))
    return SignOffAt(changes[0].location if changes else Location(signoff.path), state)


def signoffs_at(workspace: Workspace) -> dict[str, SignOffAt]:
    """Each dossier's sign-off, by the dossier's name."""
    return {
        name: signoff_at(workspace.root, loaded)
        for name, loaded in sorted(workspace.dossiers.items())
    }


def signoffs_recorded(old: Workspace, new: Workspace) -> list[ReviewChange]:
    """The entries each dossier's sign-off history gained, then any it lost."""
    found = []
    for name in sorted(new.dossiers):
        after, _ = read_signoff(new.root, name)
        before, _ = read_signoff(old.root, name)
        found += history_changes(
            subject(name), Location(after.path), before.history, after.history, name
        )
    return found


def stale_signoffs(old: Workspace, new: Workspace) -> list[StaleApproval]:
    """Each dossier whose statement's sign-off held at the older revision and is stale at
    the newer one, at the first part changed since."""
    found = []
    for name, loaded in sorted(new.dossiers.items()):
        before = old.dossiers.get(name)
        if before is None or signoff_at(old.root, before).state.status not in GIVEN:
            continue
        now = signoff_at(new.root, loaded)
        if now.state.status != "stale":
            continue
        state = now.state
        found.append(
            StaleApproval(
                subject(name),
                now.location,
                state.recorded,
                state.by or "(no one named)",
                state.on.isoformat() if state.on else "(no date)",
                state.changed,
                name,
            )
        )
    return found


class SignOffLoader:
    """Each dossier's sign-off at a commit, from its folder's git blobs; a folder whose blobs
    were seen before is not loaded again."""

    def __init__(self, top: Path):
        self.top = top
        self.seen: dict[tuple[tuple[str, str], ...], SignOffAt | None] = {}

    @staticmethod
    def key(blobs: dict[str, _Blob]) -> tuple[tuple[str, str], ...]:
        """The dossiers' files, as blob ids: the same key, the same sign-offs."""
        return tuple(sorted((p, b.object_id) for p, b in blobs.items() if _dossier_of(p)))

    def signoffs(self, blobs: dict[str, _Blob]) -> dict[str, SignOffAt]:
        """Each dossier's sign-off, by the dossier's name."""
        folders: dict[str, dict[str, _Blob]] = {}
        for path, blob in blobs.items():
            name = _dossier_of(path)
            if name is not None:
                folders.setdefault(name, {})[path] = blob
        found = {}
        for name, folder in sorted(folders.items()):
            key = self.key(folder)
            if key not in self.seen:
                self.seen[key] = self._load(name, list(folder.values()))
            at = self.seen[key]
            if at is not None:
                found[name] = at
        return found

    def _load(self, name: str, blobs: list[_Blob]) -> SignOffAt | None:
        limit = current_limits().file_bytes
        readable = [b for b in blobs if not b.link and b.size <= limit]
        contents = _contents(self.top, readable)
        with tempfile.TemporaryDirectory(prefix="dossier-signoff-") as folder:
            root = Path(folder)
            for blob in readable:
                _writable(root, blob.path).write_bytes(contents.get(blob.object_id, b""))
            loaded, _ = load_dossier(root, name)
            return signoff_at(root, loaded) if loaded is not None else None


def _dossier_of(path: str) -> str | None:
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) >= 3 and parts[0] == DOSSIERS_FOLDER else None


@dataclass(frozen=True)
class NoLongerVerifies:
    """A standing approval (or sign-off) whose signature verified against the older
    revision's allowed_signers and does not against the newer one's, and why."""

    id: str  # the item's, or `statement NAME`
    location: Location  # the entry, in the newer revision
    entry: Review
    why: str
    statement: str | None = None


def unverified_by_signers(old: Workspace, new: Workspace) -> list[NoLongerVerifies]:
    """The signed approvals of the newer revision that the change of allowed_signers
    affects: each item's, in the order written, then each statement's."""
    found = []
    for id_, item in sorted(new.evidence.items(), key=lambda pair: pair[1].location):
        for number, entry in standing_entries(item.history):
            why = _no_longer(old.root, new.root, id_, entry)
            if why is not None:
                found.append(NoLongerVerifies(id_, item.review_location(number), entry, why))
    for name in sorted(new.dossiers):
        signoff, _ = read_signoff(new.root, name)
        for number, entry in standing_entries(list(signoff.history)):
            why = _no_longer(old.root, new.root, subject(name), entry)
            if why is not None:
                at = signoff.location(number)
                found.append(NoLongerVerifies(subject(name), at, entry, why, name))
    return found


def _no_longer(old_root: Path, new_root: Path, signed: str, entry: Review) -> str | None:
    if entry.status not in GIVEN or not entry.signature:
        return None
    if verification_failure(old_root, signed, entry) is not None:
        return None
    return verification_failure(new_root, signed, entry)
