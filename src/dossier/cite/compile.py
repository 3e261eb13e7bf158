"""Compile a loaded dossier: its statement parsed, its citations resolved to numbered notes,
its words counted under the venue's profile. The compiled dossier is what the checks verify
and what every writer renders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.bulk import collector_paused
from ..base.problem_codes import (
    IMAGE_NOT_IN_WORKSPACE,
    OVER_STRICTEST_WORD_LIMIT,
    OVER_WORD_LIMIT,
)
from ..base.problems import Location, Problem
from ..base.reading.paths import workspace_file
from ..base.time_limit import stage
from ..load.dossier import LoadedDossier
from ..load.profiles import Profile, load_profile, profile_name_problem, unknown_profile_problem
from ..load.workspace import Workspace
from ..statement.markdown import Statement, parse_statement
from .drafts import placeholder_text_problems, unfilled
from .resolve import Footnote, resolve_citations
from .venue.venue_asks import (
    evidence_before_period_problems,
    recommended_field_problems,
    section_problems,
    victim_name_problems,
)
from .venue_rules import Placeholder, venue_field_problems, word_limit
from .word_file import WordFile, word_file


@dataclass(frozen=True)
class WordCount:
    body: int
    notes: int
    counted: int
    limit: int | None
    basis: str  # how the count and the limit were arrived at, as the user reads it
    unconfirmed: bool  # the limit is one the profile lists as `unconfirmed`: the hint says so
    # The limits for the statuses not taken, when none is stated and the strictest applies.
    other_limits: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        limit = f" of {self.limit:,}" if self.limit else ""
        basis = self.basis if self.limit else f"{self.basis}; no limit set"
        return f"{self.counted:,} words{limit} ({basis})"


@dataclass
class CompiledDossier:
    """A dossier ready to render: settings, profile, parsed statement and numbered notes."""

    loaded: LoadedDossier
    profile: Profile
    statement: Statement
    footnotes: list[Footnote]
    word_file: WordFile  # the Word file's text, which the venue's word limit counts
    words: WordCount
    # What is still to be filled in (cite/drafts.py): while anything is, the dossier is a
    # draft, its outputs say so, and `--final` refuses it.
    unfilled: list[Placeholder] = field(default_factory=list)

    @property
    def draft(self) -> bool:
        return bool(self.unfilled)


@dataclass
class CompiledWorkspace:
    """Every dossier of a workspace compiled: those asked for, to be checked and rendered,
    and the others, for what they cite (an entry another dossier cites is not unused)."""

    dossiers: dict[str, CompiledDossier] = field(default_factory=dict)  # each that compiled
    problems: list[Problem] = field(default_factory=list)  # those of the dossiers asked for
    # Whether every statement of the workspace was loaded and compiled: only then is what
    # the workspace cites known, and an entry nobody cites can be called unused.
    every_statement_compiled: bool = True

    def asked_for(self, workspace: Workspace) -> dict[str, CompiledDossier]:
        return {name: c for name, c in self.dossiers.items() if name in workspace.names}


def compile_workspace(workspace: Workspace) -> CompiledWorkspace:
    """Compile every loaded dossier; only the problems of those asked for are reported, so
    that a dossier not asked for is compiled for what it cites, and a build reads the same
    files (and its manifest lists the same inputs) whichever dossiers it is asked for."""
    result = CompiledWorkspace(every_statement_compiled=workspace.every_dossier_loaded)
    with collector_paused():
        for name, loaded in workspace.dossiers.items():
            with stage(f"checking the statement of `{name}`", loaded.statement_shown):
                compiled, problems = compile_dossier(loaded, workspace)
            if compiled is None:
                result.every_statement_compiled = False
            else:
                result.dossiers[name] = compiled
            if name in workspace.names:
                result.problems += problems
    return result


def compile_dossier(
    loaded: LoadedDossier, workspace: Workspace
) -> tuple[CompiledDossier | None, list[Problem]]:
    """Parse the statement, resolve its citations and count its words under the venue's
    profile: the dossier as every writer and every later check sees it."""
    config = loaded.config
    where = loaded.field_location("profile")
    not_a_name = profile_name_problem(config.profile, where)
    if not_a_name is not None:
        return None, [not_a_name]
    profile, problems = load_profile(config.profile, workspace.root, named_at=where)
    if profile is None:
        if not problems:
            problems.append(unknown_profile_problem(config.profile, where, workspace.root))
        return None, problems
    wording = profile.wording.in_language(config.language)
    statement = parse_statement(
        loaded.statement_text, loaded.statement_shown, config.language, wording.marks
    )
    problems += venue_field_problems(loaded, profile, statement)
    problems += placeholder_text_problems(loaded, statement)
    problems += recommended_field_problems(loaded, profile)
    problems += section_problems(loaded, profile, statement)
    problems += victim_name_problems(loaded)
    problems += statement.problems + _missing_image_problems(statement, workspace.root)
    footnotes, resolve_problems = resolve_citations(
        statement.citations,
        workspace.evidence,
        workspace.bibliography,
        wording,
        workspace.unloaded,
        config.language,
        config.notes,
    )
    problems += resolve_problems
    problems += evidence_before_period_problems(loaded, footnotes)
    still_unfilled = unfilled(loaded, statement)
    text = word_file(loaded, profile, statement.tokens, footnotes, draft=bool(still_unfilled))
    words = _word_count(loaded, profile, text)
    if words.limit and words.counted > words.limit:
        problems.append(
            Problem.of(
                OVER_STRICTEST_WORD_LIMIT if words.other_limits else OVER_WORD_LIMIT,
                _first_text(loaded.statement_shown, loaded.statement_text),
                f"the statement has {words.describe()}: {words.counted - words.limit:,} too many",
                _over_limit_hint(profile, words),
                subject=loaded.name,
            )
        )
    return (
        CompiledDossier(loaded, profile, statement, footnotes, text, words, still_unfilled),
        problems,
    )


def _over_limit_hint(profile: Profile, words: WordCount) -> str:
    hint = "shorten the text; the secretariat does not circulate statements over the limit"
    if words.other_limits:
        fits = [f"{n:,} for {s}" for s, n in words.other_limits.items() if words.counted <= n]
        hint = (
            "name the main sponsor and its consultative status in `submitted_by`: the limit "
            "depends on it"
            + (f" (it fits the limit of {', '.join(fits)} status)" if fits else "")
            + "; or " + hint
        )
    if words.unconfirmed:
        hint += (
            f"; this limit is unconfirmed: if the venue's current guidance differs, set "
            f"`word_limits` in templates/{profile.name}/profile.yaml"
        )
    return hint


def _first_text(path: str, text: str) -> Location:
    """Where the statement's first line of text starts: what a word limit is about."""
    blank = len(text) - len(text.lstrip())
    return Location.at_offset(path, text, blank if blank < len(text) else 0)


