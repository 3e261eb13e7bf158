"""HTTP(S) requests for the two commands made to reach the network: `dossier snapshot URL`
and `dossier links`. Nothing else in dossier opens a connection.

An address in a bibliography is someone else's text, so each request is guarded:
- http and https only, at the first address and at every redirect (never file:, ftp:, ...);
- only public addresses: every address a name resolves to is checked when the connection is
  made, and loopback, private, link-local, multicast and reserved ones are refused (a name
  that resolves to 127.0.0.1 included) unless `allow_private`;
- no proxy from the environment, which would connect on our behalf, unchecked;
- one deadline for the whole request, connection, redirects and body: a server that sends a
  byte at a time is cut off when it passes, not at each read's timeout;
- a size limit on the body.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..base.problems import CommandFailed
from ..base.reading.read_input import format_size

USER_AGENT = f"dossier/{__version__} (evidence capture for UN submissions)"
DEFAULT_TIMEOUT = 30.0
DEFAULT_SIZE_LIMIT = 50 * 1024 * 1024
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")


class FetchError(CommandFailed):
    """The address could not be read; the message says why, for the user."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    reason: str
    content_type: str
    data: bytes


@dataclass
class _Guard:
    """What one request may reach, and the sockets it opened, to close at the deadline."""

    allow_private: bool
    deadline: float
    sockets: list[socket.socket] = field(default_factory=list)
    expired: bool = False

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError
        return left

    def connect(self, address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        """socket.create_connection, to a checked address of the host's."""
        host, port = address
        for family, kind, protocol, _, where in _resolve(host, port):
            _refuse_private(host, where[0], self.allow_private)
            connection = socket.socket(family, kind, protocol)
            self.sockets.append(connection)
            connection.settimeout(self.remaining())
            try:
                connection.connect(where)
            except OSError:
                connection.close()
                continue
            return connection
        raise OSError(f"cannot connect to {host}")

    def cut_off(self) -> None:
        self.expired = True
        for connection in self.sockets:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _resolve(host: str, port: int) -> list[Any]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"cannot find {host}: {error.strerror}") from None


def _refuse_private(host: str, address: str, allow_private: bool) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if allow_private or ip.is_global:
        return
    named = "" if host == address else f" ({host})"
    kind = (
        "a loopback"
        if ip.is_loopback
        else "a link-local"
        if ip.is_link_local
        else "a private"
        if ip.is_private
        else "a reserved"
    )
    raise FetchError(
        f"refused to connect to {address}{named}: it is {kind} address, not on the public "
        "internet (pass --allow-private to reach it)"
    )


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect to http(s) only: anything else is refused before urllib looks."""

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        location = headers.get("location") or headers.get("uri") or ""
        newurl = urljoin(req.full_url, location)
        if urlsplit(newurl).scheme.lower() not in _SCHEMES:
            fp.close()
            raise FetchError(f"{req.full_url} redirects to {newurl}; only http(s) is followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(guard: _Guard) -> urllib.request.OpenerDirector:
    class Http(http.client.HTTPConnection):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._create_connection = guard.connect

    class Https(http.client.HTTPSConnection):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._create_connection = guard.connect

    class HttpHandler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(Http, req)

    class HttpsHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(Https, req, context=self._context)  # type: ignore[attr-defined]

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler({}),  # no proxy: it would connect where we cannot check
        HttpHandler(),
        HttpsHandler(),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def request(
    url: str,
    method: str = "GET",
    timeout: float = DEFAULT_TIMEOUT,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    whole: bool = True,
    allow_private: bool = False,
) -> Response:
    """The response to one request; 4xx and 5xx statuses are responses, not errors.
    A body larger than `size_limit` is an error, or, unless `whole`, cut short there. The
    whole request, redirects and body included, must be over within `timeout` seconds."""
    if urlsplit(url).scheme.lower() not in _SCHEMES:
        raise FetchError(f"only http(s) addresses can be fetched, not {url!r}")
    guard = _Guard(allow_private, time.monotonic() + timeout)
    timer = threading.Timer(timeout, guard.cut_off)
    timer.daemon = True
    timer.start()
    prepared = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener(guard).open(prepared, timeout=timeout) as answer:
            return Response(
                answer.geturl(),
                answer.status,
                answer.reason,
                _content_type(answer.headers),
                _read(answer, size_limit, whole, guard) if method != "HEAD" else b"",
            )
    except urllib.error.HTTPError as error:
        return Response(url, error.code, str(error.reason), _content_type(error.headers), b"")
    except urllib.error.URLError as error:
        if isinstance(error.reason, FetchError):
            raise error.reason from None
        if guard.expired or isinstance(error.reason, TimeoutError):
            raise FetchError(f"no answer from {url} within {timeout:g} seconds") from None
        raise FetchError(f"cannot reach {url}: {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer from {url} within {timeout:g} seconds") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        if guard.expired:
            raise FetchError(f"no answer from {url} within {timeout:g} seconds") from None
        raise FetchError(f"cannot read {url}: {error}") from None
    finally:
        timer.cancel()


def _read(answer: Any, size_limit: int, whole: bool, guard: _Guard) -> bytes:
    chunks, size = [], 0
    while True:
        guard.remaining()  # raises TimeoutError once the deadline has passed
        chunk = answer.read1(_CHUNK)  # what has arrived: read() would wait for a full chunk
        if not chunk:
            break
        size += len(chunk)
        if size > size_limit and not whole:
            break
        if size > size_limit:
            raise FetchError(
                f"{answer.geturl()} is over the snapshot limit of {format_size(size_limit)} "
                "(raise it with --max-size)"
            )
        chunks.append(chunk)
    if guard.expired:
        raise TimeoutError
    return b"".join(chunks)


def _content_type(headers: Message | None) -> str:
    if headers is None:
        return ""
    return (headers.get_content_type() or "").lower()
