"""What every command shares: finding the workspace, and the one place where an error
becomes problems printed with their excerpts and an exit status (0 clean, 1 problems found,
2 the command was used wrongly)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn

import click

from .base.problems import DossierError, Problem, ProblemsFound, Severity, UsageError
from .base.read_input import SourceLines, format_size, parse_size
from .base.time_limit import OutOfTime


def workspace_of(ctx: click.Context) -> Path:
    from .load.workspace import find_workspace
    from .record.write_files import finish_interrupted_writes

    given: Path | None = ctx.obj["workspace"]
    root = find_workspace(given if given is not None else Path.cwd())
    for path in finish_interrupted_writes(root):
        click.echo(f"finished writing {path}, which a stopped `dossier snapshot` left", err=True)
    return root


def handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Our own errors become problems and exit statuses, never tracebacks."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DossierError as error:
            report(error, strict=kwargs.get("strict", False))
        except OutOfTime as error:
            report(ProblemsFound([error.problem]))

    return wrapper


def report(error: DossierError, strict: bool = False) -> NoReturn:
    """The one place an error becomes output and an exit status: a usage error after the
    command's usage line, problems found with their summary."""
    context = click.get_current_context(silent=True)
    if isinstance(error, UsageError) and context is not None:
        click.echo(f"{context.get_usage()}\n{_try_help(context)}\n", err=True)
    lines = SourceLines(_workspace_if_any(context))
    print_problems(error.problems, strict, lines, summary=isinstance(error, ProblemsFound))
    sys.exit(error.exit_status)


def _workspace_if_any(context: click.Context | None) -> Path | None:
    try:
        return workspace_of(context) if context is not None and context.obj is not None else None
    except UsageError:
        return None


def _try_help(context: click.Context) -> str:
    return f"Try '{context.command_path} {context.help_option_names[0]}' for help."


def print_problems(
    problems: list[Problem], strict: bool, lines: SourceLines, summary: bool = True
) -> None:
    """Each problem at its place, with the line it points at, then (with `summary`) a count."""
    for problem in problems:
        if strict and problem.severity is Severity.WARNING:
            problem = Problem(problem.code, problem.location, problem.message, problem.hint)
        click.echo(problem.format(lines.line(problem.location)), err=True)
    if summary:
        click.echo(_summary(problems, strict), err=True)


class Commands(click.Group):
    """click's own usage errors (an unknown option, a bad value) are reported like ours:
    with a code, and exit status 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            status = super().main(*args, **kwargs)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(f"{error.ctx.get_usage()}\n{_try_help(error.ctx)}\n", err=True)
            click.echo(Problem.of("D001", None, error.format_message()).format(), err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def _summary(problems: list[Problem], strict: bool) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    notes = len(problems) - errors - warnings
    if strict:
        errors, warnings = errors + warnings, 0
    parts = [plural(errors, "error")] if errors else []
    parts += [plural(warnings, "warning")] if warnings else []
    summary = " and ".join(parts) + " found" if parts else "no problems found"
    if notes:  # told apart: a note is never counted among the problems that fail a command
        summary += f", and {plural(notes, 'note')}"
    return summary


class Size(click.ParamType):
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def format_limit(size: int) -> str:
    return format_size(size).replace(" ", "")
