"""Which saves in a workspace call for a new check: any file in it, except what a build
writes (build/), version control's and editors' own files (.git/, swap and backup files).
Statements, evidence, the bibliography, snapshots and templates all count."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from ..base.reading.paths import within
from ..base.settings import BUILD_FOLDER


class WorkspaceFilter(DefaultFilter):
    def __init__(self, root: Path) -> None:
        super().__init__()
        self._build = root.resolve() / BUILD_FOLDER

    def __call__(self, change: Change, path: str) -> bool:
        if within(Path(path), self._build, follow_links=False):
            return False
        return super().__call__(change, path)


def saves(root: Path, stop: threading.Event | None = None) -> Iterator[list[str]]:
    """Each batch of saves, as the paths saved (relative to the workspace), until `stop`.
    An editor that writes a file in several steps gives one batch, not several."""
    resolved = root.resolve()
    for changes in watch(
        resolved,
        watch_filter=WorkspaceFilter(resolved),
        stop_event=stop,
        debounce=400,
        step=30,
        rust_timeout=500,
        yield_on_timeout=False,
    ):
        added = {p for change, p in changes if change is Change.added}
        # An editor's or sed's temporary file, written and renamed away, was never saved.
        kept = {p for change, p in changes if Path(p).exists() or p not in added}
        if kept:
            yield sorted(Path(p).relative_to(resolved).as_posix() for p in kept)
