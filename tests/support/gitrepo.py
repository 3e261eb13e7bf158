"""Real git repositories for tests: a workspace written and committed step by step, with fixed
names and dates and no user or system git configuration."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

# Fixed names and dates, and no user or system configuration: the same commits on every run.
_ENVIRONMENT = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_DATE": "2025-11-20T10:00:00Z",
    "GIT_COMMITTER_DATE": "2025-11-20T10:00:00Z",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=_ENVIRONMENT, capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repository(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test Reviewer")
    git(root, "config", "user.email", "reviewer@example.org")


def write(root: Path, contents: dict[str, str | None]) -> None:
    """Write each file (dedented), or delete those set to None."""
    for relative, text in contents.items():
        path = root / relative
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def commit(root: Path, message: str, tag: str = "") -> str:
    """Commit everything in `root`; the commit's short hash."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    if tag:
        git(root, "tag", tag)
    return git(root, "rev-parse", "--short=10", "HEAD").strip()

