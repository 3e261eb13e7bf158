"""An HTTP server on 127.0.0.1, run by the tests that need one: it records every request, so
a test can show that a command contacted it, or that a build never did."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PAGE = (
    b"<html><head><title>Release</title><script>var x = 'not text';</script></head><body>"
    b"<p>Many of the arrested protesters have not had access to a lawyer.</p></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _answer(self, body: bool) -> None:
        Handler.requests.append((self.command, self.path))
        routes = {
            "/release.html": (200, "text/html; charset=utf-8", PAGE),
            "/big.txt": (200, "text/plain", b"x" * 5000),
            "/image.png": (200, "image/png", b"\x89PNG"),
            "/missing": (404, "text/html", b"gone"),
            "/empty.txt": (200, "text/plain", b""),
        }
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/release.html")
            self.end_headers()
            return
        redirects = {"/to-file": "file:///etc/passwd", "/to-ftp": "ftp://127.0.0.1/x.txt"}
        if self.path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.end_headers()
            return
        if self.path == "/dribble":  # a byte every 0.2 s, for a minute: never done in time
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "300")
            self.end_headers()
            for _ in range(300):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
            return
        if self.path == "/slow":
            time.sleep(1)  # twice the timeout the test gives
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        status, kind, content = routes.get(self.path, (200, "text/plain", b"plain text here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)


class Server(ThreadingHTTPServer):
    # server_close() waits for each request to be answered, so that no thread of this test
    # writes to the standard error of the next one's command, run in the same process.
    daemon_threads = False
    block_on_close = True

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the command hung up first, as a size limit or a timeout makes it
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1; yields its base address."""
    httpd = Server(("127.0.0.1", 0), Handler)
    Handler.requests = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
