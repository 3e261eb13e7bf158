"""Load dossiers/<name>/dossier.yaml and the statement it names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.problem_codes import FILE_LINKS_OUTSIDE_WORKSPACE, INVALID_FIELD_VALUE
from ..base.problems import Location, Problem, UsageError
from ..base.reading.paths import contained, resolved, shown_path, within
from ..base.reading.read_input import read_text
from ..base.settings import DOSSIER_FILE, DOSSIERS_FOLDER, dossier_folder

if TYPE_CHECKING:  # pydantic and the YAML parser load with the first dossier, not before:
    # `dossier build` with nothing to do only lists the dossiers (dossier_names)
    from ..base.reading.yaml_positions import YamlDocument
    from .models import Dossier



@dataclass
class LoadedDossier:
    """A dossier's settings, its statement's text, and where both came from."""

    name: str
    config: Dossier
    document: YamlDocument
    statement_shown: str
    statement_text: str

    def field_location(self, name: str) -> Location:
        return self.document.location((name,))


def dossier_names(root: Path) -> list[str]:
    """The folders of dossiers/ that hold a dossier.yaml; a link that leads out of the
    workspace is not followed, not even to look (`links_out_of_dossiers` reports it)."""
    folder = root / DOSSIERS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if within(p, root) and (p / DOSSIER_FILE).is_file()
    )


def links_out_of_dossiers(root: Path) -> list[Problem]:
    """D111 for each entry of dossiers/ that is a link leading outside the workspace."""
    folder = root / DOSSIERS_FOLDER
    if not folder.is_dir():
        return []
    return [
        Problem.of(
            FILE_LINKS_OUTSIDE_WORKSPACE,
            Location(f"{DOSSIERS_FOLDER}/{link.name}"),
            f"{DOSSIERS_FOLDER}/{link.name} leads outside the workspace (to {resolved(link)}); "
            "it was not read",
            "copy the dossier's folder into dossiers/ instead of linking to it, or remove "
            "the link",
        )
        for link in sorted(folder.iterdir())
        if link.is_symlink() and not within(link, root)
    ]


def selected_names(root: Path, names: Sequence[str] | None) -> list[str]:
    """The dossiers `names` asks for (all of them when none), every one an existing dossier:
    checked before any file is touched, so that a name such as `../../x` reaches nothing."""
    all_names = dossier_names(root)
    unknown = [n for n in names or [] if n not in all_names]
    if unknown:
        known = ", ".join(all_names) or "none yet (create one with `dossier new NAME`)"
        raise UsageError(f"no dossier named {', '.join(unknown)} in {root}; dossiers: {known}")
    return list(names) if names else all_names


def load_dossier(root: Path, name: str) -> tuple[LoadedDossier | None, list[Problem]]:
    from ..base.reading.yaml_positions import load_yaml
    from .models import Dossier
    from .validate import validate

    folder = dossier_folder(root, name)
    path = folder / DOSSIER_FILE
    document, problems = load_yaml(path, shown_path(path, root), root)
    if document is None:
        return None, problems
    if not isinstance(document.data, dict):
        problems.append(
            Problem.of(
                INVALID_FIELD_VALUE,
                document.location(()),
                f"{document.path} must be a mapping of settings (`profile: ...`, `title: ...`)",
                "run `dossier new NAME --profile P` to see a complete example",
            )
        )
        return None, problems
    config, invalid = validate(Dossier, document.data, document)
    problems.extend(invalid)
    if config is None:
        return None, problems
    config._location = document.location(())
    statement = contained(folder / config.statement, folder)
    where = document.location(("statement",))
    if statement is None:
        problems.append(
            Problem.of(
                INVALID_FIELD_VALUE,
                where,
                f"`statement` must be a file inside dossiers/{name}/, found {config.statement!r}",
                "write a file name such as statement.md",
            )
        )
        return None, problems
    shown = shown_path(statement, root)
    text, unreadable = read_text(statement, shown, root, named_at=where)
    if text is None:
        if _present(statement):  # there, but not readable as it is
            return None, problems + unreadable
        problems.extend(
            replace(p, hint=f"create {shown}, or correct `statement`") for p in unreadable
        )
        return None, problems
    return LoadedDossier(name, config, document, shown, text), problems


def _present(path: Path) -> bool:
    """Whether something is at `path` (a file, a folder, a link); False also for a name the
    system refuses outright, such as one too long to be a file name."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False
