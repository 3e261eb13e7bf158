"""`check --format github`: each problem as a GitHub Actions workflow command, so that a pull
request shows it at its line (`::error file=…,line=…,col=…,title=D301::message`). Problems are
told at paths inside the workspace; the runner wants them from the repository's root, so the
workspace's folder in its repository comes first."""

from __future__ import annotations

from pathlib import Path

from ..base.git import GitError, run_git
from ..base.problems import Problem, Severity

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def workflow_commands(problems: list[Problem], strict: bool, root: Path) -> list[str]:
    """One workflow command per problem; with `strict`, a warning is an error."""
    prefix = _folder_in_repository(root)
    lines = []
    for problem in problems:
        severity = problem.severity
        if strict and severity is Severity.WARNING:
            severity = Severity.ERROR
        where = problem.location
        properties = {"title": problem.code.code}
        if where is not None:
            properties = {
                "file": prefix + where.path,
                "line": str(where.line),
                "col": str(where.column),
                **properties,
            }
        listed = ",".join(f"{key}={_property(value)}" for key, value in properties.items())
        message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
        lines.append(f"::{_COMMANDS[severity]} {listed}::{_data(message)}")
    return lines


def _folder_in_repository(root: Path) -> str:
    """"" at the repository's root or outside any repository, else "folder/inside/"."""
    try:
        return run_git(root, "rev-parse", "--show-prefix").strip()
    except GitError:
        return ""


def _data(text: str) -> str:
    """A message, escaped as the runner reads it: a newline would end the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property's value: also no `:` or `,`, which end a value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
