"""The only way WeasyPrint reads anything during a build: files inside the workspace, the
package's own templates and fonts, and data: URIs. Nothing else is opened, and no request
ever leaves the machine.

Every refusal is remembered rather than raised, so that one build reports all of them; the
caller then discards the PDF. This module imports WeasyPrint, so only the layout
(layout_pdf.py) imports it.
"""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ... import PACKAGE_DIR
from ...base.problem_codes import REFERENCE_OUTSIDE_WORKSPACE, UNREADABLE_DOCUMENT_FILE, Code
from ...base.problems import CommandFailed
from ...base.reading.paths import within
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


class SandboxedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under `roots` and data: URIs, nothing else.

    Symbolic links are followed before the check, so a link inside the workspace that points
    out of it is refused. Redirects cannot happen: no network scheme is ever opened. A font
    file that is not the package's own is served only if it reads (font_files.py).
    """

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
        self.roots = [root.resolve() for root in roots]
        self.refusals: list[Refusal] = []
        self.served: dict[Path, bytes] = {}

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
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
        ours = within(path, PACKAGE_DIR)
        if path not in self.served and not ours and is_font_file(path, content):
            broken = unreadable_font(content)
            if broken:
                raise self._refuse(url, broken, UNREADABLE_DOCUMENT_FILE)
        self.served[path] = content
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, {"Content-Type": kind})

    def _allows(self, path: Path) -> bool:
        return any(within(path, root, follow_links=False) for root in self.roots)

    def _refuse(
        self, url: str, reason: str, code: Code = REFERENCE_OUTSIDE_WORKSPACE
    ) -> RefusedReference:
        self.refusals.append(Refusal(url, reason, code))
        return RefusedReference(f"refused {url}: {reason}")
