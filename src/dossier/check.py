"""Check a loaded workspace: evidence, citations and venue rules, every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cite_style import note_text
from .load_dossier import LoadedDossier
from .problems import Location, Problem, Severity, did_you_mean, sort_problems
from .profiles import Profile, load_profile, unknown_profile_problem
from .resolve import Footnote, resolve_citations
from .snapshots import SnapshotStore, inside_workspace
from .statement import Statement, count_words, parse_statement
from .verify_sources import verify_sources
from .verify_statement import verify_statement
from .workspace import Workspace


@dataclass(frozen=True)
class WordCount:
    body: int
    notes: int
    counted: int
    limit: int | None
    basis: str

    def describe(self) -> str:
        limit = f" of {self.limit:,}" if self.limit else " (no limit set)"
        return f"{self.counted:,} words{limit} ({self.basis})"


@dataclass
class CompiledDossier:
    """A dossier ready to render: settings, profile, parsed statement and numbered notes."""

    loaded: LoadedDossier
    profile: Profile
    statement: Statement
    footnotes: list[Footnote]
    words: WordCount


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    dossiers: dict[str, CompiledDossier] = field(default_factory=dict)

    def errors(self, strict: bool = False) -> list[Problem]:
        failing = (Severity.ERROR, Severity.WARNING) if strict else (Severity.ERROR,)
        return [p for p in self.problems if p.severity in failing]


def check_workspace(workspace: Workspace, load_problems: list[Problem]) -> Report:
    """Run every check on the workspace; the dossiers that compiled come back ready to render."""
    report = Report(list(load_problems))
    store = SnapshotStore(workspace.root)
    report.problems += _evidence_problems(workspace)
    report.problems += verify_sources(workspace, store)
    cited: set[str] = set()
    every_statement_read = workspace.every_dossier_loaded
    for name, loaded in workspace.dossiers.items():
        compiled, problems = compile_dossier(loaded, workspace, store)
        if compiled is not None:
            cited |= {item.key for c in compiled.statement.citations for item in c.items}
        every_statement_read &= compiled is not None
        if name in workspace.names:
            report.problems += problems
            if compiled is not None:
                report.dossiers[name] = compiled
    if every_statement_read:  # otherwise what is cited is not known, and "uncited" would mislead
        report.problems += _unused_entry_problems(workspace, cited)
    report.problems = sort_problems(report.problems)
    return report


def compile_dossier(
    loaded: LoadedDossier, workspace: Workspace, store: SnapshotStore
) -> tuple[CompiledDossier | None, list[Problem]]:
    config = loaded.config
    profile, problems = load_profile(config.profile, workspace.root)
    if profile is None:
        if not problems:
            where = loaded.field_location("profile")
            problems.append(unknown_profile_problem(config.profile, where, workspace.root))
        return None, problems
    problems += _venue_field_problems(loaded, profile)
    statement = parse_statement(loaded.statement_text, loaded.statement_shown, config.language)
    problems += statement.problems + _missing_image_problems(statement, workspace.root)
    footnotes, resolve_problems = resolve_citations(
        statement.citations, workspace.evidence, workspace.bibliography, workspace.unloaded
    )
    problems += resolve_problems
    problems += verify_statement(
        statement, config.language, workspace.evidence, workspace.bibliography, store
    )
    words = _word_count(loaded, profile, statement, footnotes)
    if words.limit and words.counted > words.limit:
        problems.append(
            Problem.of(
                "D403",
                Location(loaded.statement_shown, 1, 1),
                f"the statement has {words.describe()}: {words.counted - words.limit:,} too many",
                "shorten the text; the secretariat does not circulate statements over the limit",
            )
        )
    return CompiledDossier(loaded, profile, statement, footnotes, words), problems


def _missing_image_problems(statement: Statement, root: Path) -> list[Problem]:
    """An image the statement shows must be a file in the workspace, not a link out of it."""
    problems = []
    for image in statement.images:
        path = inside_workspace(image.path, root)
        if path is None or not path.is_file():
            problems.append(
                Problem.of(
                    "D307",
                    image.location,
                    f"image {image.path} "
                    + ("leads outside the workspace" if path is None else "does not exist"),
                    "save the image inside the workspace, beside the statement",
                )
            )
    return problems


def _word_count(
    loaded: LoadedDossier, profile: Profile, statement: Statement, footnotes: list[Footnote]
) -> WordCount:
    settings = profile.settings
    body = statement.word_count()
    notes = sum(count_words(note_text(f.note)) for f in footnotes)
    counted = body + (notes if settings.count_footnotes else 0)
    sponsors = loaded.config.submitted_by
    status = sponsors[0].status if sponsors else None
    limit = settings.word_limits.get(status) if status else None
    if limit is None and settings.word_limits and not sponsors:
        limit = min(settings.word_limits.values())
    basis = f"body {body:,}" + (f" + footnotes {notes:,}" if settings.count_footnotes else "")
    if status:
        basis += f"; limit for {status} consultative status"
    return WordCount(body, notes, counted, limit, basis)


def _venue_field_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    config = loaded.config
    where = loaded.document.location(())
    problems = []
    for name in profile.settings.required:
        value = getattr(config, name, None)
        if name in config.unstated:
            if value not in (None, []):
                problems.append(
                    Problem.of(
                        "D404",
                        loaded.document.key_location(("unstated", name)),
                        f"`{name}` is given and also listed under `unstated`",
                        f"remove `{name}` from `unstated`, or remove the value",
                    )
                )
            continue
        if value in (None, [], ""):
            problems.append(
                Problem.of(
                    "D402",
                    where,
                    f"profile `{profile.name}` requires `{name}`",
                    f"add `{name}:` to {loaded.document.path}; if your source does not give it, "
                    f"say so under `unstated:` (e.g. `{name}: not stated in the source`)",
                )
            )
    items = profile.settings.agenda_items
    if config.agenda_item is not None and items and config.agenda_item not in items:
        problems.append(
            Problem.of(
                "D105",
                loaded.field_location("agenda_item"),
                f"`agenda_item` {config.agenda_item} is not an agenda item of {profile.name}",
                f"use one of {', '.join(str(n) for n in sorted(items))}",
            )
        )
    return problems


def _evidence_problems(workspace: Workspace) -> list[Problem]:
    entries = workspace.bibliography.entries
    problems = []
    for item in workspace.evidence.values():
        if not item.sources:
            problems.append(
                Problem.of(
                    "D202",
                    item.location,
                    f"evidence `{item.id}` has no sources",
                    "add `sources:` with at least one `- cite: KEY` from bibliography.bib",
                )
            )
        for source in item.sources:
            if source.cite not in entries and source.cite not in workspace.unloaded:
                problems.append(
                    Problem.of(
                        "D203",
                        source.cite_location,
                        f"evidence `{item.id}` cites `{source.cite}`, "
                        "which is not in bibliography.bib",
                        did_you_mean(
                            source.cite,
                            entries,
                            noun="keys",
                            otherwise="add the entry to bibliography.bib",
                        ),
                    )
                )
        if item.id in entries:
            problems.append(
                Problem.of(
                    "D204",
                    item.location,
                    f"`{item.id}` is both an evidence id and a bibliography key "
                    f"({entries[item.id].location}), so `[@{item.id}]` is ambiguous",
                    "rename the evidence item (e.g. add a suffix such as -claim)",
                )
            )
    return problems


def _unused_entry_problems(workspace: Workspace, cited: set[str]) -> list[Problem]:
    entries = workspace.bibliography.entries
    used = set(cited)
    for item in workspace.evidence.values():
        used |= {s.cite for s in item.sources} | {s.quoted_in or "" for s in item.sources}
    for key in list(used):
        entry = entries.get(key)
        if entry is not None:
            used.add(entry.get("crossref"))
            used |= {m.strip() for m in entry.get("entryset").split(",")}
    return [
        Problem.of(
            "D501",
            entry.location,
            f"bibliography entry `{key}` is not cited by any statement or evidence",
            "cite it, or remove it from bibliography.bib",
        )
        for key, entry in entries.items()
        if key not in used and key not in workspace.unloaded
    ]
