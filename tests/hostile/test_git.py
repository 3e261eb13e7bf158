"""A workspace's git configuration cannot make a build run a program: the manifest records
the commit and whether the work tree has changes without obeying core.fsmonitor, hooks or the
clean filters a .gitattributes names. Each attack leaves a marker file if it ran."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import files, run_cli
from dossier.base.git import has_changes, run_git


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repository(make_workspace) -> Path:
    root = make_workspace(files())
    (root / ".gitignore").write_text("build/\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


def program(tmp_path: Path, marker: Path) -> Path:
    script = tmp_path / "attack.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    script.chmod(0o755)
    return script


def recorded_git(root: Path) -> dict | None:
    return json.loads((root / "build/test/manifest.json").read_bytes())["git"]


def test_a_clean_filter_named_by_the_workspace_is_not_run(repository, tmp_path):
    """`git status` runs it (checked here first, so the test shows the danger is real)."""
    marker = tmp_path / "marker"
    (repository / ".gitattributes").write_text("* filter=attack\n")
    git(repository, "add", ".gitattributes")
    git(repository, "commit", "-qm", "attributes")
    git(repository, "config", "filter.attack.clean", str(program(tmp_path, marker)))
    statement = repository / "dossiers/test/statement.md"
    statement.touch()  # a newer mtime: git must look at the content again
    run_git(repository, "status", "--porcelain")
    assert marker.exists(), "git status ran the filter: the attack is real"
    marker.unlink()
    statement.touch()
    result = run_cli("build", cwd=repository)
    assert result.code == 0, result.err
    assert not marker.exists()
    assert recorded_git(repository) == {
        "commit": git(repository, "rev-parse", "HEAD"),
        "dirty": False,
    }
    statement.write_text(statement.read_text() + "\nMore.\n")
    assert run_cli("build", cwd=repository).code == 0
    assert not marker.exists()
    assert recorded_git(repository)["dirty"] is True


def test_core_fsmonitor_and_hooks_are_not_run(repository, tmp_path):
    marker = tmp_path / "marker"
    attack = program(tmp_path, marker)
    git(repository, "config", "core.fsmonitor", str(attack))
    git(repository, "status", "--porcelain")
    assert marker.exists(), "a plain git status ran it: the attack is real"
    marker.unlink()
    hooks = repository / ".git" / "hooks"
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        (hooks / hook).write_text(attack.read_text())
        (hooks / hook).chmod(0o755)
    result = run_cli("build", cwd=repository)
    assert result.code == 0, result.err
    assert not marker.exists()
    assert recorded_git(repository) == {
        "commit": git(repository, "rev-parse", "HEAD"),
        "dirty": False,
    }


def test_changes_are_found_without_git_status(repository):
    assert has_changes(repository) is False
    claims = repository / "evidence/claims.yaml"
    original = claims.read_bytes()
    claims.write_bytes(original + b"\n")
    assert has_changes(repository) is True
    claims.write_bytes(original)
    assert has_changes(repository) is False
    (repository / "notes.txt").write_text("untracked\n")
    assert has_changes(repository) is True
    (repository / "notes.txt").unlink()
    (repository / "build").mkdir()
    (repository / "build/ignored.txt").write_text("ignored\n")
    assert has_changes(repository) is False
    claims.unlink()
    assert has_changes(repository) is True
    git(repository, "checkout", "--", "evidence/claims.yaml")
    claims.chmod(0o755)
    assert has_changes(repository) is True
    claims.chmod(0o644)
    (repository / "bibliography.bib").write_text("% staged\n")
    git(repository, "add", "bibliography.bib")
    assert has_changes(repository) is True
    git(repository, "reset", "-q", "--hard")
    (repository / "evidence/link.yaml").symlink_to("claims.yaml")
    git(repository, "add", "evidence/link.yaml")
    git(repository, "commit", "-qm", "a link")
    assert has_changes(repository) is False
    (repository / "evidence/link.yaml").unlink()
    (repository / "evidence/link.yaml").symlink_to("../bibliography.bib")
    assert has_changes(repository) is True
