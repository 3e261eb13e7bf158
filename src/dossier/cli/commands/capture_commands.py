"""The commands that use the network: `snapshot` (capture a source) and `links` (check that
the bibliography's addresses still answer)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ...base.phrasing import plural
from ...base.reading.read_input import SourceLines, current_limits
from ..options import Size, workspace_of
from ..output import handles_errors


@click.command(name="snapshot")
@click.argument("key")
@click.argument("source")
@click.option(
    "--accessed",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the source was read (urldate). Default for a URL: today; for a file: none.",
)
@click.option("--replace", is_flag=True, help="Overwrite a snapshot with other content.")
@click.option(
    "--timeout",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds the whole download may take, redirects included.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow addresses on this machine or a private network (refused by default).",
)
@click.option(
    "--max-size",
    type=Size(),
    help="The largest file to capture (e.g. 50MB). Default: --max-snapshot-size.",
)
@click.pass_context
@handles_errors
def snapshot_command(
    ctx: click.Context,
    key: str,
    source: str,
    accessed: Any,
    replace: bool,
    timeout: float,
    allow_private: bool,
    max_size: int | None,
) -> None:
    """Capture SOURCE (a file, or an http(s) address) as the snapshot of bibliography
    entry KEY: copied into evidence/snapshots/, with `snapshot`, `sha256` and `urldate`
    recorded in bibliography.bib. Nothing else in the file changes."""
    from ...capture.snapshot import capture

    captured = capture(
        workspace_of(ctx),
        key,
        source,
        accessed=accessed.date() if accessed else None,
        replace=replace,
        timeout=timeout,
        size_limit=max_size or current_limits().snapshot_bytes,
        allow_private=allow_private,
    )
    click.echo(
        f"captured {captured.path} ({captured.size:,} bytes, sha256 {captured.digest}); "
        f"recorded {', '.join(captured.recorded)} for `{key}` in bibliography.bib"
    )


@click.command(name="links")
@click.argument("keys", nargs=-1)
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds per request.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow addresses on this machine or a private network (refused by default).",
)
@click.pass_context
@handles_errors
def links_command(
    ctx: click.Context, keys: tuple[str, ...], timeout: float, allow_private: bool
) -> None:
    """Check that each `url` in bibliography.bib (or those of the KEYs given) still
    answers: HEAD, then GET if the server refuses HEAD, four at a time. This is the one
    check that uses the network. Exit status 1 if any address is broken (the server
    answers with an error) or unreachable (no connection, no answer)."""
    from ...capture.links import check_links

    root = workspace_of(ctx)
    lines = SourceLines(root)
    broken = unreachable = total = 0
    for status in check_links(root, list(keys), timeout=timeout, allow_private=allow_private):
        total += 1
        unreachable += status.unreachable
        broken += not status.ok and not status.unreachable
        problem = status.problem()
        click.echo(problem.format(lines.line(problem.location)), err=not status.ok)
    addresses = plural(total, "address", "addresses")
    not_reached = f", {unreachable:,} unreachable" if unreachable else ""
    click.echo(f"{addresses} checked, {broken:,} broken{not_reached}", err=True)
    sys.exit(1 if broken or unreachable else 0)
