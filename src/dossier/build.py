"""The pipeline, read top to bottom in `build`: load the workspace, cite (compile each dossier),
check, render, record. Nothing is written unless every selected dossier checked clean and
rendered. A dossier whose manifest shows nothing changed since its last build is not
rendered again; when all are current, nothing is loaded at all. `check` is the same pipeline
stopped before the layout."""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .base.problems import ProblemsFound, sort_problems
from .base.read_input import recording_reads
from .base.settings import BuildSettings, build_folder, output_folder
from .record.lock import build_locks
from .record.up_to_date import up_to_date
from .record.write_files import remove_leftovers

if TYPE_CHECKING:  # the stages are imported when a dossier needs building
    from .check.all_checks import Report
    from .cite.compile import WordCount
    from .render.dossier_files import RenderedDossier
    from .render.pdf.pdf_process import PdfRenderer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildRequest:
    """What a build is asked to do."""

    root: Path
    names: tuple[str, ...] | None = None  # the dossiers to build; all of them when None
    settings: BuildSettings = field(default_factory=BuildSettings)
    force: bool = False  # render even when the outputs are up to date
    require_approved: bool = False  # nothing is written while a cited item is not approved
    wait: bool = False  # wait for another build of the same dossier instead of failing


@dataclass(frozen=True)
class CheckRequest:
    """What a check is asked to do: a build's questions without the layout."""

    root: Path
    names: tuple[str, ...] | None = None
    require_approved: bool = False
    public: bool = True  # for the edition that is filed (False: the internal review edition)


@dataclass(frozen=True)
class BuildResult:
    name: str
    pdf: Path
    html: Path
    docx: Path | None  # the Word file, which only the public edition has
    pages: int
    footnotes: int
    words: WordCount | None  # None: the outputs were up to date, nothing was rendered
    # (note, page of its call, page of the note) for each note printed after its call's page
    misplaced: list[tuple[int, int, int]] = field(default_factory=list)


def check(request: CheckRequest) -> Report:
    """Load everything, compile, check, then render each dossier's HTML (no layout) for its
    template's errors: every problem in one report."""
    from .check.all_checks import check_workspace
    from .cite.compile import compile_workspace
    from .load.workspace import load_workspace
    from .render.dossier_files import template_problems

    names = list(request.names) if request.names is not None else None
    workspace, load_problems = load_workspace(request.root, names)
    compiled = compile_workspace(workspace)
    report = check_workspace(
        workspace, compiled, load_problems, request.require_approved, request.public
    )
    report.problems += template_problems(list(report.dossiers.values()), request.root)
    report.problems = sort_problems(report.problems)
    return report


def build(request: BuildRequest) -> list[BuildResult]:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for each
    selected dossier whose inputs changed since its last build (all of them with `force`);
    for the review edition, <name>-review.pdf, .html and manifest-review.json. With
    `require_approved`, nothing is written while a cited evidence item is not approved. A
    public build's outputs are scanned for restricted strings before anything is written.
    One build of a dossier at a time: a second one fails, or with `wait` waits for the first."""
    from .load.dossier import selected_names

    root, settings = request.root, request.settings
    with ExitStack() as held:
        renderer = None
        if request.force:  # A forced build renders: WeasyPrint starts loading now, beside the rest.
            renderer = held.enter_context(_pdf_renderer())
        names = list(request.names) if request.names is not None else None
        selected = selected_names(root, names)  # before any file is touched
        folders = {name: output_folder(root, name) for name in selected}
        held.enter_context(build_locks(root, selected, request.wait))
        for folder in folders.values():  # whatever happens next, no killed write's leftover
            remove_leftovers(folder)
        current = {n for n in selected if not request.force and up_to_date(root, n, settings)}
        # Outputs built without --require-approved may cite unapproved evidence: check them again.
        if selected and current == set(selected) and not request.require_approved:
            return [_unchanged(root, name, settings) for name in selected]
        renderer = renderer or held.enter_context(_pdf_renderer())  # loads beside the checks
        return _build_changed(request, current, folders, renderer)


def _build_changed(
    request: BuildRequest, current: set[str], folders: dict[str, Path], renderer: PdfRenderer
) -> list[BuildResult]:
    """The pipeline, for the dossiers not up to date."""
    from .check.all_checks import check_workspace
    from .cite.compile import compile_workspace
    from .load.workspace import load_workspace
    from .record.assemble import DossierRecord, record_outputs
    from .render.dossier_files import pages, render_dossier

    root, settings = request.root, request.settings
    names = list(request.names) if request.names is not None else None
    with recording_reads() as reads:  # every input read, for the manifests
        workspace, load_problems = load_workspace(root, names)  # 1. load
        compiled = compile_workspace(workspace)  # 2. cite
        report = check_workspace(  # 3. check
            workspace, compiled, load_problems, request.require_approved, settings.public
        )
    to_render = [c for name, c in report.dossiers.items() if name not in current]
    rendered_pages, template_problems = pages(to_render, workspace, settings)  # 4. render: HTML
    report.problems = sort_problems(report.problems + template_problems)
    if report.errors(settings.strict):
        raise ProblemsFound(report.problems)
    built = []
    for page in rendered_pages:
        log.info("rendering %s", page.compiled.loaded.name)
        record = DossierRecord(page, workspace, settings, reads)
        built.append((record, render_dossier(page, root, settings, renderer, record)))  # PDF, Word
    record_outputs(built, folders)  # 5. record: manifest and trace, then written together
    by_name = {record.name: rendered for record, rendered in built}
    return [
        _rendered(by_name[name], folders[name], settings)
        if name in by_name
        else _unchanged(root, name, settings)
        for name in report.dossiers
    ]


def _pdf_renderer() -> AbstractContextManager[PdfRenderer]:
    """The process that lays PDFs out (multiprocessing and WeasyPrint: not for a build that
    renders nothing)."""
    from .render.pdf.pdf_process import pdf_renderer

    return pdf_renderer()


def _rendered(rendered: RenderedDossier, folder: Path, settings: BuildSettings) -> BuildResult:
    compiled = rendered.page.compiled
    files = settings.outputs(compiled.loaded.name)
    return BuildResult(
        compiled.loaded.name,
        folder / files.pdf,
        folder / files.html,
        folder / files.docx if files.docx else None,
        rendered.pages,
        len(compiled.footnotes),
        compiled.words,
        rendered.misplaced,
    )


def _unchanged(root: Path, name: str, settings: BuildSettings) -> BuildResult:
    files = settings.outputs(name)
    folder = build_folder(root, name)
    docx = folder / files.docx if files.docx else None
    return BuildResult(name, folder / files.pdf, folder / files.html, docx, 0, 0, None)
