"""Compare a build's manifest with the workspace as it is now: which inputs changed, went
missing or were added. `dossier build` uses it to skip a dossier whose outputs are current,
and `dossier verify` to say why a PDF no longer matches. Nothing here imports WeasyPrint."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..base.reading.read_input import current_limits, read_bytes
from ..base.settings import (
    BIBLIOGRAPHY_FILE,
    BUILT_IN,
    DOSSIER_FILE,
    DOSSIERS_FOLDER,
    EVIDENCE_FOLDER,
    TEMPLATES_FOLDER,
    BuildSettings,
    Edition,
    OutputNames,
    build_folder,
    dossier_folder,
)
from .build_environment import package_versions
from .manifest import Manifest, read_manifest
from .manifest_paths import input_digest, input_path


@dataclass(frozen=True)
class Change:
    # "changed", "missing", "added", "refused" or "unreadable"; for a file of evidence/,
    # listed by its digest alone: "unrecorded" (its digest is not in the manifest) or "gone"
    # (a digest the manifest lists that no file of evidence/ has now)
    kind: str
    path: str
    recorded: str = ""
    now: str = ""  # for "unreadable", why

    def describe(self) -> str:
        if self.kind == "changed":
            return f"changed: {self.path} (sha256 {self.recorded[:12]}… is now {self.now[:12]}…)"
        if self.kind == "refused":
            return f"refused: {self.path} is not a file inside the workspace; it was not read"
        if self.kind == "unreadable":
            return f"unreadable: {self.now}"
        if self.kind == "unrecorded":
            return f"changed or added: {self.path} (its sha256 is not one the build read)"
        if self.kind == "gone":
            return (
                f"changed or removed: a file of {EVIDENCE_FOLDER}/ the build read (sha256 "
                f"{self.recorded[:12]}…; the manifest names such files by their digest alone)"
            )
        return f"{self.kind}: {self.path}"


def input_changes(root: Path, manifest: Manifest) -> list[Change]:
    """Inputs changed or missing since the build, and files added since that a build of the
    same dossier would read (evidence files, template overrides, the dossier's own files).
    A name the manifest should not hold (absolute, `..`, a link out) is refused, not read."""
    changes = []
    for shown, digest in manifest.inputs.items():
        path = input_path(shown, root)
        if path is None:
            changes.append(Change("refused", shown, digest))
            continue
        now, unreadable = input_digest(path, shown, root)
        if unreadable:
            changes.append(Change("unreadable", shown, digest, unreadable[0].message))
        elif now is None:
            changes.append(Change("missing", shown, digest))
        elif now != digest:
            changes.append(Change("changed", shown, digest, now))
    for shown in sorted(_candidates(root, manifest.dossier) - set(manifest.inputs)):
        changes.append(Change("added", shown))
    return changes + _evidence_changes(root, manifest)


def _evidence_changes(root: Path, manifest: Manifest) -> list[Change]:
    """The files of evidence/ by their digests: each digest the manifest lists that no file
    there has now, and each evidence file (which every build reads) whose digest it does not
    list. A manifest written when evidence files were listed by name lists them in `inputs`,
    and they were compared there."""
    now = _evidence_digests(root)
    recorded = set(manifest.evidence or [])
    changes = [Change("gone", "", digest) for digest in sorted(recorded - set(now.values()))]
    for shown in sorted(_evidence_files(root) - set(manifest.inputs)):
        if now.get(shown) not in recorded:
            changes.append(Change("unrecorded", shown))
    return changes


def _evidence_digests(root: Path) -> dict[str, str]:
    """The sha256 of each file in evidence/ and its folders, by shown path (a file that
    cannot be read is left out)."""
    found = {}
    for shown in evidence_folder_files(root):
        path = input_path(shown, root)
        digest = input_digest(path, shown, root)[0] if path is not None else None
        if digest is not None:
            found[shown] = digest
    return found


def evidence_folder_files(root: Path) -> list[str]:
    """Every file in evidence/ and its folders, by shown path (a link to a folder is not
    followed): those a manifest names by their digests alone."""
    return sorted(
        (Path(folder) / file).relative_to(root).as_posix()
        for folder, _, files in os.walk(root / EVIDENCE_FOLDER)
        for file in files
    )


def _evidence_files(root: Path) -> set[str]:
    patterns = (f"{EVIDENCE_FOLDER}/*.yaml", f"{EVIDENCE_FOLDER}/*.yml")
    return {p.relative_to(root).as_posix() for g in patterns for p in root.glob(g) if p.is_file()}


def _candidates(root: Path, name: str) -> set[str]:
    """The workspace files outside evidence/ that a build of `name` reads whatever they
    hold."""
    found = {BIBLIOGRAPHY_FILE} if (root / BIBLIOGRAPHY_FILE).is_file() else set()
    found |= {
        p.relative_to(root).as_posix()
        for p in root.glob(f"{TEMPLATES_FOLDER}/**/*")
        if p.is_file()
    }
    if (dossier_folder(root, name) / DOSSIER_FILE).is_file():
        found.add(f"{DOSSIERS_FOLDER}/{name}/{DOSSIER_FILE}")
    return found


def _manifest_beside(path: Path) -> Manifest | None:
    """The manifest a build left in build/<name>/, if it is one: the workspace could hold
    anything there (read_bytes refuses a FIFO, which would block a read for ever)."""
    data, _ = read_bytes(path, path.name, None, current_limits().file_bytes)
    return read_manifest(data, path.name)[0] if data is not None else None


def up_to_date(root: Path, name: str, settings: BuildSettings) -> bool:
    """Whether build/<name>/ holds what a build would write now: same options, same tool and
    package versions, every input, font and output as the manifest records it, no input
    added; and, for the public edition, no review edition beside it (written there by a
    build of before, which a build now replaces with its folder)."""
    folder = build_folder(root, name, settings.edition)
    manifest = _manifest_beside(folder / settings.outputs(name).manifest)
    if manifest is None or manifest.dossier != name:
        return False
    if settings.public and (folder / OutputNames.of(name, Edition.REVIEW).manifest).exists():
        return False  # a review edition written beside it before it had a folder of its own
    if manifest.options.settings() != settings:
        return False
    versions = manifest.versions
    if any(versions.get(package) != version for package, version in package_versions().items()):
        return False
    fonts = {f"{BUILT_IN}fonts/{font}": digest for font, digest in manifest.fonts.items()}
    for shown, digest in (manifest.outputs | fonts).items():
        path = input_path(shown, root)
        if path is None or input_digest(path, shown, root)[0] != digest:
            return False
    return not input_changes(root, manifest)