def _missing_image_problems(statement: Statement, root: Path) -> list[Problem]:
    """An image the statement shows must be a file in the workspace, not a link out of it."""
    problems = []
    for image in statement.images:
        path = workspace_file(image.path, root)
        if path is None or not path.is_file():
            problems.append(
                Problem.of(
                    IMAGE_NOT_IN_WORKSPACE,
                    image.location,
                    f"image {image.path} "
                    + ("leads outside the workspace" if path is None else "does not exist"),
                    "save the image inside the workspace, beside the statement",
                )
            )
    return problems


def _word_count(loaded: LoadedDossier, profile: Profile, text: WordFile) -> WordCount:
    """Words as Word counts them in the Word file the build writes: its body (front matter,
    title, headings, text, closing line) and, where the venue counts them, its footnotes."""
    settings = profile.settings
    body = text.body_words()
    notes = text.note_words()
    counted = body + (notes if settings.count_footnotes else 0)
    limit = word_limit(loaded.config, settings)
    basis = f"body {body:,}" + (f" + footnotes {notes:,}" if settings.count_footnotes else "")
    if limit.basis:
        basis += f"; {limit.basis}"
    unconfirmed = bool(limit.unconfirmed and limit.words)
    if unconfirmed:
        basis += ", unconfirmed"
    return WordCount(body, notes, counted, limit.words, basis, unconfirmed, limit.others)
