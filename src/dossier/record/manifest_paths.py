"""The files a manifest names: "(built-in) X" in the package, any other name inside the
workspace. A manifest is hostile input, so a name is read only when it is relative, inside
where it must be and under the size limit.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from .. import PACKAGE_DIR
from ..base.problems import Problem
from ..base.reading.paths import relative_within, within
from ..base.reading.read_input import current_limits, file_digest, read_bytes
from ..base.settings import BUILT_IN


def shown_input(path: Path, root: Path) -> str | None:
    """How the manifest names an input: as a file of the package (first, for a package
    installed inside the workspace, as in dossier's own repository), or relative to the
    workspace. None for a file that is neither."""
    built_in = relative_within(path, PACKAGE_DIR)
    if built_in is not None:
        return BUILT_IN + built_in
    return relative_within(path, root)


def input_path(shown: str, root: Path) -> Path | None:
    """The file a manifest's name for an input stands for: "(built-in) X" in the package, any
    other inside the workspace. None when the name is absolute, climbs with `..`, or leads
    (through a link) out of where it must be: such a file is never read."""
    base, relative = (
        (PACKAGE_DIR, shown[len(BUILT_IN) :])
        if shown.startswith(BUILT_IN)
        else (
            root,
            shown,
        )
    )
    pure = PurePosixPath(relative)
    if not relative or "\\" in relative or "\x00" in relative or pure.is_absolute():
        return None
    if any(part in ("..", "") for part in relative.split("/")):
        return None
    path = base.joinpath(*pure.parts)
    return path if within(path, base) else None


def input_digest(path: Path, shown: str, root: Path) -> tuple[str | None, list[Problem]]:
    """The sha256 of an input the manifest names (already checked by `input_path`), read with
    the largest limit any input has; None and why, when it is missing or too large."""
    if not path.is_file():
        return None, []
    base = PACKAGE_DIR if shown.startswith(BUILT_IN) else root
    limit = current_limits().snapshot_bytes
    data, problems = read_bytes(path, shown, base, limit, "--max-snapshot-size")
    return (file_digest(data) if data is not None else None), problems
