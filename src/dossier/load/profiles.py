"""Venue profiles: the built-in ones shipped in the package, and a workspace's own templates/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .. import BUILTIN_TEMPLATES
from ..base.problem_codes import (
    INVALID_FIELD_VALUE,
    INVALID_PROFILE,
    TEMPLATE_OUTSIDE_WORKSPACE,
    UNKNOWN_PROFILE,
)
from ..base.problems import Location, Problem, did_you_mean
from ..base.reading.paths import relative_within, shown_path, within
from ..base.reading.read_input import read_text
from ..base.reading.yaml_positions import parse_yaml
from ..base.settings import BUILT_IN, TEMPLATES_FOLDER
from .models import VenueField, _Strict
from .validate import validate
from .wording import WORDING_FILE, WordingTables, load_wording

PROFILE_FILE = "profile.yaml"
DEFAULT_PROFILE = "hrc-written-statement"  # `dossier new` without --profile
# A profile is named, never given as a path: a folder of templates/ or of the built-in ones.
_PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class WordSettings(_Strict):
    """The Word file for submission, as the venue's form asks for it."""

    font: str = Field("Times New Roman", description="Font of the whole document.")
    body_size: float = Field(12, gt=0, le=72, description="Body text size, in points.")
    title_size: float = Field(12, gt=0, le=72, description="Title size, in points (bold).")
    footnote_size: float = Field(10, gt=0, le=72, description="Footnote size, in points.")
    justify: bool = Field(True, description="Justify the body text and the footnotes.")
    margin: float = Field(2.5, gt=0, le=10, description="Page margins, in centimetres.")
    page_numbers: bool = Field(False, description="Number the pages, at the foot.")
    front_matter: bool = Field(
        False,
        description="Print the venue's facts (`front_matter`) above the title; the Council's "
        "plain page has none.",
    )
    submitter: bool = Field(
        False,
        description="Print the submitter's details in the Word file: the file sent to OHCHR, "
        "which does not consider anonymous communications (a Special Procedures "
        "communication). The PDF, a public edition, never prints them.",
    )


# What `dossier package` can fill in of a venue's online form, and check of its checklist
# (filing.py says how each is worked out).
FormField = Literal[
    "contact", "language", "session", "agenda_item", "sponsors", "title", "word_count", "date",
]  # fmt: skip
ChecklistItem = Literal[
    "consultative_status", "word_limit", "word_file", "plain_page", "language", "session",
    "agenda_item", "sponsors_grouped", "contact", "deadline",
]  # fmt: skip


class PackageSettings(_Strict):
    """What filing with the venue asks beyond the document (`dossier package`). A setting
    the venue's guidance does not give is left empty, and the package says so."""

    submission: str = Field("", description="How the venue takes the submission.")
    recipient: str | None = Field(
        None, description="The e-mail address the submission goes to; none: not stated."
    )
    subject: str | None = Field(
        None, description="The e-mail's subject line the venue asks for; none: not stated."
    )
    file_name: str | None = Field(
        None,
        description="How the venue asks the Word file to be named, a pattern that may use "
        "{name} (the dossier's) and {session}; none: not stated (named after the dossier).",
    )
    deadline_days: int | None = Field(
        None, ge=0, le=366, description="Days before the session's first day; none: not stated."
    )
    form: list[FormField] = Field(
        default_factory=list, description="The online form's fields, in its order."
    )
    checklist: list[ChecklistItem] = Field(
        default_factory=list, description="The venue's rules that the package checks."
    )


# The main sponsor's consultative status, or a submission by one organisation or several.
LimitBasis = Literal["general", "special", "roster", "single", "joint"]


class Committee(_Strict):
    """A treaty body, by its acronym in `committees`."""

    name: str = Field(description="The committee's name: Human Rights Committee.")
    word_limit: int | None = Field(
        None, gt=0, description="Its limit for an alternative report, in words; none: unknown."
    )


