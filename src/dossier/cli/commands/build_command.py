"""`build`: check, then write each dossier's PDF, Word file, HTML and manifest."""

from __future__ import annotations

import click

from ...base.settings import DEFAULT_PDF_VARIANT, PDF_VARIANTS, Edition
from ...base.time_limit import time_budget
from ..options import workspace_of
from ..output import echo_built, handles_errors


@click.command(name="build")
@click.argument("names", nargs=-1)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--force", is_flag=True, help="Render even when the outputs are up to date.")
@click.option(
    "--pdf",
    "pdf_variant",
    type=click.Choice(PDF_VARIANTS),
    default=DEFAULT_PDF_VARIANT,
    show_default=True,
    help="The PDF standard to meet: PDF/A-3 (archival, the manifest as an associated file; "
    "pdf/a-3a is also tagged for screen readers), pdf/ua-1 (tagged, declared PDF/UA), or "
    "plain. All carry the manifest (the review edition's, the trace too).",
)
@click.option(
    "--edition",
    type=click.Choice([str(edition) for edition in Edition]),
    default=str(Edition.PUBLIC),
    show_default=True,
    help="public: what gets filed (no confidential item, no restricted string). review: the "
    "internal edition for legal review, build/review/<name>/<name>-review.pdf and .html, "
    "never filed.",
)
@click.option(
    "--require-approved",
    is_flag=True,
    help="Refuse to build while any cited evidence item is not approved, or its approval is "
    "stale (as `require_approved: true` in dossier.yaml).",
)
@click.option(
    "--final",
    is_flag=True,
    help="Refuse to build, and write nothing, while any fact is unfilled (listed under "
    "`unstated:`) or any placeholder remains in dossier.yaml or the statement ([Example …], "
    "«…», “to be filled in”): what is filed must not be a draft. Without it, such a dossier "
    "builds as a draft: every page says Draft, with no UN masthead, symbol or GE number.",
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
    final: bool,
    wait: bool,
) -> None:
    """Check, then write build/<name>/<name>.pdf, .docx, .html and manifest.json for every dossier
    (or the NAMEs given). A dossier whose manifest shows nothing changed is not rendered
    again. A failed build leaves the previous outputs as they were. SOURCE_DATE_EPOCH, if
    set, is the date stamped in the PDF's metadata instead of the dossier's date. A public
    build is refused when a restricted string of any evidence item would appear in it.
    Prints the warnings and notes the check found as `dossier check` does, what it wrote,
    then check's summary (none when every output was up to date: nothing was checked)."""
    from ...base.settings import BuildSettings
    from ...build import BuildRequest, build

    root = workspace_of(ctx)
    settings = BuildSettings.from_environment(pdf_variant, strict, edition)
    request = BuildRequest(root, names or None, settings, force, require_approved, wait, final)
    with time_budget(ctx.obj["time_limit"]):
        outcome = build(request)
    echo_built(outcome, root, settings)
