"""Compare a build's manifest with the workspace as it is now: which inputs changed, went
missing or were added. `dossier build` uses it to skip a dossier whose outputs are current,
and `dossier verify` to say why a PDF no longer matches. Nothing here imports WeasyPrint."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .. import PACKAGE_DIR
from ..base.paths import relative_within
from ..base.problems import UsageError
from ..base.read_input import current_limits, read_bytes
from .manifest import MANIFEST_FILE, package_versions
from .manifest_paths import BUILT_IN, input_digest, input_path
from .manifest_recorded import Recorded, recorded

EDITIONS = ["public", "review"]


@dataclass(frozen=True)
class OutputNames:
    """The files an edition of a dossier is written to in build/<name>/. The review edition's
    names are their own, so that it can never be written where the public edition goes."""

    pdf: str
    html: str
    manifest: str
    docx: str | None  # the Word file is for filing: the public edition only

    @classmethod
    def of(cls, name: str, edition: str = "public") -> OutputNames:
        if edition == "public":
            return cls(f"{name}.pdf", f"{name}.html", MANIFEST_FILE, f"{name}.docx")
        review = f"{name}-{edition}"
        return cls(f"{review}.pdf", f"{review}.html", f"manifest-{edition}.json", None)
LAST_EPOCH = 253_402_300_799  # the last second a PDF date (and Python's datetime) can hold


@dataclass(frozen=True)
class BuildSettings:
    """Everything besides the workspace's content that decides a build's bytes."""

    pdf_variant: str = "pdf/a-3a"
    source_date_epoch: int | None = None
    strict: bool = False
    edition: str = "public"  # or "review": the internal edition, never filed

    @classmethod
    def from_environment(
        cls, pdf_variant: str = "pdf/a-3a", strict: bool = False, edition: str = "public"
    ) -> BuildSettings:
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
        return cls(pdf_variant, int(epoch) if epoch else None, strict, edition)

    @classmethod
    def from_manifest(cls, options: dict[str, Any]) -> BuildSettings:
        """The settings a manifest's `options` record (an older manifest: the public edition)."""
        return cls(
            options.get("pdf_variant", "pdf/a-3b"),
            options.get("source_date_epoch"),
            bool(options.get("strict", False)),
            options.get("edition", "public"),
        )

    @property
    def public(self) -> bool:
        return self.edition == "public"

    def outputs(self, name: str) -> OutputNames:
        return OutputNames.of(name, self.edition)

    def stamp(self, date: dt.date | None) -> dt.datetime | None:
        """The moment stamped as the PDF's creation: SOURCE_DATE_EPOCH, else the dossier's
        `date` at midnight UTC, else none at all. Never the time of the build."""
        if self.source_date_epoch is not None:
            return dt.datetime.fromtimestamp(self.source_date_epoch, dt.UTC)
        if date is not None:
            return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        return None

    def as_manifest(self) -> dict[str, Any]:
        """The options; the edition only when it is not the public one, so that a public
        build's bytes are what they were before editions existed."""
        options: dict[str, Any] = {
            "pdf_variant": self.pdf_variant,
            "source_date_epoch": self.source_date_epoch,
            "strict": self.strict,
        }
        if not self.public:
            options["edition"] = self.edition
        return options


@dataclass(frozen=True)
class Change:
    kind: str  # "changed", "missing", "added", "refused" or "unreadable"
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
        return f"{self.kind}: {self.path}"


def shown_input(path: Path, root: Path) -> str | None:
    """How the manifest names an input: as a file of the package (first, for a package
    installed inside the workspace, as in dossier's own repository), or relative to the
    workspace. None for a file that is neither."""
    built_in = relative_within(path, PACKAGE_DIR)
    if built_in is not None:
        return BUILT_IN + built_in
    return relative_within(path, root)


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


class _Listing(Protocol):
    """What input_changes reads of a manifest: the schema's (verify) or the quick one (build)."""

    @property
    def dossier(self) -> str: ...

    @property
    def inputs(self) -> dict[str, str]: ...


def input_changes(root: Path, manifest: _Listing) -> list[Change]:
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
    return changes


def _candidates(root: Path, name: str) -> set[str]:
    """The workspace files a build of `name` reads whatever they hold."""
    found = {"bibliography.bib"} if (root / "bibliography.bib").is_file() else set()
    for pattern in ("evidence/*.yaml", "evidence/*.yml", "templates/**/*"):
        found |= {p.relative_to(root).as_posix() for p in root.glob(pattern) if p.is_file()}
    if (root / "dossiers" / name / "dossier.yaml").is_file():
        found.add(f"dossiers/{name}/dossier.yaml")
    return found


def read_manifest(path: Path) -> Recorded | None:
    """The manifest a build left in build/<name>/, if it is one: the workspace could hold
    anything there (read_bytes refuses a FIFO, which would block a read for ever)."""
    data, _ = read_bytes(path, path.name, None, current_limits().file_bytes)
    return recorded(data) if data is not None else None


def up_to_date(root: Path, name: str, settings: BuildSettings) -> bool:
    """Whether build/<name>/ holds what a build would write now: same options, same tool and
    package versions, every input, font and output as the manifest records it, no input
    added."""
    manifest = read_manifest(root / "build" / name / settings.outputs(name).manifest)
    if manifest is None or manifest.dossier != name:
        return False
    if BuildSettings.from_manifest(manifest.options) != settings:
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
