"""The web application: the page, its event stream, and the PDF. Nothing else is served: not
the workspace's files, not the templates, not a listing.

It answers only requests addressed to this machine's loopback name (a web page elsewhere
cannot reach it by rebinding a name of its own to 127.0.0.1), and only GET and HEAD."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from ..base.reading.read_input import current_limits, read_bytes
from .hub import Hub
from .page import CONTENT_SECURITY_POLICY

KEEP_ALIVE_SECONDS = 15.0
TICK_SECONDS = 0.5  # how often an idle stream looks whether the server is stopping
_NO_CACHE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def make_app(hub: Hub, pdf_path: Path | None) -> Starlette:
    async def page(request: Request) -> Response:
        headers = {**_NO_CACHE, "Content-Security-Policy": CONTENT_SECURITY_POLICY}
        return HTMLResponse(hub.page, headers=headers)

    async def events(request: Request) -> Response:
        return StreamingResponse(_versions(hub), media_type="text/event-stream", headers=_NO_CACHE)

    async def pdf(request: Request) -> Response:
        if pdf_path is None:
            return Response("no PDF is built by this preview\n", 404, media_type="text/plain")
        content, _ = read_bytes(pdf_path, pdf_path.name, hub.root, current_limits().snapshot_bytes)
        if content is None:
            return Response("no PDF has been built yet\n", 404, media_type="text/plain")
        return Response(content, media_type="application/pdf", headers=_NO_CACHE)

    return Starlette(
        routes=[
            Route("/", page, methods=["GET", "HEAD"]),
            Route("/events", events, methods=["GET"]),
            Route("/pdf", pdf, methods=["GET", "HEAD"]),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])],
    )


async def _versions(hub: Hub) -> AsyncIterator[str]:
    """The current version at once, then each new one; a comment now and then, so that a
    closed browser is noticed and its stream ended."""
    queue = hub.subscribe()
    try:
        yield f"retry: 1000\ndata: {hub.version}\n\n"
        idle = 0.0
        while not hub.stopping.is_set():  # a stream left open would hold up Ctrl-C
            try:
                version = await asyncio.wait_for(queue.get(), TICK_SECONDS)
            except TimeoutError:
                idle += TICK_SECONDS
                if idle >= KEEP_ALIVE_SECONDS:
                    idle = 0.0
                    yield ": still here\n\n"
                continue
            idle = 0.0
            while not queue.empty():  # several saves at once: only the latest matters
                version = queue.get_nowait()
            yield f"data: {version}\n\n"
    finally:
        hub.unsubscribe(queue)
