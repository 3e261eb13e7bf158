"""Render a compiled dossier's files: first its HTML through the venue's template (`pages`, for
every dossier of a build before anything is laid out, so that every template error is told
with the checks' problems), then its PDF, laid out in the renderer's process while this one
writes the Word document (`render_dossier`). Both carry the files the record stage attaches
(the manifest, which lists the fonts and images the layout read, and the trace): the record
is handed in as `Attachments`. Writes no file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..base.problem_codes import REVIEW_BAND_MISSING
from ..base.problems import Location, Problem, ProblemsFound
from ..base.reading.read_input import file_digest, recording_reads
from ..base.settings import BuildSettings
from ..base.time_limit import stage
from ..cite.compile import CompiledDossier
from ..load.workspace import Workspace
from .html.render_html import render_html
from .html.review_edition import ReviewEdition, review_edition
from .pdf.layout_pdf import Embedded, PdfOptions

if TYPE_CHECKING:
    from .docx.docx_package import EmbeddedFile
    from .pdf.pdf_process import PdfRenderer  # multiprocessing: when a build renders


@dataclass(frozen=True)
class Page:
    """A dossier's HTML, as its edition prints it, and what rendering it read."""

    compiled: CompiledDossier
    html: str
    templates: dict[Path, tuple[str, str]]  # each template file read: its path, as shown, text
    review: ReviewEdition | None  # the review edition's data; None in the public edition

    @property
    def templates_used(self) -> dict[str, str]:
        """Each template's text, by its shown path."""
        return dict(self.templates.values())

    @property
    def template_digests(self) -> dict[Path, str]:
        return {path: file_digest(text.encode()) for path, (_, text) in self.templates.items()}


@dataclass(frozen=True)
class Pages:
    """The HTML of each dossier whose template rendered, and what the others' met."""

    pages: list[Page]
    problems: list[Problem]  # each template error at its line


def pages(
    dossiers: Iterable[CompiledDossier], workspace: Workspace, settings: BuildSettings
) -> Pages:
    """Each dossier's HTML as `settings`' edition prints it. A template error is told at its
    line, with every other dossier's: `dossier check` finds them this way without a layout.
    A template's line (and Jinja's message, which may quote it) can hold a restricted string:
    the problems are masked as check's are."""
    from ..check.disclosure.masking import Masker

    rendered, problems = [], []
    for compiled in dossiers:
        name = compiled.loaded.name
        with stage(f"rendering dossier `{name}`", compiled.loaded.statement_shown):
            try:
                rendered.append(_page(compiled, workspace, settings))
            except ProblemsFound as error:
                problems += error.problems
    if problems:
        masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
        problems = masker.problems(problems, workspace.root)
    return Pages(rendered, problems)


def _page(compiled: CompiledDossier, workspace: Workspace, settings: BuildSettings) -> Page:
    review = None if settings.public else review_edition(compiled, workspace, settings.git)
    stamp = settings.stamp(compiled.loaded.config.date)
    with recording_reads():  # the templates a page reads are its own, listed by the Page
        html = render_html(compiled, workspace.root, stamp, review)
    return Page(compiled, html.html, html.templates, review)


class Attachments(Protocol):
    """What the record stage has the outputs carry: the manifest and the trace. The PDF's
    are asked for once the layout has said which fonts and images it read; the Word file's
    after the PDF's, with the same inputs."""

    def for_pdf(
        self, text_versions: dict[str, str], read_by_layout: dict[Path, str]
    ) -> list[Embedded]: ...

    def for_word(self) -> list[EmbeddedFile]: ...


@dataclass(frozen=True)
class RenderedDossier:
    """One dossier's outputs, in memory, by file name in build/<name>/."""

    page: Page
    files: dict[str, bytes]
    pages: int
    problems: list[Problem]  # characters the layout could not draw, told with any leak
    misplaced: list[tuple[int, int, int]] = field(default_factory=list)  # notes after their page


def render_dossier(
    page: Page,
    root: Path,
    settings: BuildSettings,
    renderer: PdfRenderer,
    attachments: Attachments,
) -> RenderedDossier:
    """The PDF and, for the public edition, the Word file. While `renderer` lays the PDF out,
    this process writes the Word document."""
    from ..check.undrawable_glyphs import undrawn_problems

    compiled = page.compiled
    name = compiled.loaded.name
    files = settings.outputs(name)
    origins = {
        **page.templates_used,
        compiled.loaded.statement_shown: compiled.loaded.statement_text,
    }
    stamp = settings.stamp(compiled.loaded.config.date)
    with stage(f"rendering dossier `{name}`", compiled.loaded.statement_shown):
        renderer.start(page.html, root, origins, PdfOptions(settings.pdf_variant, stamp))
        document, docx_problems = (
            _docx_document(compiled, root, stamp) if files.docx else (None, None)
        )
        text_versions = renderer.text_library_versions()
        pdf = renderer.finish(lambda read: attachments.for_pdf(text_versions, read))
    if page.review is not None:
        stylesheet = next(shown for shown in origins if shown.endswith(".css"))
        _check_band(pdf.pdf, page.review.band, stylesheet)
    if docx_problems is not None:
        raise docx_problems
    written = {files.pdf: pdf.pdf, files.html: page.html.encode("utf-8")}
    if files.docx:
        from .docx.docx_document import docx_bytes

        written[files.docx] = docx_bytes(document, attachments.for_word())
    undrawn = undrawn_problems(pdf.undrawn, compiled, page.templates_used)
    return RenderedDossier(page, written, pdf.pages, undrawn, pdf.misplaced)


def _docx_document(
    compiled: CompiledDossier, root: Path, stamp: Any
) -> tuple[Any, ProblemsFound | None]:
    """The Word document, or what stops it: told after the PDF's own problems (the review
    edition's band), which are found once the layout is done."""
    from .docx.docx_document import docx_document

    try:
        return docx_document(compiled, root, stamp), None
    except ProblemsFound as problems:
        return None, problems


def _check_band(pdf: bytes, band: str, template: str) -> None:
    """A review edition must say on every page that it is not for submission, whatever
    template laid it out (a workspace's own, copied before editions existed, may not)."""
    from ..check.disclosure.output_text import pdf_pages_without

    missing = pdf_pages_without(pdf, band)
    if missing:
        pages = ", ".join(str(n) for n in missing)
        raise ProblemsFound(
            [
                Problem.of(
                    REVIEW_BAND_MISSING,
                    Location(template),
                    f"the review edition's page(s) {pages} do not carry the band "
                    f"“{band}”; nothing was written",
                    "give the venue's stylesheet the `@page review-edition` rule of the built-in "
                    'template, and its template `<html class="review-edition">` in the review '
                    "edition",
                )
            ]
        )
