"""The only way WeasyPrint reads anything during a build: the images, fonts and stylesheets of
the workspace, the package's own templates and fonts, and data: URIs. Nothing else is opened
(not a hidden file such as .git/config, not evidence/, not a workspace file of any other
kind), and no request ever leaves the machine. Every image it serves, from a file or a data:
URI, is served without its metadata (base/reading/clean_images.py).

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

from ... import PACKAGE_DIR
from ...base.problem_codes import REFERENCE_OUTSIDE_WORKSPACE, UNREADABLE_DOCUMENT_FILE, Code
from ...base.problems import CommandFailed
from ...base.reading.clean_images import UnreadableImage, clean_image
from ...base.reading.paths import relative_within, within
from ...base.settings import unusable_in_a_document
from .font_files import is_font_file, unreadable_font


@dataclass(frozen=True)
class Refusal:
    url: str  # as WeasyPrint asked for it, made absolute against the document's base
    reason: str
    code: Code = REFERENCE_OUTSIDE_WORKSPACE  # or UNREADABLE_DOCUMENT_FILE: a broken font


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
    """A WeasyPrint URL fetcher that serves the document's files of the `workspace` (see
    settings.unusable_in_a_document), any file of the package's `package_roots`, and data:
    URIs, nothing else.

    Symbolic links are followed before the check, so a link inside the workspace that points
    out of it, or to a file it may not serve, is refused. Redirects cannot happen: no network
    scheme is ever opened. A font file that is not the package's own is served only if it
    reads (font_files.py).
    """

    def __init__(self, workspace: Path, package_roots: list[Path]):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
        self.workspace = workspace.resolve()
        self.package_roots = [root.resolve() for root in package_roots]
        self.roots = [self.workspace, *self.package_roots]
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
        unusable = self._unusable(written) or self._unusable(path)
        if unusable:
            raise self._refuse(url, unusable)
        try:
            content = self.served.get(path) or path.read_bytes()
        except OSError as error:
            raise self._refuse(url, f"it cannot be read: {error.strerror or error}") from None
        ours = within(path, PACKAGE_DIR)
        if path not in self.served and not ours and is_font_file(path, content):
            broken = unreadable_font(content)
            if broken:
                raise self._refuse(url, broken, UNREADABLE_DOCUMENT_FILE)
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
            raise self._refuse(url, str(error), UNREADABLE_DOCUMENT_FILE) from None
        if image is not None:
            return _CleanImageResponse(url, image.data, {"Content-Type": image.media_type})
        return URLFetcherResponse(url, content, headers)

    def _allows(self, path: Path) -> bool:
        return any(within(path, root, follow_links=False) for root in self.roots)

    def _unusable(self, path: Path) -> str | None:
        """Why a file of the workspace may not be served, as written or once its links are
        followed; None for a file of the package's own (which may be installed inside a
        workspace, in its .venv/)."""
        if any(within(path, root, follow_links=False) for root in self.package_roots):
            return None
        relative = relative_within(path, self.workspace, follow_links=False)
        return None if relative is None else unusable_in_a_document(relative)

    def _refuse(
        self, url: str, reason: str, code: Code = REFERENCE_OUTSIDE_WORKSPACE
    ) -> RefusedReference:
        self.refusals.append(Refusal(url, reason, code))
        return RefusedReference(f"refused {url}: {reason}")
