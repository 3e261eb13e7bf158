"""The legal review's commands: `trace`, `approve` and `diff`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ...base.phrasing import plural
from ...base.reading.read_input import SourceLines
from ...base.time_limit import time_budget
from ..options import workspace_of
from ..output import handles_errors, print_problems


@click.command(name="trace")
@click.argument("name")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "markdown"]),
    default="markdown",
    show_default=True,
    help="json: the trace the review edition's PDF embeds, with review data; csv: for a "
    "spreadsheet "
    "(UTF-8 with a byte-order mark); markdown: a table for a pull-request comment.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.pass_context
@handles_errors
def trace_command(ctx: click.Context, name: str, output_format: str, output: Path | None) -> None:
    """Every cited source of every sentence that cites, one row each: footnote, line and
    sentence, evidence id and claim, source, locator, quote and whether it was found in its
    snapshot, the snapshot and its sha256, reliability, and review state (draft, checked,
    approved, stale, rejected or revoked) with who reviewed it and when; a row for each
    explanatory note, with its label and text (one per source it cites); and a row for each
    fact of dossier.yaml. Each row says where the statement's sign-off of its paragraph, note
    or fact stands (approved, changed or added since, draft, revoked, rejected) and by whom."""
    from ...record.write_files import write_together
    from ...review.trace_table import formatted, trace_of, trace_rows

    with time_budget(ctx.obj["time_limit"]):
        document, errors = trace_of(workspace_of(ctx), name)
        content = formatted(document, output_format)
    if output is None:
        click.echo(content.decode("utf-8"), nl=False)
    else:
        write_together({output: content})
        rows = len(trace_rows(document))
        click.echo(f"wrote {output} ({plural(rows, 'row')})", err=True)
    if errors:
        click.echo(
            f"{plural(len(errors), 'error')} in the workspace: `dossier check` lists them",
            err=True,
        )


@click.command(name="approve")
@click.argument("ids", nargs=-1)
@click.option(
    "--by",
    "by",
    help="Who reviewed the items, e.g. legal/jd. Default: git's user.name and user.email, "
    "as `Name <email>`.",
)
@click.option(
    "--status",
    type=click.Choice(["checked", "approved", "rejected"]),
    help="checked: verified against the sources; approved: cleared for filing; rejected: "
    "refused, with --reason. Default: approved.",
)
@click.option("--revoke", is_flag=True, help="Withdraw your own check or approval of the items.")
@click.option("--reason", help="Why the items are rejected or the approval revoked.")
@click.option(
    "--cited-by",
    "cited_by",
    metavar="NAME",
    help="Every evidence item dossier NAME cites, besides the IDS given.",
)
@click.option(
    "--statement",
    "statement",
    metavar="NAME",
    help="Sign off dossier NAME's statement as it stands (its paragraphs, notes and the facts "
    "of its dossier.yaml), in dossiers/NAME/review.yaml; takes no IDS.",
)
@click.option(
    "--sign",
    "sign_key",
    metavar="KEYFILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sign the entry with this SSH private key (ssh-keygen -Y sign, namespace "
    "dossier-approval), as git signs commits; allowed_signers names whose key it is. "
    "Default: git's user.signingkey when gpg.format is ssh.",
)
@click.option("--no-sign", "no_sign", is_flag=True, help="Do not sign, whatever git's settings.")
@click.pass_context
@handles_errors
def approve_command(
    ctx: click.Context,
    ids: tuple[str, ...],
    by: str | None,
    status: str | None,
    revoke: bool,
    reason: str | None,
    cited_by: str | None,
    statement: str | None,
    sign_key: Path | None,
    no_sign: bool,
) -> None:
    """Record a review of the evidence items IDS (or those dossier NAME cites): appends an
    entry to each item's `reviews` history (status, by, on, and the digest of the item, its
    sources' bibliography entries and their snapshots), changing nothing else in the file.
    The entry is dated today (SOURCE_DATE_EPOCH's day when set). `check` reports an approval
    as stale once anything it covers changes. An item with errors cannot be checked or
    approved; an approval still holding is not lowered to checked (revoke it first).
    With --statement NAME, the same for dossier NAME's statement: its sign-off is kept in
    dossiers/NAME/review.yaml."""
    from ...base.problems import UsageError

    if revoke and status is not None:
        raise UsageError("--revoke withdraws an approval; it takes no --status")
    chosen = "revoked" if revoke else status or "approved"
    if no_sign and sign_key is not None:
        raise UsageError("--sign KEYFILE and --no-sign go one without the other")
    if sign_key is None and not no_sign:
        from ...base.git import git_signing_key

        sign_key = git_signing_key(workspace_of(ctx))
    with time_budget(ctx.obj["time_limit"]):
        _approve(workspace_of(ctx), ids, by, chosen, reason, cited_by, statement, sign_key)


def _approve(
    root: Path,
    ids: tuple[str, ...],
    by: str | None,
    chosen: str,
    reason: str | None,
    cited_by: str | None,
    statement: str | None,
    sign_key: Path | None,
) -> None:
    from ...base.problems import UsageError
    from ...review.approve import approve

    if statement is not None:
        from ...review.approve_statement import approve_statement

        if ids or cited_by is not None:
            raise UsageError(
                "--statement NAME signs off a statement; it takes no IDS or --cited-by"
            )
        signed = approve_statement(root, statement, by, chosen, reason, sign_key)
        click.echo(signed.line().replace(f"`{signed.id}`", f"the statement of `{statement}`"))
        return
    recorded = approve(root, list(ids), by, chosen, reason, cited_by, sign_key)
    for item in recorded:
        click.echo(item.line())


@click.command(name="diff")
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
@handles_errors
def diff_command(ctx: click.Context, old: str, new: str | None, output_format: str) -> None:
    """What changed between git revisions REV_A and REV_B (default: the working tree), claim by
    claim; REV_A may be a range instead: A..B, or A...B for what B changed since it left A (a
    pull request's changes): evidence items and bibliography entries added, removed and
    changed (claims and quotes word by word), snapshots re-captured, statement sentences,
    explanatory notes and dossier.yaml facts changed, allowed_signers lines (and the signed
    approvals a change of them stops from verifying), the reviews and statement sign-offs
    recorded, and the approvals and sign-offs made stale, at the newer end or at any commit
    in between. Exit status 1 when a
    revision's files have errors, so that part of it could not be compared."""
    from ...review.diff.diff_revisions import diff_revisions

    with time_budget(ctx.obj["time_limit"]):
        diff = diff_revisions(workspace_of(ctx), old, new)
    if output_format == "json":
        from ...review.diff.as_json import diff_as_json

        click.echo(json.dumps(diff_as_json(diff), indent=2, ensure_ascii=False))
    else:
        from ...review.diff.show import MarkdownStyle, TextStyle, show_diff

        style = MarkdownStyle() if output_format == "markdown" else TextStyle()
        click.echo(show_diff(diff, style))
        if diff.problems:
            print_problems(diff.problems, False, SourceLines(None))
    sys.exit(1 if diff.problems else 0)
