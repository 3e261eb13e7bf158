"""HTTP(S) requests for the two commands made to reach the network: `dossier snapshot URL`
and `dossier links`. Every request has a timeout and a size limit; nothing else in dossier
opens a connection."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

from .. import __version__
from ..load.read_input import format_size
from ..problems import CommandFailed

USER_AGENT = f"dossier/{__version__} (evidence capture for UN submissions)"
DEFAULT_TIMEOUT = 30.0
DEFAULT_SIZE_LIMIT = 50 * 1024 * 1024
_CHUNK = 64 * 1024


class FetchError(CommandFailed):
    """The address could not be read; the message says why, for the user."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    reason: str
    content_type: str
    data: bytes


def request(
    url: str,
    method: str = "GET",
    timeout: float = DEFAULT_TIMEOUT,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    whole: bool = True,
) -> Response:
    """The response to one request; 4xx and 5xx statuses are responses, not errors.
    A body larger than `size_limit` is an error, or, unless `whole`, cut short there."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"only http(s) addresses can be fetched, not {url!r}")
    prepared = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as answer:  # noqa: S310
            return Response(
                answer.geturl(),
                answer.status,
                answer.reason,
                _content_type(answer.headers),
                _read(answer, size_limit, whole) if method != "HEAD" else b"",
            )
    except urllib.error.HTTPError as error:
        return Response(url, error.code, str(error.reason), _content_type(error.headers), b"")
    except urllib.error.URLError as error:
        raise FetchError(f"cannot reach {url}: {error.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer from {url} within {timeout:g} seconds") from None
    except (OSError, ValueError) as error:
        raise FetchError(f"cannot read {url}: {error}") from None


def _read(answer: Any, size_limit: int, whole: bool) -> bytes:
    chunks, size = [], 0
    while chunk := answer.read(_CHUNK):
        size += len(chunk)
        if size > size_limit and not whole:
            break
        if size > size_limit:
            raise FetchError(
                f"{answer.geturl()} is over the snapshot limit of {format_size(size_limit)} "
                "(raise it with --max-size)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(headers: Message | None) -> str:
    if headers is None:
        return ""
    return (headers.get_content_type() or "").lower()
