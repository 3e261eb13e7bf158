"""`check`: every problem in the workspace, without writing anything."""

from __future__ import annotations

import sys

import click

from ...base.reading.read_input import SourceLines
from ...base.time_limit import time_budget
from ..options import workspace_of
from ..output import echo_checked, handles_errors, report_as_json


@click.command(name="check")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--final",
    is_flag=True,
    help="Check as `build --final` does: each fact left unfilled and each placeholder left "
    "(D411, D413) is an error.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="json: one JSON document on standard output, for CI; github: each problem as a "
    "GitHub Actions annotation, shown at its line in a pull request.",
)
@click.pass_context
@handles_errors
def check_command(
    ctx: click.Context, names: tuple[str, ...], strict: bool, final: bool, output_format: str
) -> None:
    """Check every dossier (or the NAMEs given): schema, bibliography, citations,
    sources and venue rules. Prints every problem as path:line:col, then a summary.
    Exit status 0 when clean, 1 when problems were found."""
    from ...build import CheckRequest, check

    root = workspace_of(ctx)
    with time_budget(ctx.obj["time_limit"]):
        report = check(CheckRequest(root, names or None, final=final))
    failed = bool(report.errors(strict))
    if output_format == "json":
        click.echo(report_as_json(report, failed))
    elif output_format == "github":
        from ..annotations import workflow_commands

        for line in workflow_commands(report.problems, strict, root):
            click.echo(line)
    else:
        echo_checked(report, strict, SourceLines(root))
    sys.exit(1 if failed else 0)
