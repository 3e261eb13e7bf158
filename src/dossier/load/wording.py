"""A venue's wording: every word a reader sees that is not the statement's own (the document's
header, the notes' "Available at" and "Ibid.", month names), one table per language a dossier
may be written in.

A profile's wording lives in templates/<profile>/wording.yaml. A workspace's own
templates/<profile>/wording.yaml is laid over the built-in one entry by entry, so it need only
hold what it changes (`fr: {notes: {available_at: Voir}}`). Entries written with {braces} are
patterns: each may use only the names its description lists.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, ValidationInfo, field_validator

from ..base.problems import Problem
from ..base.reading.read_input import read_text
from ..base.reading.yaml_positions import YamlDocument, parse_yaml
from .models import _Strict
from .validate import validate

WORDING_FILE = "wording.yaml"


class _Patterns(_Strict):
    """A table some of whose entries are patterns: `patterns` names, for each, the {names}
    it may use. Nothing else is allowed in braces (no attribute, index, conversion or format
    width), so that a workspace's wording can neither reach into an object nor blow up."""

    patterns: ClassVar[dict[str, tuple[str, ...]]] = {}

    @field_validator("*")
    @classmethod
    def _uses_only_its_names(cls, value: Any, info: ValidationInfo) -> Any:
        names = cls.patterns.get(info.field_name or "")
        if names is None:
            return value
        try:
            parts = list(string.Formatter().parse(value))
        except ValueError as error:
            raise ValueError(f"{error}; write a brace as {{{{ or }}}}") from None
        allowed = ", ".join(f"{{{n}}}" for n in names)
        for _, field, spec, conversion in parts:
            if field is not None and (field not in names or spec or conversion):
                written = (
                    field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                )
                raise ValueError(f"the pattern may use only {allowed}, found {{{written}}}")
        return value


class Agreement(_Strict):
    """A phrase for one sponsor, and for several (French and Spanish agree in number)."""

    one: str = Field(description="For one organization.")
    many: str = Field(description="For several organizations.")


class SponsorWording(_Strict):
    general: Agreement = Field(description="NGOs in general consultative status.")
    special: Agreement = Field(description="NGOs in special consultative status.")
    roster: Agreement = Field(description="NGOs on the roster.")


class HeaderWording(_Patterns):
    """The circulated document's header and the lines around the statement."""

    patterns: ClassVar[dict[str, tuple[str, ...]]] = {
        "session": ("ordinal", "number"),
        "agenda_item": ("number",),
    }

    united_nations: str = Field(description="The organization, top left.")
    general_assembly: str = Field(description="The organ, under it.")
    distribution: str = Field(description='The distribution line: "Distr.: General".')
    language_only: str = Field(description='"English only": the document is in this language.')
    date_not_stated: str = Field(description="In place of the date when the source gives none.")
    council: str = Field(description="The body the statement goes to.")
    session: str = Field(
        description="The session line: {ordinal} is the number in words, capitalised "
        "(Sixty-first), {number} in figures (61)."
    )
    session_not_stated: str = Field(description="In place of the session lines.")
    agenda_item: str = Field(description="The agenda item line, with the item's {number}.")
    agenda_item_not_stated: str = Field(description="In place of the agenda item lines.")
    agenda_items: dict[int, str] = Field(
        default_factory=dict,
        description="The agenda items' titles in this language, by number; a title missing "
        "here is taken from profile.yaml's `agenda_items`.",
    )
    statement: str = Field(description="What the document is, for one sponsor.")
    joint_statement: str = Field(description="What the document is, for several sponsors.")
    issued_as_received: str = Field(description="The footnote marked * on the statement line.")
    submitted_by: str = Field(description="Between what the document is and its sponsors.")
    sponsors: SponsorWording = Field(description="Each sponsor group's status, after its names.")
    no_sponsor: str = Field(description="In place of the sponsors when none is named.")
    circulated: str = Field(description="The Secretary-General's paragraph under the sponsors.")
    shared_views: str = Field(
        description="After the names of NGOs without consultative status that share the views."
    )
    not_stated_in_source: str = Field(description="Heads the list of what the source leaves out.")
    draft: str = Field(
        description="Heads every page of a draft (a fact unfilled, a placeholder left), and "
        "starts its Word file."
    )
    subject: str = Field(description="The kind of document, in the PDF's subject metadata.")
    keywords: str = Field(description="The PDF's keywords metadata.")


