"""The writer's loop: `serve` (a live preview in the browser) and `watch` (re-check and
rebuild on each save, in the terminal)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli import echo_built, main
from .cli_support import handles_errors, print_problems, workspace_of
from .load.read_input import SourceLines
from .problems import DossierError, ProblemsFound, UsageError

if TYPE_CHECKING:
    from .render.pdf_process import LayoutWorker


@main.command(name="serve")
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
    from .load.dossier import dossier_names
    from .serve.server import serve

    root = workspace_of(ctx)
    if name not in dossier_names(root):
        known = ", ".join(dossier_names(root)) or "none yet"
        raise UsageError(f"no dossier named {name} in {root}; dossiers: {known}")

    from .render.pdf_process import LayoutWorker

    with LayoutWorker() as worker:  # WeasyPrint loads in its own process while serve starts

        def build_pdf() -> Path:
            from .build import build

            return build(root, [name], worker=worker)[0].pdf

        try:
            serve(root, name, port, not no_browser, build_pdf, click.echo)
        except KeyboardInterrupt:  # Ctrl-C is how it is meant to stop
            pass


@main.command(name="watch")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
@handles_errors
def watch_command(ctx: click.Context, names: tuple[str, ...], strict: bool) -> None:
    """Build every dossier (or the NAMEs given), then check and build again on each save of a
    file in the workspace, printing what `dossier build` prints. Ctrl-C stops it."""
    from .render.pdf_process import LayoutWorker
    from .serve.watching import saves

    root = workspace_of(ctx)
    with LayoutWorker() as worker:  # one process lays out every PDF of the session
        _build_once(root, list(names), strict, worker)
        try:
            for saved in saves(root):
                click.echo(f"saved {', '.join(saved)}", err=True)
                _build_once(root, list(names), strict, worker)
        except KeyboardInterrupt:
            pass


def _build_once(root: Path, names: list[str], strict: bool, worker: LayoutWorker) -> None:
    """One build as `dossier watch` runs it: problems are printed, never fatal."""
    import time

    from .build import build
    from .record.up_to_date import BuildSettings

    started = time.perf_counter()
    settings = BuildSettings.from_environment(strict=strict)
    try:
        built = build(root, names, strict=strict, settings=settings, worker=worker)
        echo_built(built, root, settings)
    except DossierError as error:
        found = isinstance(error, ProblemsFound)
        print_problems(error.problems, strict, SourceLines(root), summary=found)
    click.echo(f"(took {time.perf_counter() - started:.2f} s; waiting for a save)", err=True)
