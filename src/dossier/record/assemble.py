"""What a build records of each dossier: the manifest (what its outputs were made from and
with), carried inside the PDF and the Word file and written beside them, and, in the review
edition's PDF alone, the trace (where each footnote's claims come from: the team's work,
which a public file never carries); then every output of the build, refused whole when a
public one would carry a restricted string, or written together."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..base.problems import Problem, ProblemsFound, sort_problems
from ..base.reading.read_input import file_digest
from ..base.settings import (
    BUILD_FOLDER,
    BUILT_IN,
    DOSSIERS_FOLDER,
    EVIDENCE_FOLDER,
    MANIFEST_FILE,
    TRACE_FILE,
    BuildSettings,
    shown_output,
)
from ..cite.compile import CompiledDossier
from ..load.workspace import Workspace
from ..render.docx.docx_package import EmbeddedFile
from ..render.dossier_files import Page, RenderedDossier
from ..render.pdf.layout_pdf import Embedded
from .build_environment import PDF_ONLY, git_state, library_versions
from .manifest import Manifest, ManifestOptions, to_json
from .manifest_paths import shown_input
from .switch_folder import write_folders
from .trace import ReviewData, counts, trace_document


class DossierRecord:
    """The manifest and trace of one dossier's build, filled in as the build goes: what the
    page was rendered from first, then what the layout read, then the outputs' digests."""

    def __init__(
        self,
        page: Page,
        workspace: Workspace,
        settings: BuildSettings,
        reads: dict[Path, str],
    ) -> None:
        self.page = page
        self.workspace = workspace
        self.settings = settings
        self.reads = reads  # every input the load and the checks read
        self.name = page.compiled.loaded.name
        self._manifest: Manifest | None = None
        self._trace: bytes | None = None

    def for_pdf(
        self, text_versions: dict[str, str], read_by_layout: dict[Path, str]
    ) -> list[Embedded]:
        """The manifest (once the layout has said which fonts and images it read) to carry
        inside the PDF, and the trace in the review edition's."""
        root, name = self.workspace.root, self.name
        html = shown_output(name, self.settings.outputs(name).html, self.settings.edition)
        read = self.reads | self.page.template_digests | read_by_layout
        listed = _listed(root, name, read, _other_snapshots(self.page.compiled, self.workspace))
        self._manifest = Manifest(
            dossier=name,
            versions=library_versions(text_versions),
            options=ManifestOptions.of(self.settings),
            counts=counts(self.page.compiled),
            outputs={html: file_digest(self.page.html.encode("utf-8"))},
            inputs=listed.inputs,
            fonts=listed.fonts,
            evidence=listed.evidence,
        )
        manifest = Embedded(
            MANIFEST_FILE, self.manifest.as_json(), "What this PDF was built from, and with"
        )
        if self.settings.public:
            return [manifest]
        return [manifest, Embedded(TRACE_FILE, self.trace, "Each footnote's sources")]

    def for_word(self) -> list[EmbeddedFile]:
        """The manifest the PDF carries: same inputs, so that `dossier verify` works on
        either (the Word file is public: no trace). It leaves out the libraries only the
        PDF's layout uses (Pango, HarfBuzz, the fonts' subsetter), so that its bytes do not
        depend on which of them the machine has."""
        versions = {k: v for k, v in self.manifest.versions.items() if k not in PDF_ONLY}
        return [EmbeddedFile(MANIFEST_FILE, replace(self.manifest, versions=versions).as_json())]

    @property
    def manifest(self) -> Manifest:
        """The manifest the PDF carries, once its layout has asked for it."""
        assert self._manifest is not None, "the PDF's layout asks for the manifest first"
        return self._manifest

    @property
    def trace(self) -> bytes:
        if self._trace is None:
            review = self.page.review
            data = ReviewData(self.workspace.bibliography, review.store) if review else None
            self._trace = to_json(trace_document(self.page.compiled, data))
        return self._trace

    def files(self, rendered: RenderedDossier) -> dict[str, bytes]:
        """The rendered files and, beside them, the manifest with their digests and the git
        commit the workspace was at: what the PDF cannot hold about itself."""
        outputs = {
            shown_output(self.name, file, self.settings.edition): file_digest(content)
            for file, content in rendered.files.items()
        }
        beside = self.manifest.written_beside(outputs, git_state(self.workspace.root))
        return {**rendered.files, self.settings.outputs(self.name).manifest: beside.as_json()}


