"""Ask git about the workspace without letting the workspace's own git configuration run
anything: no hooks, no fsmonitor, no pager, no external diff or text conversion, no prompts.
Every git command the tool runs goes through `read_git` (bytes) or `run_git` (text)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ..problems import CommandFailed

# Settings a workspace's .git/config could use to make a read-only git command run a program.
_SAFE_CONFIG = [
    "core.fsmonitor=",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "diff.external=",
    "core.sshCommand=false",
    "core.askPass=false",
    "protocol.allow=never",
]
_TIMEOUT = 30


class GitError(CommandFailed):
    """git is not installed, the folder is not a repository, or git refused the command."""


def run_git(root: Path, *args: str, timeout: float = _TIMEOUT) -> str:
    """git's standard output for `args`, run in `root`; GitError with git's own message."""
    return read_git(root, *args, timeout=timeout).decode("utf-8", "replace")


def read_git(root: Path, *args: str, stdin: bytes = b"", timeout: float = _TIMEOUT) -> bytes:
    """git's standard output as bytes (a blob's content, a -z listing), with `stdin` given to
    it (object names for `cat-file --batch`); GitError with git's own message."""
    command = ["git", "--no-pager"]
    for setting in _SAFE_CONFIG:
        command += ["-c", setting]
    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",  # a read must not take the index lock or rewrite it
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_PAGER": "cat",
        "GIT_LITERAL_PATHSPECS": "1",  # a folder named `*` or `:(glob)` is that folder
    }
    try:
        done = subprocess.run(
            [*command, *args],
            cwd=root,
            capture_output=True,
            timeout=timeout,
            env=environment,
            input=stdin,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not answer within {timeout:g} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed")
    return done.stdout
