"""`profiles`: the venue profiles a dossier can name."""

from __future__ import annotations

from pathlib import Path

import click

from ...base.problems import UsageError
from ..options import workspace_of
from ..output import handles_errors


@click.command(name="profiles")
@click.pass_context
@handles_errors
def profiles_command(ctx: click.Context) -> None:
    """List the venue profiles: built-in, and the workspace's own templates/."""
    from ...load.profiles import load_profile, profile_names

    try:
        root: Path | None = workspace_of(ctx)
    except UsageError:
        root = None
    for name in profile_names(root):
        profile, problems = load_profile(name, root)
        if profile is None:
            click.echo(f"{name}  (invalid: {problems[0].message if problems else 'unreadable'})")
        else:
            click.echo(f"{name}  {profile.settings.title}  [{profile.source}]")
            if profile.settings.description:
                click.echo(f"    {' '.join(profile.settings.description.split())}")
