"""The workspace as it was at a git revision: which commit a name means, and the workspace's
files at that commit written out to a temporary folder, so that the ordinary loaders read
them exactly as they read the working tree.

Blobs are read raw (`git cat-file`), never through the repository's filters, and written
only inside the temporary folder; a file larger than any size limit is written as an empty
sparse file of its size, so that the loaders report it as too large without it being read.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ...base.git import GitError, GitNotInstalled, read_git, run_git
from ...base.problems import UsageError
from ...base.reading.paths import within
from ...base.reading.read_input import current_limits
from ...base.settings import BIBLIOGRAPHY_FILE, DOSSIERS_FOLDER, EVIDENCE_FOLDER, TEMPLATES_FOLDER
from .notes_facts import ALLOWED_SIGNERS_FILE

# What a workspace consists of, from its root; build/ and everything else is not compared.
WORKSPACE_PATHS = (
    BIBLIOGRAPHY_FILE,
    EVIDENCE_FOLDER,
    DOSSIERS_FOLDER,
    TEMPLATES_FOLDER,
    ALLOWED_SIGNERS_FILE,  # the keys that may sign approvals
)
_BATCH_BYTES = 32_000_000  # blobs read per `git cat-file --batch`, at most (or one blob)
_LINK_MODE = b"120000"


@dataclass(frozen=True)
class Repository:
    """The git repository a workspace is in, and the workspace's folder inside it."""

    top: Path
    prefix: str  # "" at the top, else "folder/inside/" with its slash


@dataclass(frozen=True)
class Revision:
    """A revision as the user named it, and the commit it means (None: the working tree)."""

    name: str
    commit: str | None = None

    @property
    def shown(self) -> str:
        if self.commit is None:
            return "the working tree"
        short = self.commit[:10]
        return short if self.commit.startswith(self.name) else f"{self.name} ({short})"


def open_repository(
    root: Path, needed_for: str = "dossier diff compares two commits of it"
) -> Repository:
    """The repository holding the workspace at `root`; a usage error when there is none,
    saying what it is `needed_for`."""
    try:
        top = run_git(root, "rev-parse", "--show-toplevel").strip()
        prefix = run_git(root, "rev-parse", "--show-prefix").strip()
    except GitError as error:
        reason = "git is not installed" if isinstance(error, GitNotInstalled) else "no .git found"
        raise UsageError(
            f"the workspace {root} is not in a git repository ({reason}); {needed_for}: "
            "run `git init` there and commit the workspace"
        ) from None
    return Repository(Path(top), prefix)


def revisions(repository: Repository, old: str, new: str | None) -> tuple[Revision, Revision]:
    """The two revisions a diff compares, named as git names them: `A B`, `A` alone (A and the
    working tree), `A..B` (A and B) or `A...B` (B and where it left A: the merge base of the
    two, so that only B's side of the change shows, as on a pull request). A side of a range
    left empty is HEAD."""
    if ".." in old:
        if new is not None:
            raise UsageError(
                f"`{old}` is already a range of two revisions: give it alone, or give two "
                "revisions without `..`"
            )
        three = "..." in old
        first, _, second = old.partition("..." if three else "..")
        start, end = resolve(repository, first or "HEAD"), resolve(repository, second or "HEAD")
        if three:
            start = _merge_base(repository, start, end)
        return start, end
    return resolve(repository, old), (
        resolve(repository, new) if new is not None else Revision("working tree")
    )


def _merge_base(repository: Repository, one: Revision, other: Revision) -> Revision:
    assert one.commit is not None and other.commit is not None
    try:
        base = run_git(repository.top, "merge-base", one.commit, other.commit).strip()
    except GitError:
        base = ""
    if not base:
        raise UsageError(
            f"`{one.name}` and `{other.name}` have no commit in common, so "
            f"`{one.name}...{other.name}` compares nothing: give `{one.name}..{other.name}` to "
            "compare the two as they are"
        )
    return Revision(f"the merge base of {one.name} and {other.name}", base)


def resolve(repository: Repository, name: str) -> Revision:
    """The commit `name` (a hash, branch, tag, HEAD~2...) means; a usage error naming it."""
    try:
        commit = run_git(
            repository.top,
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{name}^{{commit}}",
        ).strip()
    except GitError:
        commit = ""
    if not commit:
        raise UsageError(
            f"unknown revision `{name}`: no commit of that name in the repository at "
            f"{repository.top} (`git log --oneline` lists its commits)"
        )
    return Revision(name, commit)


