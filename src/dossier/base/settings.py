"""Where everything is in a workspace, and what decides a build besides the workspace's
content: the one place each of these is written.

A workspace holds bibliography.bib, evidence/ (with its snapshots/), dossiers/<name>/ and,
optionally, templates/ of its own; a build writes the public edition to build/<name>/ and the
review edition to build/review/<name>/, a folder of its own, so that whatever publishes
build/<name>/ never publishes it (and keeps its caches in build/.cache/). Each build is of
one edition (the public one, which is filed, or the internal review edition) in one PDF
variant, stamped with one date.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .git import GitState
from .problem_codes import OUTPUT_FOLDER_BLOCKED, OUTPUT_FOLDER_OUTSIDE_WORKSPACE
from .problems import Location, Problem, ProblemsFound, UsageError
from .reading.paths import resolved, within

BIBLIOGRAPHY_FILE = "bibliography.bib"
EVIDENCE_FOLDER = "evidence"
DOSSIERS_FOLDER = "dossiers"
DOSSIER_FILE = "dossier.yaml"
TEMPLATES_FOLDER = "templates"
SNAPSHOTS_FOLDER = f"{EVIDENCE_FOLDER}/snapshots"
BUILD_FOLDER = "build"
CACHE_FOLDER = Path(BUILD_FOLDER) / ".cache"
# Where the review editions go, each in build/review/<name>/: no dossier may be named so.
REVIEW_FOLDER = f"{BUILD_FOLDER}/review"
# How a file of the package itself is named wherever a workspace file would be (a manifest's
# inputs, a problem's location): "(built-in) templates/hrc-written-statement/statement.css".
BUILT_IN = "(built-in) "
MANIFEST_FILE = "manifest.json"
TRACE_FILE = "trace.json"

# The only workspace files a document may use (read by the PDF's layout, named by a template):
# its images, fonts and stylesheets. Nothing else of a workspace enters an output that way.
DOCUMENT_ASSET_SUFFIXES = frozenset(
    {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".tif", ".tiff"}
    | {".ttf", ".otf", ".woff", ".woff2"}
)


def unusable_in_a_document(relative: str) -> str | None:
    """Why the workspace file at `relative` (from the workspace's root, forward slashes) may
    not be read into a document, or None when it may: a hidden file or folder (.git, .env)
    never, the evidence and the outputs never, and nothing but images, fonts and stylesheets."""
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if any(part.startswith(".") for part in parts):
        return "hidden files and folders (.git, .env, …) are never read into a document"
    if parts[:1] == [EVIDENCE_FOLDER]:
        return f"nothing of {EVIDENCE_FOLDER}/ ever enters a document"
    if parts[:1] == [BUILD_FOLDER]:
        return f"nothing of {BUILD_FOLDER}/ is read back into a document"
    if Path(relative).suffix.lower() not in DOCUMENT_ASSET_SUFFIXES:
        return "a document uses only images, fonts and stylesheets from the workspace"
    return None


PDF_VARIANTS = ["pdf/a-3b", "pdf/a-3u", "pdf/a-3a", "pdf/ua-1", "plain"]
DEFAULT_PDF_VARIANT = "pdf/a-3a"
LAST_EPOCH = 253_402_300_799  # 9999-12-31 23:59:59 UTC: the last second a PDF date can hold


class Edition(enum.StrEnum):
    PUBLIC = "public"  # what is filed
    REVIEW = "review"  # the internal edition for legal review, never filed


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, as reproducible-builds.org defines it: a number of seconds since
    1970 (UTC), or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH must be a number of seconds, found {epoch!r}")
    if epoch and int(epoch) > LAST_EPOCH:
        raise UsageError(
            f"SOURCE_DATE_EPOCH is {epoch}, after the year 9999; it must be at most "
            f"{LAST_EPOCH} (9999-12-31 23:59:59 UTC)"
        )
    return int(epoch) if epoch else None


def recording_day() -> dt.date:
    """The day something is recorded (a review): SOURCE_DATE_EPOCH's day (UTC), read as a
    build reads it, else today. A day still to come is refused: a record says when it was
    made, and no clock on Earth has reached it yet."""
    epoch = source_date_epoch()
    if epoch is None:
        return dt.date.today()
    day = dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    latest = max(dt.date.today(), dt.datetime.now(dt.UTC).date())  # east of UTC or west
    if day > latest:
        raise UsageError(
            f"SOURCE_DATE_EPOCH's day, {day.isoformat()}, is in the future; a review is dated "
            "the day it is recorded"
        )
    return day


def dossier_folder(root: Path, name: str) -> Path:
    return root / DOSSIERS_FOLDER / name


def lock_path(root: Path, name: str) -> Path:
    """The lock a build of `name` holds while it runs."""
    return root / BUILD_FOLDER / f".{name}.lock"


def build_folder(root: Path, name: str, edition: Edition = Edition.PUBLIC) -> Path:
    """build/<name>/ (build/review/<name>/ for the review edition): where a build writes
    the outputs of dossier `name`."""
    return root / OutputNames.of(name, edition).folder


def shown_output(name: str, file: str, edition: Edition = Edition.PUBLIC) -> str:
    """How an output is named in messages and manifests: build/<name>/<file>."""
    return f"{OutputNames.of(name, edition).folder}/{file}"


def output_folder(root: Path, name: str, edition: Edition = Edition.PUBLIC) -> Path:
    """build/<name>/ (or build/review/<name>/), checked before anything is written there: it
    must stay inside the workspace (a build/ that is a symbolic link to a folder elsewhere
    would have the tool write where nobody asked it to), may not be a file, or a link in a
    loop, and may not be build/review/, where the review editions go."""
    folder = build_folder(root, name, edition)
    shown = OutputNames.of(name, edition).folder
    if shown == REVIEW_FOLDER:
        raise ProblemsFound(
            [
                Problem.of(
                    OUTPUT_FOLDER_BLOCKED,
                    Location(f"{DOSSIERS_FOLDER}/{name}/{DOSSIER_FILE}"),
                    f"a dossier named `{name}` would write its public outputs to {shown}/, "
                    "where the review editions of every dossier go; nothing was written",
                    f"rename the folder {DOSSIERS_FOLDER}/{name}",
                    subject=name,
                )
            ]
        )
    target = resolved(folder)
    if target is None or (folder.exists() and not folder.is_dir()):
        kind = "a link that leads back to itself" if target is None else "not a folder"
        raise ProblemsFound(
            [
                Problem.of(
                    OUTPUT_FOLDER_BLOCKED,
                    Location(shown),
                    f"{shown} is {kind}; the outputs of `{name}` go in a folder there, so "
                    "nothing was written",
                    f"remove {shown} ({BUILD_FOLDER}/ holds only what `dossier build` writes)",
                    subject=name,
                )
            ]
        )
    if not within(folder, root):
        raise ProblemsFound(
            [
                Problem.of(
                    OUTPUT_FOLDER_OUTSIDE_WORKSPACE,
                    Location(shown),
                    f"{shown} leads outside the workspace (to {target}); nothing was written",
                    "remove the link, so that outputs are written inside the workspace",
                    subject=name,
                )
            ]
        )
    return folder


@dataclass(frozen=True)
class OutputNames:
    """The folder an edition of a dossier is written to (shown from the workspace's root:
    build/<name>, or build/review/<name> for the review edition) and its files. The review
    edition's folder and names are its own, so that it is never written where the public
    edition goes, nor published with it."""

    folder: str
    pdf: str
    html: str
    manifest: str
    docx: str | None  # the Word file is for filing: the public edition only

    @classmethod
    def of(cls, name: str, edition: Edition = Edition.PUBLIC) -> OutputNames:
        if edition is Edition.PUBLIC:
            folder = f"{BUILD_FOLDER}/{name}"
            return cls(folder, f"{name}.pdf", f"{name}.html", MANIFEST_FILE, f"{name}.docx")
        review = f"{name}-{edition}"
        folder = f"{REVIEW_FOLDER}/{name}"
        return cls(folder, f"{review}.pdf", f"{review}.html", f"manifest-{edition}.json", None)


@dataclass(frozen=True)
class BuildSettings:
    """Everything besides the workspace's content that decides a build's bytes."""

    pdf_variant: str = DEFAULT_PDF_VARIANT
    source_date_epoch: int | None = None
    strict: bool = False
    edition: Edition = Edition.PUBLIC
    # What the review edition prints of git: the commit the workspace is at and whether it
    # had changes (git.NOT_IN_GIT outside a work tree). None until the build reads it from
    # git (`with_git`), or when `dossier verify` rebuilds from a copy without .git, the state
    # the original build recorded. Always None in the public edition, which prints nothing
    # of it, so that its bytes do not change with every commit.
    git: GitState | None = None

    @classmethod
    def from_environment(
        cls,
        pdf_variant: str = DEFAULT_PDF_VARIANT,
        strict: bool = False,
        edition: str = Edition.PUBLIC,
    ) -> BuildSettings:
        """SOURCE_DATE_EPOCH, as reproducible-builds.org defines it, overrides the date
        stamped in the PDF's metadata."""
        return cls(pdf_variant, source_date_epoch(), strict, Edition(edition))

    def with_git(self, read: Callable[[], GitState]) -> BuildSettings:
        """These settings with the git state the review edition prints, `read` from the
        workspace unless it is recorded already; the public edition's unchanged."""
        if self.public or self.git is not None:
            return self
        return replace(self, git=read())

    @property
    def public(self) -> bool:
        return self.edition is Edition.PUBLIC

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
