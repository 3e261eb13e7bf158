"""`dossier verify FILE.pdf|FILE.docx`: does an output still match the workspace it was built
from?

The manifest embedded in the PDF (and in the Word file) lists every input by path and
sha256, and the versions of the libraries that laid it out. Verifying compares those with the
workspace and this machine; with `rebuild`, it also builds the dossier again in a temporary
folder and compares the bytes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load.library_logs import held
from .load.read_input import file_digest
from .problems import CommandFailed, ProblemsFound
from .record.manifest import MANIFEST_FILE
from .record.up_to_date import BuildSettings, input_changes


@dataclass
class Verification:
    pdf: Path
    dossier: str
    inputs: int = 0
    differences: list[str] = field(default_factory=list)
    rebuilt: str = ""  # what the rebuild found, when one was asked for

    @property
    def matches(self) -> bool:
        return not self.differences


def embedded_manifest(pdf: Path) -> dict[str, Any]:
    """The manifest a dossier build embedded in `pdf` (or in a .docx), or a CommandFailed
    saying why not."""
    if pdf.suffix.lower() == ".docx":
        return _docx_manifest(pdf)
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with held("pypdf"):  # its warnings on a damaged file are not for the user
            contents = PdfReader(pdf).attachments.get(MANIFEST_FILE)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise CommandFailed(f"{pdf} cannot be read as a PDF: {error}") from None
    if not contents:
        raise CommandFailed(
            f"{pdf} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose PDF/A output embeds one)"
        )
    return _parsed_manifest(pdf, contents[0])


def _docx_manifest(path: Path) -> dict[str, Any]:
    from .render.docx import embedded_files

    try:
        contents = embedded_files(path.read_bytes()).get(MANIFEST_FILE)
    except OSError as error:
        raise CommandFailed(f"{path} cannot be read: {error.strerror}") from None
    if not contents:
        raise CommandFailed(
            f"{path} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose Word file embeds one)"
        )
    return _parsed_manifest(path, contents)


def _parsed_manifest(path: Path, contents: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(contents)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("inputs"), dict):
        raise CommandFailed(f"{path} carries a {MANIFEST_FILE} that dossier cannot read")
    return manifest


def verify(pdf: Path, root: Path, rebuild: bool = False) -> Verification:
    from .record.manifest import library_versions

    manifest = embedded_manifest(pdf)
    report = Verification(pdf, str(manifest.get("dossier", "")), len(manifest["inputs"]))
    report.differences += [change.describe() for change in input_changes(root, manifest)]
    now = library_versions()
    for name, version in sorted(manifest.get("versions", {}).items()):
        if now.get(name) != version:
            report.differences.append(
                f"version: {name} {version} at build, {now.get(name, 'absent')} now"
            )
    if rebuild:
        try:
            rebuilt = _rebuild(root, manifest, pdf.suffix.lower())
        except CommandFailed as error:
            report.differences.append(f"rebuild: {error}")
            return report
        digest = file_digest(rebuilt)
        if rebuilt == pdf.read_bytes():
            report.rebuilt = f"rebuilt in a temporary folder: identical (sha256 {digest})"
        else:
            report.rebuilt = f"rebuilt in a temporary folder: sha256 {digest}"
            report.differences.append(
                f"rebuild: the rebuilt file differs from {pdf.name} (sha256 "
                f"{file_digest(pdf.read_bytes())})"
            )
    return report


def _rebuild(root: Path, manifest: dict[str, Any], suffix: str) -> bytes:
    """Build the manifest's dossier from a copy of the workspace, with its recorded options."""
    from .build import build

    options = manifest.get("options", {})
    settings = BuildSettings(
        options.get("pdf_variant", "pdf/a-3b"),
        options.get("source_date_epoch"),
        bool(options.get("strict", False)),
    )
    name = str(manifest.get("dossier", ""))
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as folder:
        copy = Path(folder) / "workspace"
        shutil.copytree(root, copy, ignore=_not_inputs, symlinks=True)
        try:
            [result] = build(copy, [name], strict=settings.strict, settings=settings, force=True)
        except ProblemsFound as error:
            count = len(error.problems)
            raise CommandFailed(
                f"`{name}` no longer builds ({count} problem{'s' * (count != 1)}); "
                f"run `dossier check {name}`"
            ) from None
        return (result.docx if suffix == ".docx" else result.pdf).read_bytes()


def _not_inputs(folder: str, names: list[str]) -> list[str]:
    """Outputs and tool folders are not copied: build/, .git/, virtual environments."""
    return [n for n in names if n == "build" or n.startswith(".")]
