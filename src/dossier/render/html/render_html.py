"""Render a compiled dossier to HTML through its venue profile's Jinja2 template, in the words
of the profile's wording for the dossier's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ... import __version__
from ...base.phrasing import noun_for
from ...base.problems import Location, Problem
from ...base.settings import BUILT_IN
from ...cite.compile import CompiledDossier
from ...cite.front_matter import FrontMatter, front_matter, session_dates, session_in_words
from ...cite.note_style import format_date, note_html
from ...load.models import Dossier, Sponsor
from ...load.wording import HeaderWording, Wording
from ...statement.citations import Citation
from ...statement.markdown import render_statement
from .review_edition import ReviewEdition
from .template_guard import guard_html
from .templates import ConfinedLoader, rendering_problems, template_environment
from .typeset import breakable_url, keep_together

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
    words: HeaderWording  # the profile's fixed lines, in the dossier's language
    venue: dict[str, str]  # the profile's venue words, in the dossier's language
    front: FrontMatter  # the venue's heading, facts, organisations, symbol and GE number
    review: ReviewEdition | None  # None in the public edition
    # A fact unfilled or a placeholder left (cite/drafts.py): every page says Draft, and
    # nothing looks issued by the UN (no masthead, symbol or GE number). In the review
    # edition its band, saying on every page that it is not for submission, takes the place
    # of the draft line.
    draft: bool


@dataclass(frozen=True)
class RenderedHtml:
    html: str  # without what a template may not do (template_guard.py), if it tried
    templates: dict[Path, tuple[str, str]]  # each template file read: its path, as shown, text
    problems: list[Problem]  # what the template tried, each at its line


def render_html(
    compiled: CompiledDossier,
    workspace_root: Path,
    stamp: dt.datetime | None = None,
    review: ReviewEdition | None = None,
) -> RenderedHtml:
    """The dossier's HTML; `stamp` is the creation date its metadata gives (by default the
    dossier's own date); with `review`, the internal review edition. A template that cannot
    be read or rendered is a ProblemsFound at its line; what a template may not make the
    document do (attach a file, send the reader elsewhere) is taken out and told in
    `problems`."""
    loader = ConfinedLoader(workspace_root)
    environment = template_environment(loader)
    profile = compiled.profile.name
    with rendering_problems(loader, Location(compiled.profile.source)):
        css, _, _ = loader.get_source(environment, f"{profile}/statement.css")
        template = environment.get_template(f"{profile}/statement.html.j2")
        context = build_context(compiled, css, stamp, review)
        html = environment.written(template, c=context)
    read = sorted(loader.read.values(), key=lambda file: file[0].startswith(BUILT_IN))
    guarded = guard_html(html, context.body_html, dict(read))
    return RenderedHtml(guarded.html, dict(loader.read), guarded.problems)


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
        note = note_html(footnote.note, keep_together, breakable_url)
        return f'{separator}<span class="footnote">{note}{tags}</span>'

    body = render_statement(compiled.statement, render_citation, keep_together)
    sponsors = config.submitted_by
    wording = compiled.profile.wording.in_language(config.language)
    words = wording.header
    titles = {**compiled.profile.settings.agenda_items, **words.agenda_items}
    date = format_date(config.date.isoformat(), wording.dates) if config.date else ""
    return TemplateContext(
        language=config.language,
        title=config.title,
        author=sponsors[0].name if sponsors else "",
        subject=_subject(config, wording),
        keywords=words.keywords,
        generator=f"dossier {__version__}",
        date_iso=_w3c(stamp) if stamp else config.date.isoformat() if config.date else "",
        date_text=date or words.date_not_stated,
        language_only=words.language_only,
        session_lines=_session_lines(config, wording),
        agenda_lines=_agenda_lines(config, titles, words),
        statement_kind=words.joint_statement if len(sponsors) > 1 else words.statement,
        sponsors=sponsor_line(sponsors, words, config.unstated.get("submitted_by")),
        shared_by=config.shared_by,
        unstated={str(k): v for k, v in config.unstated.items()},
        body_html=Markup(body),
        css=Markup(css),
        words=words,
        venue=wording.venue,
        front=front_matter(
            compiled.loaded, compiled.profile, review=review is not None, draft=compiled.draft
        ),
        review=review,
        draft=compiled.draft,
    )


def _w3c(moment: dt.datetime) -> str:
    """A UTC moment as the W3C date-time WeasyPrint puts in the PDF's metadata."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _session_lines(config: Dossier, wording: Wording) -> list[str]:
    if config.session is None:
        return [wording.header.session_not_stated]
    session = config.session
    return [
        session_in_words(session.number, config.language, wording.header),
        session_dates(session.start.isoformat(), session.end.isoformat(), wording),
    ]


def _agenda_lines(config: Dossier, titles: dict[int, str], words: HeaderWording) -> list[str]:
    if config.agenda_item is None:
        return [words.agenda_item_not_stated]
    title = titles.get(config.agenda_item)
    return [words.agenda_item.format(number=config.agenda_item), *([title] if title else [])]


def sponsor_line(
    sponsors: list[Sponsor], words: HeaderWording, unstated: str | None = None
) -> str:
    """The sponsors as the circulated document names them: main sponsor first, then the
    co-sponsors grouped general, special, roster, each group with its status; `unstated`:
    the sentence saying the source names none, in brackets, rather than a guess."""
    if not sponsors:
        return f"[{unstated}]" if unstated else words.no_sponsor
    main = sponsors[0].status
    order = [main, *(s for s in _STATUS_ORDER if s != main)]
    groups = []
    for status in order:
        names = [s.name for s in sponsors if s.status == status]
        if not names:
            continue
        status_words = getattr(words.sponsors, status)
        groups.append(
            f"{', '.join(names)}, {noun_for(len(names), status_words.one, status_words.many)}"
        )
    return ", ".join(groups)


def _subject(config: Dossier, wording: Wording) -> str:
    """The PDF's subject: the kind of document, its session and agenda item."""
    words = wording.header
    parts = [words.subject]
    if config.session is not None:
        parts.append(session_in_words(config.session.number, config.language, words).lower())
    if config.agenda_item is not None:
        parts.append(words.agenda_item.format(number=config.agenda_item).lower())
    return ", ".join(parts)
