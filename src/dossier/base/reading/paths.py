"""Whether a path stays inside a folder, and how a path is shown: the one answer every stage
uses, from reading inputs to the PDF's sandbox and the build's outputs.

A workspace is untrusted: a symbolic link inside it may lead anywhere. So a path is inside
only if it still is once its links are followed; `follow_links=False` asks about the path as
written, to tell "a link that leads out" from "a path that is out".
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def within(path: Path, root: Path, follow_links: bool = True) -> bool:
    """Whether `path` is `root` or inside it. `root` is always taken with its links followed;
    `path` too, unless `follow_links` is False."""
    return relative_within(path, root, follow_links) is not None


def resolved_within(target: Path, root: Path) -> bool:
    """`within(path, root)` for a path already resolved, `target`: not resolved again."""
    return target.is_relative_to(resolved(root) or root)


def resolved(path: Path) -> Path | None:
    """The path with every symbolic link followed, or None when the links go round in a loop
    (`loop.yaml -> loop.yaml`)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's "Symlink loop"
        return None


def relative_within(path: Path, root: Path, follow_links: bool = True) -> str | None:
    """`path` from `root`, with forward slashes ("." for the root itself), if it is inside.
    Without `follow_links`, `path` is taken as written, against `root` as given or resolved;
    so is a path whose links go round in a loop (reading it says so)."""
    target = resolved(path) if follow_links else None
    real_root = resolved(root) or root
    if target is not None:
        bases = [real_root]
    else:
        target, bases = path, [root, real_root]
    for base in bases:
        if target.is_relative_to(base):
            return target.relative_to(base).as_posix()
    return None


def contained(path: Path, root: Path) -> Path | None:
    """`path` with its links followed, if that is strictly inside `root` (not `root` itself)."""
    shown = relative_within(path, root)
    return (resolved(path) or path) if shown not in (None, ".") else None


def workspace_file(relative: str, root: Path) -> Path | None:
    """The file a workspace file names by a path from the workspace's root (a snapshot, an
    image), if that path is relative, does not climb with `..`, and stays inside the
    workspace once links are followed."""
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        return None
    path = root / pure
    target, real_root = resolved(path), resolved(root) or root
    if target is not None:  # within(path, root), with the path resolved once, not twice
        return target if target.is_relative_to(real_root) else None
    return path if path.is_relative_to(root) or path.is_relative_to(real_root) else None


def shown_path(path: Path, root: Path) -> str:
    """The path as the user should see it: from the workspace's root, with forward slashes;
    as given when it is not inside the workspace."""
    return relative_within(path, root) or path.as_posix()
