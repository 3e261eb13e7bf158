"""The commands that start something: `init` (a workspace) and `new` (a dossier in it)."""

from __future__ import annotations

from pathlib import Path

import click

from ..options import workspace_of
from ..output import handles_errors


@click.command(name="new")
@click.argument("name")
@click.option(
    "--profile",
    default="hrc-written-statement",
    show_default=True,
    help="A venue profile (see `dossier profiles`).",
)
@click.pass_context
@handles_errors
def new_command(ctx: click.Context, name: str, profile: str) -> None:
    """Create dossiers/NAME/ with a dossier.yaml and a statement.md to fill in: it builds at
    once, each fact the venue needs a placeholder that `check --strict` names."""
    from ...scaffold import new_dossier

    root = workspace_of(ctx)
    for path in new_dossier(root, name, profile):
        click.echo(f"created {path.relative_to(root)}")


@click.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@handles_errors
def init_command(folder: Path) -> None:
    """Create a new workspace in FOLDER, with an example dossier that builds."""
    from ...scaffold import init_workspace

    for path in init_workspace(folder):
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && dossier build")
