"""The latest page and who is waiting for the next one.

Worker threads publish; each browser's event stream, on the server's event loop, hears of
every new version. Only the latest page is kept: `GET /` always answers with it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from .page import PdfState, page_html
from .preview import Preview


class Hub:
    def __init__(self, root: Path, name: str, preview: Preview, with_pdf: bool) -> None:
        self.root, self.name = root, name
        self._lock = threading.Lock()
        self._preview = preview
        self._pdf: PdfState | None = PdfState("PDF being built…", False) if with_pdf else None
        self.version = 1
        self.page = page_html(preview, self.version, name, root, self._pdf)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queues: set[asyncio.Queue[int]] = set()
        self.on_preview: Callable[[], None] | None = None  # told of each new preview
        self.stopping = threading.Event()  # set when the server begins to shut down

    @property
    def preview(self) -> Preview:
        return self._preview

    def publish(self, preview: Preview | None = None, pdf: PdfState | None = None) -> None:
        """A new preview or PDF state (from any thread): a new page, and news of it."""
        with self._lock:
            self._preview = preview or self._preview
            self._pdf = pdf or self._pdf
            self.version += 1
            self.page = page_html(self._preview, self.version, self.name, self.root, self._pdf)
            version, loop = self.version, self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._tell_everyone, version)
        if preview is not None and self.on_preview is not None:
            self.on_preview()

    def subscribe(self) -> asyncio.Queue[int]:
        """A queue of new versions, for one event stream (on the event loop)."""
        self._loop = asyncio.get_running_loop()
        queue: asyncio.Queue[int] = asyncio.Queue()
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[int]) -> None:
        self._queues.discard(queue)

    def _tell_everyone(self, version: int) -> None:
        for queue in self._queues:
            queue.put_nowait(version)
