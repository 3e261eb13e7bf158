"""One build of a dossier at a time: `build/.<name>.lock`, locked with flock while the build
runs. A second build of the same dossier fails at once with a message naming the first
one's process, or, with `--wait`, waits for it. The lock belongs to the open file: a build
killed with SIGKILL releases it (its file stays, harmless, until the next build of the
dossier removes it); a build that ends removes it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..base.problems import CommandFailed
from ..base.settings import BUILD_FOLDER, CACHE_FOLDER, lock_path


@contextmanager
def build_locks(root: Path, names: list[str], wait: bool) -> Iterator[None]:
    """Hold the lock of every dossier in `names` (taken in order, so two builds of several
    dossiers cannot each hold one the other needs)."""
    with ExitStack() as stack:
        for name in sorted(set(names)):
            stack.enter_context(_locked(lock_path(root, name), name, wait))
        yield


@contextmanager
def _locked(path: Path, name: str, wait: bool) -> Iterator[None]:
    """Hold the lock at `path`; remove it, and build/ if this made it, when done, so that a
    build that wrote nothing leaves nothing."""
    made_folder = not path.parent.exists()
    descriptor = _acquire(path, name, wait)
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        path.unlink(missing_ok=True)  # while still held: a build waiting on it starts afresh
        os.close(descriptor)
        if made_folder:
            _remove_if_nothing_was_written(path.parent)


def _remove_if_nothing_was_written(build: Path) -> None:
    """build/, made by this build, if it holds nothing but the text cache that the checks
    just filled (outputs, or another build's lock, keep it)."""

    try:
        if {child.name for child in build.iterdir()} <= {CACHE_FOLDER.name}:
            shutil.rmtree(build / CACHE_FOLDER.name, ignore_errors=True)
        build.rmdir()
    except OSError:
        pass


def _acquire(path: Path, name: str, wait: bool) -> int:
    """The open, locked lock file. A file removed by the build that held it is not the lock
    any more: opened again until the file locked is the one at `path`."""
    shown = f"{BUILD_FOLDER}/{path.name}"
    while True:
        path.parent.mkdir(exist_ok=True)
        try:  # never through a link, and never blocking on a FIFO put in its place
            flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            descriptor = os.open(path, flags, 0o666)
        except FileNotFoundError:
            continue  # build/ was removed by a build that just finished
        except OSError as error:
            raise CommandFailed(f"cannot lock {shown}: {error.strerror}; remove it") from None
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise CommandFailed(f"{shown} is not a file; remove it")
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
                raise CommandFailed(
                    f"another build of `{name}` is running"
                    + (f" (process {holder})" if holder.isdigit() else "")
                    + "; wait for it to finish, or pass --wait to start when it has"
                ) from None
            if _same_file(path, descriptor):
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


def _same_file(path: Path, descriptor: int) -> bool:
    try:
        on_disk, opened = os.stat(path, follow_symlinks=False), os.fstat(descriptor)
    except FileNotFoundError:
        return False
    return (on_disk.st_dev, on_disk.st_ino) == (opened.st_dev, opened.st_ino)
