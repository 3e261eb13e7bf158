"""The text of a captured source, page by page: what quotes and figures are checked against.

.txt and .md are read as they are; .html becomes its visible text (no scripts, styles or
hidden elements; a block element starts a new line); .pdf is read page by page, with the
page labels the PDF defines (so `p. 12` means the page printed 12, not the twelfth sheet).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...base.libraries.library_logs import held
from ...base.problem_codes import UNREADABLE_SNAPSHOT
from ...base.problems import CommandFailed

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = (*TEXT_SUFFIXES, ".html", ".htm", ".pdf")


class ExtractionError(CommandFailed):
    """The file cannot be turned into text; the message says why, for the user."""

    code = UNREADABLE_SNAPSHOT


@dataclass(frozen=True)
class ExtractedText:
    """A snapshot's text: one string per page (a single page for anything but PDF)."""

    pages: list[str]
    labels: list[str]  # the page's printed number or label, "1", "2", "iv"...


def extract_text(path: Path, data: bytes) -> ExtractedText:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return ExtractedText([_decode(data)], ["1"])
    if suffix in (".html", ".htm"):
        return ExtractedText([html_text(data)], ["1"])
    if suffix == ".pdf":
        return _pdf_text(data)
    raise ExtractionError(
        f"cannot read text from a {suffix or 'suffixless'} file; "
        f"snapshots are {', '.join(SUFFIXES)}"
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"not UTF-8 text (byte {error.start}); save it as UTF-8, or capture it again"
        ) from None


# Elements whose content a reader never sees.
_HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "svg", "math"})
# Elements that start a line of their own; the rest run on with the text around them.
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
     "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
     "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)  # fmt: skip


def html_text(data: bytes | str) -> str:
    """The visible text of an HTML page, parsed by libxml2's forgiving HTML parser. Bytes
    that are valid UTF-8 are read as UTF-8 (a saved page has lost its HTTP charset);
    others by the page's own <meta charset>."""
    import lxml.etree
    import lxml.html

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        raw.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    except UnicodeDecodeError:
        parser = lxml.html.HTMLParser()
    if not raw.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ExtractionError(f"the HTML cannot be read ({error})") from None
    return "".join(_visible(root)).strip()


def _visible(element: Any) -> Iterator[str]:  # an lxml element
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    hidden = not tag or tag in _HIDDEN or "hidden" in element.attrib or _styled_hidden(element)
    if not hidden:
        block = tag in _BLOCKS
        if block:
            yield "\n"
        if element.text:
            yield element.text
        for child in element:
            yield from _visible(child)
        if block:
            yield "\n"
    if element.tail:
        yield element.tail


def _styled_hidden(element: Any) -> bool:
    style = element.attrib.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _pdf_text(data: bytes) -> ExtractedText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf reports a damaged PDF through its logger as well as by raising; the raise is enough.
    try:
        with held("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ExtractionError("the PDF is encrypted; save an unencrypted copy")
            pages = [page.extract_text() or "" for page in reader.pages]
            labels = list(reader.page_labels)
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise ExtractionError(f"the PDF cannot be read ({error})") from None
    if len(labels) != len(pages):
        labels = [str(n) for n in range(1, len(pages) + 1)]
    if not pages:
        raise ExtractionError("the PDF has no pages")
    return ExtractedText(pages, labels)
