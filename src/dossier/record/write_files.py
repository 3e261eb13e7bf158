"""Write outputs so that a failed build never leaves a partial file nor replaces a good one."""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from pathlib import Path

_calls = itertools.count()  # next() on it is atomic: no two threads get the same number


def write_together(outputs: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first; rename them into place only when all
    were written. A crash before the renames leaves the previous outputs untouched."""
    for folder in {target.parent for target in outputs}:
        remove_leftovers(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary, handle = _create_beside(target)
            staged.append((temporary, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files of a write that was killed before it could clean up (a
    SIGKILL cannot be caught), so that no partial file outlives the next write."""
    for leftover in folder.glob(".*.partial") if folder.is_dir() else []:
        leftover.unlink(missing_ok=True)


def _create_beside(target: Path) -> tuple[Path, int]:
    """A new, empty temporary file beside `target`, open for writing. Its mode is 0666 less
    the umask, as for any file the user creates: the kernel applies the umask itself, so the
    process never has to change it (reading the umask means setting it, for every thread).
    The name is unique to this process and call; one a killed process left is skipped."""
    while True:
        temporary = target.with_name(f".{target.name}.{os.getpid()}.{next(_calls)}.partial")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
