"""The command line: parse options, call one library function, turn its errors into exit codes.

Exit status: 0 clean, 1 problems found, 2 the command was used wrongly.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .base.problems import UsageError
from .base.read_input import (
    Limits,
    SourceLines,
    current_limits,
    limits_in_force,
)
from .base.settings import PDF_VARIANTS
from .base.time_limit import DEFAULT_SECONDS, time_budget
from .cli_support import (
    Commands,
    Size,
    format_limit,
    handles_errors,
    plural,
    print_problems,
    workspace_of,
)


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
        from .check.sources.text_cache import cache_disabled

        ctx.with_resource(cache_disabled())
    logging.basicConfig(format="%(message)s", level=logging.INFO if verbose else logging.WARNING)


@main.command(name="check")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one JSON document on standard output, for CI.",
)
@click.pass_context
@handles_errors
def check_command(
    ctx: click.Context, names: tuple[str, ...], strict: bool, output_format: str
) -> None:
    """Check every dossier (or the NAMEs given): schema, bibliography, citations,
    sources and venue rules. Prints every problem as path:line:col, then a summary.
    Exit status 0 when clean, 1 when problems were found."""
    from .build import CheckRequest, check

    root = workspace_of(ctx)
    with time_budget(ctx.obj["time_limit"]):
        report = check(CheckRequest(root, names or None))
    failed = bool(report.errors(strict))
    if output_format == "json":
        document = {
            "ok": not failed,
            "problems": [p.as_json() for p in report.problems],
            "dossiers": {
                name: {
                    "words": c.words.counted,
                    "word_limit": c.words.limit,
                    "footnotes": len(c.footnotes),
                }
                for name, c in report.dossiers.items()
            },
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for compiled in report.dossiers.values():
            click.echo(f"{compiled.loaded.statement_shown}: {compiled.words.describe()}")
        print_problems(report.problems, strict, SourceLines(root))
    sys.exit(1 if failed else 0)


@main.command(name="build")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--force", is_flag=True, help="Render even when the outputs are up to date.")
@click.option(
    "--pdf",
    "pdf_variant",
    type=click.Choice(PDF_VARIANTS),
    default="pdf/a-3a",
    show_default=True,
    help="The PDF standard to meet: PDF/A-3 (archival, the manifest and trace as associated "
    "files; pdf/a-3a is also tagged for screen readers), pdf/ua-1 (tagged, declared PDF/UA), "
    "or plain. All carry the manifest.",
)
@click.option(
    "--edition",
    type=click.Choice(["public", "review"]),
    default="public",
    show_default=True,
    help="public: what gets filed (no confidential item, no restricted string). review: the "
    "internal edition for legal review, <name>-review.pdf and .html, never filed.",
)
@click.option(
    "--require-approved",
    is_flag=True,
    help="Refuse to build while any cited evidence item is not approved, or its approval is "
    "stale (as `require_approved: true` in dossier.yaml).",
)
@click.option(
    "--wait",
    is_flag=True,
    help="If another build of the same dossier is running, wait for it instead of failing.",
)
@click.pass_context
@handles_errors
def build_command(
    ctx: click.Context,
    names: tuple[str, ...],
    strict: bool,
    force: bool,
    pdf_variant: str,
    edition: str,
    require_approved: bool,
    wait: bool,
) -> None:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for every dossier
    (or the NAMEs given). A dossier whose manifest shows nothing changed is not rendered
    again. A failed build leaves the previous outputs as they were. SOURCE_DATE_EPOCH, if
    set, is the date stamped in the PDF's metadata instead of the dossier's date. A public
    build is refused when a restricted string of any evidence item would appear in it."""
    from .base.settings import BuildSettings
    from .build import BuildRequest, build

    root = workspace_of(ctx)
    settings = BuildSettings.from_environment(pdf_variant, strict, edition)
    request = BuildRequest(root, names or None, settings, force, require_approved, wait)
    with time_budget(ctx.obj["time_limit"]):
        results = build(request)
    echo_built(results, root, settings)


def echo_built(results: list[Any], root: Path, settings: Any) -> None:
    for result in results:
        pdf = result.pdf.relative_to(root)
        if result.words is None:
            click.echo(f"{pdf} is up to date (dossier build --force renders it again)")
            continue
        beside = [p.relative_to(root).as_posix() for p in (result.docx, result.html) if p]
        click.echo(
            f"wrote {pdf} ({plural(result.pages, 'page')}, "
            f"{plural(result.footnotes, 'footnote')}, "
            f"{result.words.describe()}), {', '.join(beside)} and "
            f"{settings.outputs(result.name).manifest}"
        )
        for note, call_page, note_page in result.misplaced:
            click.echo(
                f"warning: in {pdf}, note {note} is printed on page {note_page}, after its call "
                f"on page {call_page}: the layout could not keep them together; shorten the "
                "note, or the text before its call",
                err=True,
            )


@main.command(name="verify")
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
    from .verify import verify

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


@main.command(name="snapshot")
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
    from .capture.snapshot import capture

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


@main.command(name="links")
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
    from .capture.links import check_links

    root = workspace_of(ctx)
    lines = SourceLines(root)
    broken = unreachable = total = 0
    for status in check_links(root, list(keys), timeout=timeout, allow_private=allow_private):
        total += 1
        unreachable += status.unreachable
        broken += not status.ok and not status.unreachable
        problem = status.problem()
        click.echo(problem.format(lines.line(problem.location)), err=not status.ok)
    addresses = "1 address" if total == 1 else f"{total:,} addresses"
    not_reached = f", {unreachable:,} unreachable" if unreachable else ""
    click.echo(f"{addresses} checked, {broken:,} broken{not_reached}", err=True)
    sys.exit(1 if broken or unreachable else 0)


@main.command(name="new")
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
    from .scaffold import new_dossier

    root = workspace_of(ctx)
    for path in new_dossier(root, name, profile):
        click.echo(f"created {path.relative_to(root)}")


@main.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@handles_errors
def init_command(folder: Path) -> None:
    """Create a new workspace in FOLDER, with an example dossier that builds."""
    from .scaffold import init_workspace

    for path in init_workspace(folder):
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && dossier build")


@main.command(name="profiles")
@click.pass_context
@handles_errors
def profiles_command(ctx: click.Context) -> None:
    """List the venue profiles: built-in, and the workspace's own templates/."""
    from .load.profiles import load_profile, profile_names

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


# The commands of the review and of the writer's loop live in their own modules, which attach
# them to `main` when imported here.
from . import cli_review, cli_serve  # noqa: E402, F401
