"""Nothing is lost: a build that fails or is killed leaves the previous outputs as they were
and no partial file, and only the commands made to write the user's files ever do."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_examples, files, run_cli
from support.overrides import override


def digests(root: Path, *, skip: str = "build") -> dict[str, str]:
    """Every file under `root` (but build/) by its relative path, with its sha256."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).parts[0] != skip
    }


def outputs(root: Path) -> dict[str, bytes]:
    """Every file a build wrote; not build/.cache/, which any check may fill."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "build").rglob("*"))
        if path.is_file()
        and path.suffix != ".lock"  # a killed build's lock: not an output
        and ".cache" not in path.relative_to(root / "build").parts
    }


def test_a_build_killed_mid_render_leaves_the_previous_outputs(tmp_path):
    root = copy_examples(tmp_path / "examples")
    assert run_cli("build", cwd=root).code == 0
    before = outputs(root)
    with (root / "dossiers/hrc-1988-massacre-accountability/statement.md").open("a") as text:
        text.write("\nA new closing line.[uncited: a test of an interrupted build]\n")
    with subprocess.Popen(
        [sys.executable, "-m", "dossier", "--verbose", "build"],
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
    ) as build:
        assert build.stderr is not None
        for line in build.stderr:  # the log says when WeasyPrint starts on the first dossier
            if line.startswith("rendering "):
                break
        time.sleep(0.3)
        assert build.poll() is None, "the build ended before it could be killed"
        os.kill(build.pid, signal.SIGKILL)
        assert build.wait() == -signal.SIGKILL
    assert outputs(root) == before


def test_the_leftover_of_a_killed_write_is_removed_by_the_next_build(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    leftover = root / "build/test/.test.pdf.k2j4x9.partial"
    leftover.write_bytes(b"%PDF-1.7 half a file")
    assert run_cli("build", cwd=root).code == 0
    assert sorted(p.name for p in (root / "build/test").iterdir()) == [
        "manifest.json",
        "test.docx",
        "test.html",
        "test.pdf",
    ]


def test_a_render_that_fails_keeps_the_last_good_output(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    before = outputs(root)
    (root / "templates").mkdir()
    (root / "templates" / "seal.png").symlink_to("/etc/passwd")  # only the layout finds out
    override(root, body='<img src="templates/seal.png" alt="Seal">')
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert "error[D701]" in result.err
    assert outputs(root) == before


def test_only_the_commands_made_to_write_the_users_files_do(make_workspace):
    root = make_workspace(files())
    before = digests(root)
    for command in (["check"], ["check", "--strict"], ["build"], ["profiles"], ["check"]):
        result = run_cli(*command, cwd=root)
        assert result.code == 0, (command, result.err)  # it did its work, and wrote nothing
        assert digests(root) == before, command
    assert (root / "build/test/test.pdf").is_file()
    assert run_cli("new", "second", "--profile", "hrc-written-statement", cwd=root).code == 0
    after = digests(root)
    added = sorted(set(after) - set(before))
    assert added == ["dossiers/second/dossier.yaml", "dossiers/second/statement.md"]
    assert {path: after[path] for path in before} == before
