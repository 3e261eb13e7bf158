"""Compare a build's manifest with the workspace as it is now: which inputs changed, went
missing or were added. `dossier build` uses it to skip a dossier whose outputs are current,
and `dossier verify` to say why a PDF no longer matches. Nothing here imports WeasyPrint."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import PACKAGE_DIR
from ..load.read_input import file_digest, is_regular_file
from ..problems import UsageError
from .manifest import MANIFEST_FILE, package_versions

BUILT_IN = "(built-in) "
LAST_EPOCH = 253_402_300_799  # the last second a PDF date (and Python's datetime) can hold


@dataclass(frozen=True)
class BuildSettings:
    """Everything besides the workspace's content that decides a build's bytes."""

    pdf_variant: str = "pdf/a-3b"
    source_date_epoch: int | None = None
    strict: bool = False

    @classmethod
    def from_environment(cls, pdf_variant: str = "pdf/a-3b", strict: bool = False) -> BuildSettings:
        """SOURCE_DATE_EPOCH, as reproducible-builds.org defines it, overrides the date
        stamped in the PDF's metadata."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch and not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, found {epoch!r}")
        if epoch and int(epoch) > LAST_EPOCH:
            raise UsageError(
                f"SOURCE_DATE_EPOCH is {epoch}, after the year 9999; it must be at most "
                f"{LAST_EPOCH} (9999-12-31 23:59:59 UTC)"
            )
        return cls(pdf_variant, int(epoch) if epoch else None, strict)

    def stamp(self, date: dt.date | None) -> dt.datetime | None:
        """The moment stamped as the PDF's creation: SOURCE_DATE_EPOCH, else the dossier's
        `date` at midnight UTC, else none at all. Never the time of the build."""
        if self.source_date_epoch is not None:
            return dt.datetime.fromtimestamp(self.source_date_epoch, dt.UTC)
        if date is not None:
            return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        return None

    def as_manifest(self) -> dict[str, Any]:
        return {
            "pdf_variant": self.pdf_variant,
            "source_date_epoch": self.source_date_epoch,
            "strict": self.strict,
        }


@dataclass(frozen=True)
class Change:
    kind: str  # "changed", "missing" or "added"
    path: str
    recorded: str = ""
    now: str = ""

    def describe(self) -> str:
        if self.kind == "changed":
            return f"changed: {self.path} (sha256 {self.recorded[:12]}… is now {self.now[:12]}…)"
        return f"{self.kind}: {self.path}"


def shown_input(path: Path, root: Path) -> str | None:
    """How the manifest names an input: as a file of the package (first, for a package
    installed inside the workspace, as in dossier's own repository), or relative to the
    workspace. None for a file that is neither."""
    resolved, inside = path.resolve(), root.resolve()
    if resolved.is_relative_to(PACKAGE_DIR):
        return BUILT_IN + resolved.relative_to(PACKAGE_DIR).as_posix()
    if resolved.is_relative_to(inside):
        return resolved.relative_to(inside).as_posix()
    return None


def input_path(shown: str, root: Path) -> Path:
    if shown.startswith(BUILT_IN):
        return PACKAGE_DIR / shown.removeprefix(BUILT_IN)
    return root / shown


def manifest_inputs(root: Path, name: str, used: dict[Path, str]) -> dict[str, dict[str, str]]:
    """The inputs and fonts of dossier `name` among every file the build read: other
    dossiers' files are left out, and fonts are listed by themselves."""
    inputs, fonts = {}, {}
    for path, digest in used.items():
        shown = shown_input(path, root)
        if shown is None or shown.startswith("build/"):
            continue
        if shown.startswith("dossiers/") and not shown.startswith(f"dossiers/{name}/"):
            continue
        if shown.startswith(BUILT_IN + "fonts/"):
            fonts[shown.removeprefix(BUILT_IN + "fonts/")] = digest
        else:
            inputs[shown] = digest
    return {"inputs": dict(sorted(inputs.items())), "fonts": dict(sorted(fonts.items()))}


def input_changes(root: Path, manifest: dict[str, Any]) -> list[Change]:
    """Inputs changed or missing since the build, and files added since that a build of the
    same dossier would read (evidence files, template overrides, the dossier's own files)."""
    changes = []
    recorded: dict[str, str] = manifest.get("inputs", {})
    for shown, digest in recorded.items():
        path = input_path(shown, root)
        if not path.is_file():
            changes.append(Change("missing", shown, digest))
            continue
        now = file_digest(path.read_bytes())
        if now != digest:
            changes.append(Change("changed", shown, digest, now))
    for shown in sorted(_candidates(root, str(manifest.get("dossier", ""))) - set(recorded)):
        changes.append(Change("added", shown))
    return changes


def _candidates(root: Path, name: str) -> set[str]:
    """The workspace files a build of `name` reads whatever they hold."""
    found = {"bibliography.bib"} if (root / "bibliography.bib").is_file() else set()
    for pattern in ("evidence/*.yaml", "evidence/*.yml", "templates/**/*"):
        found |= {p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file()}
    if (root / "dossiers" / name / "dossier.yaml").is_file():
        found.add(f"dossiers/{name}/dossier.yaml")
    return found


def read_manifest(path: Path) -> dict[str, Any] | None:
    if not is_regular_file(path):  # a FIFO in its place would block the read for ever
        return None
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def up_to_date(root: Path, name: str, settings: BuildSettings) -> bool:
    """Whether build/<name>/ holds what a build would write now: same options, same tool and
    package versions, every input and output as the manifest records it, no input added."""
    manifest = read_manifest(root / "build" / name / MANIFEST_FILE)
    if manifest is None or manifest.get("options") != settings.as_manifest():
        return False
    versions = manifest.get("versions", {})
    if any(versions.get(package) != version for package, version in package_versions().items()):
        return False
    for shown, digest in manifest.get("outputs", {}).items():
        path = root / shown
        if not path.is_file() or file_digest(path.read_bytes()) != digest:
            return False
    return not input_changes(root, manifest)
