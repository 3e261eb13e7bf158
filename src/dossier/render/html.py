"""Render a compiled dossier to HTML through its venue profile's Jinja2 template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup
from num2words import num2words

from .. import __version__
from ..cite.compile import CompiledDossier
from ..cite.note_style import format_date, note_html
from ..load.models import Dossier, Sponsor
from ..load.profiles import profile_dirs
from ..statement.citations import Citation
from ..statement.markdown import render_statement
from .review import ReviewEdition

_LANGUAGE_ONLY = {"en": "English only", "fr": "French only", "es": "Spanish only"}
_STATUS_ORDER = ("general", "special", "roster")


@dataclass(frozen=True)
class TemplateContext:
    """Everything a venue template may use; a misspelt name is an error, not a blank."""

    language: str
    title: str
    author: str
    subject: str
    keywords: str
    generator: str
    date_iso: str
    date_text: str
    language_only: str
    session_lines: list[str]
    agenda_lines: list[str]
    statement_kind: str
    sponsors: str
    shared_by: list[str]
    unstated: dict[str, str]
    body_html: Markup
    css: Markup  # from the profile's own template files, never from user data
    review: ReviewEdition | None  # None in the public edition


def template_environment(workspace_root: Path) -> jinja2.Environment:
    """Templates from the workspace's templates/ first, then the built-in profiles."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(profile_dirs(workspace_root)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True)
class RenderedHtml:
    html: str
    templates: dict[Path, str]  # each template file used, by its path, with its text


def render_html(
    compiled: CompiledDossier,
    workspace_root: Path,
    stamp: dt.datetime | None = None,
    review: ReviewEdition | None = None,
) -> RenderedHtml:
    """The dossier's HTML; `stamp` is the creation date its metadata gives (by default the
    dossier's own date); with `review`, the internal review edition."""
    environment = template_environment(workspace_root)
    assert environment.loader is not None
    profile = compiled.profile.name
    css, css_path, _ = environment.loader.get_source(environment, f"{profile}/statement.css")
    template = environment.get_template(f"{profile}/statement.html.j2")
    assert template.filename is not None and css_path is not None
    html = template.render(c=build_context(compiled, css, stamp, review))
    template_text = Path(template.filename).read_text(encoding="utf-8")
    return RenderedHtml(html, {Path(template.filename): template_text, Path(css_path): css})


def build_context(
    compiled: CompiledDossier,
    css: str,
    stamp: dt.datetime | None = None,
    review: ReviewEdition | None = None,
) -> TemplateContext:
    config = compiled.loaded.config
    notes = {id(f.citation): f for f in compiled.footnotes}

    def render_citation(citation: Citation, follows_another: bool) -> str:
        separator = '<span class="fn-sep">,</span>' if follows_another else ""
        footnote = notes[id(citation)]
        tags = review.tags_html(footnote) if review else ""
        return f'{separator}<span class="footnote">{note_html(footnote.note)}{tags}</span>'

    body = render_statement(compiled.statement, render_citation)
    sponsors = config.submitted_by
    return TemplateContext(
        language=config.language,
        title=config.title,
        author=sponsors[0].name if sponsors else "",
        subject=_subject(config, compiled.profile.settings.title),
        keywords="Human Rights Council; written statement",
        generator=f"dossier {__version__}",
        date_iso=_w3c(stamp) if stamp else config.date.isoformat() if config.date else "",
        date_text=format_date(config.date.isoformat()) if config.date else "Date not stated",
        language_only=_LANGUAGE_ONLY[config.language],
        session_lines=_session_lines(config),
        agenda_lines=_agenda_lines(config, compiled.profile.settings.agenda_items),
        statement_kind="Joint written statement" if len(sponsors) > 1 else "Written statement",
        sponsors=sponsor_line(sponsors),
        shared_by=config.shared_by,
        unstated={str(k): v for k, v in config.unstated.items()},
        body_html=Markup(body),
        css=Markup(css),
        review=review,
    )


def _w3c(moment: dt.datetime) -> str:
    """A UTC moment as the W3C date-time WeasyPrint puts in the PDF's metadata."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def session_in_words(number: int) -> str:
    """61 is "Sixty-first session", as the UN heads its documents."""
    return f"{num2words(number, to='ordinal').capitalize()} session"


def session_dates(start_iso: str, end_iso: str) -> str:
    """ "23 February–2 April 2026"; the first year is kept only when the years differ."""
    start, end = format_date(start_iso), format_date(end_iso)
    if start_iso[:4] == end_iso[:4]:
        start = start.rsplit(" ", 1)[0]
    return f"{start}–{end}"


def _session_lines(config: Dossier) -> list[str]:
    if config.session is None:
        return ["Session not stated"]
    session = config.session
    return [
        session_in_words(session.number),
        session_dates(session.start.isoformat(), session.end.isoformat()),
    ]


def _agenda_lines(config: Dossier, items: dict[int, str]) -> list[str]:
    if config.agenda_item is None:
        return ["Agenda item not stated"]
    title = items.get(config.agenda_item)
    return [f"Agenda item {config.agenda_item}", *([title] if title else [])]


def sponsor_line(sponsors: list[Sponsor]) -> str:
    """The sponsors as the circulated document names them: main sponsor first, then the
    co-sponsors grouped general, special, roster, each group with its status."""
    if not sponsors:
        return "(no sponsor named)"
    main = sponsors[0].status
    order = [main, *(s for s in _STATUS_ORDER if s != main)]
    groups = []
    for status in order:
        names = [s.name for s in sponsors if s.status == status]
        if not names:
            continue
        kind = (
            "a non-governmental organization"
            if len(names) == 1
            else "non-governmental organizations"
        )
        where = "on the roster" if status == "roster" else f"in {status} consultative status"
        groups.append(f"{', '.join(names)}, {kind} {where}")
    return ", ".join(groups)


def _subject(config: Dossier, venue: str) -> str:
    parts = [venue]
    if config.session is not None:
        parts.append(session_in_words(config.session.number).lower())
    if config.agenda_item is not None:
        parts.append(f"agenda item {config.agenda_item}")
    return ", ".join(parts)
