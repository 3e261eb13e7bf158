"""The command line: parse options, call one library function, turn its errors into exit codes.

Exit status: 0 clean, 1 problems found, 2 the command was used wrongly.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .load.read_input import (
    Limits,
    SourceLines,
    current_limits,
    format_size,
    limits_in_force,
    parse_size,
)
from .load.time_limit import DEFAULT_SECONDS, OutOfTime, time_budget
from .problems import DossierError, Problem, ProblemsFound, Severity, UsageError
from .render.pdf import PDF_VARIANTS


def _workspace(ctx: click.Context) -> Path:
    from .load.workspace import find_workspace
    from .record.write_files import finish_interrupted_writes

    given: Path | None = ctx.obj["workspace"]
    root = find_workspace(given if given is not None else Path.cwd())
    for path in finish_interrupted_writes(root):
        click.echo(f"finished writing {path}, which a stopped `dossier snapshot` left", err=True)
    return root


def _handles_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Our own errors become problems and exit statuses, never tracebacks."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DossierError as error:
            _report(error, strict=kwargs.get("strict", False))
        except OutOfTime as error:
            _report(ProblemsFound([error.problem]))

    return wrapper


def _report(error: DossierError, strict: bool = False) -> NoReturn:
    """The one place an error becomes output and an exit status: a usage error after the
    command's usage line, problems found with their summary."""
    context = click.get_current_context(silent=True)
    if isinstance(error, UsageError) and context is not None:
        click.echo(f"{context.get_usage()}\n{_try_help(context)}\n", err=True)
    lines = SourceLines(_workspace_if_any(context))
    _print_problems(error.problems, strict, lines, summary=isinstance(error, ProblemsFound))
    sys.exit(error.exit_status)


def _workspace_if_any(context: click.Context | None) -> Path | None:
    try:
        return _workspace(context) if context is not None and context.obj is not None else None
    except UsageError:
        return None


def _try_help(context: click.Context) -> str:
    return f"Try '{context.command_path} {context.help_option_names[0]}' for help."


def _print_problems(
    problems: list[Problem], strict: bool, lines: SourceLines, summary: bool = True
) -> None:
    """Each problem at its place, with the line it points at, then (with `summary`) a count."""
    for problem in problems:
        if strict and problem.severity is Severity.WARNING:
            problem = Problem(problem.code, problem.location, problem.message, problem.hint)
        click.echo(problem.format(lines.line(problem.location)), err=True)
    if summary:
        click.echo(_summary(problems, strict), err=True)


