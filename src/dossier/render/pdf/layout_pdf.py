"""Lay out the rendered HTML as a PDF with WeasyPrint, in the fonts that ship with dossier,
reading nothing but what the sandbox allows."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...base.libraries.library_logs import held
from ...base.problem_codes import REFERENCE_OUTSIDE_WORKSPACE, UNREADABLE_DOCUMENT_FILE
from ...base.problems import Location, Problem, ProblemsFound, sort_problems
from ...base.reading.paths import relative_within
from ...base.reading.read_input import file_digest
from ...base.settings import DEFAULT_PDF_VARIANT
from .fonts import (
    FONTS,
    NO_DATE,
    SCRIPT_FONTS,
    font_digests_drawn,
    font_subsetter,
    fonts_css,
    fonts_stamped,
    package_fonts_only,
)
from .footnote_pages import keep_notes_with_calls
from .undrawn_glyphs import undrawn_characters

log = logging.getLogger(__name__)
_URL = re.compile(r"\b(?:file|data|https?|ftp):[^\s'\"]+")
_REFUSAL_HINTS = {
    REFERENCE_OUTSIDE_WORKSPACE: "a build reads only files inside the workspace; copy what the "
    "document needs into it and refer to it by a relative path",
    UNREADABLE_DOCUMENT_FILE: "put the font file in again as its maker publishes it (a .ttf, "
    ".otf, .woff or .woff2 that opens in a font viewer), or remove its @font-face rule",
}

@dataclass(frozen=True)
class PdfOptions:
    # PDF/A-3 allows the embedded manifest and trace; level A is tagged (headings, paragraphs,
    # lists, links, the document's language) for screen readers. WeasyPrint writes one variant
    # per file: pdf/ua-1 declares PDF/UA with the same tags but is not PDF/A.
    variant: str = DEFAULT_PDF_VARIANT
    stamp: dt.datetime | None = None  # CreationDate and ModDate, and the attachments' dates


@dataclass(frozen=True)
class Embedded:
    """A file carried inside the PDF, as a PDF/A-3 associated file."""

    name: str
    content: bytes
    description: str


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    pages: int
    undrawn: list[str]  # characters no font has, drawn as empty boxes
    # (note, page of its call, page of the note) for each note the layout could not keep
    # on its call's page, even laid out again
    misplaced: list[tuple[int, int, int]]


def render_pdf(
    html: str,
    root: Path,
    origins: dict[str, str],
    options: PdfOptions,
    embed: Callable[[dict[Path, str]], list[Embedded]],
) -> RenderedPdf:
    """The PDF of `html`, whose relative references resolve against the workspace `root`.

    `origins` maps each file the HTML was made from (shown path → text), so that a refused
    reference can be traced to the line that wrote it. `embed` is given the sha256 of every
    file the layout read and used (of the package's fonts, those it drew with) and returns
    the files to carry inside the PDF. WeasyPrint is imported here, so that `dossier check` and
    `dossier --help` never pay for it.
    """
    from weasyprint import CSS, HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    from ... import BUILTIN_TEMPLATES
    from .sandbox import SandboxedFetcher

    fetcher = SandboxedFetcher([root, BUILTIN_TEMPLATES, FONTS])
    with _weasyprint_messages() as messages:
        with package_fonts_only():
            font_config = FontConfiguration()
        fonts = CSS(
            string=fonts_css(),
            base_url=f"{FONTS.as_uri()}/",
            font_config=font_config,
            url_fetcher=fetcher,
        )
        document = HTML(string=html, base_url=f"{root.resolve().as_uri()}/", url_fetcher=fetcher)

        def lay_out() -> Any:
            return document.render(stylesheets=[fonts], font_config=font_config)

        laid_out = lay_out()
        misplaced: list[tuple[int, int, int]] = []
        if not fetcher.refusals:  # a refused document is not written: nothing to repair
            laid_out, misplaced = keep_notes_with_calls(laid_out, lay_out)
        when = options.stamp or NO_DATE  # not the time of the build
        attachments = [
            Attachment(
                string=item.content,
                name=item.name,
                description=item.description,
                created=when,
                modified=when,
                relationship="Data",
                url_fetcher=fetcher,
            )
            for item in embed(_used(fetcher.served, font_digests_drawn(laid_out)))
        ]
        variant = None if options.variant == "plain" else options.variant
        with fonts_stamped(options.stamp):  # fonts are subset, and saved, as it is written
            pdf = laid_out.write_pdf(pdf_variant=variant, attachments=attachments)
    problems = [
        Problem.of(
            refusal.code,
            _referenced_at(refusal.url, origins),
            f"refused to read `{_shown(refusal.url, root)}`: {refusal.reason}",
            _REFUSAL_HINTS[refusal.code],
        )
        for refusal in fetcher.refusals
    ]
    problems += [
        _unusable(message, root, origins)
        for level, message in dict.fromkeys(messages)  # once, though laid out again
        if level >= logging.ERROR and "RefusedReference" not in message
    ]
    if problems:
        raise ProblemsFound(sort_problems(problems))
    assert pdf is not None
    warnings = [message for level, message in messages if level < logging.ERROR]
    undrawn = undrawn_characters(warnings)
    return RenderedPdf(pdf, len(laid_out.pages), undrawn, misplaced)


def _used(served: dict[Path, bytes], drawn: set[str]) -> dict[Path, str]:
    """The sha256 of each file the layout read, less the package's fonts for a script that
    the document's text does not have: every document loads the four faces of its Latin font,
    and the Arabic-script font only counts when some text was drawn with it."""
    digests = {path: file_digest(content) for path, content in served.items()}
    return {
        path: digest
        for path, digest in digests.items()
        if path.name not in SCRIPT_FONTS or digest in drawn
    }


def text_library_versions() -> dict[str, str]:
    """The versions of the system libraries WeasyPrint lays text out with, and which library
    subsets the fonts ("harfbuzz-subset" or "fonttools"): each can change the bytes of a PDF.
    Loading them costs WeasyPrint's import."""
    from weasyprint.text.ffi import pango

    number = pango.pango_version()
    return {
        "pango": f"{number // 10000}.{number // 100 % 100}.{number % 100}",
        "harfbuzz": _harfbuzz_version(),
        "font_subsetter": font_subsetter(),
    }


def _harfbuzz_version() -> str:
    import ctypes.util

    found = ctypes.util.find_library("harfbuzz")
    if found is None:
        return "unknown"
    library = ctypes.CDLL(found)
    library.hb_version_string.restype = ctypes.c_char_p
    return str(library.hb_version_string().decode())


@contextmanager
def _weasyprint_messages() -> Iterator[list[tuple[int, str]]]:
    """Collect what WeasyPrint logs while it renders (in this thread only), instead of letting
    it reach the user's terminal in its own format: errors become problems, warnings are shown
    with --verbose, its progress reports are dropped."""
    messages: list[tuple[int, str]] = []
    with held("weasyprint") as records:
        try:
            yield messages
        finally:
            for record in records:
                if record.levelno >= logging.WARNING:
                    messages.append((record.levelno, record.getMessage()))
                    if record.levelno < logging.ERROR:
                        log.info("WeasyPrint: %s", record.getMessage())


def _unusable(message: str, root: Path, origins: dict[str, str]) -> Problem:
    """A WeasyPrint error about a file it was allowed to read but could not use."""
    found = _URL.search(message)
    url = found.group(0) if found else ""
    return Problem.of(
        UNREADABLE_DOCUMENT_FILE,
        _referenced_at(url, origins),
        message.replace(url, _shown(url, root)).strip().rstrip(":"),
        'give the image a text alternative, alt="...": a tagged PDF reads it out to '
        "screen-reader users (or build with --pdf pdf/a-3b)"
        if "alt description" in message
        else "check that the file is a PNG, JPEG, SVG, CSS or font file that opens elsewhere",
    )


def _shown(url: str, root: Path) -> str:
    """A file by its path (relative, inside the workspace); anything else as WeasyPrint saw it."""
    if url.startswith("file:"):
        path = Path(os.path.normpath(unquote(urlsplit(url).path)))
        return relative_within(path, root, follow_links=False) or str(path)
    return url


def _referenced_at(url: str, origins: dict[str, str]) -> Location:
    """The first line of the HTML's sources that holds the reference: the whole URL as written,
    or else its last path segment (a relative reference). Unknown: the first origin."""
    segment = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    for needle in (url, segment):
        if not needle:
            continue
        for shown, text in origins.items():
            at = text.find(needle)
            if at >= 0:
                return Location.at_offset(shown, text, at)
    return Location(next(iter(origins), "(rendered document)"))
