"""The pipeline: load, check, then render and write each dossier; nothing is written unless
every selected dossier checked clean and rendered. A dossier whose manifest shows nothing
changed since its last build is not rendered again."""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base.paths import resolved, within
from .base.problems import Location, Problem, ProblemsFound, sort_problems
from .base.read_input import file_digest, recording_reads
from .base.time_limit import stage
from .record.lock import build_locks
from .record.manifest import FORMAT, MANIFEST_FILE, TRACE_FILE, to_json
from .record.up_to_date import BuildSettings, manifest_inputs, up_to_date
from .record.write_files import remove_leftovers, write_together
from .render.pdf.layout_pdf import Embedded, PdfOptions

if TYPE_CHECKING:  # the checking modules are imported when a dossier needs building
    from .check.all_checks import Report
    from .cite.compile import CompiledDossier, WordCount
    from .load.workspace import Workspace
    from .render.pdf.pdf_process import PdfRenderer  # multiprocessing: when a build renders

log = logging.getLogger(__name__)


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


def check(
    root: Path, names: list[str] | None = None, require_approved: bool = False, public: bool = True
) -> Report:
    """Load everything first, then check it all, templates rendered to HTML included (but
    not laid out): every problem in one report. `public`: for the edition that is filed
    (False: the internal review edition)."""
    from .check.all_checks import check_workspace
    from .load.workspace import load_workspace
    from .render.html.render_html import render_html

    workspace, problems = load_workspace(root, names)
    report = check_workspace(workspace, problems, require_approved, public)
    for compiled in report.dossiers.values():
        with recording_reads():  # each build records the templates its own render reads
            try:
                render_html(compiled, root)
            except ProblemsFound as error:
                report.problems += error.problems
    report.problems = sort_problems(report.problems)
    return report


