"""`dossier serve`: the live preview's threads. The main thread serves (uvicorn, on
127.0.0.1 only); one thread watches the workspace and re-checks on each save; one builds the
PDF in the background, one build at a time, the latest save winning."""

from __future__ import annotations

import contextvars
import logging
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..base.phrasing import noun_for
from ..base.problems import CommandFailed, DossierError
from ..base.settings import OutputNames, build_folder
from ..base.time_limit import OutOfTime, time_budget
from .app import make_app
from .hub import Hub
from .page import PdfState
from .preview import CHECKING, make_preview
from .watching import saves

log = logging.getLogger(__name__)

# Builds the dossier's PDF, or raises DossierError: its path, and whether it was rendered
# (False: it was up to date).
BuildPdf = Callable[[], tuple[Path, bool]]


def serve(
    root: Path,
    name: str,
    port: int,
    open_browser: bool,
    build_pdf: BuildPdf | None,
    say: Callable[[str], None],
    seconds: float | None = None,
) -> None:
    """Serve the preview of `name` until interrupted; each check and each PDF build stops
    after `seconds` (the command's time limit), its D705 shown on the page. The server
    listens at once: the page says the dossier is being checked until the first preview."""
    import uvicorn

    listening = _listen(port)
    url = f"http://127.0.0.1:{listening.getsockname()[1]}/"
    hub = Hub(root, name, CHECKING, with_pdf=build_pdf is not None)
    stop = threading.Event()
    context = contextvars.copy_context()  # the size limits the command was given
    pdf_path = build_folder(root, name) / OutputNames.of(name).pdf if build_pdf else None
    follow = (_follow, root, hub, stop, seconds)
    workers = [threading.Thread(target=context.copy().run, args=follow)]
    wanted = threading.Event()
    if build_pdf is not None:
        args = (build_pdf, hub, wanted, stop, seconds)
        workers.append(threading.Thread(target=context.copy().run, args=(_build, *args)))
    hub.on_preview = wanted.set
    for worker in workers:
        worker.daemon = True
        worker.start()
    say(f"previewing {name} at {url} (Ctrl-C stops)")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    config = uvicorn.Config(
        make_app(hub, pdf_path),
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    original_exit = server.handle_exit

    def handle_exit(sig: int, frame: object) -> None:
        hub.stopping.set()  # the event streams end, and the server with them
        original_exit(sig, frame)  # type: ignore[arg-type]

    server.handle_exit = handle_exit  # type: ignore[method-assign]
    try:
        server.run(sockets=[listening])
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=5)
        listening.close()


def _listen(port: int) -> socket.socket:
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(("127.0.0.1", port))
    except OSError as error:
        listening.close()
        raise CommandFailed(
            f"cannot listen on 127.0.0.1:{port}: {error.strerror}",
            "choose another port with --port N, or --port 0 for any free one",
        ) from None
    listening.listen(64)
    listening.set_inheritable(True)
    return listening


def _follow(root: Path, hub: Hub, stop: threading.Event, seconds: float | None) -> None:
    """Check and render once, then again on every save, until `stop`."""
    hub.publish(preview=make_preview(root, hub.name, seconds))
    for saved in saves(root, stop):
        log.info("saved: %s", ", ".join(saved))
        hub.publish(preview=make_preview(root, hub.name, seconds))


def _build(
    build_pdf: BuildPdf,
    hub: Hub,
    wanted: threading.Event,
    stop: threading.Event,
    seconds: float | None,
) -> None:
    """Build the PDF whenever a new preview asks for it; one build at a time."""
    while not stop.is_set():
        if not wanted.wait(timeout=0.5):
            continue
        wanted.clear()
        hub.publish(pdf=pdf_state(build_pdf, seconds))


def pdf_state(build_pdf: BuildPdf, seconds: float | None = None) -> PdfState:
    started = time.perf_counter()
    try:
        with time_budget(seconds):
            pdf, rendered = build_pdf()
    except OutOfTime as error:
        return PdfState(
            "PDF not rebuilt: out of time; the link is the last one built", True, (error.problem,)
        )
    except DossierError as error:
        errors = len(error.problems)
        last = "; the link is the last one built"
        message = f"PDF not rebuilt: {errors} {noun_for(errors, 'problem')}{last}"
        return PdfState(message, True, tuple(error.problems))
    except Exception as error:  # the preview goes on without a PDF
        log.exception("the PDF build failed")
        return PdfState(f"PDF not rebuilt: {type(error).__name__}: {error}", True)
    if not rendered:
        return PdfState(f"PDF {pdf.name} up to date", True)
    seconds = time.perf_counter() - started
    return PdfState(f"PDF {pdf.name} built at {time.strftime('%H:%M:%S')} in {seconds:.1f} s", True)
