"""Write outputs so that a failed build never leaves a partial file nor replaces a good one.

Temporary files are named `.<target>.<pid>.<random>.partial`: unique to the process that
writes them, so that a leftover is removed only once the process that made it is gone, never
while another command is still writing it.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..load.time_limit import not_interrupted

_PARTIAL = re.compile(r"^\..*\.(\d+)\.[^.]*\.partial$")


def write_together(outputs: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first; rename them into place only when all
    were written. A crash before the renames leaves the previous outputs untouched."""
    staged = stage_files(outputs)
    with not_interrupted():
        for temporary, target in staged:
            os.replace(temporary, target)


def stage_files(outputs: Mapping[Path, bytes]) -> list[tuple[Path, Path]]:
    """Each file written in full to a temporary sibling, as (temporary, target) pairs; if any
    write fails, none is left behind."""
    for folder in {target.parent for target in outputs}:
        remove_leftovers(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.{os.getpid()}.", suffix=".partial", dir=target.parent
            )
            staged.append((Path(name), target))
            os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    return staged


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files of a write that was killed before it could clean up (a
    SIGKILL cannot be caught), so that no partial file outlives the next write. Only files of
    processes that no longer run: another command may be writing its own right now."""
    for leftover in folder.glob(".*.partial") if folder.is_dir() else []:
        found = _PARTIAL.match(leftover.name)
        if found is None or not _running(int(found.group(1))):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own leftovers are not being written now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process: leave its files alone
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
