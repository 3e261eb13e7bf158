"""The pipeline: load, check, then render and write each dossier; nothing is written unless
every selected dossier checked clean and rendered. A dossier whose manifest shows nothing
changed since its last build is not rendered again."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .load.read_input import file_digest, recording_reads, resolved
from .load.time_limit import stage
from .problems import DossierError, Location, Problem, relative_path
from .record.lock import build_locks
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
    pages: int
    footnotes: int
    words: WordCount | None  # None: the outputs were up to date, nothing was rendered


def check(root: Path, names: list[str] | None = None) -> Report:
    """Load everything first, then check it all: every problem in one report."""
    from .check.workspace import check_workspace
    from .load.workspace import load_workspace

    workspace, problems = load_workspace(root, names)
    return check_workspace(workspace, problems)


def build(
    root: Path,
    names: list[str] | None = None,
    strict: bool = False,
    settings: BuildSettings | None = None,
    force: bool = False,
    wait: bool = False,
) -> list[BuildResult]:
    """Check, then write build/<name>/<name>.pdf, .html and manifest.json for each selected
    dossier whose inputs changed since its last build (all of them with `force`). One build
    of a dossier at a time: a second one fails, or with `wait` waits for the first."""
    from .load.dossier import selected_names

    settings = settings or BuildSettings.from_environment(strict=strict)
    selected = selected_names(root, names)  # before any file is touched
    folders = {name: output_folder(root, name) for name in selected}
    with build_locks(root, selected, wait):
        for folder in folders.values():  # whatever happens next, no killed write's leftover
            remove_leftovers(folder)
        return _build_locked(root, selected, names, settings, force)


def _build_locked(
    root: Path, selected: list[str], names: list[str] | None, settings: BuildSettings, force: bool
) -> list[BuildResult]:
    strict = settings.strict
    current = {n: not force and up_to_date(root, n, settings) for n in selected}
    if selected and all(current.values()):
        return [_unchanged(root, name) for name in selected]
    with recording_reads() as reads:
        report = check(root, names)
    if report.errors(strict):
        raise DossierError(report.problems)
    results: list[BuildResult] = []
    outputs: dict[Path, bytes] = {}
    for name, compiled in report.dossiers.items():
        if current.get(name):
            results.append(_unchanged(root, name))
            continue
        log.info("rendering %s", name)
        folder = output_folder(root, name)
        with stage(f"rendering dossier `{name}`", compiled.loaded.statement_shown):
            rendered = _render(compiled, root, settings, reads)
        outputs |= {folder / file: content for file, content in rendered.files.items()}
        results.append(
            BuildResult(
                name,
                folder / f"{name}.pdf",
                folder / f"{name}.html",
                rendered.pages,
                len(compiled.footnotes),
                compiled.words,
            )
        )
    write_together(outputs)
    return results


def _unchanged(root: Path, name: str) -> BuildResult:
    folder = root / "build" / name
    return BuildResult(name, folder / f"{name}.pdf", folder / f"{name}.html", 0, 0, None)


def output_folder(root: Path, name: str) -> Path:
    """build/<name>/, which must stay inside the workspace: a build/ that is a symbolic link
    to a folder elsewhere would have the tool write where nobody asked it to. Nor may it be
    a file, or a link in a loop."""
    folder = root / "build" / name
    shown = f"build/{name}"
    target = resolved(folder)
    if target is None or (folder.exists() and not folder.is_dir()):
        kind = "a link that leads back to itself" if target is None else "not a folder"
        raise DossierError(
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
    if not target.is_relative_to(root.resolve()):
        raise DossierError(
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


def _render(
    compiled: CompiledDossier, root: Path, settings: BuildSettings, reads: dict[Path, str]
) -> _Rendered:
    from .record.manifest import git_state, library_versions
    from .record.trace import counts, trace_document
    from .render.html import render_html

    name = compiled.loaded.name
    stamp = settings.stamp(compiled.loaded.config.date)
    rendered = render_html(compiled, root, stamp)
    html = rendered.html.encode("utf-8")
    origins = {relative_path(path, root): text for path, text in rendered.templates.items()}
    origins[compiled.loaded.statement_shown] = compiled.loaded.statement_text
    templates = {path: file_digest(text.encode()) for path, text in rendered.templates.items()}
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
    beside = dict(manifest)
    beside["outputs"] = {**manifest["outputs"], f"build/{name}/{name}.pdf": file_digest(pdf.pdf)}
    beside["git"] = git_state(root)
    files = {f"{name}.pdf": pdf.pdf, f"{name}.html": html, MANIFEST_FILE: to_json(beside)}
    return _Rendered(files, pdf.pages)
