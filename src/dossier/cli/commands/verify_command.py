"""`verify`: whether a built PDF or Word file is still what the workspace builds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ...base.phrasing import plural
from ...base.problems import UsageError
from ..options import workspace_of
from ..output import handles_errors


@click.command(name="verify")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--inputs-only",
    is_flag=True,
    help="Only compare the inputs the file's manifest lists with the workspace: quick, but "
    "the file's own content is not looked at.",
)
@click.pass_context
@handles_errors
def verify_command(ctx: click.Context, pdf: Path, inputs_only: bool) -> None:
    """Check that PDF (or the .docx; both built by `dossier build`) is what the workspace
    builds: build its dossier again in a temporary copy of the workspace, with the options
    its embedded manifest records, and compare the bytes; and report each input changed,
    missing or added since, and each library whose version differs. Exit status 0 only when
    everything matches."""
    from ...verify import verify

    if not pdf.is_file():
        raise UsageError(f"no file {pdf}")
    report = verify(pdf, workspace_of(ctx), inputs_only=inputs_only, shown=str(pdf))
    for difference in report.differences:
        click.echo(difference, err=True)
    if report.rebuilt:
        click.echo(report.rebuilt)
    kind = "Word file" if pdf.suffix.lower() == ".docx" else "PDF"
    if report.matches and inputs_only:
        click.echo(
            f"{pdf}: the {plural(report.inputs, 'input')} its manifest lists for "
            f"`{report.dossier}` are unchanged in the workspace\n"
            f"note: --inputs-only does not look at the {kind}'s content: a {kind} whose text "
            "or metadata was altered after the build passes it; run `dossier verify` without "
            "--inputs-only to build it again and compare every byte"
        )
        return
    if report.matches:
        click.echo(
            f"{pdf} matches the workspace: `{report.dossier}`, "
            f"{plural(report.inputs, 'input')} unchanged, the same bytes built again"
        )
        return
    count = plural(len(report.differences), "difference")
    click.echo(f"{pdf} does not match the workspace: {count}", err=True)
    sys.exit(1)
