"""Check a loaded workspace and its compiled dossiers: evidence, citations and venue rules,
every problem at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.bulk import collector_paused
from ..base.problem_codes import (
    EVIDENCE_ID_IS_BIBLIOGRAPHY_KEY,
    EVIDENCE_WITHOUT_SOURCES,
    SOURCE_KEY_NOT_IN_BIBLIOGRAPHY,
    UNCITED_BIBLIOGRAPHY_ENTRY,
)
from ..base.problems import Problem, Severity, did_you_mean, sort_problems
from ..base.time_limit import stage
from ..cite.compile import CompiledDossier, CompiledWorkspace
from ..load.bibtex.bib_inheritance import parent_keys
from ..load.workspace import Workspace
from .approvals import (
    stale_approval_problems,
    unapproved_citation_problems,
    unverified_approval_problems,
)
from .bibliography_entries import entry_problems
from .disclosure.confidential import confidential_citation_problems
from .disclosure.image_metadata import image_metadata_problems
from .disclosure.leaks import input_leak_problems
from .disclosure.masking import Masker
from .disclosure.restricted import unmatchable_restricted_problems
from .sources.snapshot_store import SnapshotStore
from .sources.source_checks import verify_sources
from .statement_claims import verify_statement
from .statement_signoff import (
    stale_signoff_problems,
    unsigned_statement_problems,
    unverified_signoff_problems,
)
from .undrawable_glyphs import undrawable_problems


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    dossiers: dict[str, CompiledDossier] = field(default_factory=dict)

    def errors(self, strict: bool = False) -> list[Problem]:
        failing = (Severity.ERROR, Severity.WARNING) if strict else (Severity.ERROR,)
        return [p for p in self.problems if p.severity in failing]


def check_workspace(
    workspace: Workspace,
    compiled: CompiledWorkspace,
    load_problems: list[Problem],
    require_approved: bool = False,
    public: bool = True,
) -> Report:
    """Run every check on the workspace and its compiled dossiers; those asked for that
    compiled come back ready to render. With `require_approved` (or a dossier's
    `require_approved: true`), every evidence item a dossier cites must be approved, and its
    approval current, and its statement signed off as it stands. `public`: for the edition
    that is filed, in which no confidential item may be cited and no input it is made from
    may hold a restricted string (the internal review edition may do both). No message
    quotes a restricted string: each is masked."""
    with collector_paused():
        return _check_workspace(workspace, compiled, load_problems, require_approved, public)


def _check_workspace(
    workspace: Workspace,
    compiled: CompiledWorkspace,
    load_problems: list[Problem],
    require_approved: bool,
    public: bool,
) -> Report:
    report = Report(load_problems + compiled.problems)
    store = SnapshotStore(workspace.root)
    bibliography = workspace.bibliography
    report.problems += _evidence_problems(workspace)
    report.problems += unmatchable_restricted_problems(workspace.evidence.values())
    with stage("checking the quotes of the evidence against their snapshots", "evidence"):
        report.problems += verify_sources(workspace, store)
    report.problems += stale_approval_problems(workspace.evidence.values(), bibliography, store)
    for name, dossier in compiled.asked_for(workspace).items():
        report.problems += _dossier_problems(dossier, workspace, store, require_approved, public)
        report.dossiers[name] = dossier
    cited = {
        item.key
        for dossier in compiled.dossiers.values()
        for citation in dossier.statement.citations
        for item in citation.items
    }
    used = _used_keys(workspace, cited)
    every_statement_read = compiled.every_statement_compiled
    report.problems += entry_problems(bibliography, store, used, every_statement_read)
    if every_statement_read:  # otherwise what is cited is not known, and "uncited" would mislead
        report.problems += _unused_entry_problems(workspace, used)
    store.save()  # what the quotes found, for the next check
    # A message may quote evidence, a snapshot or the statement: never a restricted string.
    masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
    report.problems = masker.problems(sort_problems(report.problems), workspace.root)
    return report


def _dossier_problems(
    compiled: CompiledDossier,
    workspace: Workspace,
    store: SnapshotStore,
    require_approved: bool,
    public: bool,
) -> list[Problem]:
    """What is wrong with one compiled dossier: its sentences against their evidence, its
    characters against the fonts, and the items it may not cite or cites unapproved."""
    loaded, statement = compiled.loaded, compiled.statement
    with stage(f"checking the statement of `{loaded.name}`", loaded.statement_shown):
        problems = verify_statement(
            statement, loaded.config.language, workspace.evidence, workspace.bibliography, store
        )
    problems += undrawable_problems(compiled, workspace.root)
    if public:
        problems += confidential_citation_problems(statement, workspace.evidence)
        problems += input_leak_problems(compiled, workspace)
        problems += image_metadata_problems(compiled, workspace)
    if require_approved or loaded.config.require_approved:
        why = "--require-approved"
        if not require_approved:
            why = f"`require_approved: true` in {loaded.document.path}"
        policy, root = loaded.config.review, workspace.root
        problems += unapproved_citation_problems(
            compiled, workspace.bibliography, store, why, policy, root
        )
        problems += unsigned_statement_problems(loaded, workspace.root, why)
    else:  # when approval is required, a stale part is that error, not also a warning
        problems += stale_signoff_problems(loaded, workspace.root)
    if loaded.config.review.signed:
        problems += unverified_approval_problems(
            compiled,
            workspace.bibliography,
            store,
            loaded.config.review,
            workspace.root,
            loaded.document.path,
        )
        problems += unverified_signoff_problems(loaded, workspace.root)
    return problems


def _evidence_problems(workspace: Workspace) -> list[Problem]:
    entries = workspace.bibliography.entries
    problems = []
    for item in workspace.evidence.values():
        if not item.sources:
            problems.append(
                Problem.of(
                    EVIDENCE_WITHOUT_SOURCES,
                    item.location,
                    f"evidence `{item.id}` has no sources",
                    "add `sources:` with at least one `- cite: KEY` from bibliography.bib",
                    subject=item.id,
                )
            )
        for source in item.sources:
            if source.cite not in entries and source.cite not in workspace.unloaded:
                problems.append(
                    Problem.of(
                        SOURCE_KEY_NOT_IN_BIBLIOGRAPHY,
                        source.cite_location,
                        f"evidence `{item.id}` cites `{source.cite}`, "
                        "which is not in bibliography.bib",
                        did_you_mean(
                            source.cite,
                            entries,
                            noun="keys",
                            otherwise="add the entry to bibliography.bib",
                        ),
                        subject=item.id,
                    )
                )
        if item.id in entries:
            problems.append(
                Problem.of(
                    EVIDENCE_ID_IS_BIBLIOGRAPHY_KEY,
                    item.location,
                    f"`{item.id}` is both an evidence id and a bibliography key "
                    f"({entries[item.id].location}), so `[@{item.id}]` is ambiguous",
                    "rename the evidence item (e.g. add a suffix such as -claim)",
                    subject=item.id,
                )
            )
    return problems


def _used_keys(workspace: Workspace, cited: set[str]) -> set[str]:
    """The keys cited by a statement or evidence, and the entries those take fields from."""
    entries = workspace.bibliography.entries
    used = set(cited)
    for item in workspace.evidence.values():
        used |= {s.cite for s in item.sources} | {s.quoted_in or "" for s in item.sources}
    # An entry named in a file that failed to load may be cited there.
    used |= {key for key in entries if key in workspace.unloaded}
    pending = list(used)
    while pending:
        entry = entries.get(pending.pop())
        if entry is None:
            continue
        new = set(parent_keys(entry)) - used
        used |= new
        pending += new
    return used


def _unused_entry_problems(workspace: Workspace, used: set[str]) -> list[Problem]:
    entries = workspace.bibliography.entries
    return [
        Problem.of(
            UNCITED_BIBLIOGRAPHY_ENTRY,
            entry.location,
            f"bibliography entry `{key}` is not cited by any statement or evidence",
            "cite it, or remove it from bibliography.bib",
            subject=key,
        )
        for key, entry in entries.items()
        if key not in used and key not in workspace.unloaded
    ]