def build(
    root: Path,
    names: list[str] | None = None,
    strict: bool = False,
    settings: BuildSettings | None = None,
    force: bool = False,
    require_approved: bool = False,
    wait: bool = False,
) -> list[BuildResult]:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for each
    selected dossier whose inputs changed since its last build (all of them with `force`);
    for the review edition, <name>-review.pdf, .html and manifest-review.json. With
    `require_approved`, nothing is written while a cited evidence item is not approved. A
    public build's outputs are scanned for restricted strings before anything is written.
    One build of a dossier at a time: a second one fails, or with `wait` waits for the first."""
    from .load.dossier import selected_names

    settings = settings or BuildSettings.from_environment(strict=strict)
    with ExitStack() as rendering:
        renderer = None
        if force:  # A forced build renders: WeasyPrint starts loading now, beside the rest.
            from .render.pdf.pdf_process import pdf_renderer

            renderer = rendering.enter_context(pdf_renderer())
        selected = selected_names(root, names)  # before any file is touched
        folders = {name: output_folder(root, name) for name in selected}
        with build_locks(root, selected, wait):
            for folder in folders.values():  # whatever happens next, no killed write's leftover
                remove_leftovers(folder)
            return _build_locked(root, selected, names, settings, force, require_approved, renderer)


def _build_locked(
    root: Path,
    selected: list[str],
    names: list[str] | None,
    settings: BuildSettings,
    force: bool,
    require_approved: bool,
    renderer: PdfRenderer | None,
) -> list[BuildResult]:
    current = {n: not force and up_to_date(root, n, settings) for n in selected}
    # Outputs built without --require-approved may cite unapproved evidence: check them again.
    if selected and all(current.values()) and not require_approved:
        return [_unchanged(root, name, settings) for name in selected]
    if renderer is not None:
        return _check_and_render(root, names, settings, require_approved, current, renderer)
    from .render.pdf.pdf_process import pdf_renderer  # multiprocessing: not for an up-to-date build

    with pdf_renderer() as started:  # loads WeasyPrint beside the checks
        return _check_and_render(root, names, settings, require_approved, current, started)


def _check_and_render(
    root: Path,
    names: list[str] | None,
    settings: BuildSettings,
    require_approved: bool,
    current: dict[str, bool],
    renderer: PdfRenderer,
) -> list[BuildResult]:
    strict = settings.strict
    with recording_reads() as reads:
        report = check(root, names, require_approved, settings.public)
    if report.errors(strict):
        raise ProblemsFound(report.problems)
    assert report.workspace is not None
    results: list[BuildResult] = []
    outputs: dict[Path, bytes] = {}
    refusals: list[Problem] = []  # what stops the outputs being written
    for name, compiled in report.dossiers.items():
        if current.get(name):
            results.append(_unchanged(root, name, settings))
            continue
        log.info("rendering %s", name)
        folder = output_folder(root, name)
        with stage(f"rendering dossier `{name}`", compiled.loaded.statement_shown):
            rendered = _render(compiled, root, settings, reads, report.workspace, renderer)
        refusals += rendered.problems
        if settings.public:
            refusals += _leaks(compiled, report.workspace, rendered)
        outputs |= {folder / file: content for file, content in rendered.files.items()}
        results.append(
            _result(
                name,
                folder,
                settings,
                rendered.pages,
                len(compiled.footnotes),
                compiled.words,
                rendered.misplaced,
            )
        )
    if refusals:
        raise ProblemsFound(sort_problems(refusals))
    write_together(outputs)
    return results


def _result(
    name: str,
    folder: Path,
    settings: BuildSettings,
    pages: int = 0,
    footnotes: int = 0,
    words: WordCount | None = None,
    misplaced: list[tuple[int, int, int]] | None = None,
) -> BuildResult:
    files = settings.outputs(name)
    docx = folder / files.docx if files.docx else None
    html = folder / files.html
    return BuildResult(
        name, folder / files.pdf, html, docx, pages, footnotes, words, misplaced or []
    )


def _unchanged(root: Path, name: str, settings: BuildSettings) -> BuildResult:
    return _result(name, root / "build" / name, settings)


def _check_band(pdf: bytes, band: str, template: str) -> None:
    """A review edition must say on every page that it is not for submission, whatever
    template laid it out (a workspace's own, copied before editions existed, may not)."""
    from .check.disclosure.output_text import pdf_pages_without

    missing = pdf_pages_without(pdf, band)
    if missing:
        pages = ", ".join(str(n) for n in missing)
        raise ProblemsFound(
            [
                Problem.of(
                    "D814",
                    Location(template),
                    f"the review edition's page(s) {pages} do not carry the band "
                    f"“{band}”; nothing was written",
                    "give the venue's stylesheet the `@page review-edition` rule of the built-in "
                    'template, and its template `<html class="review-edition">` in the review '
                    "edition",
                )
            ]
        )


def _leaks(compiled: CompiledDossier, workspace: Workspace, rendered: _Rendered) -> list[Problem]:
    """Restricted strings in what a public build of the dossier would write, by the inputs
    that put them there."""
    from .check.disclosure.leaks import leak_problems

    name = compiled.loaded.name
    named = {f"build/{name}/{file}": content for file, content in rendered.files.items()}
    return leak_problems(named, compiled, workspace, rendered.templates, rendered.inputs)


def output_folder(root: Path, name: str) -> Path:
    """build/<name>/, which must stay inside the workspace: a build/ that is a symbolic link
    to a folder elsewhere would have the tool write where nobody asked it to. Nor may it be
    a file, or a link in a loop."""
    folder = root / "build" / name
    shown = f"build/{name}"
    target = resolved(folder)
    if target is None or (folder.exists() and not folder.is_dir()):
        kind = "a link that leads back to itself" if target is None else "not a folder"
        raise ProblemsFound(
            [
                Problem.of(
                    "D704",
                    Location(shown),
                    f"{shown} is {kind}; the outputs of `{name}` go in a folder there, so "
                    "nothing was written",
                    f"remove {shown} (build/ holds only what `dossier build` writes)",
                )
            ]
        )
    if not within(folder, root):
        raise ProblemsFound(
            [
                Problem.of(
                    "D703",
                    Location(shown),
                    f"{shown} leads outside the workspace (to {target}); nothing was written",
                    "remove the link, so that outputs are written inside the workspace",
                )
            ]
        )
    return folder


@dataclass(frozen=True)
class _Rendered:
    files: dict[str, bytes]  # by file name in build/<name>/
    pages: int
    templates: dict[str, str]  # each template used, by its shown path, with its text
    inputs: list[str]  # every input the manifest lists, by its shown path
    problems: list[Problem]  # what the layout found wrong (D706), told with any leak
    misplaced: list[tuple[int, int, int]]  # notes the layout left after their call's page


def _render(
    compiled: CompiledDossier,
    root: Path,
    settings: BuildSettings,
    reads: dict[Path, str],
    workspace: Workspace,
    renderer: PdfRenderer,
) -> _Rendered:
    """The dossier's files. While `renderer` lays the PDF out, this process writes the trace
    and the Word file; the manifest, which names what the layout read, comes last."""
    from .check.undrawable_glyphs import undrawn_problems
    from .record.manifest import git_state, library_versions
    from .record.trace import ReviewData, counts, trace_document
    from .render.html.render_html import render_html
    from .render.html.review_edition import review_edition

    name = compiled.loaded.name
    files = settings.outputs(name)
    stamp = settings.stamp(compiled.loaded.config.date)
    review = None if settings.public else review_edition(compiled, workspace)
    rendered = render_html(compiled, root, stamp, review)
    html = rendered.html.encode("utf-8")
    templates_used = dict(rendered.templates.values())
    origins = {**templates_used, compiled.loaded.statement_shown: compiled.loaded.statement_text}
    templates = {path: file_digest(text.encode()) for path, (_, text) in rendered.templates.items()}
    renderer.start(rendered.html, root, origins, PdfOptions(settings.pdf_variant, stamp))
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "dossier": name,
        "options": settings.as_manifest(),
        "counts": counts(compiled),
        "outputs": {f"build/{name}/{files.html}": file_digest(html)},
    }
    trace = to_json(
        trace_document(
            compiled, ReviewData(workspace.bibliography, review.store) if review else None
        )
    )
    document, docx_problems = _docx_document(compiled, root, stamp) if files.docx else (None, None)
    manifest["versions"] = library_versions(renderer.text_library_versions())

    def embed(read_by_layout: dict[Path, str]) -> list[Embedded]:
        """The manifest (once the layout has said which fonts and images it read) and the
        trace, to carry inside the PDF."""
        manifest.update(manifest_inputs(root, name, reads | templates | read_by_layout))
        return [
            Embedded(MANIFEST_FILE, to_json(manifest), "What this PDF was built from, and with"),
            Embedded(TRACE_FILE, trace, "Each footnote's sources"),
        ]

    pdf = renderer.finish(embed)
    if review is not None:
        stylesheet = next(shown for shown in origins if shown.endswith(".css"))
        _check_band(pdf.pdf, review.band, stylesheet)
    if docx_problems is not None:
        raise docx_problems
    written = {files.pdf: pdf.pdf, files.html: html}
    if files.docx:
        written[files.docx] = _docx_bytes(document, manifest, trace)
    beside = dict(manifest)
    beside["outputs"] = {
        **manifest["outputs"],
        **{f"build/{name}/{file}": file_digest(content) for file, content in written.items()},
    }
    beside["git"] = git_state(root)
    written[files.manifest] = to_json(beside)
    undrawn = undrawn_problems(pdf.undrawn, compiled, templates_used)
    inputs = list(manifest["inputs"])
    return _Rendered(written, pdf.pages, templates_used, inputs, undrawn, pdf.misplaced)


def _docx_document(
    compiled: CompiledDossier, root: Path, stamp: dt.datetime | None
) -> tuple[Any, ProblemsFound | None]:
    """The Word document, or what stops it (told after the PDF's own problems, as before the
    two were made side by side)."""
    from .render.docx.docx_document import docx_document

    try:
        return docx_document(compiled, root, stamp), None
    except ProblemsFound as problems:
        return None, problems


def _docx_bytes(document: Any, manifest: dict[str, Any], trace: bytes) -> bytes:
    """The Word file, carrying the manifest and trace the PDF carries: same inputs, same
    trace, so that `dossier verify` works on either. Its manifest leaves out the libraries
    only the PDF's layout uses (Pango, HarfBuzz, the fonts' subsetter), so that its bytes do
    not depend on which of them the machine has."""
    from .record.manifest import PDF_ONLY
    from .render.docx.docx_document import docx_bytes
    from .render.docx.docx_package import EmbeddedFile

    versions = {k: v for k, v in manifest["versions"].items() if k not in PDF_ONLY}
    word = to_json({**manifest, "versions": versions})
    embedded = [EmbeddedFile(MANIFEST_FILE, word), EmbeddedFile(TRACE_FILE, trace)]
    return docx_bytes(document, embedded)
