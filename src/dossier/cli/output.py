"""What the commands print: what `check` found (as text, or as one JSON document), what
`build` wrote, and the one place where an error, ours or click's, becomes problems printed
with their excerpts and an exit status (0 clean, 1 problems found, 2 the command was used
wrongly)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..base.phrasing import joined, plural
from ..base.problem_codes import COMMAND_CALLED_WRONGLY
from ..base.problems import DossierError, Problem, ProblemsFound, Severity, UsageError
from ..base.reading.read_input import SourceLines
from ..base.time_limit import OutOfTime
from .options import workspace_of

if TYPE_CHECKING:  # what these print is imported when a command runs, not for --help
    from ..base.settings import BuildSettings
    from ..build import BuildOutcome
    from ..check.all_checks import Report


def echo_checked(report: Report, strict: bool, lines: SourceLines) -> None:
    """`check`'s text: each dossier's word count, then each problem and the summary."""
    for compiled in report.dossiers.values():
        click.echo(f"{compiled.loaded.statement_shown}: {compiled.words.describe()}")
    print_problems(report.problems, strict, lines)


def report_as_json(report: Report, failed: bool) -> str:
    """`check --format json`: one document, for CI."""
    document = {
        "ok": not failed,
        "problems": [p.as_json() for p in report.problems],
        "dossiers": {
            name: {
                "words": c.words.counted,
                "word_limit": c.words.limit,
                "footnotes": len(c.footnotes),
            }
            for name, c in report.dossiers.items()
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def echo_built(outcome: BuildOutcome, root: Path, settings: BuildSettings) -> None:
    """What `build` (and `watch`, after each save) found and wrote: the warnings and notes of
    its check as `check` prints them, what it wrote or that it was up to date, each note the
    layout printed after its call's page, then `check`'s summary. A build that found every
    dossier up to date loaded nothing and checked nothing: it has no summary."""
    lines = SourceLines(root)
    print_problems(outcome.problems, settings.strict, lines, summary=False)
    for result in outcome.results:
        pdf = result.pdf.relative_to(root)
        if result.words is None:
            click.echo(f"{pdf} is up to date (dossier build --force renders it again)")
            continue
        beside = [p.relative_to(root).as_posix() for p in (result.docx, result.html) if p]
        click.echo(
            f"wrote {pdf} ({plural(result.pages, 'page')}, "
            f"{plural(result.footnotes, 'footnote')}, "
            f"{result.words.describe()}), {', '.join(beside)} and "
            f"{settings.outputs(result.name).manifest}"
        )
        for note, call_page, note_page in result.misplaced:
            click.echo(
                f"warning: in {pdf}, note {note} is printed on page {note_page}, after its call "
                f"on page {call_page}: the layout could not keep them together; shorten the "
                "note, or the text before its call",
                err=True,
            )
    if outcome.checked:
        layout = sum(len(result.misplaced) for result in outcome.results)
        click.echo(_summary(outcome.problems, settings.strict, layout), err=True)


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
            problem = replace(problem, severity=Severity.ERROR)
        click.echo(problem.format(lines.line(problem.location)), err=True)
    if summary:
        click.echo(_summary(problems, strict), err=True)


def echo_summary(problems: list[Problem], strict: bool = False) -> None:
    """The count of `problems` found, as the last line a command prints."""
    click.echo(_summary(problems, strict), err=True)


def _summary(problems: list[Problem], strict: bool, layout_warnings: int = 0) -> str:
    """`layout_warnings`: those a build's layout printed (a note after its call's page),
    warnings even with --strict, since the build has written its outputs by then."""
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    notes = len(problems) - errors - warnings
    if strict:
        errors, warnings = errors + warnings, 0
    warnings += layout_warnings
    parts = [plural(errors, "error")] if errors else []
    parts += [plural(warnings, "warning")] if warnings else []
    summary = joined(parts) + " found" if parts else "no problems found"
    if notes:  # told apart: a note is never counted among the problems that fail a command
        summary += f", and {plural(notes, 'note')}"
    return summary


class Commands(click.Group):
    """The command group's class: click's own usage errors (an unknown option, a bad value)
    are reported like ours: with a code, and exit status 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            status = super().main(*args, **kwargs)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(f"{error.ctx.get_usage()}\n{_try_help(error.ctx)}\n", err=True)
            click.echo(
                Problem.of(COMMAND_CALLED_WRONGLY, None, error.format_message()).format(), err=True
            )
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)
