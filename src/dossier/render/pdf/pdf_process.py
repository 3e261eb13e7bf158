"""Lay out PDFs in a second process, so that a build's other work runs beside WeasyPrint's.

A cold build spends most of a second importing WeasyPrint and most of another laying out;
neither needs the checks, and the checks, the Word file and the trace need neither. When a
build has something to render, `pdf_renderer()` forks a process that imports WeasyPrint
at once and then lays out whatever HTML it is sent, with the same `render_pdf` (same
sandbox, same fonts, same bytes), while the build checks the workspace and writes the Word
file on the other core. What the layout read comes back to the build, which answers with the
files to embed (the manifest names them), and the PDF's bytes come back in the end.

Forking is only safe in a process with one thread, and only worth it before WeasyPrint is
loaded, once: a process that builds again (serve, watch, a test suite) or runs on a
platform other than Linux renders in-process, through the same interface. The forked
process is ended when the build leaves the block, whatever happened: it never outlives it.
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

from ...base.problems import ProblemsFound
from .layout_pdf import Embedded, PdfOptions, RenderedPdf, render_pdf, text_library_versions

log = logging.getLogger(__name__)

Embed = Callable[[dict[Path, str]], list[Embedded]]


class PdfRenderer:
    """Renders PDFs, in this process or in the forked one: `start` a document's layout, do
    other work, then `finish` it (answering the layout's question of what to embed)."""

    def __init__(self, connection: Connection | None = None) -> None:
        self._connection = connection
        self._versions: dict[str, str] | None = None
        self._pending: tuple[str, Path, dict[str, str], PdfOptions] | None = None

    def start(self, html: str, root: Path, origins: dict[str, str], options: PdfOptions) -> None:
        if self._connection is None:
            self._pending = (html, root, origins, options)
        else:
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
            elif kind == "pdf":
                return value  # type: ignore[no-any-return]
            else:
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


@contextmanager
def pdf_renderer() -> Iterator[PdfRenderer]:
    """A renderer for one build: a forked process where that is safe and saves time, else
    this one. The process is stopped and waited for when the block ends."""
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
        ours.close()  # the process reads the end of its input and leaves
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


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


def _serve(connection: Connection, builds_end: Connection) -> None:
    """The forked process: load WeasyPrint, say which text libraries it loaded, then lay out
    each document it is sent until the build closes its end (the copy of that end this
    process was born with is closed first, or it would never see the end). Ctrl-C is the
    build's to handle: the build ends this process."""
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
