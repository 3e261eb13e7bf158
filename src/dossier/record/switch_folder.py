"""Switch a dossier's output folder as one: a build writes every output into a staging folder
beside build/<name>/, then swaps the two, so that a build killed at any moment leaves the
previous set of outputs or the new one, never a mix of both (a PDF beside the manifest of
another), and nothing of a set it replaced (a package/ made from the earlier outputs).

On Linux the swap is one system call, renameat2(RENAME_EXCHANGE): build/<name>/ is at every
moment a whole folder, the previous one or the new one. Where the file system cannot
exchange (or the system has no renameat2), the folder is switched with two renames: the
previous folder to `.<name>.<pid>.<n>.previous`, then the staging one into place. A kill
between the two leaves no build/<name>/ until the next build of the dossier, which puts the
previous folder back before anything else (`recover`).

Staging folders are named `.<name>.<pid>.<n>.staging`, unique to the process that writes
them: what a killed build left is removed by the next build of the dossier (which holds its
lock), never while another process that still runs is writing it.
"""

from __future__ import annotations

import ctypes
import errno
import itertools
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..base.time_limit import not_interrupted
from .write_files import remove_leftovers, running

_calls = itertools.count()
_LEFTOVER = re.compile(r"^\.(.+)\.(\d+)\.(\d+)\.(staging|previous)$")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def write_folders(contents: Mapping[Path, Mapping[str, bytes]]) -> None:
    """Each folder's files (by name) written in full to a staging folder beside it; then,
    when all were written, each folder switched for its staging one. A failure or a kill
    before the switch leaves every folder as it was."""
    staged: list[tuple[Path, Path]] = []
    try:
        for folder, files in contents.items():
            staging = _new_beside(folder, "staging")
            staged.append((staging, folder))
            _write_all(staging, files)
    except BaseException:
        for staging, _ in staged:
            _remove(staging)
        raise
    with not_interrupted():
        for staging, folder in staged:
            _switch(staging, folder)
    for staging, _ in staged:  # each now holds the outputs it replaced, if any
        _remove(staging)


def recover(folder: Path) -> None:
    """Undo what a build of `folder` that was killed left: the previous folder put back when
    it was taken away and the new one not yet put in its place, every staging folder of a
    process that no longer runs removed, and the partial files of the writes of before."""
    parent = folder.parent
    beside = list(parent.iterdir()) if parent.is_dir() else []
    leftovers = [p for p in beside if _leftover_of(p, folder.name)]
    for leftover in sorted(leftovers, key=lambda p: p.name.endswith(".staging")):
        found = _LEFTOVER.match(leftover.name)
        assert found is not None
        if running(int(found.group(2))):
            continue
        if found.group(4) == "previous" and not os.path.lexists(folder):
            os.rename(leftover, folder)
        else:
            _remove(leftover)
    remove_leftovers(folder)


def _leftover_of(path: Path, name: str) -> bool:
    found = _LEFTOVER.match(path.name)
    return found is not None and found.group(1) == name


def _new_beside(folder: Path, kind: str) -> Path:
    """A new, empty folder beside `folder`, named for this process and call."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    while True:
        path = folder.with_name(f".{folder.name}.{os.getpid()}.{next(_calls)}.{kind}")
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _write_all(staging: Path, files: Mapping[str, bytes]) -> None:
    for name, content in files.items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        with os.fdopen(os.open(target, flags, 0o666), "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    _sync(staging)


def _switch(staging: Path, folder: Path) -> None:
    """Put `staging` where `folder` is; `staging` then holds what `folder` held, if anything."""
    if not os.path.lexists(folder):
        os.rename(staging, folder)
    elif not _exchange(staging, folder):
        previous = _new_beside(folder, "previous")
        previous.rmdir()
        os.rename(folder, previous)  # a kill from here...
        os.rename(staging, folder)  # ...to here leaves `previous`, which `recover` puts back
        os.rename(previous, staging)
    _sync(folder.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step with Linux's renameat2(RENAME_EXCHANGE); False where the
    system or the file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _sync(folder: Path) -> None:
    """Make the folder's entries durable (a rename is an entry of its parent)."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    """A leftover folder, or a link put in place of one (never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
