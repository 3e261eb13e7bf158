"""Each bibliography entry's own problems, as errors where the entry is used and warnings
where nothing cites it: an entry nobody cites never stops a build."""

from __future__ import annotations

import dataclasses

from ..base.problems import Problem, Severity
from ..load.bibtex.bibliography import Bibliography
from .sources.snapshot_store import SnapshotStore
from .sources.source_checks import source_problems


def entry_problems(
    bibliography: Bibliography, store: SnapshotStore, used: set[str], cited_known: bool
) -> list[Problem]:
    """The problems of every entry, its fields' and its source's: as they are for an entry
    in `used` (or for any entry when what is cited is not known, `cited_known` False), else
    at most warnings."""
    problems = []
    for key, entry in bibliography.entries.items():
        found = bibliography.entry_problems.get(key, []) + source_problems(entry, store)
        if key in used or not cited_known:
            problems += found
        else:
            problems += [_uncited(key, problem) for problem in found]
    return problems


def _uncited(key: str, problem: Problem) -> Problem:
    if problem.severity != Severity.ERROR:
        return problem
    hint = f"nothing cites `{key}`, so this stops no build; it would if `{key}` were cited"
    return dataclasses.replace(
        problem,
        severity=Severity.WARNING,
        hint=f"{problem.hint}; {hint}" if problem.hint else hint,
    )