class ProfileSettings(_Strict):
    """What a venue asks of a document. Every rule is a setting a workspace can override."""

    title: str = Field(description="The venue and kind of document, for `dossier profiles`.")
    description: str = Field("", description="One paragraph on when to use this profile.")
    word_limits: dict[LimitBasis, int] = Field(
        default_factory=dict,
        description="Word limit by the main sponsor's consultative status (general, special, "
        "roster) or by the number of organisations (single, joint); empty: no limit.",
    )
    count_footnotes: bool = Field(True, description="Whether footnotes count towards the limit.")
    required: list[str] = Field(
        default_factory=list, description="dossier.yaml fields this venue cannot do without."
    )
    recommended: list[str] = Field(
        default_factory=list,
        description="dossier.yaml fields the venue asks for: a warning for each one missing "
        "(an error with --strict); `victims.age`: the particular of each victim.",
    )
    joint_annex: bool = Field(
        False,
        description="In a joint submission (two organisations or more), describe the members "
        "in an annex at the end rather than on the first page.",
    )
    section_pattern: str | None = Field(
        None,
        description="A regular expression each top-level heading of the statement should "
        "match (a treaty body's Covenant article or List of Issues paragraph): a warning "
        "for each heading that does not.",
    )
    agenda_items: dict[int, str] = Field(
        default_factory=dict, description="The venue's standing agenda items, by number."
    )
    fields: list[VenueField] | None = Field(
        None,
        description="The venue's own dossier.yaml fields (beyond profile, title, language, "
        "date, statement, require_approved, unstated); another is an error. None: any.",
    )
    front_matter: list[str] = Field(
        default_factory=list,
        description="The facts printed above the title, in order: field names, `incident.date`.",
    )
    front_sections: list[str] = Field(
        default_factory=list,
        description="Facts long enough to be printed as a heading and a paragraph before the "
        "statement: `incident.description`.",
    )
    numbered_paragraphs: bool = Field(False, description="Number the statement's paragraphs.")
    recommendations: bool = Field(
        False, description="Expect a section headed as wording's `venue.recommendations`."
    )
    committees: dict[str, Committee] = Field(
        default_factory=dict, description="Treaty bodies the venue covers, by acronym."
    )
    default_committee: str | None = Field(None, description="The committee when none is named.")
    unconfirmed: list[str] = Field(
        default_factory=list,
        description="Settings whose value OHCHR has not confirmed: check them before filing.",
    )
    wording_base: str | None = Field(
        None,
        description="A built-in profile whose wording.yaml this profile's is laid over "
        "(notes, dates and header entries it does not change).",
    )

    @field_validator("wording_base")
    @classmethod
    def _a_built_in_profile(cls, name: str | None) -> str | None:
        """Named, never a path: its wording.yaml is read from the package's templates."""
        built_in = profile_names(None)
        if name is not None and name not in built_in:
            raise ValueError(
                f"{name!r} is not a built-in profile; {did_you_mean(name, built_in, 'profiles')}"
            )
        return name
    word: WordSettings = Field(
        default_factory=lambda: WordSettings.model_validate({}),
        description="Fonts and sizes of the Word file.",
    )
    package: PackageSettings = Field(
        default_factory=lambda: PackageSettings.model_validate({}),
        description="What filing asks besides the document: `dossier package`.",
    )


@dataclass(frozen=True)
class Profile:
    name: str
    settings: ProfileSettings
    source: str  # where its profile.yaml came from, as shown to the user
    wording: WordingTables  # the built-in wording.yaml with the workspace's laid over it


def profile_dirs(workspace_root: Path | None) -> list[Path]:
    """Template folders in search order: the workspace's own first, then the built-in ones."""
    dirs = []
    if workspace_root is not None and (workspace_root / TEMPLATES_FOLDER).is_dir():
        dirs.append(workspace_root / TEMPLATES_FOLDER)
    dirs.append(BUILTIN_TEMPLATES)
    return dirs


def profile_names(workspace_root: Path | None) -> list[str]:
    names = {
        child.name
        for folder in profile_dirs(workspace_root)
        for child in folder.iterdir()
        if (child / PROFILE_FILE).is_file()
    }
    return sorted(names)


def profile_name_problem(name: str, where: Location) -> Problem | None:
    """Why `name` cannot name a profile (it is a path, say), or None."""
    if _PROFILE_NAME.fullmatch(name) and ".." not in name:
        return None
    return Problem.of(
        INVALID_FIELD_VALUE,
        where,
        f"`profile` must be the name of a profile, not a path: found {name!r}",
        "write a name `dossier profiles` lists; a workspace's own profile is a folder of "
        "templates/, named by the folder's name",
    )


