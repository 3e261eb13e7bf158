"""`dossier links`: is each `url` of the bibliography still there? HEAD first, then GET when a
server refuses HEAD, a few addresses at a time, each with a timeout."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..base.problem_codes import BROKEN_URL, UNREACHABLE_URL, URL_ANSWERS
from ..base.problems import Location, Problem
from ..base.settings import BIBLIOGRAPHY_FILE
from ..load.bibtex.bibliography import load_bibliography
from .fetch import FetchError, request

# Statuses with which a server says "not like that" to HEAD while GET may work.
_RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}
_GET_PEEK = 64 * 1024  # how much of a GET body to read: enough to know the page is there


@dataclass(frozen=True)
class LinkStatus:
    key: str
    url: str
    location: Location
    status: int | None  # None: no answer
    detail: str  # the reason phrase, the error, or where a redirect led

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400

    @property
    def unreachable(self) -> bool:
        """No answer at all (offline, no such host, a timeout): nothing is known of the page."""
        return self.status is None

    def _why_unreached(self) -> str:
        return "not allowed" if self.detail.startswith("refused to connect") else "no connection"

    def problem(self) -> Problem:
        """As every problem is reported: D608 for a broken address (the server answered with
        an error), D610 for one that could not be reached, a D609 note for one that answers."""
        if self.ok:
            label = f"{self.status} {self.detail}"
            return Problem.of(
                URL_ANSWERS,
                self.location,
                f"`{self.key}` answers: {label}: {self.url}",
                subject=self.key,
            )
        if self.unreachable:
            return Problem.of(
                UNREACHABLE_URL,
                self.location,
                f"`{self.key}` is unreachable ({self._why_unreached()}): {self.detail}: {self.url}",
                "check the network connection and run `dossier links` again; whether the page "
                "is still there is not known",
                subject=self.key,
            )
        return Problem.of(
            BROKEN_URL,
            self.location,
            f"`{self.key}` is broken (HTTP {self.status} {self.detail}): {self.url}",
            "open it in a browser; if the page moved, correct `url`, and if it is gone, cite "
            "the snapshot (or an archived copy) instead",
            subject=self.key,
        )


def check_links(
    root: Path,
    keys: list[str] | None = None,
    timeout: float = 15.0,
    workers: int = 4,
    allow_private: bool = False,
) -> Iterator[LinkStatus]:
    """The status of every `url` (of the entries `keys`, or all), in bibliography order."""
    bibliography, _ = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
    links = [
        (entry.key, entry.get("url"), entry.field_location("url"))
        for entry in bibliography.entries.values()
        if entry.get("url") and (not keys or entry.key in keys)
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(
            lambda link: _status(link[0], link[1], link[2], timeout, allow_private), links
        )


def _status(
    key: str, url: str, location: Location, timeout: float, allow_private: bool
) -> LinkStatus:
    try:
        response = request(url, method="HEAD", timeout=timeout, allow_private=allow_private)
    except FetchError:
        response = None  # some servers drop HEAD requests; GET decides
    try:
        if response is None or response.status in _RETRY_WITH_GET:
            response = request(
                url, timeout=timeout, size_limit=_GET_PEEK, whole=False, allow_private=allow_private
            )
    except FetchError as error:
        return LinkStatus(key, url, location, None, str(error))
    detail = response.reason
    if response.url != url:
        detail += f", redirected to {response.url}"
    return LinkStatus(key, url, location, response.status, detail)