class NoteWording(_Patterns):
    """The words of footnotes around what the bibliography gives."""

    patterns: ClassVar[dict[str, tuple[str, ...]]] = {
        "ibid_at": ("locator",),
        "names": ("first", "last"),
        "and_others": ("first",),
        "volume": ("volume",),
        "number": ("number",),
        "page": ("pages",),
        "pages": ("pages",),
        "article_number": ("number",),
        "edition": ("edition",),
        "ordinal": ("number",),
        "version": ("version",),
        "series": ("number",),
        "addresses": ("first", "last"),
    }

    available_at: str = Field(description='Before a source\'s address: "Available at".')
    ibid: str = Field(description='The source of the note before: "Ibid.".')
    ibid_at: str = Field(description='The same, at a pinpoint: "Ibid., {locator}.".')
    names: str = Field(description='Two or three names: "{first} and {last}".')
    and_others: str = Field(description='More than three names: "{first} and others".')
    editor: str = Field(description='After one editor\'s name: "ed.".')
    editors: str = Field(description='After several editors\' names: "eds.".')
    contained_in: str = Field(description='Before the book a chapter is in: "in".')
    volume: str = Field(description='A journal\'s volume: "vol. {volume}".')
    number: str = Field(description='A journal\'s issue: "No. {number}".')
    page: str = Field(description='One page: "p. {pages}".')
    pages: str = Field(description='A range or list of pages: "pp. {pages}".')
    article_number: str = Field(
        description='An article\'s number where a journal has no pages: "article {number}".'
    )
    edition: str = Field(description='An edition: "{edition} ed." (2nd ed.).')
    ordinal: str = Field(description='An edition\'s number in words: "{number}th".')
    ordinals: dict[int, str] = Field(
        default_factory=dict,
        description='Numbers written otherwise than by `ordinal`: 1 is "1st".',
    )
    series: str = Field(description='A journal\'s numbered series: "{number} series".')
    version: str = Field(description='Software\'s or a dataset\'s version: "version {version}".')
    addresses: str = Field(
        description='Two addresses after `available_at` (a DOI and a url): "{first} and {last}".'
    )
    types: dict[str, str] = Field(
        default_factory=dict,
        description="What biblatex's `type` keys print: a report's (techreport, resreport), a "
        "thesis's (phdthesis, mathesis), a patent's (patent, patentus, patenteu...). A "
        "`type` not listed prints as written.",
    )


class DateWording(_Patterns):
    """Dates as this language writes them."""

    patterns: ClassVar[dict[str, tuple[str, ...]]] = {
        "day_month_year": ("day", "month", "year"),
        "month_year": ("month", "year"),
        "day_month": ("day", "month"),
        "range": ("start", "end"),
        "same_month": ("first", "last", "month", "year"),
        "since": ("start",),
        "until": ("end",),
        "season_year": ("season", "year"),
        "before_common_era": ("year",),
        "approximate": ("date",),
        "uncertain": ("date",),
    }

    months: list[str] = Field(
        min_length=12, max_length=12, description="The twelve months' names, January first."
    )
    day_names: dict[int, str] = Field(
        default_factory=dict,
        description='Days written otherwise than in figures, by number: French 1 is "1er".',
    )
    day_month_year: str = Field(description='A full date: "{day} {month} {year}".')
    month_year: str = Field(description='A month: "{month} {year}".')
    day_month: str = Field(
        description='The first date of a range within one year: "{day} {month}".'
    )
    range: str = Field(description='Two dates as a range: "{start}–{end}".')
    same_month: str | None = Field(
        None,
        description='A range of days within one month: "{first}–{last} {month} {year}" (19–30 '
        "January 2026); without it, such a range is written as `range` gives it.",
    )
    since: str = Field(description='A range with no end (1988/..): "{start}–".')
    until: str = Field(description='A range with no start (../1988): "–{end}".')
    seasons: list[str] = Field(
        min_length=4, max_length=4, description="Spring, summer, autumn and winter (2017-24)."
    )
    season_year: str = Field(description='A season: "{season} {year}".')
    before_common_era: str = Field(
        description='A year before year 1 (-0333 is 334): "{year} BCE".'
    )
    approximate: str = Field(description='An approximate date (1723~): "circa {date}".')
    uncertain: str = Field(description='An uncertain date (1723?): "{date}?".')


