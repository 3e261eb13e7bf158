"""`dossier verify FILE.pdf`: does a PDF still match the workspace it was built from?

The manifest embedded in the PDF lists every input by path and sha256, and the versions of
the libraries that laid it out. Verifying compares those with the workspace and this
machine; with `rebuild`, it also builds the dossier again in a temporary folder and compares
the bytes.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load.read_input import file_digest
from .problems import CommandFailed, DossierError
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
    """The manifest a dossier build embedded in `pdf`, or a CommandFailed saying why not."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # its warnings on a damaged file are not for the user
    try:
        contents = PdfReader(pdf).attachments.get(MANIFEST_FILE)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise CommandFailed(f"{pdf} cannot be read as a PDF: {error}") from None
    finally:
        pypdf_log.setLevel(level)
    if not contents:
        raise CommandFailed(
            f"{pdf} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose PDF/A output embeds one)"
        )
    try:
        manifest = json.loads(contents[0])
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("inputs"), dict):
        raise CommandFailed(f"{pdf} carries a {MANIFEST_FILE} that dossier cannot read")
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
            rebuilt = _rebuild(root, manifest)
        except CommandFailed as error:
            report.differences.append(f"rebuild: {error}")
            return report
        digest = file_digest(rebuilt)
        if rebuilt == pdf.read_bytes():
            report.rebuilt = f"rebuilt in a temporary folder: identical (sha256 {digest})"
        else:
            report.rebuilt = f"rebuilt in a temporary folder: sha256 {digest}"
            report.differences.append(
                f"rebuild: the rebuilt PDF differs from {pdf.name} (sha256 "
                f"{file_digest(pdf.read_bytes())})"
            )
    return report


def _rebuild(root: Path, manifest: dict[str, Any]) -> bytes:
    """Build the manifest's dossier from a copy of the workspace, with its recorded options."""
    from .build import build

    settings = BuildSettings.from_manifest(manifest.get("options", {}))
    name = str(manifest.get("dossier", ""))
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as folder:
        copy = Path(folder) / "workspace"
        shutil.copytree(root, copy, ignore=_not_inputs, symlinks=True)
        try:
            [result] = build(copy, [name], strict=settings.strict, settings=settings, force=True)
        except DossierError as error:
            count = len(error.problems)
            raise CommandFailed(
                f"`{name}` no longer builds ({count} problem{'s' * (count != 1)}); "
                f"run `dossier check {name}`"
            ) from None
        return result.pdf.read_bytes()


def _not_inputs(folder: str, names: list[str]) -> list[str]:
    """Outputs and tool folders are not copied: build/, .git/, virtual environments."""
    return [n for n in names if n == "build" or n.startswith(".")]