class _Commands(click.Group):
    """click's own usage errors (an unknown option, a bad value) are reported like ours:
    with a code, and exit status 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            status = super().main(*args, **kwargs)
        except click.UsageError as error:
            if error.ctx is not None:
                click.echo(f"{error.ctx.get_usage()}\n{_try_help(error.ctx)}\n", err=True)
            click.echo(Problem.of("D001", None, error.format_message()).format(), err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def _summary(problems: list[Problem], strict: bool) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    notes = len(problems) - errors - warnings
    if strict:
        errors, warnings = errors + warnings, 0
    parts = [_plural(errors, "error")] if errors else []
    parts += [_plural(warnings, "warning")] if warnings else []
    summary = " and ".join(parts) + " found" if parts else "no problems found"
    if notes:
        summary += f" ({_plural(notes, 'note')})"
    return summary


class _Size(click.ParamType):
    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _format_limit(size: int) -> str:
    return format_size(size).replace(" ", "")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
@click.option(
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder. Default: found from the current folder upwards.",
)
@click.option("-v", "--verbose", is_flag=True, help="Report each step as it happens.")
@click.option(
    "--max-file-size",
    type=_Size(),
    default=_format_limit(Limits.file_bytes),
    envvar="DOSSIER_MAX_FILE_SIZE",
    show_default=True,
    help="Largest YAML, BibTeX, Markdown or template file read (or DOSSIER_MAX_FILE_SIZE).",
)
@click.option(
    "--max-snapshot-size",
    type=_Size(),
    default=_format_limit(Limits.snapshot_bytes),
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
        from .check.text_cache import cache_disabled

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
@_handles_errors
def check_command(
    ctx: click.Context, names: tuple[str, ...], strict: bool, output_format: str
) -> None:
    """Check every dossier (or the NAMEs given): schema, bibliography, citations,
    sources and venue rules. Prints every problem as path:line:col, then a summary.
    Exit status 0 when clean, 1 when problems were found."""
    from .build import check

    root = _workspace(ctx)
    with time_budget(ctx.obj["time_limit"]):
        report = check(root, list(names))
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
        _print_problems(report.problems, strict, SourceLines(root))
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
@_handles_errors
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
    from .build import build
    from .record.up_to_date import BuildSettings

    root = _workspace(ctx)
    settings = BuildSettings.from_environment(pdf_variant, strict, edition)
    with time_budget(ctx.obj["time_limit"]):
        results = build(
            root,
            list(names),
            strict=strict,
            settings=settings,
            force=force,
            require_approved=require_approved,
            wait=wait,
        )
    _echo_built(results, root, settings)


def _echo_built(results: list[Any], root: Path, settings: Any) -> None:
    for result in results:
        pdf = result.pdf.relative_to(root)
        if result.words is None:
            click.echo(f"{pdf} is up to date (dossier build --force renders it again)")
            continue
        beside = [p.relative_to(root).as_posix() for p in (result.docx, result.html) if p]
        click.echo(
            f"wrote {pdf} ({_plural(result.pages, 'page')}, "
            f"{_plural(result.footnotes, 'footnote')}, "
            f"{result.words.describe()}), {', '.join(beside)} and "
            f"{settings.outputs(result.name).manifest}"
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
@_handles_errors
def verify_command(ctx: click.Context, pdf: Path, inputs_only: bool) -> None:
    """Check that PDF (or the .docx; both built by `dossier build`) is what the workspace
    builds: build its dossier again in a temporary copy of the workspace, with the options
    its embedded manifest records, and compare the bytes; and report each input changed,
    missing or added since, and each library whose version differs. Exit status 0 only when
    everything matches."""
    from .verify import verify

    if not pdf.is_file():
        raise UsageError(f"no file {pdf}")
    report = verify(pdf, _workspace(ctx), inputs_only=inputs_only, shown=str(pdf))
    for difference in report.differences:
        click.echo(difference, err=True)
    if report.rebuilt:
        click.echo(report.rebuilt)
    kind = "Word file" if pdf.suffix.lower() == ".docx" else "PDF"
    if report.matches and inputs_only:
        click.echo(
            f"{pdf}: the {_plural(report.inputs, 'input')} its manifest lists for "
            f"`{report.dossier}` are unchanged in the workspace\n"
            f"note: --inputs-only does not look at the {kind}'s content: a {kind} whose text "
            "or metadata was altered after the build passes it; run `dossier verify` without "
            "--inputs-only to build it again and compare every byte"
        )
        return
    if report.matches:
        click.echo(
            f"{pdf} matches the workspace: `{report.dossier}`, "
            f"{_plural(report.inputs, 'input')} unchanged, the same bytes built again"
        )
        return
    count = _plural(len(report.differences), "difference")
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
    type=_Size(),
    help="The largest file to capture (e.g. 50MB). Default: --max-snapshot-size.",
)
@click.pass_context
@_handles_errors
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
        _workspace(ctx),
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
@_handles_errors
def links_command(
    ctx: click.Context, keys: tuple[str, ...], timeout: float, allow_private: bool
) -> None:
    """Check that each `url` in bibliography.bib (or those of the KEYs given) still
    answers: HEAD, then GET if the server refuses HEAD, four at a time. This is the one
    check that uses the network. Exit status 1 if any address is broken (the server
    answers with an error) or unreachable (no connection, no answer)."""
    from .capture.links import check_links

    root = _workspace(ctx)
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
@_handles_errors
def new_command(ctx: click.Context, name: str, profile: str) -> None:
    """Create dossiers/NAME/ with a dossier.yaml and a statement.md to fill in: it builds at
    once, each fact the venue needs a placeholder that `check --strict` names."""
    from .scaffold import new_dossier

    root = _workspace(ctx)
    for path in new_dossier(root, name, profile):
        click.echo(f"created {path.relative_to(root)}")


@main.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_handles_errors
def init_command(folder: Path) -> None:
    """Create a new workspace in FOLDER, with an example dossier that builds."""
    from .scaffold import init_workspace

    for path in init_workspace(folder):
        click.echo(f"created {path}")
    click.echo(f"next: cd {folder} && dossier build")


@main.command(name="profiles")
@click.pass_context
@_handles_errors
def profiles_command(ctx: click.Context) -> None:
    """List the venue profiles: built-in, and the workspace's own templates/."""
    from .load.profiles import load_profile, profile_names

    try:
        root: Path | None = _workspace(ctx)
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


@main.command(name="trace")
@click.argument("name")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "markdown"]),
    default="markdown",
    show_default=True,
    help="json: the trace embedded in the PDF, with review data; csv: for a spreadsheet "
    "(UTF-8 with a byte-order mark); markdown: a table for a pull-request comment.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
@_handles_errors
def trace_command(ctx: click.Context, name: str, output_format: str, output: Path | None) -> None:
    """Every cited source of every sentence that cites, one row each: footnote, line and
    sentence, evidence id and claim, source, locator, quote and whether it was found in its
    snapshot, the snapshot and its sha256, reliability, and review state (draft, checked,
    approved or stale) with who reviewed it and when."""
    from .record.write_files import write_together
    from .review.trace_table import formatted, trace_of

    document, errors = trace_of(_workspace(ctx), name)
    content = formatted(document, output_format)
    if output is None:
        click.echo(content.decode("utf-8"), nl=False)
    else:
        write_together({output: content})
        rows = sum(len(f["sources"]) for f in document["footnotes"])
        click.echo(f"wrote {output} ({_plural(rows, 'row')})", err=True)
    if errors:
        click.echo(
            f"{_plural(len(errors), 'error')} in the workspace: `dossier check` lists them",
            err=True,
        )


