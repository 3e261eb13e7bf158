"""The pipeline: load, check, then render and write each dossier; nothing is written unless
every selected dossier checked clean."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .check import Report, WordCount, check_workspace
from .problems import DossierError
from .workspace import load_workspace

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
    from .render_html import render_html
    from .write_files import write_together
    from .write_pdf import render_pdf

    results = []
    for name, compiled in report.dossiers.items():
        log.info("rendering %s", name)
        html = render_html(compiled, root)
        pdf, pages = render_pdf(html, root)
        folder = root / "build" / name
        pdf_path, html_path = folder / f"{name}.pdf", folder / f"{name}.html"
        write_together({pdf_path: pdf, html_path: html.encode("utf-8")})
        results.append(
            BuildResult(name, pdf_path, html_path, pages, len(compiled.footnotes), compiled.words)
        )
    return results
