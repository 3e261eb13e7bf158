"""The writer's loop: `serve` (a live preview in the browser) and `watch` (re-check and
rebuild on each save, in the terminal)."""

from __future__ import annotations

from pathlib import Path

import click

from ...base.problems import DossierError, ProblemsFound, UsageError
from ...base.reading.read_input import SourceLines
from ..options import workspace_of
from ..output import echo_built, handles_errors, print_problems


@click.command(name="serve")
@click.argument("name")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on, on 127.0.0.1 only; 0 picks a free one.",
)
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@click.pass_context
@handles_errors
def serve_command(ctx: click.Context, name: str, port: int, no_browser: bool) -> None:
    """A live preview of dossier NAME in the browser: the statement as it will print, every
    problem `check` finds marked at its sentence and listed with its file:line. Each save of
    the statement, evidence, bibliography, snapshots or templates checks and renders it again
    and updates the page; the PDF is built again in the background and linked from the page.
    Listens on 127.0.0.1 only. Ctrl-C stops it."""
    from ...load.dossier import dossier_names
    from ...serve.server import serve

    root = workspace_of(ctx)
    if name not in dossier_names(root):
        known = ", ".join(dossier_names(root)) or "none yet"
        raise UsageError(f"no dossier named {name} in {root}; dossiers: {known}")

    def build_pdf() -> tuple[Path, bool]:
        from ...base.settings import BuildSettings
        from ...build import BuildRequest, build

        [result] = build(BuildRequest(root, (name,), BuildSettings.from_environment())).results
        return result.pdf, result.words is not None

    try:
        serve(root, name, port, not no_browser, build_pdf, click.echo, ctx.obj["time_limit"])
    except KeyboardInterrupt:  # Ctrl-C is how it is meant to stop
        pass


@click.command(name="watch")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
@handles_errors
def watch_command(ctx: click.Context, names: tuple[str, ...], strict: bool) -> None:
    """Build every dossier (or the NAMEs given), then check and build again on each save of a
    file in the workspace, printing what `dossier build` prints. Ctrl-C stops it."""
    from ...serve.watching import saves

    root = workspace_of(ctx)
    seconds = ctx.obj["time_limit"]
    _build_once(root, list(names), strict, seconds)
    try:
        for saved in saves(root):
            click.echo(f"saved {', '.join(saved)}", err=True)
            _build_once(root, list(names), strict, seconds)
    except KeyboardInterrupt:
        pass


def _build_once(root: Path, names: list[str], strict: bool, seconds: float | None) -> None:
    """One build as `dossier watch` runs it, within the time limit: problems, running out of
    time among them, are printed, never fatal."""
    import time

    from ...base.settings import BuildSettings
    from ...base.time_limit import OutOfTime, time_budget
    from ...build import BuildRequest, build

    started = time.perf_counter()
    settings = BuildSettings.from_environment(strict=strict)
    try:
        with time_budget(seconds):
            outcome = build(BuildRequest(root, tuple(names) if names else None, settings))
        echo_built(outcome, root, settings)
    except OutOfTime as error:
        print_problems([error.problem], strict, SourceLines(root))
    except DossierError as error:
        found = isinstance(error, ProblemsFound)
        print_problems(error.problems, strict, SourceLines(root), summary=found)
    click.echo(f"(took {time.perf_counter() - started:.2f} s; waiting for a save)", err=True)
