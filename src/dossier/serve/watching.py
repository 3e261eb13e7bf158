"""Which saves in a workspace call for a new check: any file in it, except what a build
writes (build/), version control's and editors' own files (.git/, swap and backup files).
Statements, evidence, the bibliography, snapshots and templates all count.

The folders are watched one by one, as found without following a link: a link to a folder
(`dossiers/x -> /`) is never entered, whereas a recursive watch would follow it and walk
whatever it leads to. When a folder is made or removed, the folders are found again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watchfiles import Change, DefaultFilter, watch

from ..base.reading.paths import within
from ..base.settings import BUILD_FOLDER

# Each folder without its subfolders (found by watched_folders); saves grouped over 400 ms.
_TIMING: dict[str, Any] = dict(
    recursive=False, debounce=400, step=30, rust_timeout=500, yield_on_timeout=False
)


class WorkspaceFilter(DefaultFilter):
    def __init__(self, root: Path) -> None:
        super().__init__()
        self._build = root.resolve() / BUILD_FOLDER

    def __call__(self, change: Change, path: str) -> bool:
        if within(Path(path), self._build, follow_links=False):
            return False
        return super().__call__(change, path)


def watched_folders(root: Path) -> list[Path]:
    """The workspace's folders, links to folders not followed, less build/ and the folders
    WorkspaceFilter ignores (.git/ and the like)."""
    resolved = root.resolve()
    ignored = set(WorkspaceFilter(resolved).ignore_dirs)
    build = resolved / BUILD_FOLDER
    found = []
    for folder, subfolders, _ in os.walk(resolved):  # never into a link to a folder
        here = Path(folder)
        subfolders[:] = sorted(n for n in subfolders if n not in ignored and here / n != build)
        found.append(here)
    return found


def saves(root: Path, stop: threading.Event | None = None) -> Iterator[list[str]]:
    """Each batch of saves, as the paths saved (relative to the workspace), until `stop`.
    An editor that writes a file in several steps gives one batch, not several."""
    resolved = root.resolve()
    only = WorkspaceFilter(resolved)
    while stop is None or not stop.is_set():
        folders = watched_folders(resolved)
        try:
            for changes in watch(*folders, watch_filter=only, stop_event=stop, **_TIMING):
                added = {p for change, p in changes if change is Change.added}
                # An editor's or sed's temporary file, written and renamed away, was never saved.
                kept = {p for change, p in changes if Path(p).exists() or p not in added}
                if kept:
                    yield sorted(Path(p).relative_to(resolved).as_posix() for p in kept)
                if _folders_changed(changes, set(folders)):
                    break  # watch the folders as they are now
            else:
                return  # stopped
        except FileNotFoundError:  # a folder went away before it was watched: found again
            continue


def _folders_changed(changes: set[tuple[Change, str]], watched: set[Path]) -> bool:
    for change, path in changes:
        saved = Path(path)
        if change is Change.deleted and saved in watched:
            return True
        if change is Change.added and saved.is_dir() and not saved.is_symlink():
            return True
    return False
