"""The pipeline. `build` reads top to bottom: load the workspace, cite (compile each dossier),
check, render, record; each stage is entered through one call, in that order, and hands the
next a typed result. Nothing is written unless every selected dossier checked clean and
rendered. `check` is the same pipeline stopped before the layout.

Three things depart from that order, on purpose:
- before the pipeline, the dossiers asked for are locked and their manifests read
  (record/lock.py, record/up_to_date.py): a dossier whose manifest shows nothing changed is
  not rendered again, and when all are current nothing is loaded at all;
- the record of each dossier is handed to its render: the PDF carries its manifest, which
  lists the fonts and images the layout read, so the layout asks the record for it;
- what only the finished files can show is checked where they are made: characters no font
  drew and the review edition's band after the layout (render), restricted strings in every
  output before anything is written (record).
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .base.problems import Problem, ProblemsFound, sort_problems
from .base.reading.read_input import recording_reads
from .base.settings import BuildSettings, build_folder, output_folder

if TYPE_CHECKING:  # the stages are imported when they run, not when the CLI starts
    from .base.git import GitState
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
    final: bool = False  # nothing is written while a fact is unfilled or a placeholder remains


@dataclass(frozen=True)
class CheckRequest:
    """What a check is asked to do: a build's questions, of the edition that is filed,
    without the layout."""

    root: Path
    names: tuple[str, ...] | None = None
    require_approved: bool = False
    final: bool = False  # a fact unfilled or a placeholder left is an error, not a warning


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


@dataclass(frozen=True)
class BuildOutcome:
    """What a build that succeeded gives: a result for each dossier asked for, and the
    warnings and notes its check found (never an error: a build with one raises
    ProblemsFound). `checked` is False when every dossier was up to date and nothing was
    loaded, so nothing was checked either."""

    results: list[BuildResult]
    problems: list[Problem] = field(default_factory=list)
    checked: bool = True


def check(request: CheckRequest) -> Report:
    """Load, cite, check, then render each dossier's HTML (no layout) for its template's
    errors: every problem in one report."""
    from .check.all_checks import check_workspace
    from .cite.compile import compile_workspace
    from .cite.drafts import as_final
    from .load.workspace import load_workspace
    from .render.dossier_files import pages

    workspace, load_problems = load_workspace(request.root, request.names)
    compiled = compile_workspace(workspace)
    report = check_workspace(workspace, compiled, load_problems, request.require_approved)
    html = pages(report.dossiers.values(), workspace, BuildSettings())
    report.problems = sort_problems(report.problems + html.problems)
    if request.final:
        report.problems = as_final(report.problems)
    return report


def build(request: BuildRequest) -> BuildOutcome:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for each
    selected dossier whose inputs changed since its last build (all of them with `force`);
    for the review edition, build/review/<name>/<name>-review.pdf, .html and
    manifest-review.json, in a folder of their own. With `require_approved`, nothing is
    written while a cited evidence item is not approved; with `final`, while a fact is
    unfilled or a placeholder remains (cite/drafts.py). A
    public build's outputs are scanned for restricted strings before anything is written.
    One build of a dossier at a time: a second one fails, or with `wait` waits for the first.
    The warnings and notes of the check come back with the results, for the caller to print."""
    request = replace(request, settings=request.settings.with_git(lambda: _git(request.root)))
    with ExitStack() as held:
        plan = _plan(request, held)
        # Outputs built without --require-approved may cite unapproved evidence, and without
        # --final may be drafts: check them again.
        gated = request.require_approved or request.final
        if plan.selected and plan.current == set(plan.selected) and not gated:
            unchanged = [_unchanged(request.root, n, request.settings) for n in plan.selected]
            return BuildOutcome(unchanged, checked=False)
        renderer = held.enter_context(_pdf_renderer())  # WeasyPrint loads beside the checks
        return _pipeline(request, plan, renderer)


@dataclass(frozen=True)
class _Plan:
    selected: list[str]  # the dossiers asked for (all of them by default), each one existing
    folders: dict[str, Path]  # build/<name>/ of each, inside the workspace
    current: set[str]  # those whose outputs are up to date


def _plan(request: BuildRequest, held: ExitStack) -> _Plan:
    """Before the pipeline: which dossiers, locked for this build (held until `held` closes),
    with what a killed build left recovered (see record/switch_folder), and which of them are
    up to date."""
    from .load.dossier import selected_names
    from .record.lock import build_locks
    from .record.switch_folder import recover
    from .record.up_to_date import up_to_date

    root, settings = request.root, request.settings
    selected = selected_names(root, request.names)  # before any file is touched
    folders = {name: output_folder(root, name, settings.edition) for name in selected}
    held.enter_context(build_locks(root, selected, request.wait))
    for folder in folders.values():
        recover(folder)
    current = {n for n in selected if not request.force and up_to_date(root, n, settings)}
    return _Plan(selected, folders, current)


def _pipeline(request: BuildRequest, plan: _Plan, renderer: PdfRenderer) -> BuildOutcome:
    """load, cite, check, render, record: every dossier asked for is loaded and checked;
    those not up to date are rendered and written."""
    from .check.all_checks import check_workspace
    from .cite.compile import compile_workspace
    from .cite.drafts import as_final
    from .load.workspace import load_workspace
    from .record.assemble import DossierRecord, record_outputs
    from .render.dossier_files import pages, render_dossier

    root, settings = request.root, request.settings
    with recording_reads() as reads:  # every input read, for the manifests
        workspace, load_problems = load_workspace(root, request.names)
        compiled = compile_workspace(workspace)
        report = check_workspace(
            workspace, compiled, load_problems, request.require_approved, settings.public
        )
    outdated = [c for name, c in report.dossiers.items() if name not in plan.current]
    html = pages(outdated, workspace, settings)  # every template's errors, before any layout
    report.problems = sort_problems(report.problems + html.problems)
    if request.final:
        report.problems = as_final(report.problems)
    if report.errors(settings.strict):
        raise ProblemsFound(report.problems)
    built = []
    for page in html.pages:  # the PDF and the Word file, carrying the record's manifest and trace
        log.info("rendering %s", page.compiled.loaded.name)
        record = DossierRecord(page, workspace, settings, reads)
        built.append((record, render_dossier(page, root, settings, renderer, record)))
    record_outputs(built, plan.folders)  # refused whole (a leak), or written together
    rendered = {record.name: result for record, result in built}
    results = [
        _rendered(rendered[name], plan.folders[name], settings)
        if name in rendered
        else _unchanged(root, name, settings)
        for name in report.dossiers
    ]
    return BuildOutcome(results, report.problems)


def _git(root: Path) -> GitState:
    """The git state the review edition prints: read once, before the build is planned, so
    that it decides whether the review edition is up to date (it prints the commit) and is
    recorded in its manifest for `dossier verify`."""
    from .base.git import NOT_IN_GIT
    from .record.build_environment import git_state

    return git_state(root) or NOT_IN_GIT


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
    folder = build_folder(root, name, settings.edition)
    docx = folder / files.docx if files.docx else None
    return BuildResult(name, folder / files.pdf, folder / files.html, docx, 0, 0, None)
