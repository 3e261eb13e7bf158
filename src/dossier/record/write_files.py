"""Write outputs so that a failed build never leaves a partial file nor replaces a good one.

Temporary files are named `.<target>.<pid>.<n>.partial`: unique to the process that
writes them, so that a leftover is removed only once the process that made it is gone, never
while another command is still writing it.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..base.reading.paths import workspace_file
from ..base.time_limit import not_interrupted

_calls = itertools.count()  # next() on it is atomic: no two threads get the same number
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
    return staged


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files of a write that was killed before it could clean up (a
    SIGKILL cannot be caught), so that no partial file outlives the next write. Only files of
    processes that no longer run: another command may be writing its own right now."""
    for leftover in folder.glob(".*.partial") if folder.is_dir() else []:
        found = _PARTIAL.match(leftover.name)
        if found is None or not running(int(found.group(1))):
            leftover.unlink(missing_ok=True)


def running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own files: being written now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process: leave its files alone
    return True


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


JOURNAL = ".dossier-journal.json"


def write_as_one(outputs: Mapping[Path, bytes], root: Path) -> None:
    """Write files of the workspace that must change together (a snapshot and the sha256
    that bibliography.bib records for it): all are staged, then a journal naming the renames
    is put in place, then the renames are made, then the journal is removed. A process killed
    between two renames leaves the journal, and the next command finishes them
    (`finish_interrupted_writes`); killed before the journal, it leaves every file as it was."""
    finish_interrupted_writes(root)
    staged = stage_files(outputs)
    renames = [[_relative(t, root), _relative(f, root)] for t, f in staged]
    journal = root / JOURNAL
    try:
        document = {"pid": os.getpid(), "renames": renames}
        [(temporary, _)] = stage_files({journal: json.dumps(document).encode()})
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    with not_interrupted():
        os.replace(temporary, journal)  # from here on, the renames will be made
        for temporary, target in staged:
            os.replace(temporary, target)
        journal.unlink()


def finish_interrupted_writes(root: Path) -> list[str]:
    """Make the renames a killed `write_as_one` left undone (unless the process that wrote the
    journal still runs); the files they made. The journal is read as hostile input: only a
    `.partial` file renamed to its sibling inside the workspace, neither a link, is acted on."""
    journal = root / JOURNAL
    if not journal.is_file() or journal.is_symlink():
        return []
    try:
        document = json.loads(journal.read_bytes()[:1_000_000])
        renames, pid = document["renames"], document["pid"]
    except (ValueError, KeyError, TypeError, OSError):
        renames, pid = [], 0
    if isinstance(pid, int) and running(pid):
        return []  # still being written by a command that runs now
    done = []
    for pair in renames if isinstance(renames, list) else []:
        paths = _journal_pair(pair, root)
        if paths is not None and paths[0].is_file() and not paths[0].is_symlink():
            os.replace(*paths)
            done.append(pair[1])
    journal.unlink(missing_ok=True)
    return done


def _journal_pair(pair: object, root: Path) -> tuple[Path, Path] | None:
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
        return None
    temporary, target = (workspace_file(p, root) for p in pair)
    if temporary is None or target is None or temporary.parent != target.parent:
        return None
    if not _PARTIAL.match(temporary.name) or not temporary.name.startswith(f".{target.name}."):
        return None
    if (root / pair[0]).is_symlink() or (root / pair[1]).is_symlink():
        return None
    return root / pair[0], root / pair[1]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
