"""`dossier verify FILE.pdf|FILE.docx`: is this PDF (or Word file) what the workspace builds?

By default the dossier is built again, from a copy of the workspace in a temporary folder and
with the options the file's embedded manifest records, and the two files are compared byte
for byte: a PDF whose text, metadata or attachments were altered after the build does not
match.
The manifest's list of inputs (each path with its sha256) then says which input changed.

`inputs_only` compares that list with the workspace and nothing else: quick, but it does not
look at the PDF's content, so an altered PDF carrying its original manifest passes.

The embedded manifest is hostile input: its shape is checked first (D901), and a path it
names is read only when it is a relative path inside the workspace (D902), under the size
limit.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .base.libraries.library_logs import held
from .base.phrasing import noun_for
from .base.problem_codes import MALFORMED_MANIFEST
from .base.problems import CommandFailed, Location, Problem, ProblemsFound
from .base.read_input import current_limits, file_digest
from .base.settings import BUILD_FOLDER, MANIFEST_FILE
from .record.manifest import Manifest, located_key, read_manifest, refused_input
from .record.manifest_paths import input_path
from .record.output_differences import explained
from .record.up_to_date import input_changes


@dataclass
class Verification:
    pdf: Path
    dossier: str
    inputs: int = 0
    differences: list[str] = field(default_factory=list)
    rebuilt: str = ""  # what the rebuild found; empty with inputs_only

    @property
    def matches(self) -> bool:
        return not self.differences


def embedded_manifest(pdf: Path, shown: str) -> tuple[Manifest, str]:
    """The manifest a dossier build embedded in `pdf` (or in a .docx), with its text:
    CommandFailed when there is none, ProblemsFound (located in `shown`#manifest.json) when it
    is malformed."""
    contents = _docx_manifest(pdf) if pdf.suffix.lower() == ".docx" else _pdf_manifest(pdf)
    where = f"{shown}#{MANIFEST_FILE}"
    data = contents[0]
    if len(contents) > 1 or len(data) > current_limits().file_bytes:
        why = "two of them" if len(contents) > 1 else f"{len(data):,} bytes of it"
        raise ProblemsFound(
            [
                Problem.of(
                    MALFORMED_MANIFEST,
                    Location(where),
                    f"the file carries {why}: not a manifest `dossier build` wrote",
                    "build the file again from its workspace",
                )
            ]
        )
    manifest, problems = read_manifest(data, where)
    if manifest is None:
        raise ProblemsFound(problems)
    return manifest, data.decode("utf-8", "replace")


def _pdf_manifest(pdf: Path) -> list[bytes]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with held("pypdf"):  # its warnings on a damaged file are not for the user
            contents = PdfReader(pdf).attachments.get(MANIFEST_FILE)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise CommandFailed(f"{pdf} cannot be read as a PDF: {error}") from None
    if not contents:
        raise CommandFailed(
            f"{pdf} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose PDF/A output embeds one)"
        )
    return list(contents)


def _docx_manifest(path: Path) -> list[bytes]:
    from .render.docx.docx_package import embedded_files

    try:
        contents = embedded_files(path.read_bytes()).get(MANIFEST_FILE)
    except OSError as error:
        raise CommandFailed(f"{path} cannot be read: {error.strerror}") from None
    if not contents:
        raise CommandFailed(
            f"{path} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose Word file embeds one)"
        )
    return [contents]


def verify(pdf: Path, root: Path, inputs_only: bool = False, shown: str = "") -> Verification:
    from .record.build_environment import library_versions

    where = f"{shown or pdf.name}#{MANIFEST_FILE}"
    manifest, text = embedded_manifest(pdf, shown or pdf.name)
    refused = [
        refused_input(name, located_key(text, where, (name,)))
        for name in manifest.inputs
        if input_path(name, root) is None
    ]
    if refused:
        raise ProblemsFound(refused)
    report = Verification(pdf, manifest.dossier, len(manifest.inputs))
    report.differences += [change.describe() for change in input_changes(root, manifest)]
    now = library_versions()
    for name, version in sorted(manifest.versions.items()):
        if name == _SUBSETTER and version in _SUBSETTERS and now.get(name) != version:
            report.differences.append(_subsetters_differ(version))
        elif now.get(name) != version:
            report.differences.append(
                f"version: {name} {version} at build, {now.get(name, 'absent')} now"
            )
    if inputs_only:
        return report
    try:
        rebuilt = _rebuild(root, manifest, pdf.suffix.lower())
    except CommandFailed as error:
        report.differences.append(f"rebuild: {error}")
        return report
    digest, given = file_digest(rebuilt), pdf.read_bytes()
    if rebuilt == given:
        report.rebuilt = f"rebuilt in a temporary folder: identical (sha256 {digest})"
    else:
        report.rebuilt = f"rebuilt in a temporary folder: sha256 {digest}"
        unrecorded = _SUBSETTER not in manifest.versions and now.get(_SUBSETTER) == "fonttools"
        if unrecorded and pdf.suffix.lower() == ".pdf":
            report.differences.append(_subsetters_differ(None))
        explanation = "".join(f"\n  {line}" for line in explained(rebuilt, given, pdf.name))
        report.differences.append(
            f"rebuild: the rebuilt file differs from {pdf.name} (sha256 {file_digest(given)})"
            + (":" if explanation else "")
            + explanation
        )
    return report


_SUBSETTER = "font_subsetter"  # in a manifest's versions, one of:
_SUBSETTERS = ("harfbuzz-subset", "fonttools")
_INSTALL = "`apt install libharfbuzz-subset0`"


def _subsetters_differ(at_build: str | None) -> str:
    """Why a PDF does not rebuild to the same bytes here: WeasyPrint subsets its fonts with
    HarfBuzz where libharfbuzz-subset0 is installed and with fontTools where it is not, and
    the two write different bytes (`at_build`: which one the manifest records, if any)."""
    if at_build == "fonttools":
        return (
            "fonts: this PDF's fonts were subset by fontTools, on a machine without "
            "libharfbuzz-subset0; this machine has it, and HarfBuzz writes other bytes: build "
            f"the PDF again where the library is installed ({_INSTALL}), and it verifies here"
        )
    if at_build is None:
        return (
            "fonts: this machine lacks the library libharfbuzz-subset0, so WeasyPrint subsets "
            "the fonts with fontTools, which writes other bytes than HarfBuzz on the machines "
            f"that have it; install the library ({_INSTALL}) and verify again"
        )
    return (
        "fonts: this PDF's fonts were subset by HarfBuzz (the library libharfbuzz-subset0), "
        "which this machine lacks: WeasyPrint subsets them with fontTools instead, which "
        f"writes other bytes; install the library ({_INSTALL}) and verify again"
    )


def _rebuild(root: Path, manifest: Manifest, suffix: str) -> bytes:
    """Build the manifest's dossier from a copy of the workspace, with its recorded options."""
    from .build import BuildRequest, build
    from .load.dossier import dossier_names

    name = manifest.dossier
    if name not in dossier_names(root):
        raise CommandFailed(f"the workspace has no dossier `{name}`")
    settings = manifest.options.settings()
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as folder:
        copy = Path(folder) / "workspace"
        try:
            shutil.copytree(
                root, copy, ignore=_not_inputs, symlinks=True, copy_function=_copy_regular
            )
        except (shutil.Error, OSError) as error:
            raise CommandFailed(f"the workspace could not be copied: {error}") from None
        try:
            [result] = build(BuildRequest(copy, (name,), settings, force=True)).results
        except ProblemsFound as error:
            count = len(error.problems)
            raise CommandFailed(
                f"`{name}` no longer builds ({count} {noun_for(count, 'problem')}); "
                f"run `dossier check {name}`"
            ) from None
        rebuilt = result.docx if suffix == ".docx" else result.pdf
        if rebuilt is None:
            raise CommandFailed(f"the {settings.edition} edition of `{name}` has no Word file")
        return rebuilt.read_bytes()


def _not_inputs(folder: str, names: list[str]) -> list[str]:
    """Outputs and tool folders are not copied: build/, .git/, virtual environments."""
    return [n for n in names if n == BUILD_FOLDER or n.startswith(".")]


def _copy_regular(source: str, target: str) -> None:
    """Copy a regular file; leave out a FIFO, socket or device, which no build reads and
    which could block the copy."""
    if stat.S_ISREG(os.lstat(source).st_mode):
        shutil.copy2(source, target)
