"""The README's five-minute tour runs as written: its `sh` blocks, pasted in order into one
shell at the root of a copy of the repository (as a fresh clone has it), and each `text`
block that follows a command block is exactly what that block printed.

`make examples` runs for real; the copy's .venv is this checkout's, so that it does not
install a second one (its pyproject.toml is made older than the environment)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import REPO

README = REPO / "README.md"
_BLOCK = re.compile(r"^```(sh|text)\n(.*?)^```\n", re.M | re.S)
_MARK = "@@ block done @@"


def tour_blocks(readme: str) -> list[tuple[str, str]]:
    """The tour section's blocks, in order: ("sh", commands) or ("text", what is printed)."""
    section = readme.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    return [(kind, body) for kind, body in _BLOCK.findall(section)]


def _fresh_copy(folder: Path) -> Path:
    """The files git tracks, as a clone has them, with this checkout's virtual environment."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO / name).read_bytes())
    (folder / ".venv").symlink_to(REPO / ".venv")
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
