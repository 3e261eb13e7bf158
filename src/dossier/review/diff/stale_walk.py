"""Approvals made stale at some commit of a range, even when approved again later: comparing
the two ends alone misses an item approved at v1, changed at v2 and approved again at v3.

The commits of the range (`git rev-list --reverse A..B`, through base/git.py, never the
repository's hooks or configuration) are walked in order. At each, only what an approval
depends on is loaded: the evidence files, bibliography.bib, and each snapshot's digest, taken
from its git blob rather than written out. One `git ls-tree` per commit says which blobs
those are; each blob is read and parsed once, however many commits hold it, and a commit
that changed none of them is passed over. An approval that held at one commit and is stale
at the next became stale there; it is followed to the end of the range to say whether it
was given again, and by whom. At most MOST_COMMITS commits are walked; past that, the first
ones and the last are, and the diff says so.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ...base.problems import Location, Problem
from ...base.reading.read_input import current_limits, file_digest
from ...base.settings import BIBLIOGRAPHY_FILE, EVIDENCE_FOLDER
from ...check.approvals import ReviewState, review_state
from ...check.sources.snapshot_index import Snapshot
from ...check.sources.snapshot_store import SnapshotStore
from ...load.bibtex.bibliography import BibEntry, Bibliography, load_bibliography
from ...load.evidence import load_evidence_file
from ...load.models import EvidenceItem
from ...load.workspace import Workspace
from .revisions import Repository, Revision, _Blob, _blobs, _contents, read_git
from .signoffs import SignOffAt, SignOffLoader, signoffs_at, subject

MOST_COMMITS = 200  # walked at most, per diff
_GIVEN = ("checked", "approved")


@dataclass
class StaleOnTheWay:
    """An approval (or check) that held at one step of the range and was stale at the next."""

    id: str  # the item's, or `statement NAME` for a statement's sign-off
    location: Location  # the item (or changed part), at the commit where it became stale
    commit: str | None  # where it became stale (None: the working tree)
    status: str  # what had been given: checked or approved
    by: str
    on: str
    changed: list[str] = field(default_factory=list)  # what changed, in words
    given_again: str | None = None  # "approved by X on D", when given again later
    again_at: str | None = None  # the commit it was given again at (None: the working tree)
    removed_at: str | None = None  # the commit the item (or dossier) was removed at, if it was
    statement: str | None = None  # the dossier, when it is a statement's sign-off


@dataclass
class StaleWalk:
    found: list[StaleOnTheWay] = field(default_factory=list)
    steps: int = 0  # commits in the range (and the working tree, when it is the newer side)
    walked: int = 0  # of those, the ones walked

    @property
    def capped(self) -> bool:
        return self.walked < self.steps


class _DigestStore(SnapshotStore):
    """Snapshots as an approval sees them at a commit: their digest alone, from git's blob."""

    def __init__(
        self,
        root: Path,
        digests: dict[str, str | None],
        blobs: dict[str, _Blob],
        inputs: tuple[object, ...] = (),
    ):
        super().__init__(root)
        self._blob_digests = digests  # by blob id, shared across commits
        self._blobs = blobs  # by snapshot path, at this commit
        self._inputs = inputs  # the evidence files' and bibliography's blobs

    def key(self) -> tuple[object, ...]:
        """What the approvals at this commit depend on, as blob ids: the same key, the same
        review states."""
        snapshots = tuple(sorted((name, b.object_id) for name, b in self._blobs.items()))
        return (self._inputs, snapshots)

    def of(self, entry: BibEntry) -> tuple[Snapshot | None, list[Problem]]:
        name = entry.get("snapshot")
        blob = self._blobs.get(name) if name else None
        digest = self._blob_digests.get(blob.object_id) if blob else None
        if name is None or digest is None:
            return None, []
        return Snapshot(name, digest), []


def walk_stale(
    repository: Repository,
    old: Revision,
    new: Revision,
    first: tuple[Workspace, SnapshotStore],
    last: tuple[Workspace, SnapshotStore],
) -> StaleWalk:
    """Each approval made stale between `old` and `new` (`first` and `last` are the two ends,
    already loaded), in the order it became stale."""
    assert old.commit is not None
    end = new.commit or "HEAD"
    listed: list[str | None] = [
        *read_git(repository.top, "rev-list", "--reverse", f"{old.commit}..{end}")
        .decode()
        .split()
    ]
    if new.commit is None:
        listed.append(None)  # the working tree, after HEAD
    walk = StaleWalk(steps=len(listed))
    if len(listed) > MOST_COMMITS:
        listed = [*listed[: MOST_COMMITS - 1], listed[-1]]
    walk.walked = len(listed)
    loader = _Loader(repository)
    signoffs = SignOffLoader(repository.top)
    previous = _states(first[0], first[1])
    seen: object = None
    open_: dict[str, StaleOnTheWay] = {}
    for index, step in enumerate(listed):
        if index == len(listed) - 1:
            states = _states(*last)
        else:
            assert step is not None
            inputs = loader.inputs(step)
            evidence, bibliography, store = loader.load(inputs)
            key = (store.key(), signoffs.key(inputs.snapshots))
            if key == seen:
                continue  # nothing an approval or a sign-off depends on changed
            seen = key
            states = {
                **_item_states(evidence, bibliography, store),
                **_signoff_states(signoffs.signoffs(inputs.snapshots)),
            }
        for id_, (location, state, statement) in states.items():
            before = previous.get(id_)
            was = before[1].status if before else None
            if was in _GIVEN and state.status == "stale":
                event = StaleOnTheWay(
                    id_,
                    location,
                    step,
                    state.recorded,
                    state.by or "(no one named)",
                    state.on.isoformat() if state.on else "(no date)",
                    state.changed,
                    statement=statement,
                )
                walk.found.append(event)
                open_[id_] = event
            elif state.status in _GIVEN and id_ in open_:
                event = open_.pop(id_)
                event.given_again, event.again_at = state.who(), step
        for id_ in [i for i in open_ if i not in states]:
            open_.pop(id_).removed_at = step
        previous = states
    return walk


