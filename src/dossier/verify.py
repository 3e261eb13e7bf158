"""`dossier verify FILE.pdf|FILE.docx`: is this PDF (or Word file) what the workspace builds?

By default the dossier is built again, from a copy of its inputs in a temporary folder (those
the manifest lists, and the files of evidence/, which it lists by their digests alone, nothing
else) and with the options the file's embedded manifest records, and the two files are
compared byte for byte: a PDF whose text, metadata or attachments were altered after the
build does not match.
The manifest's list of inputs (each path with its sha256, each file of evidence/ by its sha256
alone) then says which input changed.

`inputs_only` compares that list with the workspace and nothing else: quick, but it does not
look at the PDF's content, so an altered PDF carrying its original manifest passes.

The embedded manifest is hostile input: its shape is checked first (D901), and a path it
names is read only when it is a relative path inside the workspace (D902), under the size
limit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .base.libraries.library_logs import held
from .base.phrasing import joined, noun_for
from .base.problem_codes import MALFORMED_MANIFEST
from .base.problems import CommandFailed, Location, Problem, ProblemsFound, UsageError
from .base.reading.read_input import current_limits, file_digest, read_bytes
from .base.settings import (
    BUILT_IN,
    DOSSIER_FILE,
    DOSSIERS_FOLDER,
    MANIFEST_FILE,
)
from .check.disclosure.masking import Masker, masking_errors
from .record.manifest import Manifest, located_key, read_manifest, refused_input
from .record.manifest_paths import input_path
from .record.output_differences import explained
from .record.up_to_date import evidence_folder_files, input_changes


@dataclass
class Verification:
    pdf: Path
    dossier: str
    inputs: int = 0
    differences: list[str] = field(default_factory=list)
    rebuilt: str = ""  # what the rebuild found; empty with inputs_only
    commit: str = ""  # with --at-build-commit: the commit the workspace was read from

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
        contents = embedded_files(path.read_bytes(), str(path)).get(MANIFEST_FILE)
    except OSError as error:
        raise CommandFailed(f"{path} cannot be read: {error.strerror}") from None
    if not contents:
        raise CommandFailed(
            f"{path} was not built by dossier: it carries no {MANIFEST_FILE} "
            "(build it with `dossier build`, whose Word file embeds one)"
        )
    return [contents]


def verify(
    pdf: Path,
    root: Path,
    inputs_only: bool = False,
    shown: str = "",
    at_build_commit: bool = False,
) -> Verification:
    """Compare `pdf` (or a .docx) with what the workspace at `root` builds; with
    `at_build_commit`, with what the workspace built at the commit recorded beside it (see
    `build_commit`), read from git into a temporary folder."""
    masker = _masker(root)
    with masking_errors(masker, root):
        report = _verify_at(pdf, root, inputs_only, shown, at_build_commit)
    report.dossier = masker.mask(report.dossier)
    report.differences = [masker.mask(difference) for difference in report.differences]
    return report


def _masker(root: Path) -> Masker:
    """What masks the workspace's restricted strings in what verify prints: a file's text
    that differs (a review edition's annex, an edited PDF) can hold one."""
    from .load.workspace import load_workspace

    workspace, _ = load_workspace(root)
    return Masker.of(workspace.evidence.values(), workspace.dossiers.values())


def _verify_at(
    pdf: Path, root: Path, inputs_only: bool, shown: str, at_build_commit: bool
) -> Verification:
    where = f"{shown or pdf.name}#{MANIFEST_FILE}"
    manifest, text = embedded_manifest(pdf, shown or pdf.name)
    if not at_build_commit:
        return _verify(pdf, root, manifest, text, where, inputs_only)
    commit = build_commit(pdf, root, manifest)
    with _workspace_at(root, commit) as copy:
        report = _verify(pdf, copy, manifest, text, where, inputs_only, commit)
    return report


def build_commit(pdf: Path, root: Path, manifest: Manifest) -> str:
    """The git commit `pdf` was built at, as the manifest `dossier build` wrote beside it
    records it: the one beside the file, else the one in the workspace's build/<name>/,
    whichever lists the file's sha256 among its outputs. The file's embedded manifest holds
    no commit on purpose: it would change the file's bytes with every commit.
    CommandFailed when none is found, none is recorded, or the build had changes not
    committed."""
    outputs = manifest.options.settings().outputs(manifest.dossier)
    name = outputs.manifest
    digest = file_digest(pdf.read_bytes())
    folders = [pdf.parent, root / outputs.folder]
    for path in dict.fromkeys(folder / name for folder in folders):
        beside = _manifest_beside(path)
        if beside is None or beside.dossier != manifest.dossier:
            continue
        if digest not in beside.outputs.values():
            continue
        if beside.git is None:
            raise CommandFailed(
                f"{path} records no git commit: the workspace was not a git work tree (or git "
                f"was not installed) when {pdf.name} was built",
                "verify it against the workspace as it is, without --at-build-commit",
            )
        if beside.git.dirty:
            raise CommandFailed(
                f"{pdf.name} was built from changes not committed on top of commit "
                f"{beside.git.commit[:10]} ({path} says so): that commit does not hold what it "
                "was built from",
                "verify it against the workspace as it is, without --at-build-commit",
            )
        return beside.git.commit
    in_build = outputs.folder
    shown = list(dict.fromkeys([str(pdf.parent), in_build]))
    raise CommandFailed(
        f"no commit is recorded for {pdf}: --at-build-commit reads it from the {name} that "
        f"`dossier build` wrote beside the file, which lists the file's sha256 among its "
        f"outputs; none was found in {joined(shown)}",
        f"keep {name} beside the file (as {outputs.folder}/ has it), or verify "
        "against the workspace as it is, without --at-build-commit",
    )


def _manifest_beside(path: Path) -> Manifest | None:
    """The manifest written beside outputs at `path`, or None when there is none that
    reads as one (the size limit holds)."""
    limit = current_limits().file_bytes
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError:
        return None
    manifest, _ = read_manifest(data, str(path)) if len(data) <= limit else (None, [])
    return manifest if manifest is not None and manifest.beside else None


@contextmanager
def _workspace_at(root: Path, commit: str) -> Iterator[Path]:
    """The workspace's files at `commit`, read from git (raw blobs, no hooks or filters,
    nothing larger than the size limit, nothing written outside) into a temporary folder."""
    from .base.git import GitError
    from .review.diff.revisions import open_repository, resolve, write_workspace

    try:
        repository = open_repository(root, "--at-build-commit reads the commit from git")
    except UsageError as error:
        raise CommandFailed(error.problems[0].message) from None
    try:
        revision = resolve(repository, commit)
    except UsageError:
        raise CommandFailed(
            f"the commit {commit[:10]} the file was built at is not in the repository "
            f"at {repository.top}",
            "fetch it (`git fetch`), or verify against the workspace as it is",
        ) from None
    with tempfile.TemporaryDirectory(prefix="dossier-verify-commit-") as folder:
        copy = Path(folder) / "workspace"
        copy.mkdir()
        try:
            write_workspace(repository, revision.commit or commit, copy)
        except GitError as error:
            raise CommandFailed(f"the workspace at {commit[:10]}: {error}") from None
        yield copy


def _verify(
    pdf: Path,
    root: Path,
    manifest: Manifest,
    text: str,
    where: str,
    inputs_only: bool,
    commit: str = "",
) -> Verification:
    from .record.build_environment import library_versions

    refused = [
        refused_input(name, located_key(text, where, (name,)))
        for name in manifest.inputs
        if input_path(name, root) is None
    ]
    if refused:
        raise ProblemsFound(refused)
    inputs = len(manifest.inputs) + len(manifest.evidence or [])
    report = Verification(pdf, manifest.dossier, inputs, commit=commit)
    rebuilt_in = f"from commit {commit[:10]} " if commit else ""
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
        report.rebuilt = f"rebuilt {rebuilt_in}in a temporary folder: identical (sha256 {digest})"
    else:
        report.rebuilt = f"rebuilt {rebuilt_in}in a temporary folder: sha256 {digest}"
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
        (copy / DOSSIERS_FOLDER).mkdir(parents=True)
        for shown in _files_a_build_reads(root, manifest):
            _copy_input(root, shown, copy)
        for shown in evidence_folder_files(root):  # the manifest names them by digest alone
            _copy_input(root, shown, copy, needed=False)
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


def _files_a_build_reads(root: Path, manifest: Manifest) -> list[str]:
    """What the rebuild needs of the workspace, by their paths in it: the inputs the manifest
    lists, and the settings and statement of each other dossier, which every build loads
    (whether a bibliography entry is cited anywhere is a check of the whole workspace).
    Nothing else is copied: not build/, not .git/, not a file no build reads, however large."""
    from .load.dossier import dossier_names, load_dossier

    wanted = [shown for shown in manifest.inputs if not shown.startswith(BUILT_IN)]
    for other in dossier_names(root):
        loaded, _ = load_dossier(root, other) if other != manifest.dossier else (None, [])
        if loaded is not None:
            wanted += [f"{DOSSIERS_FOLDER}/{other}/{DOSSIER_FILE}", loaded.statement_shown]
    return list(dict.fromkeys(wanted))


def _copy_input(root: Path, shown: str, copy: Path, needed: bool = True) -> None:
    """Copy one input into the copy of the workspace, read as the build reads an input (inside
    the workspace, a regular file, at most the largest size an input may have). One that is
    missing is left out: the comparison of inputs has said so already. A file of evidence/
    (`needed` False: the manifest lists those by their digests alone, so every one is copied)
    that cannot be read as an input is left out too: a build that needs it says so."""
    path = input_path(shown, root)
    if path is None or not (path.exists() or path.is_symlink()):
        return
    data, problems = read_bytes(path, shown, root, current_limits().snapshot_bytes)
    if data is None and not needed:
        return
    if data is None:
        raise CommandFailed(f"the workspace could not be copied: {problems[0].message}")
    target = copy / shown
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