def record_outputs(
    built: list[tuple[DossierRecord, RenderedDossier]], folders: dict[str, Path]
) -> None:
    """Write every dossier's files together, or none: not while the layout found something
    wrong, nor while a public output would carry a restricted string. Each dossier's folder
    is switched whole for one holding its new files (see switch_folder)."""
    outputs: dict[Path, dict[str, bytes]] = {}
    refusals: list[Problem] = list(p for _, rendered in built for p in rendered.problems)
    for record, rendered in built:
        files = record.files(rendered)
        if record.settings.public:
            refusals += _leaks(record, rendered, files)
        outputs[folders[record.name]] = files
    if refusals:
        raise ProblemsFound(sort_problems(refusals))
    write_folders(outputs)


def _leaks(
    record: DossierRecord, rendered: RenderedDossier, files: dict[str, bytes]
) -> list[Problem]:
    """Restricted strings in what a public build of the dossier would write, by the inputs
    that put them there."""
    from ..check.disclosure.leaks import leak_problems

    edition = record.settings.edition
    named = {shown_output(record.name, file, edition): content for file, content in files.items()}
    inputs = list(record.manifest.inputs)
    templates = rendered.page.templates_used
    return leak_problems(named, rendered.page.compiled, record.workspace, templates, inputs)


@dataclass(frozen=True)
class _Listed:
    inputs: dict[str, str]
    fonts: dict[str, str]
    evidence: list[str]


def _listed(root: Path, name: str, read: dict[Path, str], left_out: set[str]) -> _Listed:
    """The inputs, fonts and evidence of dossier `name` among every file the build read:
    other dossiers' files and the snapshots in `left_out` are left out, fonts are listed by
    themselves, and the files of evidence/ by their digests alone (see manifest.py)."""
    inputs, fonts, evidence = {}, {}, set()
    fonts_folder = BUILT_IN + "fonts/"
    for path, digest in read.items():
        shown = shown_input(path, root)
        if shown is None or shown.startswith(f"{BUILD_FOLDER}/") or shown in left_out:
            continue
        if shown.startswith(f"{DOSSIERS_FOLDER}/") and not shown.startswith(
            f"{DOSSIERS_FOLDER}/{name}/"
        ):
            continue
        if shown.startswith(fonts_folder):
            fonts[shown.removeprefix(fonts_folder)] = digest
        elif shown.startswith(f"{EVIDENCE_FOLDER}/"):
            evidence.add(digest)
        else:
            inputs[shown] = digest
    return _Listed(dict(sorted(inputs.items())), dict(sorted(fonts.items())), sorted(evidence))


def _other_snapshots(compiled: CompiledDossier, workspace: Workspace) -> set[str]:
    """The snapshots of the bibliography's entries that the dossier does not cite (those of
    other dossiers: the checks read them all)."""
    entries = workspace.bibliography.entries
    cited = {s.entry.key for footnote in compiled.footnotes for s in footnote.sources}
    cited |= {
        s.source.quoted_in
        for footnote in compiled.footnotes
        for s in footnote.sources
        if s.source is not None and s.source.quoted_in
    }
    root = workspace.root
    snapshots = {key: entry.get("snapshot") for key, entry in entries.items()}
    shown = {key: shown_input(root / path, root) for key, path in snapshots.items() if path}
    kept = {shown.get(key) for key in cited}  # a snapshot one entry cited shares with another
    return {path for key, path in shown.items() if path and path not in kept}
