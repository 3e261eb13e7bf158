"""`verify`: whether a built PDF or Word file is still what the workspace builds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ...base.phrasing import plural
from ...base.problems import UsageError
from ...base.time_limit import time_budget
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
@click.option(
    "--at-build-commit",
    is_flag=True,
    help="Build it again from the workspace as it was at the git commit it was built at, "
    "read from git into a temporary folder, instead of the workspace as it is now. The "
    "commit is read from the manifest.json `dossier build` wrote beside the file (beside "
    "it, or in the workspace's build/<name>/), whose outputs must list the file's sha256; "
    "the file itself records no commit, so that its bytes do not change with every commit.",
)
@click.pass_context
@handles_errors
def verify_command(ctx: click.Context, pdf: Path, inputs_only: bool, at_build_commit: bool) -> None:
    """Check that PDF (or the .docx; both built by `dossier build`) is what the workspace
    builds: build its dossier again in a temporary copy of the workspace, with the options
    its embedded manifest records, and compare the bytes; and report each input changed,
    missing or added since, and each library whose version differs. When the bytes differ,
    say how: for a PDF, the pages whose text differs and their first differing lines, or,
    when every page's text is the same, which of its parts differ (metadata, embedded files,
    a page's drawing); for a Word file, the paragraphs and footnotes that differ, or that it
    was only repackaged (every part the same, the zip written otherwise). Exit status 0 only
    when everything matches."""
    from ...verify import verify

    if not pdf.is_file():
        raise UsageError(f"no file {pdf}")
    with time_budget(ctx.obj["time_limit"]):
        report = verify(
            pdf, workspace_of(ctx), inputs_only, shown=str(pdf), at_build_commit=at_build_commit
        )
    workspace = (
        f"commit {report.commit[:10]} of the workspace" if report.commit else "the workspace"
    )
    for difference in report.differences:
        click.echo(difference, err=True)
    if report.rebuilt:
        click.echo(report.rebuilt)
    kind = "Word file" if pdf.suffix.lower() == ".docx" else "PDF"
    if report.matches and inputs_only:
        click.echo(
            f"{pdf}: the {plural(report.inputs, 'input')} its manifest lists for "
            f"`{report.dossier}` are unchanged in {workspace}\n"
            f"note: --inputs-only does not look at the {kind}'s content: a {kind} whose text "
            "or metadata was altered after the build passes it; run `dossier verify` without "
            "--inputs-only to build it again and compare every byte"
        )
        return
    if report.matches:
        click.echo(
            f"{pdf} matches {workspace}: `{report.dossier}`, "
            f"{plural(report.inputs, 'input')} unchanged, the same bytes built again"
        )
        return
    count = plural(len(report.differences), "difference")
    click.echo(f"{pdf} does not match {workspace}: {count}", err=True)
    sys.exit(1)
