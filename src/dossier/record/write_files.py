"""Write outputs so that a failed build never leaves a partial file nor replaces a good one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_together(outputs: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary sibling first; rename them into place only when all
    were written. A crash before the renames leaves the previous outputs untouched."""
    for folder in {target.parent for target in outputs}:
        remove_leftovers(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".partial", dir=target.parent
            )
            temporary = Path(name)
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((temporary, target))
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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
