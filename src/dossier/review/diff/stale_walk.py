"""Approvals made stale at some commit of a range, even when approved again later: comparing
the two ends alone misses an item approved at v1, changed at v2 and approved again at v3.

The commits of the range (`git rev-list --reverse A..B`, through base/git.py, never the
repository's hooks or configuration) are walked in order. At each, only what an approval
depends on is loaded: the evidence files, bibliography.bib, and each snapshot's digest, taken
from its git blob (each blob read once, however many commits name it) rather than written
out. An approval that held at one commit and is stale at the next became stale there; it is
followed to the end of the range to say whether it was given again, and by whom. At most
MOST_COMMITS commits are walked; past that, the first ones and the last are, and the diff
says so.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ...base.problems import Location, Problem
from ...base.read_input import current_limits, file_digest
from ...base.settings import BIBLIOGRAPHY_FILE, EVIDENCE_FOLDER
from ...check.approvals import ReviewState, review_state
from ...check.sources.snapshot_index import Snapshot
from ...check.sources.snapshot_store import SnapshotStore
from ...load.bibtex.bibliography import BibEntry, Bibliography, load_bibliography
from ...load.evidence import load_evidence
from ...load.models import EvidenceItem
from ...load.workspace import Workspace
from .revisions import Repository, Revision, _Blob, _blobs, _contents, _writable, read_git

MOST_COMMITS = 200  # walked at most, per diff
_GIVEN = ("checked", "approved")


@dataclass
class StaleOnTheWay:
    """An approval (or check) that held at one step of the range and was stale at the next."""

    id: str
    location: Location  # the item, at the commit where its approval became stale
    commit: str | None  # where it became stale (None: the working tree)
    status: str  # what had been given: checked or approved
    by: str
    on: str
    changed: list[str] = field(default_factory=list)  # what changed, in words
    given_again: str | None = None  # "approved by X on D", when given again later
    again_at: str | None = None  # the commit it was given again at (None: the working tree)
    removed_at: str | None = None  # the commit the item was removed at, if it was


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

    def __init__(self, root: Path, digests: dict[str, str | None], blobs: dict[str, _Blob]):
        super().__init__(root)
        self._blob_digests = digests  # by blob id, shared across commits
        self._blobs = blobs  # by snapshot path, at this commit

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
    digests: dict[str, str | None] = {}
    previous = _states(*first)
    open_: dict[str, StaleOnTheWay] = {}
    for index, step in enumerate(listed):
        if index == len(listed) - 1:
            workspace, store = last
            evidence, bibliography = workspace.evidence, workspace.bibliography
        else:
            assert step is not None
            evidence, bibliography, store = _load_at(repository, step, digests)
        states = _states_of(evidence, bibliography, store)
        for id_, (item, state) in states.items():
            before = previous.get(id_)
            was = before[1].status if before else None
            if was in _GIVEN and state.status == "stale":
                event = StaleOnTheWay(
                    id_,
                    item.location,
                    step,
                    state.recorded,
                    state.by or "(no one named)",
                    state.on.isoformat() if state.on else "(no date)",
                    state.changed,
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


def _states(
    workspace: Workspace, store: SnapshotStore
) -> dict[str, tuple[EvidenceItem, ReviewState]]:
    return _states_of(workspace.evidence, workspace.bibliography, store)


def _states_of(
    evidence: dict[str, EvidenceItem], bibliography: Bibliography, store: SnapshotStore
) -> dict[str, tuple[EvidenceItem, ReviewState]]:
    return {id_: (item, review_state(item, bibliography, store)) for id_, item in evidence.items()}


def _load_at(
    repository: Repository, commit: str, digests: dict[str, str | None]
) -> tuple[dict[str, EvidenceItem], Bibliography, SnapshotStore]:
    """The evidence and bibliography at `commit` (only their own files written out), and a
    store of the digests of the snapshots the bibliography names."""
    paths = [repository.prefix + name for name in (BIBLIOGRAPHY_FILE, EVIDENCE_FOLDER)]
    listing = read_git(
        repository.top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *paths
    )
    limit = current_limits().file_bytes
    wanted = [
        blob
        for blob in _blobs(listing, repository.prefix)
        if not blob.link
        and blob.size <= limit
        and (
            blob.path == PurePosixPath(BIBLIOGRAPHY_FILE)
            or (
                len(blob.path.parts) == 2
                and blob.path.parts[0] == EVIDENCE_FOLDER
                and blob.path.suffix in (".yaml", ".yml")
            )
        )
    ]
    contents = _contents(repository.top, wanted)
    with tempfile.TemporaryDirectory(prefix="dossier-stale-") as folder:
        root = Path(folder)
        for blob in wanted:
            _writable(root, blob.path).write_bytes(contents[blob.object_id])
        loaded = load_evidence(root)
        bibliography, _ = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
        evidence: dict[str, EvidenceItem] = {}
        for item in loaded.items:
            evidence.setdefault(item.id, item)
    store = _DigestStore(root, digests, _snapshot_blobs(repository, commit, bibliography, digests))
    return evidence, bibliography, store


def _snapshot_blobs(
    repository: Repository, commit: str, bibliography: Bibliography, digests: dict[str, str | None]
) -> dict[str, _Blob]:
    """The blob of each snapshot the bibliography names, by its path as written; the digest
    of each blob not seen at an earlier commit is added to `digests` (None: over the size
    limit or a link, as the store would not read it)."""
    names: dict[str, str] = {}
    for entry in bibliography.entries.values():
        name = entry.get("snapshot")
        if name:
            path = PurePosixPath(name)
            if not path.is_absolute() and ".." not in path.parts:
                names[str(path)] = name
    if not names:
        return {}
    listing = read_git(
        repository.top,
        "ls-tree",
        "-l",
        "-z",
        "--full-tree",
        commit,
        "--",
        *[repository.prefix + path for path in names],
    )
    found = _blobs(listing, repository.prefix)
    blobs = {names[str(b.path)]: b for b in found if str(b.path) in names}
    limit = current_limits().snapshot_bytes
    unseen = {b.object_id: b for b in blobs.values() if b.object_id not in digests}
    readable = [b for b in unseen.values() if not b.link and b.size <= limit]
    for blob in unseen.values():
        digests[blob.object_id] = None
    for object_id, data in _contents(repository.top, readable).items():
        digests[object_id] = file_digest(data)
    return blobs
