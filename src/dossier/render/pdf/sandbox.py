"""The only way WeasyPrint reads anything during a build: files inside the workspace, the
package's own templates and fonts, and data: URIs. Nothing else is opened, and no request
ever leaves the machine. Every image it serves, from a file or a data: URI, is served without
its metadata (base/reading/clean_images.py).

Every refusal is remembered rather than raised, so that one build reports all of them; the
caller then discards the PDF. This module imports WeasyPrint, so only the layout
(layout_pdf.py) imports it.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ...base.problem_codes import REFERENCE_OUTSIDE_WORKSPACE
from ...base.problems import CommandFailed
from ...base.reading.clean_images import UnreadableImage, clean_image
from ...base.reading.paths import within


@dataclass(frozen=True)
class Refusal:
    url: str  # as WeasyPrint asked for it, made absolute against the document's base
    reason: str


class RefusedReference(CommandFailed, ValueError):
    """Raised back into WeasyPrint, which then leaves the resource out and carries on; the
    build reports every refusal afterwards, as D701 at the line that made the reference."""

    code = REFERENCE_OUTSIDE_WORKSPACE


class _CleanImageResponse(URLFetcherResponse):
    """An image served cleaned. Without a path: WeasyPrint reads a raster image it does not
    transform again from the file a file: URL names (images.py, LazyLocalImage), which would
    put the original, metadata and all, in the PDF."""

    @property
    def path(self) -> None:
        return None


class SandboxedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under `roots` and data: URIs, nothing else.

    Symbolic links are followed before the check, so a link inside the workspace that points
    out of it is refused. Redirects cannot happen: no network scheme is ever opened.
    """

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
        self.roots = [root.resolve() for root in roots]
        self.refusals: list[Refusal] = []
        self.served: dict[Path, bytes] = {}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            response = super().fetch(url, headers)
            try:
                content = response.read()
            finally:
                response.close()
            return self._cleaned(url, content, response.headers)
        if scheme != "file":
            raise self._refuse(url, f"a build never fetches from the network ({scheme}:)")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, f"a file on another machine ({parts.netloc})")
        written = Path(os.path.normpath(url2pathname(unquote(parts.path))))
        path = written.resolve()
        if not self._allows(path):
            if self._allows(written):
                raise self._refuse(url, f"it is a link to {path}, outside the workspace")
            raise self._refuse(url, "the file is outside the workspace")
        try:
            content = self.served.get(path) or path.read_bytes()
        except OSError as error:
            raise self._refuse(url, f"it cannot be read: {error.strerror or error}") from None
        self.served[path] = content  # as read: the manifest lists the file itself
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self._cleaned(url, content, {"Content-Type": kind}, path.name)

    def _cleaned(
        self, url: str, content: bytes, headers: Any, name: str = ""
    ) -> URLFetcherResponse:
        """An image without its metadata (clean_images.py); anything else as it is."""
        if not name and "svg" in str(headers.get("Content-Type", "")):
            name = "image.svg"
        try:
            image = clean_image(content, name)
        except UnreadableImage as error:
            raise self._refuse(url, str(error)) from None
        if image is not None:
            return _CleanImageResponse(url, image.data, {"Content-Type": image.media_type})
        return URLFetcherResponse(url, content, headers)

    def _allows(self, path: Path) -> bool:
        return any(within(path, root, follow_links=False) for root in self.roots)

    def _refuse(self, url: str, reason: str) -> RefusedReference:
        self.refusals.append(Refusal(url, reason))
        return RefusedReference(f"refused {url}: {reason}")