@main.command(name="approve")
@click.argument("ids", nargs=-1, required=True)
@click.option("--by", "by", required=True, help="Who reviewed the items, e.g. legal/jd.")
@click.option(
    "--status",
    type=click.Choice(["checked", "approved"]),
    default="approved",
    show_default=True,
    help="checked: verified against the sources; approved: cleared for filing.",
)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The review's date. Default: today (or SOURCE_DATE_EPOCH's day).",
)
@click.pass_context
@_handles_errors
def approve_command(
    ctx: click.Context, ids: tuple[str, ...], by: str, status: str, on: Any
) -> None:
    """Record that the evidence items IDs were reviewed: writes each item's `review` block
    (status, by, on, and the digest of the item, its sources' bibliography entries and their
    snapshots), changing nothing else in the file. `check` reports the approval as stale once
    any of these changes. An item with errors cannot be approved."""
    from .review.approve import approve

    approved = approve(_workspace(ctx), list(ids), by, status, on.date() if on else None)
    for item in approved:
        click.echo(f"{item.status} `{item.id}` ({item.at}) by {item.by} on {item.on.isoformat()}")


@main.command(name="diff")
@click.argument("old", metavar="REV_A")
@click.argument("new", metavar="[REV_B]", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown: for a pull-request comment; json: one document, for CI.",
)
@click.pass_context
@_handles_errors
def diff_command(ctx: click.Context, old: str, new: str | None, output_format: str) -> None:
    """What changed between git revisions REV_A and REV_B (default: the working tree), claim by
    claim: evidence items and bibliography entries added, removed and changed (claims and
    quotes word by word), snapshots re-captured, statement sentences changed, and the
    approvals the change made stale. Exit status 1 when a revision's files have errors, so
    that part of it could not be compared."""
    from .review.diff import diff_revisions

    diff = diff_revisions(_workspace(ctx), old, new)
    if output_format == "json":
        from .review.as_json import diff_as_json

        click.echo(json.dumps(diff_as_json(diff), indent=2, ensure_ascii=False))
    else:
        from .review.show import MarkdownStyle, TextStyle, show_diff

        style = MarkdownStyle() if output_format == "markdown" else TextStyle()
        click.echo(show_diff(diff, style))
        if diff.problems:
            _print_problems(diff.problems, False, SourceLines(None))
    sys.exit(1 if diff.problems else 0)


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
@_handles_errors
def serve_command(ctx: click.Context, name: str, port: int, no_browser: bool) -> None:
    """A live preview of dossier NAME in the browser: the statement as it will print, every
    problem `check` finds marked at its sentence and listed with its file:line. Each save of
    the statement, evidence, bibliography, snapshots or templates checks and renders it again
    and updates the page; the PDF is built again in the background and linked from the page.
    Listens on 127.0.0.1 only. Ctrl-C stops it."""
    from .load.dossier import dossier_names
    from .serve.server import serve

    root = _workspace(ctx)
    if name not in dossier_names(root):
        known = ", ".join(dossier_names(root)) or "none yet"
        raise UsageError(f"no dossier named {name} in {root}; dossiers: {known}")

    def build_pdf() -> Path:
        from .build import build

        return build(root, [name])[0].pdf

    try:
        serve(root, name, port, not no_browser, build_pdf, click.echo)
    except KeyboardInterrupt:  # Ctrl-C is how it is meant to stop
        pass


@main.command(name="watch")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
@_handles_errors
def watch_command(ctx: click.Context, names: tuple[str, ...], strict: bool) -> None:
    """Build every dossier (or the NAMEs given), then check and build again on each save of a
    file in the workspace, printing what `dossier build` prints. Ctrl-C stops it."""
    from .serve.watching import saves

    root = _workspace(ctx)
    _build_once(root, list(names), strict)
    try:
        for saved in saves(root):
            click.echo(f"saved {', '.join(saved)}", err=True)
            _build_once(root, list(names), strict)
    except KeyboardInterrupt:
        pass


def _build_once(root: Path, names: list[str], strict: bool) -> None:
    """One build as `dossier watch` runs it: problems are printed, never fatal."""
    import time

    from .build import build
    from .record.up_to_date import BuildSettings

    started = time.perf_counter()
    settings = BuildSettings.from_environment(strict=strict)
    try:
        _echo_built(build(root, names, strict=strict, settings=settings), root, settings)
    except DossierError as error:
        found = isinstance(error, ProblemsFound)
        _print_problems(error.problems, strict, SourceLines(root), summary=found)
    click.echo(f"(took {time.perf_counter() - started:.2f} s; waiting for a save)", err=True)