@contextmanager
def workspace_at(repository: Repository, revision: Revision, root: Path) -> Iterator[Path]:
    """The folder holding the workspace's files at `revision`: `root` itself for the
    working tree, else a temporary folder, removed afterwards."""
    if revision.commit is None:
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder:
        write_workspace(repository, revision.commit, Path(folder))
        yield Path(folder)


@dataclass(frozen=True)
class _Blob:
    path: PurePosixPath
    object_id: str
    size: int
    link: bool


def write_workspace(repository: Repository, commit: str, into: Path) -> None:
    """Write the workspace's files at `commit` into the empty folder `into`."""
    paths = [repository.prefix + name for name in WORKSPACE_PATHS]
    listing = read_git(
        repository.top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", *paths
    )
    blobs = list(_blobs(listing, repository.prefix))
    limit = max(current_limits().file_bytes, current_limits().snapshot_bytes)
    for blob in blobs:
        if not blob.link and blob.size > limit:
            with open(_writable(into, blob.path), "wb") as sparse:
                sparse.truncate(blob.size)
    wanted = [b for b in blobs if b.link or b.size <= limit]
    links: list[tuple[_Blob, bytes]] = []
    # One batch of blobs in memory at a time (a blob may be a 200 MB snapshot): each file is
    # written as soon as it is read; links last, so that no file is written through a link.
    for blob, content in _contents(repository.top, wanted):
        if blob.link:
            links.append((blob, bytes(content)))
        else:
            _writable(into, blob.path).write_bytes(content)
    for blob, target in links:
        os.symlink(os.fsdecode(target), _writable(into, blob.path))


def _blobs(listing: bytes, prefix: str) -> Iterator[_Blob]:
    """The files of a `git ls-tree -r -l -z` listing, their paths from the workspace's root;
    submodules and any path that would not stay inside the folder are left out."""
    for record in listing.split(b"\0"):
        meta, tab, raw_path = record.partition(b"\t")
        fields = meta.split()
        if not tab or len(fields) != 4 or fields[1] != b"blob":
            continue
        full = os.fsdecode(raw_path)
        if not full.startswith(prefix):
            continue
        path = PurePosixPath(full[len(prefix) :])
        if path.is_absolute() or not path.parts or {"..", ".", ".git"} & set(path.parts):
            continue
        yield _Blob(path, fields[2].decode(), int(fields[3]), fields[0] == _LINK_MODE)


def _writable(into: Path, path: PurePosixPath) -> Path:
    """Where to write `path`: inside `into`, its folders made, nothing already there."""
    target = into.joinpath(*path.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not within(target.parent, into) or target.is_symlink():
        raise GitError(f"the commit's tree writes {path} outside the workspace")
    return target


def _contents(top: Path, blobs: list[_Blob]) -> Iterator[tuple[_Blob, memoryview]]:
    """Each blob with its bytes, read raw with `git cat-file --batch` a few megabytes at a
    time (or one blob), one batch after the other."""
    batch: list[_Blob] = []
    for index, blob in enumerate(blobs):
        batch.append(blob)
        size = sum(b.size for b in batch)
        following = blobs[index + 1].size if index + 1 < len(blobs) else 0
        if index + 1 == len(blobs) or size + following > _BATCH_BYTES:
            names = "".join(f"{b.object_id}\n" for b in batch).encode()
            answer = read_git(top, "cat-file", "--batch", stdin=names)
            for asked, (object_id, content) in zip(batch, _parse_batch(answer), strict=True):
                if object_id != asked.object_id:
                    raise GitError(f"git cat-file: answered {object_id} for {asked.object_id}")
                yield asked, content
            batch = []


def _parse_batch(output: bytes) -> Iterator[tuple[str, memoryview]]:
    """`<id> <type> <size>\\n<content>\\n` for each object of a `cat-file --batch` answer,
    each content a view of `output`, not a copy."""
    view = memoryview(output)
    at = 0
    while at < len(output):
        header_end = output.index(b"\n", at)
        header = output[at:header_end].split()
        if len(header) != 3:
            raise GitError(f"git cat-file: unexpected answer {header!r}")
        size = int(header[2])
        start = header_end + 1
        yield header[0].decode(), view[start : start + size]
        at = start + size + 1
