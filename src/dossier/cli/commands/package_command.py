"""`package`: what filing a final dossier asks besides the document, in build/<name>/package/."""

from __future__ import annotations

import click

from ...base.reading.read_input import SourceLines
from ...base.time_limit import time_budget
from ..options import workspace_of
from ..output import echo_summary, handles_errors, print_problems


@click.command(name="package")
@click.argument("name")
@click.option(
    "--wait",
    is_flag=True,
    help="If another build of the same dossier is running, wait for it instead of failing.",
)
@click.pass_context
@handles_errors
def package_command(ctx: click.Context, name: str, wait: bool) -> None:
    """Check dossier NAME as `build --final` does (a draft is refused, with the same
    problems, and nothing is written), build it, then write build/NAME/package/, replacing
    the previous one whole: the Word file named as the venue asks, cover.txt (the e-mail's
    recipient and subject line, what to attach, the deadline), form.txt (the venue's online
    form, its fields filled in from dossier.yaml: for the Council, contact, language,
    session, agenda item, sponsors grouped by consultative status, title and word count) and
    checklist.md (the venue's rules, each met or not). The deadline is counted from today,
    or from SOURCE_DATE_EPOCH's day when set; one passed is a warning (D414). What the
    venue's guidance does not give (the profile's `package` settings) is said to be not
    stated, never invented."""
    from ...base.settings import BuildSettings
    from ...filing import PackageRequest, package

    root = workspace_of(ctx)
    request = PackageRequest(root, name, BuildSettings.from_environment(), wait)
    with time_budget(ctx.obj["time_limit"]):
        made = package(request)
    lines = SourceLines(root)
    print_problems(made.problems, False, lines, summary=False)
    folder = made.folder.relative_to(root).as_posix()
    click.echo(f"wrote {folder}/: {', '.join(made.files)}")
    echo_summary(made.problems)
