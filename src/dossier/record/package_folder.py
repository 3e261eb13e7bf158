"""Write a folder of files as one: staged in full beside it, then switched in by renames, so
that a reader finds the previous folder whole or the new one whole, never a mixture, and a
failed write leaves the previous one as it was.

The staging and the replaced folder are named `.<target>.<pid>.staging` and `.old`; the
caller holds the dossier's build lock, so one found there is a killed write's, and removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from ..base.time_limit import not_interrupted


def write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """`target` holding exactly `files` (names without a folder, to their bytes)."""
    for leftover in target.parent.glob(f".{target.name}.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}.staging")
    staging.mkdir(parents=True)
    try:
        for name, content in files.items():
            _write_file(staging / name, content)
        _fsync(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    with not_interrupted():
        if target.is_dir() and not target.is_symlink():
            os.rename(target, old)
        elif target.exists() or target.is_symlink():
            target.unlink()  # a file or a link where the folder goes: never followed
        os.rename(staging, target)
        _fsync(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def _write_file(path: Path, content: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags, 0o666), "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
