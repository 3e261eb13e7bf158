"""The pipeline: load, check, then render and write each dossier; nothing is written unless
every selected dossier checked clean and rendered. A dossier whose manifest shows nothing
changed since its last build is not rendered again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .load.paths import within
from .load.read_input import file_digest, recording_reads
from .problems import Location, Problem, ProblemsFound, sort_problems
from .record.manifest import FORMAT, MANIFEST_FILE, TRACE_FILE, to_json
from .record.up_to_date import BuildSettings, manifest_inputs, up_to_date
from .record.write_files import remove_leftovers, write_together
from .render.pdf import Embedded, PdfOptions, render_pdf

if TYPE_CHECKING:  # the checking modules are imported when a dossier needs building
    from .check.workspace import Report
    from .cite.compile import CompiledDossier, WordCount

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    name: str
    pdf: Path
    html: Path
    docx: Path
    pages: int
    footnotes: int
    words: WordCount | None  # None: the outputs were up to date, nothing was rendered


def check(root: Path, names: list[str] | None = None, require_approved: bool = False) -> Report:
    """Load everything first, then check it all, templates rendered to HTML included (but
    not laid out): every problem in one report."""
    from .check.workspace import check_workspace
    from .load.workspace import load_workspace
    from .render.html import render_html

    workspace, problems = load_workspace(root, names)
    report = check_workspace(workspace, problems, require_approved)
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
) -> list[BuildResult]:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for each
    selected dossier whose inputs changed since its last build (all of them with `force`).
    With `require_approved`, nothing is written while a cited evidence item is not approved."""
    from .load.dossier import dossier_names

    settings = settings or BuildSettings.from_environment(strict=strict)
    selected = names or dossier_names(root)
    for name in selected:  # whatever happens next, no killed write's leftover stays
        remove_leftovers(root / "build" / name)
    current = {n: not force and up_to_date(root, n, settings) for n in selected}
    # Outputs built without --require-approved may cite unapproved evidence: check them again.
    if selected and all(current.values()) and not require_approved:
        return [_unchanged(root, name) for name in selected]
    with recording_reads() as reads:
        report = check(root, names, require_approved)
    if report.errors(strict):
        raise ProblemsFound(report.problems)
    results: list[BuildResult] = []
    outputs: dict[Path, bytes] = {}
    for name, compiled in report.dossiers.items():
        if current.get(name):
            results.append(_unchanged(root, name))
            continue
        log.info("rendering %s", name)
        folder = output_folder(root, name)
        rendered = _render(compiled, root, settings, reads)
        outputs |= {folder / file: content for file, content in rendered.files.items()}
        results.append(
            BuildResult(
                name,
                folder / f"{name}.pdf",
                folder / f"{name}.html",
                folder / f"{name}.docx",
                rendered.pages,
                len(compiled.footnotes),
                compiled.words,
            )
        )
    write_together(outputs)
    return results


def _unchanged(root: Path, name: str) -> BuildResult:
    folder = root / "build" / name
    return BuildResult(
        name, folder / f"{name}.pdf", folder / f"{name}.html", folder / f"{name}.docx", 0, 0, None
    )


def output_folder(root: Path, name: str) -> Path:
    """build/<name>/, which must stay inside the workspace: a build/ that is a symbolic link
    to a folder elsewhere would have the tool write where nobody asked it to."""
    folder = root / "build" / name
    if not within(folder, root):
        shown = f"build/{name}"
        raise ProblemsFound(
            [
                Problem.of(
                    "D703",
                    Location(shown),
                    f"{shown} leads outside the workspace (to {folder.resolve()}); "
                    "nothing was written",
                    "remove the link, so that outputs are written inside the workspace",
                )
            ]
        )
    return folder


@dataclass(frozen=True)
class _Rendered:
    files: dict[str, bytes]  # by file name in build/<name>/
    pages: int


def _render(
    compiled: CompiledDossier, root: Path, settings: BuildSettings, reads: dict[Path, str]
) -> _Rendered:
    from .record.manifest import git_state, library_versions
    from .record.trace import counts, trace_document
    from .render.docx import EmbeddedFile, render_docx
    from .render.html import render_html

    name = compiled.loaded.name
    stamp = settings.stamp(compiled.loaded.config.date)
    rendered = render_html(compiled, root, stamp)
    html = rendered.html.encode("utf-8")
    origins = dict(rendered.templates.values())
    origins[compiled.loaded.statement_shown] = compiled.loaded.statement_text
    templates = {path: file_digest(text.encode()) for path, (_, text) in rendered.templates.items()}
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "dossier": name,
        "versions": library_versions(),
        "options": settings.as_manifest(),
        "counts": counts(compiled),
        "outputs": {f"build/{name}/{name}.html": file_digest(html)},
    }

    def embed(read_by_layout: dict[Path, bytes]) -> list[Embedded]:
        """The manifest (once the layout has said which fonts and images it read) and the
        trace, to carry inside the PDF."""
        layout = {path: file_digest(content) for path, content in read_by_layout.items()}
        manifest.update(manifest_inputs(root, name, reads | templates | layout))
        return [
            Embedded(MANIFEST_FILE, to_json(manifest), "What this PDF was built from, and with"),
            Embedded(TRACE_FILE, to_json(trace_document(compiled)), "Each footnote's sources"),
        ]

    pdf = render_pdf(rendered.html, root, origins, PdfOptions(settings.pdf_variant, stamp), embed)
    # The Word file carries the manifest the PDF carries: same inputs, same trace.
    word = render_docx(
        compiled,
        root,
        stamp,
        [
            EmbeddedFile(MANIFEST_FILE, to_json(manifest)),
            EmbeddedFile(TRACE_FILE, to_json(trace_document(compiled))),
        ],
    )
    beside = dict(manifest)
    beside["outputs"] = {
        **manifest["outputs"],
        f"build/{name}/{name}.pdf": file_digest(pdf.pdf),
        f"build/{name}/{name}.docx": file_digest(word),
    }
    beside["git"] = git_state(root)
    files = {
        f"{name}.pdf": pdf.pdf,
        f"{name}.html": html,
        f"{name}.docx": word,
        MANIFEST_FILE: to_json(beside),
    }
    return _Rendered(files, pdf.pages)