class QuoteWording(_Strict):
    """Quotation marks: the statement's straight quotes become these, and titles in notes are
    quoted with them."""

    open: str = Field(description='Opens a quotation: “ in English, « (and a space) in French.')
    close: str = Field(description="Closes it: ” in English, » in French.")
    inner_open: str = Field(description="Opens a quotation inside a quotation: ‘ in English.")
    inner_close: str = Field(description="Closes it: ’ in English.")

    def smartquotes(self) -> list[str]:
        """As markdown-it's `quotes` option takes them."""
        return [self.open, self.close, self.inner_open, self.inner_close]


# Each language's marks, for a wording.yaml that does not give them.
QUOTES = {
    "en": QuoteWording(open="“", close="”", inner_open="‘", inner_close="’"),
    "fr": QuoteWording(open="«\u00a0", close="\u00a0»", inner_open="“", inner_close="”"),
    "es": QuoteWording(open="“", close="”", inner_open="‘", inner_close="’"),
}


class Wording(_Strict):
    """One language's table."""

    header: HeaderWording = Field(description="The document's header and circulation lines.")
    notes: NoteWording = Field(description="The words of footnotes.")
    dates: DateWording = Field(description="Month names and date patterns.")
    venue: dict[str, str] = Field(
        default_factory=dict,
        description="A venue's own words: the label of each fact it prints (by field name), "
        "its heading lines, yes and no. Listed in docs/profiles.md.",
    )
    quotes: QuoteWording | None = Field(
        None, description="Quotation marks; by default the language's own (“ ” ‘ ’, « » “ ”)."
    )

    @property
    def marks(self) -> QuoteWording:
        assert self.quotes is not None, "WordingTables.in_language fills them in"
        return self.quotes


class WordingTables(_Strict):
    """A profile's wording in each language a dossier may be written in."""

    en: Wording = Field(description="English.")
    fr: Wording = Field(description="French.")
    es: Wording = Field(description="Spanish.")

    def in_language(self, language: str) -> Wording:
        table: Wording = getattr(self, language)
        if table.quotes is None:
            table = table.model_copy(update={"quotes": QUOTES[language]})
        return table


def load_wording(
    layers: list[tuple[Path, str, Path | None]],
) -> tuple[WordingTables | None, list[Problem]]:
    """The wording of a profile from its wording.yaml files, each given as (path, how it is
    shown, the workspace root it must stay in or None), the built-in one first: each later
    file replaces the entries it holds. A problem points at the file that wrote the entry."""
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for path, shown, root in layers:
        text, found = read_text(path, shown, root)
        problems += found
        if text is None:
            return None, problems
        texts.append((shown, text))
    tables, invalid = _tables(tuple(texts))
    return tables, problems + list(invalid)


@lru_cache(maxsize=64)
def _tables(texts: tuple[tuple[str, str], ...]) -> tuple[WordingTables | None, tuple[Problem, ...]]:
    """The wording tables of the files' texts (shown path, text), laid over one another.
    Parsed once per set of texts in a process (serve and watch check on every save); the
    files themselves are read every time, so that a change is seen and a build records it."""
    merged: YamlDocument | None = None
    problems: list[Problem] = []
    for shown, text in texts:
        document, found = parse_yaml(text, shown)
        problems += found
        if document is None:
            return None, tuple(problems)
        merged = document if merged is None else _laid_over(merged, document)
    assert merged is not None, "a profile has at least one wording.yaml"
    tables, invalid = validate(WordingTables, merged.data or {}, merged)
    return tables, (*problems, *invalid)


def _laid_over(base: YamlDocument, override: YamlDocument) -> YamlDocument:
    """`override`'s entries in place of `base`'s, mappings merged key by key; each value
    keeps the location of the file it came from."""
    data = _merged(base.data, override.data)
    values = {**base.values, **override.values}
    keys = {**base.keys, **override.keys}
    return YamlDocument(override.path, data, values, keys)


def _merged(base: Any, override: Any) -> Any:
    if override is None:
        return base
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: _merged(base.get(k), v) for k, v in override.items()}}
    return override
