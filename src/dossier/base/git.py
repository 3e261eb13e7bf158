"""Ask git about the workspace without letting the workspace's own git configuration run
anything: no hooks, no fsmonitor, no pager, no external diff or text conversion, no prompts.
Every git command the tool runs goes through `read_git` (bytes) or `run_git` (text), and
nothing here asks git for what would run a filter program (see `has_changes`)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .problems import CommandFailed
from .reading.paths import within
from .time_limit import run_program

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


@dataclass(frozen=True)
class GitState:
    """The commit a workspace is at, and whether it has changes not committed."""

    commit: str
    dirty: bool  # changes not committed

    def describe(self) -> str:
        """As the review edition prints it: "built from commit abc1234567", with "with
        uncommitted changes" when the work tree had some; "not in a git repository"."""
        if not self.commit:
            return "not in a git repository"
        changes = ", with uncommitted changes" if self.dirty else ""
        return f"built from commit {self.commit[:10]}{changes}"


# The review edition's record of a build outside any git work tree (or without git).
NOT_IN_GIT = GitState("", False)


class GitError(CommandFailed):
    """git is not installed, the folder is not a repository, or git refused the command."""


class GitNotInstalled(GitError):
    """No git on the PATH."""


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
        done = run_program([*command, *args], root, stdin, timeout, environment)
    except FileNotFoundError:
        raise GitNotInstalled("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not answer within {timeout:g} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(message or f"git {args[0]} failed")
    return done.stdout


def git_identity(root: Path) -> str | None:
    """Who git says is working in `root`: `user.name <user.email>` (or either alone) from its
    configuration, as a commit would be signed; None when git knows neither, or is not
    installed."""

    def setting(name: str) -> str:
        try:
            return run_git(root, "config", "--get", name).strip()
        except GitError:  # not set (git exits 1), not installed, or git refused
            return ""

    name, email = setting("user.name"), setting("user.email")
    if name and email:
        return f"{name} <{email}>"
    return name or (f"<{email}>" if email else None)


def git_signing_key(root: Path) -> Path | None:
    """The SSH key git signs commits with in `root` (`user.signingkey` when `gpg.format` is
    ssh), as a file path; None when git signs otherwise, names no key, or gives it inline
    (`key::...`). Only the path is read from git: ssh-keygen, not `gpg.ssh.program`, signs."""
    try:
        if run_git(root, "config", "--get", "gpg.format").strip() != "ssh":
            return None
        key = run_git(root, "config", "--get", "user.signingkey").strip()
    except GitError:  # not set (git exits 1), not installed, or git refused
        return None
    if not key or key.startswith("key::"):
        return None
    return Path(key).expanduser()


def has_changes(root: Path) -> bool:
    """Whether the work tree under `root` differs from the commit it is at: a change staged or
    not, a file deleted, or a file git would show as untracked.

    Not `git status`: it runs the clean filters a workspace's .gitattributes and .git/config
    name (`* filter=x` with `filter.x.clean = any program`), and no setting turns all of them
    off. So each tracked file is hashed here, as git hashes a blob, with no filter at all.
    A file a real filter would change (git-lfs, end-of-line conversion) therefore shows as
    changed: a false "dirty", never a missed change."""
    if run_git(root, "diff-index", "--cached", "--name-only", "-z", "HEAD", "--", ".").strip("\0"):
        return True
    if run_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".").strip("\0"):
        return True
    algorithm = run_git(root, "rev-parse", "--show-object-format").strip() or "sha1"
    inside = root.resolve()
    for entry in run_git(root, "ls-files", "--stage", "-z", "--", ".").split("\0"):
        if not entry:
            continue
        info, path = entry.split("\t", 1)
        mode, blob, stage = info.split()
        if stage != "0":
            return True  # an unresolved merge
        if mode != "160000" and _blob_id(root / path, mode, algorithm, inside) != blob:
            return True
    return False


def _blob_id(path: Path, mode: str, algorithm: str, inside: Path) -> str | None:
    """The id git would give the file's content as it is now, or None when it is gone, is
    of another kind than the index says, or lies past a link out of the workspace."""
    if not within(path.parent, inside):
        return None
    try:
        status = os.lstat(path)
        if mode == "120000":
            if not stat.S_ISLNK(status.st_mode):
                return None
            return _hash_object(algorithm, os.fsencode(os.readlink(path)))
        executable = bool(status.st_mode & 0o100)
        if not stat.S_ISREG(status.st_mode) or executable != (mode == "100755"):
            return None
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        digest = hashlib.new(algorithm, b"blob %d\0" % size)
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_object(algorithm: str, content: bytes) -> str:
    return hashlib.new(algorithm, b"blob %d\0" % len(content) + content).hexdigest()
