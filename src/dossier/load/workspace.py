"""Find the workspace and load everything in it: bibliography, evidence, dossiers."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.bulk import collector_paused
from ..base.problems import Problem, UsageError
from ..base.settings import BIBLIOGRAPHY_FILE, DOSSIER_FILE, DOSSIERS_FOLDER, EVIDENCE_FOLDER
from ..base.time_limit import stage
from .dossier import (
    LoadedDossier,
    dossier_names,
    links_out_of_dossiers,
    load_dossier,
    selected_names,
)

if TYPE_CHECKING:  # the loaders come with load_workspace: find_workspace needs none of them
    from .bibtex.bibliography import Bibliography
    from .models import EvidenceItem



def find_workspace(start: Path) -> Path:
    """The nearest folder, from `start` upwards, that holds a dossiers/ folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / DOSSIERS_FOLDER).is_dir():
            return folder
    raise UsageError(
        f"no dossier workspace here: no dossiers/ folder in {start} or above it. "
        "Run `dossier init DIR` to create one, or pass --workspace DIR."
    )


class EveryKey:
    """What a file that could not be read at all might have named: any key whatever."""

    def __contains__(self, key: object) -> bool:
        return True


@dataclass
class Workspace:
    """Everything loaded from a workspace: gathered in full before anything is checked."""

    root: Path
    bibliography: Bibliography
    evidence: dict[str, EvidenceItem]
    dossiers: dict[str, LoadedDossier] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    # Words of evidence files and bibliography entries that failed to load: the ids and keys
    # among them are not reported again as unknown or uncited.
    unloaded: Container[str] = frozenset()
    every_dossier_loaded: bool = True


def load_workspace(
    root: Path, names: Sequence[str] | None = None
) -> tuple[Workspace, list[Problem]]:
    """Load the bibliography, all evidence, and the named dossiers (all of them by default).

    Every dossier is loaded even when only some are named, so that a bibliography entry
    cited by another dossier is not reported as unused.
    """
    with collector_paused():
        return _load_workspace(root, names)


def _load_workspace(
    root: Path, names: Sequence[str] | None
) -> tuple[Workspace, list[Problem]]:
    from .bibtex.bibliography import load_bibliography
    from .evidence import duplicate_id_problems, load_evidence

    all_names = dossier_names(root)
    selected = selected_names(root, names)
    with stage("reading the bibliography", BIBLIOGRAPHY_FILE):
        bibliography, problems = load_bibliography(root / BIBLIOGRAPHY_FILE, BIBLIOGRAPHY_FILE)
    with stage("reading the evidence", EVIDENCE_FOLDER):
        loaded_evidence = load_evidence(root)
    items = loaded_evidence.items
    problems += loaded_evidence.problems + duplicate_id_problems(items)
    problems += links_out_of_dossiers(root)
    evidence: dict[str, EvidenceItem] = {}
    for item in items:
        evidence.setdefault(item.id, item)
    unloaded: Container[str] = frozenset(loaded_evidence.unloaded | bibliography.unloaded)
    if not (loaded_evidence.every_file_read and bibliography.read):
        unloaded = EveryKey()
    workspace = Workspace(root, bibliography, evidence, names=selected, unloaded=unloaded)
    for name in all_names:
        with stage(f"reading dossier `{name}`", f"{DOSSIERS_FOLDER}/{name}/{DOSSIER_FILE}"):
            loaded, dossier_problems = load_dossier(root, name)
        if name in selected:
            problems += dossier_problems
        if loaded is not None:
            workspace.dossiers[name] = loaded
        else:
            workspace.every_dossier_loaded = False
    return workspace, problems
