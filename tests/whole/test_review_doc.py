"""docs/review.md is a legal review round that really runs: every `$ command` of its console
blocks is run in order, in a new folder with its own git repository, and must print exactly
what the page shows. Commit hashes (10 hex digits) and the public keys the signed round makes
(`ssh-ed25519 AAAA…`) differ from run to run and are compared as such; everything else is
compared character for character."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PAGE = REPO / "docs" / "review.md"
_CONSOLE = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)
_COMMIT = re.compile(r"\b[0-9a-f]{10}\b")
_PUBLIC_KEY = re.compile(r"\bssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/]+=*")


def normalised(output: str) -> str:
    """What must differ from one run to the next, as what it is."""
    return _PUBLIC_KEY.sub("<public key>", _COMMIT.sub("<commit>", output))


def console_steps(page: str) -> list[tuple[str, str]]:
    """Each `$ command` of the page's console blocks, with the output shown under it."""
    steps: list[tuple[str, str]] = []
    for block in _CONSOLE.findall(page):
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                steps.append((line[2:].rstrip("\n"), ""))
            elif steps:
                steps[-1] = (steps[-1][0], steps[-1][1] + line)
    return steps


def _environment(home: Path) -> dict[str, str]:
    reviewer = "Ana Reviewer"
    return {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": reviewer,
        "GIT_COMMITTER_NAME": reviewer,
        "GIT_AUTHOR_EMAIL": "ana@example.org",
        "GIT_COMMITTER_EMAIL": "ana@example.org",
        "GIT_AUTHOR_DATE": "2025-11-20T10:00:00Z",
        "GIT_COMMITTER_DATE": "2025-11-20T10:00:00Z",
    }


def run_steps(steps: list[tuple[str, str]], folder: Path) -> list[tuple[str, str]]:
    """Run each command as a user types it (output and errors as a terminal interleaves
    them), `cd` moving on to the folder named; each command with what it printed."""
    environment = _environment(folder)
    here = folder
    printed = []
    for command, _ in steps:
        if command.startswith("cd "):
            here = here / command[3:].strip()
            printed.append((command, ""))
            continue
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=here,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=120,
        )
        printed.append((command, done.stdout))
    return printed


@pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="the signed round needs ssh-keygen (OpenSSH)"
)
def test_the_review_walk_through_prints_what_it_shows(tmp_path: Path) -> None:
    steps = console_steps(PAGE.read_text(encoding="utf-8"))
    assert len(steps) >= 10
    printed = run_steps(steps, tmp_path)
    for (command, shown), (_, output) in zip(steps, printed, strict=True):
        assert normalised(output) == normalised(shown), command


def test_only_commits_and_public_keys_are_normalised() -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMrqI+hxvDxuEaIFrLr2a90Z0qJSBC4idYmM5RbJ+qNm"
    assert normalised(f"legal/ab {key}\nat 0123456789abc deadbeef01\n") == (
        "legal/ab <public key>\nat 0123456789abc <commit>\n"
    )
    assert normalised("ssh-rsa AAAAB3Nza") == "ssh-rsa AAAAB3Nza"


def test_the_steps_are_read_from_console_blocks_only() -> None:
    page = "```console\n$ a\none\n$ b\n```\n\n```sh\n$ c\n```\n```console\n$ d\n```\n"
    assert console_steps(page) == [("a", "one\n"), ("b", ""), ("d", "")]


_YAML = re.compile(r"^```yaml\n(.*?)^```\n", re.M | re.S)


def test_the_ci_recipe_runs_on_a_review_branch(tmp_path: Path) -> None:
    """The `dossier` steps of the page's CI job, run as the runner runs them (bash, the base
    branch's name in GITHUB_BASE_REF) on a pull request that rewords an approved claim and
    approves it again: each passes, and the diff comment shows the branch's change."""
    import yaml

    [recipe] = [b for b in _YAML.findall(PAGE.read_text(encoding="utf-8")) if "\njobs:" in b]
    steps = yaml.safe_load(recipe)["jobs"]["review"]["steps"]
    commands = [step["run"] for step in steps if step.get("run", "").startswith("dossier ")]
    assert [c.split()[1] for c in commands] == ["check", "build", "diff"]
    environment = _environment(tmp_path)
    root = tmp_path / "repository"

    def shell(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", command],
            cwd=root,
            env={**environment, "GITHUB_BASE_REF": "main"},
            capture_output=True,
            text=True,
            timeout=300,
        )

    root.mkdir()
    for setup in [
        "dossier init . >/dev/null && git init -q -b main && git add -A",
        "dossier approve sr-1988-reports --by legal/ab >/dev/null",
        "dossier approve --statement example --by legal/ab >/dev/null",
        "git add -A && git commit -qm Draft && git update-ref refs/remotes/origin/main main",
        "git checkout -q -b review && sed -i 's/In 2017 the/On 14 August 2017 the/' "
        "evidence/claims.yaml && dossier approve sr-1988-reports --by legal/ab >/dev/null",
        "git commit -qam 'Reword the claim; approved again'",
    ]:
        assert shell(setup).returncode == 0, setup
    for command in commands:
        done = shell(command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    comment = (root / "review-diff.md").read_text(encoding="utf-8")
    assert "the merge base of origin/main and HEAD" in comment
    assert "sr-1988-reports" in comment and "On 14 August" in comment
