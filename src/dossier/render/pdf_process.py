"""Lay out PDFs in a second process, so that a build's other work runs beside WeasyPrint's.

A cold build spends most of a second importing WeasyPrint and most of another laying out;
neither needs the checks, and the checks, the Word file and the trace need neither. When a
build has something to render, `pdf_renderer()` forks a process that imports WeasyPrint
at once and then lays out whatever HTML it is sent, with the same `render_pdf` (same
sandbox, same fonts, same bytes), while the build checks the workspace and writes the Word
file on the other core. What the layout read comes back to the build, which answers with the
files to embed (the manifest names them), and the PDF's bytes come back in the end.

Forking is only safe in a process with one thread, and only worth it before WeasyPrint is
loaded, once: a process that builds again (a test suite) or runs on a platform other than
Linux renders in-process, through the same interface. The forked process is ended when the
build leaves the block, whatever happened: it never outlives it.

A command that builds again and again (serve, watch) keeps a `LayoutWorker` instead: one
process, started afresh (spawned: safe beside the server's threads), that lays out every PDF
of the session while each build checks and writes its Word file, and is started again if a
build leaves it half-way.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..problems import ProblemsFound
from .pdf import Embedded, PdfOptions, RenderedPdf, render_pdf, text_library_versions

log = logging.getLogger(__name__)

Embed = Callable[[dict[Path, str]], list[Embedded]]


class PdfRenderer:
    """Renders PDFs, in this process or in the forked one: `start` a document's layout, do
    other work, then `finish` it (answering the layout's question of what to embed)."""

    def __init__(self, connection: Connection | None = None) -> None:
        self._connection = connection
        self._versions: dict[str, str] | None = None
        self._pending: tuple[str, Path, dict[str, str], PdfOptions] | None = None
        self.busy = False  # a layout was started in the other process and not finished

    def start(self, html: str, root: Path, origins: dict[str, str], options: PdfOptions) -> None:
        if self._connection is None:
            self._pending = (html, root, origins, options)
        else:
            self.busy = True
            self._connection.send(("render", html, root, origins, options))

    def finish(self, embed: Embed) -> RenderedPdf:
        """The PDF `start` began, or ProblemsFound: what the layout refused or could not use."""
        if self._connection is None:
            assert self._pending is not None
            html, root, origins, options = self._pending
            self._pending = None
            return render_pdf(html, root, origins, options, embed)
        while True:
            kind, value = self._receive()
            if kind == "versions":
                continue
            if kind == "embed":
                self._connection.send(embed(value))
                continue
            self.busy = False
            if kind == "pdf":
                return value  # type: ignore[no-any-return]
            raise ProblemsFound(value)

    def text_library_versions(self) -> dict[str, str]:
        """The text-layout libraries' versions, as the process that lays out loaded them."""
        if self._versions is None:
            if self._connection is None:
                self._versions = text_library_versions()
            else:
                self._receive()  # the process's first message
        assert self._versions is not None
        return self._versions

    def _receive(self) -> tuple[str, Any]:
        """The process's next message; the first, its versions, is kept as it comes."""
        assert self._connection is not None
        try:
            kind, value = self._connection.recv()
        except EOFError:
            raise RuntimeError("the process laying out the PDF stopped unexpectedly") from None
        if kind == "crash":
            raise RuntimeError(f"laying out the PDF failed:\n{value}")
        if kind == "versions":
            self._versions = value
        return kind, value


class LayoutWorker:
    """One process laying out every PDF of a long-running command (serve, watch), started
    at once so that WeasyPrint is loaded before the first save. Use it as a context manager;
    each build takes it with `session()`."""

    def __init__(self) -> None:
        self._process: Any = None
        self._renderer = PdfRenderer()

    def __enter__(self) -> LayoutWorker:
        self._start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[PdfRenderer]:
        """The worker's renderer for one build. A build that stops while its layout is under
        way (Ctrl-C, a failure in this process) leaves the worker mid-conversation: it is
        stopped, and the next build starts a new one. So is one that has died."""
        if self._process is None or not self._process.is_alive():
            self.close()
            self._start()
        try:
            yield self._renderer
        except BaseException:
            if self._renderer.busy:
                self.close()
            raise

    def close(self) -> None:
        if self._process is None:
            return
        _stop(self._process, self._renderer._connection)
        self._process = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(theirs,), name="dossier-pdf", daemon=True
        )
        self._process.start()
        theirs.close()
        self._renderer = PdfRenderer(ours)


def _stop(process: Any, connection: Connection | None) -> None:
    """Close the process's input (it leaves when it reads the end) and wait for it; kill it
    if it does not leave."""
    if connection is not None:
        connection.close()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()


@contextmanager
def pdf_renderer(worker: LayoutWorker | None = None) -> Iterator[PdfRenderer]:
    """A renderer for one build: the `worker`'s, if the command keeps one; else a forked
    process where that is safe and saves time, else this one. A forked process is stopped
    and waited for when the block ends."""
    if worker is not None:
        with worker.session() as renderer:
            yield renderer
        return
    if not _fork_pays():
        yield PdfRenderer()
        return
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, ours), name="dossier-pdf", daemon=True)
    process.start()
    theirs.close()
    try:
        yield PdfRenderer(ours)
    except BaseException:
        process.kill()  # whatever it was laying out will not be written
        raise
    finally:
        _stop(process, ours)


_forked = threading.Event()  # set once this process has forked a renderer


def _fork_pays() -> bool:
    """Fork only on Linux (elsewhere the libraries a process has loaded may not survive it),
    from a process with no other thread (whose locks the copy would inherit, held), only
    while WeasyPrint is not loaded yet (a process that has it renders at once), and once:
    a process that builds again (watch, a test suite) loads WeasyPrint itself, once, rather
    than in a new process for every build."""
    if _forked.is_set() or "weasyprint" in sys.modules:
        return False
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    _forked.set()
    return True


def _serve(connection: Connection, builds_end: Connection | None = None) -> None:
    """The layout process (forked, or a worker spawned): load WeasyPrint, say which text
    libraries it loaded, then lay out each document it is sent until the build closes its
    end (a forked process closes the copy of that end it was born with first, or it would
    never see the end). Ctrl-C is the build's to handle: the build ends this process."""
    if builds_end is not None:
        builds_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import weasyprint  # noqa: F401  what render_pdf imports, loaded before the HTML comes
        import weasyprint.formatting_structure.boxes  # noqa: F401

        from . import sandbox  # noqa: F401

        connection.send(("versions", text_library_versions()))
        while True:
            try:
                request = connection.recv()
            except EOFError:
                return
            _, html, root, origins, options = request

            def embed(digests: dict[Path, str]) -> list[Embedded]:
                connection.send(("embed", digests))
                answer: list[Embedded] = connection.recv()
                return answer

            try:
                connection.send(("pdf", render_pdf(html, root, origins, options, embed)))
            except ProblemsFound as error:
                connection.send(("problems", error.problems))
    except (BrokenPipeError, EOFError):
        return  # the build is gone; nobody to answer
    except BaseException:
        connection.send(("crash", traceback.format_exc()))