# Each item's (and each statement's, as `statement NAME`) review state at a step of the walk:
# where it is, the state, and the dossier when it is a statement's sign-off.
_States = dict[str, tuple[Location, ReviewState, str | None]]


def _states(workspace: Workspace, store: SnapshotStore) -> _States:
    return {
        **_item_states(workspace.evidence, workspace.bibliography, store),
        **_signoff_states(signoffs_at(workspace)),
    }


def _item_states(
    evidence: dict[str, EvidenceItem], bibliography: Bibliography, store: SnapshotStore
) -> _States:
    return {
        id_: (item.location, review_state(item, bibliography, store), None)
        for id_, item in evidence.items()
    }


def _signoff_states(signoffs: dict[str, SignOffAt]) -> _States:
    return {
        subject(name): (at.location, at.state, name)
        for name, at in signoffs.items()
    }


@dataclass(frozen=True)
class _Inputs:
    """What the approvals at a commit depend on, as git blobs."""

    evidence: tuple[_Blob, ...]  # the evidence files, in the order they are read
    bibliography: _Blob | None
    snapshots: dict[str, _Blob]  # every other file of the workspace, by path


class _Loader:
    """Loads the evidence, bibliography and snapshot digests at each commit, each blob once."""

    def __init__(self, repository: Repository):
        self.repository = repository
        self.items: dict[tuple[str, str], list[EvidenceItem]] = {}  # by path and blob id
        self.bibliographies: dict[str, Bibliography] = {}  # by blob id
        self.digests: dict[str, str | None] = {}  # a snapshot's sha256, by blob id

    def inputs(self, commit: str) -> _Inputs:
        prefix = self.repository.prefix
        listing = read_git(
            self.repository.top,
            "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", prefix or ".",
        )  # fmt: skip
        evidence, bibliography, others = [], None, {}
        for blob in _blobs(listing, prefix):
            parts = blob.path.parts
            if blob.path == PurePosixPath(BIBLIOGRAPHY_FILE):
                bibliography = blob
            elif len(parts) == 2 and parts[0] == EVIDENCE_FOLDER and blob.path.suffix in (
                ".yaml",
                ".yml",
            ):
                evidence.append(blob)
            else:
                others[str(blob.path)] = blob
        evidence.sort(key=lambda b: b.path.name)
        return _Inputs(tuple(evidence), bibliography, others)

    def load(
        self, inputs: _Inputs
    ) -> tuple[dict[str, EvidenceItem], Bibliography, _DigestStore]:
        limit = current_limits().file_bytes
        files = [b for b in inputs.evidence if (str(b.path), b.object_id) not in self.items]
        bibliography = inputs.bibliography
        unread = [*files]
        if bibliography is not None and bibliography.object_id not in self.bibliographies:
            unread.append(bibliography)
        readable = [b for b in unread if not b.link and b.size <= limit]
        contents = _contents(self.repository.top, readable)
        with tempfile.TemporaryDirectory(prefix="dossier-stale-") as folder:
            root = Path(folder)
            for blob in files:
                path = root / blob.path.name
                path.write_bytes(contents.get(blob.object_id, b""))
                shown = str(PurePosixPath(EVIDENCE_FOLDER, blob.path.name))
                self.items[(str(blob.path), blob.object_id)] = load_evidence_file(path, shown)[0]
            if bibliography is not None and bibliography.object_id not in self.bibliographies:
                path = root / BIBLIOGRAPHY_FILE
                path.write_bytes(contents.get(bibliography.object_id, b""))
                loaded, _ = load_bibliography(path, BIBLIOGRAPHY_FILE)
                self.bibliographies[bibliography.object_id] = loaded
        evidence: dict[str, EvidenceItem] = {}
        for blob in inputs.evidence:
            for item in self.items[(str(blob.path), blob.object_id)]:
                evidence.setdefault(item.id, item)
        found = (
            self.bibliographies[bibliography.object_id]
            if bibliography is not None
            else Bibliography(BIBLIOGRAPHY_FILE)
        )
        snapshots = self._snapshots(found, inputs.snapshots)
        read = tuple((str(b.path), b.object_id) for b in inputs.evidence)
        key = (read, bibliography.object_id if bibliography else None)
        return evidence, found, _DigestStore(self.repository.top, self.digests, snapshots, key)

    def _snapshots(self, bibliography: Bibliography, blobs: dict[str, _Blob]) -> dict[str, _Blob]:
        """The blob of each snapshot the bibliography names, by its path as written, each
        one's digest read once (None: over the size limit or a link, which the store would
        not read either)."""
        named: dict[str, _Blob] = {}
        for entry in bibliography.entries.values():
            name = entry.get("snapshot")
            blob = blobs.get(str(PurePosixPath(name))) if name else None
            if name and blob is not None:
                named[name] = blob
        limit = current_limits().snapshot_bytes
        unseen = {b.object_id: b for b in named.values() if b.object_id not in self.digests}
        readable = [b for b in unseen.values() if not b.link and b.size <= limit]
        for object_id in unseen:
            self.digests[object_id] = None
        for object_id, data in _contents(self.repository.top, readable).items():
            self.digests[object_id] = file_digest(data)
        return named
