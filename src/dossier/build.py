"""The pipeline: load, check, then render and write each dossier; nothing is written unless
every selected dossier checked clean and rendered."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .check import CompiledDossier, Report, WordCount, check_workspace
from .problems import DossierError, Location, Problem, relative_path
from .workspace import load_workspace
from .write_pdf import RenderedPdf, render_pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    name: str
    pdf: Path
    html: Path
    pages: int
    footnotes: int
    words: WordCount


def check(root: Path, names: list[str] | None = None) -> Report:
    """Load everything first, then check it all: every problem in one report."""
    workspace, problems = load_workspace(root, names)
    return check_workspace(workspace, problems)


def build(root: Path, names: list[str] | None = None, strict: bool = False) -> list[BuildResult]:
    """Check, then write build/<name>/<name>.pdf and .html for each selected dossier."""
    report = check(root, names)
    if report.errors(strict):
        raise DossierError(report.problems)
    from .write_files import write_together

    results: list[BuildResult] = []
    outputs: dict[Path, bytes] = {}
    for name, compiled in report.dossiers.items():
        log.info("rendering %s", name)
        html, rendered = _render(compiled, root)
        folder = output_folder(root, name)
        pdf_path, html_path = folder / f"{name}.pdf", folder / f"{name}.html"
        outputs |= {pdf_path: rendered.pdf, html_path: html.encode("utf-8")}
        results.append(
            BuildResult(
                name, pdf_path, html_path, rendered.pages, len(compiled.footnotes), compiled.words
            )
        )
    write_together(outputs)
    return results


def output_folder(root: Path, name: str) -> Path:
    """build/<name>/, which must stay inside the workspace: a build/ that is a symbolic link
    to a folder elsewhere would have the tool write where nobody asked it to."""
    folder = root / "build" / name
    if not folder.resolve().is_relative_to(root.resolve()):
        shown = f"build/{name}"
        raise DossierError(
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


def _render(compiled: CompiledDossier, root: Path) -> tuple[str, RenderedPdf]:
    from .render_html import render_html

    rendered = render_html(compiled, root)
    origins = {relative_path(path, root): text for path, text in rendered.templates.items()}
    origins[compiled.loaded.statement_shown] = compiled.loaded.statement_text
    return rendered.html, render_pdf(rendered.html, root, origins)