def load_profile(
    name: str, workspace_root: Path | None, named_at: Location | None = None
) -> tuple[Profile | None, list[Problem]]:
    """The named profile's settings, from the first template folder that has them, and its
    wording, from every template folder that has some. A template override that leads out of
    the workspace is reported `named_at` the place naming the profile, if any."""
    if profile_name_problem(name, Location("")) is not None:
        return None, []
    for folder in profile_dirs(workspace_root):
        path = folder / name / PROFILE_FILE
        if path.is_file():
            escaping = _overrides_leading_out(name, workspace_root, named_at)
            if escaping:
                return None, escaping
            shown = _shown(path, name, workspace_root)
            text, problems = read_text(path, shown)
            if text is None:
                return None, _as_profile_problems(problems)
            settings, invalid = _profile_settings(text, shown)
            if settings is None:
                return None, _as_profile_problems([*problems, *invalid])
            problems += invalid
            own = _wording_layers(name, workspace_root)
            # A profile made before wording.yaml existed has none: it is worded as the Council's.
            base = settings.wording_base or (None if own else DEFAULT_PROFILE)
            layers = (_wording_layers(base, workspace_root) if base else []) + own
            wording, wording_problems = load_wording(layers)
            problems += wording_problems
            if wording is None:
                return None, _as_profile_problems(problems)
            return Profile(name, settings, shown, wording), _as_profile_problems(problems)
    return None, []


@lru_cache(maxsize=64)
def _profile_settings(
    text: str, shown: str
) -> tuple[ProfileSettings | None, tuple[Problem, ...]]:
    """A profile.yaml's settings, or its problems. Read once per text in a process: serve
    and watch check again on every save, and every dossier of a workspace loads its profile.
    (The file is read every time, so that a change is seen and the build records it.)"""
    document, problems = parse_yaml(text, shown)
    if document is None:
        return None, tuple(problems)
    settings, invalid = validate(ProfileSettings, document.data or {}, document)
    return settings, (*problems, *invalid)


def _shown(path: Path, name: str, workspace_root: Path | None) -> str:
    """A template file as the user is shown it: relative to the workspace, or as built-in."""
    if workspace_root is not None and not within(path, BUILTIN_TEMPLATES, follow_links=False):
        return shown_path(path, workspace_root)
    return f"{BUILT_IN}{name}/{path.name}"


def _overrides_leading_out(
    name: str, workspace_root: Path | None, named_at: Location | None
) -> list[Problem]:
    """The workspace's own folder for the profile, if it has one, checked before any of its
    files (profile.yaml, wording.yaml or a template) is read."""
    if workspace_root is None:
        return []
    folder = workspace_root / TEMPLATES_FOLDER / name
    if not (folder.exists() or folder.is_symlink()):
        return []
    return _links_out(folder, workspace_root, named_at)


def _wording_layers(name: str, workspace_root: Path | None) -> list[tuple[Path, str, Path | None]]:
    """The profile's wording.yaml files, the built-in one first, the workspace's last."""
    layers: list[tuple[Path, str, Path | None]] = []
    for folder in reversed(profile_dirs(workspace_root)):
        path = folder / name / WORDING_FILE
        if path.is_file() or path.is_symlink():
            inside = None if folder == BUILTIN_TEMPLATES else workspace_root
            layers.append((path, _shown(path, name, workspace_root), inside))
    return layers


def _links_out(folder: Path, root: Path, named_at: Location | None) -> list[Problem]:
    """A template override is read by the build: it must not lead outside the workspace, as a
    symbolic link to a folder or file elsewhere would."""
    paths = sorted(folder.rglob("*")) if within(folder, root) else [folder]
    problems = []
    for path in paths:
        if not within(path, root):
            shown = relative_within(path, root, follow_links=False) or path.as_posix()
            problems.append(
                Problem.of(
                    TEMPLATE_OUTSIDE_WORKSPACE,
                    named_at or Location(shown),
                    f"template override {shown} leads outside the workspace "
                    f"(to {path.resolve()}); it was not used",
                    "copy the template into templates/ instead of linking to it",
                )
            )
    return problems


def _as_profile_problems(problems: list[Problem]) -> list[Problem]:
    """A broken profile stops every dossier using it: report each problem under D405."""
    return [
        Problem.of(INVALID_PROFILE, p.location, f"invalid venue profile: {p.message}", p.hint)
        for p in problems
    ]


def unknown_profile_problem(name: str, where: Location, workspace_root: Path) -> Problem:
    hint = did_you_mean(name, profile_names(workspace_root), noun="profiles")
    return Problem.of(UNKNOWN_PROFILE, where, f"unknown profile `{name}`", hint)
