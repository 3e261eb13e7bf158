"""The README's five-minute tour runs as written: its `sh` blocks, pasted in order into one
shell at the root of a copy of the repository (as a fresh clone has it), and each `text`
block that follows a command block is exactly what that block printed.

The copy holds the files git tracks; in a copy of the repository without .git (an archive),
every file but those a .gitignore names. `make examples` runs for real; the copy's .venv is
the environment running the tests, so that it does not install a second one (its
pyproject.toml is made older than the environment)."""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

README = REPO / "README.md"
_BLOCK = re.compile(r"^```(sh|text)\n(.*?)^```\n", re.M | re.S)
_MARK = "@@ block done @@"


def tour_blocks(readme: str) -> list[tuple[str, str]]:
    """The tour section's blocks, in order: ("sh", commands) or ("text", what is printed)."""
    section = readme.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    return [(kind, body) for kind, body in _BLOCK.findall(section)]


def _tracked_files() -> list[str]:
    """The files git tracks in this checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    return list(filter(None, listed.split("\0")))


def _unignored_files(top: Path) -> list[str]:
    """The files under `top` that are not git's business to ignore, found without git: all
    but .git and what a .gitignore names. Its patterns are read as the repository writes them
    (a name or a glob of names, a trailing / for folders only); any other syntax fails here
    rather than copying the wrong files."""
    found: list[str] = []

    def walk(folder: Path, patterns: list[str]) -> None:
        ignore = folder / ".gitignore"
        if ignore.is_file():
            lines = [line.strip() for line in ignore.read_text(encoding="utf-8").splitlines()]
            added = [line for line in lines if line and not line.startswith("#")]
            assert all(p[0] != "!" and "/" not in p.rstrip("/") for p in added), ignore
            patterns = patterns + added
        for path in sorted(folder.iterdir()):
            is_folder = path.is_dir() and not path.is_symlink()
            if path.name == ".git" or any(
                fnmatch.fnmatchcase(path.name, p.rstrip("/"))
                for p in patterns
                if is_folder or not p.endswith("/")
            ):
                continue
            if is_folder:
                walk(path, patterns)
            else:
                found.append(path.relative_to(top).as_posix())

    walk(top, [])
    return found


def _environment() -> Path:
    """The virtual environment running the tests, or else this checkout's."""
    return Path(sys.prefix) if sys.prefix != sys.base_prefix else REPO / ".venv"


def _fresh_copy(folder: Path) -> Path:
    """The repository's files as a clone (or an archive) has them, with the environment
    running the tests as its virtual environment."""
    names = _tracked_files() if (REPO / ".git").exists() else _unignored_files(REPO)
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / name).read_bytes())
    (folder / ".venv").symlink_to(_environment())
    os.utime(folder / "pyproject.toml", (0, 0))
    return folder


def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    blocks = tour_blocks(README.read_text(encoding="utf-8"))
    commands = [body for kind, body in blocks if kind == "sh"]
    assert len(commands) >= 7 and commands[0].startswith("make examples\n")
    script = "".join(f"{body}echo '{_MARK}'\n" for body in commands)
    root = _fresh_copy(tmp_path / "clone")
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",  # no dossier on it: the tour must say how
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    done = subprocess.run(
        ["bash"],
        input=script,
        cwd=root,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    printed = done.stdout.split(_MARK + "\n")
    assert len(printed) == len(commands) + 1, done.stdout
    assert "command not found" not in done.stdout
    assert "Traceback" not in done.stdout
    shown = iter(printed)
    output = ""
    for kind, body in blocks:
        if kind == "sh":
            output = next(shown)
        else:
            assert output == body, f"the tour shows\n{body}\nbut the commands printed\n{output}"


def test_make_examples_says_how_to_put_dossier_on_the_path() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert ". $(VENV)/bin/activate" in makefile.split("examples:", 1)[1].split("\n\n", 1)[0]


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="a copy without .git: nothing to compare")
def test_without_git_the_copy_still_has_every_file_git_tracks() -> None:
    """What an archive of the repository gives the tour (no .git to ask) is what a clone gives
    it, less nothing: every tracked file, and no environment or build output."""
    copied = set(_unignored_files(REPO))
    assert set(_tracked_files()) <= copied
    assert not [name for name in copied if name.split("/")[0] in (".venv", "build")]
