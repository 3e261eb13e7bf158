"""What the commands' options and arguments share: the workspace a command works in, and the
size type of the size limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..base.reading.read_input import format_size, parse_size


def workspace_of(ctx: click.Context) -> Path:
    """The workspace: `--workspace`, or found from the current folder upwards; any write a
    stopped command left half done is finished first."""
    from ..load.workspace import find_workspace
    from ..record.write_files import finish_interrupted_writes

    given: Path | None = ctx.obj["workspace"]
    root = find_workspace(given if given is not None else Path.cwd())
    for path in finish_interrupted_writes(root):
        click.echo(f"finished writing {path}, which a stopped `dossier snapshot` left", err=True)
    return root


class Size(click.ParamType):
    """A size in bytes, given as `500KB`, `10MB`, `1GB` or a number of bytes."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def format_limit(size: int) -> str:
    """A size as an option's default shows it: `50MB`."""
    return format_size(size).replace(" ", "")
