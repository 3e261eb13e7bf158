"""The `dossier` command group: its global options, and every command added to it by name.
The commands live in `commands/`, none of them importing this module.

Exit status: 0 clean, 1 problems found, 2 the command was used wrongly.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from .. import __version__
from ..base.reading.read_input import Limits, limits_in_force
from ..base.time_limit import DEFAULT_SECONDS
from .commands.build_command import build_command
from .commands.capture_commands import links_command, snapshot_command
from .commands.check_command import check_command
from .commands.package_command import package_command
from .commands.profiles_command import profiles_command
from .commands.review_commands import approve_command, diff_command, trace_command
from .commands.scaffold_commands import init_command, new_command
from .commands.serve_commands import serve_command, watch_command
from .commands.verify_command import verify_command
from .options import Size, format_limit
from .output import Commands


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
@click.option(
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder. Default: found from the current folder upwards.",
)
@click.option("-v", "--verbose", is_flag=True, help="Report each step as it happens.")
@click.option(
    "--max-file-size",
    type=Size(),
    default=format_limit(Limits.file_bytes),
    envvar="DOSSIER_MAX_FILE_SIZE",
    show_default=True,
    help="Largest YAML, BibTeX, Markdown or template file read (or DOSSIER_MAX_FILE_SIZE).",
)
@click.option(
    "--max-snapshot-size",
    type=Size(),
    default=format_limit(Limits.snapshot_bytes),
    envvar="DOSSIER_MAX_SNAPSHOT_SIZE",
    show_default=True,
    help="Largest snapshot read or captured (or DOSSIER_MAX_SNAPSHOT_SIZE).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=DEFAULT_SECONDS,
    envvar="DOSSIER_TIME_LIMIT",
    show_default=True,
    help="Seconds `check` and `build` may run before they stop (D705); 0: no limit "
    "(or DOSSIER_TIME_LIMIT).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    envvar="DOSSIER_NO_CACHE",
    help="Extract every snapshot's text again; neither read nor write build/.cache/.",
)
@click.pass_context
def main(
    ctx: click.Context,
    workspace: Path | None,
    verbose: bool,
    max_file_size: int,
    max_snapshot_size: int,
    time_limit: float,
    no_cache: bool,
) -> None:
    """Build footnoted submissions to UN human-rights bodies from evidence and a
    BibTeX bibliography, refusing any claim that cannot be traced to a source."""
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
    ctx.obj["time_limit"] = time_limit
    ctx.with_resource(limits_in_force(Limits(max_file_size, max_snapshot_size)))
    if no_cache:
        from ..base.content_cache import cache_disabled

        ctx.with_resource(cache_disabled())
    logging.basicConfig(format="%(message)s", level=logging.INFO if verbose else logging.WARNING)


# Every command; `dossier --help` lists them sorted by name, whatever the order here.
main.add_command(approve_command)
main.add_command(build_command)
main.add_command(check_command)
main.add_command(diff_command)
main.add_command(init_command)
main.add_command(links_command)
main.add_command(new_command)
main.add_command(package_command)
main.add_command(profiles_command)
main.add_command(serve_command)
main.add_command(snapshot_command)
main.add_command(trace_command)
main.add_command(verify_command)
main.add_command(watch_command)
