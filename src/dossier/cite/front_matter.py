"""What a venue prints before the statement, worked out once for every writer (the PDF's
template and the Word file): the venue's heading lines, its facts as label and value (State
under review, committee, alleged victims...), the submitting organisations with their
descriptions, the circulated symbol and GE number (none in a draft). A fact left `unstated` is
printed as its sentence, marked as a placeholder, where the fact belongs; a communication's
submitter is printed in the review edition and in the Word file sent to OHCHR (where the
profile says so), never in the PDF or HTML.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from typing import Any

from ..base.problem_codes import INVALID_PROFILE
from ..base.problems import Location, Problem, ProblemsFound
from ..load.dossier import LoadedDossier
from ..load.models import Dossier, Organization, Period, Session
from ..load.profiles import Profile
from ..load.wording import HeaderWording, Wording
from .note_style import format_date
from .venue.venue_facts import venue_fact_text
from .venue_rules import Placeholder, field_value, is_missing, placeholders


@dataclass(frozen=True)
class Fact:
    """One line of the front matter: "State under review: Islamic Republic of Iran"."""

    name: str  # the field, as profile.yaml's `front_matter` names it
    label: str
    value: str
    placeholder: bool = False  # the value is the sentence saying the fact is not stated
    line: str = ""  # label and value as the language sets them: "Label : valeur" in French


@dataclass(frozen=True)
class OrganizationEntry:
    name: str
    established: Fact | None
    description: Fact | None


@dataclass(frozen=True)
class FrontMatter:
    heading: list[str] = field(default_factory=list)  # the venue's heading lines
    facts: list[Fact] = field(default_factory=list)
    sections: list[Fact] = field(default_factory=list)  # long facts: a heading, a paragraph
    organizations: list[OrganizationEntry] = field(default_factory=list)
    organizations_heading: str = ""
    symbol: Fact | None = None  # the circulated document's symbol, in its masthead
    ge_number: Fact | None = None  # its job number, at the foot of its first page
    placeholders: list[Placeholder] = field(default_factory=list)  # for the review edition
    numbered: bool = False  # the statement's paragraphs are numbered
    annex: bool = False  # the organisations are described in an annex at the end


def front_matter(
    loaded: LoadedDossier,
    profile: Profile,
    review: bool = False,
    draft: bool = False,
    submitter: bool | None = None,
) -> FrontMatter:
    """The front matter of the dossier in its language; `review`: for the review edition;
    `draft`: without the symbol and GE number of a circulated document; `submitter`: whether
    a communication's submitter is shown (by default only in the review edition; the Word
    file sent to OHCHR shows it where its profile says so)."""
    config = loaded.config
    wording = profile.wording.in_language(config.language)
    words = _VenueWords(wording, profile.name, profile.source, config.language)
    values = _Values(loaded, profile, wording, words, review if submitter is None else submitter)
    facts = [
        fact
        for name in profile.settings.front_matter
        if (fact := values.fact(name)) is not None
    ]
    joint = len(config.organizations) > 1 or config.coalition is not None
    keys = ("heading", "subheading", "joint_heading") if joint else ("heading", "subheading")
    heading = [words.fill_heading(key, values.fields()) for key in keys]
    organizations = [values.organization(o) for o in config.organizations]
    if not any(o.established or o.description for o in organizations):
        organizations = []  # their names alone are in the facts (`Submitted by`)
    annex = bool(organizations) and joint and profile.settings.joint_annex
    return FrontMatter(
        heading=[line.strip() for line in heading if line.strip()],
        facts=facts,
        sections=[
            fact
            for name in profile.settings.front_sections
            if (fact := values.fact(name)) is not None
        ],
        organizations=organizations,
        organizations_heading=words.get("members_annex" if annex else "organizations_heading")
        if organizations
        else "",
        # A draft never looks like the document the UN circulates (cite/drafts.py).
        symbol=None if draft else values.fact("symbol", label=False),
        ge_number=None if draft else values.fact("ge_number", label=False),
        placeholders=placeholders(loaded),
        numbered=profile.settings.numbered_paragraphs,
        annex=annex,
    )


def session_in_words(number: int, language: str, words: HeaderWording) -> str:
    """61 is "Sixty-first session" (Soixante et unième session, 61º período de sesiones), as
    the UN heads its documents."""
    return words.session.format(ordinal=ordinal_in_words(number, language), number=number)


def ordinal_in_words(number: int, language: str) -> str:
    """4 is "Fourth" (Quatrième, Cuarto), capitalised as a heading line begins."""
    from num2words import num2words  # 16 ms of imports, for a dossier that names its session

    ordinal = num2words(number, lang=language, to="ordinal")
    return str(ordinal[:1].upper() + ordinal[1:])


def session_dates(start_iso: str, end_iso: str, wording: Wording) -> str:
    """ "23 February–2 April 2026", "19–30 January 2026"; the first year is kept only when the
    years differ."""
    return format_date(f"{start_iso}/{end_iso}", wording.dates)


@dataclass(frozen=True)
class _VenueWords:
    """The profile's `venue` words in the dossier's language; one it lacks is a problem in
    the profile, not a blank in the output."""

    wording: Wording
    profile: str
    source: str
    language: str

    def get(self, key: str) -> str:
        found = self.wording.venue.get(key)
        if found is None:
            raise ProblemsFound([self._problem(f"has no `venue.{key}` in `{self.language}`")])
        return found

    def fill(self, key: str, values: dict[str, str]) -> str:
        """The pattern `venue.<key>` with the facts' values in its {braces}; "" if none."""
        pattern = self.wording.venue.get(key, "")
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name]
        unknown = [name for name in names if name not in values]
        if unknown:
            raise ProblemsFound(
                [self._problem(f"`venue.{key}` uses {{{unknown[0]}}}, which is not a fact")]
            )
        return pattern.format(**values)

    def fill_heading(self, key: str, values: dict[str, str]) -> str:
        """A heading line; one that would splice a fact's placeholder into its sentence
        ("[Cycle: not stated] cycle") is `venue.<key>_unstated` when the wording has it (the
        placeholder is printed with the facts)."""
        pattern = self.wording.venue.get(key, "")
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name]
        shorter = f"{key}_unstated"
        if shorter in self.wording.venue and any(values.get(n, "").startswith("[") for n in names):
            return self.fill(shorter, values)
        return self.fill(key, values)

    def _problem(self, what: str) -> Problem:
        return Problem.of(
            INVALID_PROFILE,
            Location(self.source.replace("profile.yaml", "wording.yaml")),
            f"invalid venue profile: the wording of `{self.profile}` {what}",
            "add it to the profile's wording.yaml, in each language (see docs/profiles.md)",
        )


class _Values:
    """The dossier's venue facts as text in its language."""

    def __init__(
        self,
        loaded: LoadedDossier,
        profile: Profile,
        wording: Wording,
        words: _VenueWords,
        review: bool,
    ):
        self.profile = profile
        self.config: Dossier = loaded.config
        self.wording = wording
        self.words = words
        self.review = review

    def fact(self, name: str, label: bool = True) -> Fact | None:
        unstated = self.config.unstated.get(name)  # type: ignore[call-overload]
        text = self._value(name) if unstated is None else None
        if unstated is None and not text:
            return None
        shown = self.words.get(name) if label else ""
        value = f"[{unstated}]" if unstated is not None else str(text)
        line = self.words.fill("line", {"label": shown, "value": value}) if label else value
        return Fact(name, shown, value, unstated is not None, line)

    def fields(self) -> dict[str, str]:
        """Every fact's value by field name, for the heading patterns; "" when not given."""
        names = [*self.profile.settings.front_matter, "cycle", "committee"]
        found = {name: self._heading_value(name) for name in names}
        committee = self._committee()
        found["committee_name"] = committee[0] if committee else ""
        found["committee_code"] = committee[1] if committee else ""
        coalition = self.config.coalition
        found["coalition_acronym"] = coalition.acronym if coalition else ""
        cycle = self.config.cycle
        found["cycle_ordinal"] = (
            ordinal_in_words(cycle, self.config.language).lower() if cycle else found["cycle"]
        )
        return found

    def _heading_value(self, name: str) -> str:
        """A fact as a heading line shows it: a placeholder in brackets, with its label."""
        if name in self.config.unstated:
            sentence = self.config.unstated[name]  # type: ignore[index]
            label = self.words.wording.venue.get(name, name)
            return f"[{self.words.fill('line', {'label': label, 'value': sentence})}]"
        return (self.fact(name, label=False) or _NONE).value

    def organization(self, organization: Organization) -> OrganizationEntry:
        def part(name: str, value: str) -> Fact | None:
            unstated = organization.unstated.get(name)  # type: ignore[call-overload]
            if unstated is None and not value:
                return None
            label = self.words.get(f"organization_{name}")
            shown = f"[{unstated}]" if unstated is not None else value
            line = self.words.fill("line", {"label": label, "value": shown})
            return Fact(name, label, shown, unstated is not None, line)

        established = organization.established
        return OrganizationEntry(
            organization.name,
            part("established", self._text(established) if established else ""),
            part("description", organization.description or ""),
        )

    def _value(self, name: str) -> str:
        if name == "submitter":
            return self._submitter()
        if name == "committee":
            committee = self._committee()
            return f"{committee[0]} ({committee[1]})" if committee else ""
        special = venue_fact_text(self.config, name, self.words.get)
        if special is not None:
            return special
        value = field_value(self.config, name)
        return "" if is_missing(value) else self._text(value)

    def _text(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.words.get("yes" if value else "no")
        if isinstance(value, dt.date):
            return format_date(value.isoformat(), self.wording.dates)
        if isinstance(value, Session):
            words = self.wording.header
            dates = session_dates(value.start.isoformat(), value.end.isoformat(), self.wording)
            return f"{session_in_words(value.number, self.config.language, words)}, {dates}"
        if isinstance(value, Period):
            return session_dates(value.start.isoformat(), value.end.isoformat(), self.wording)
        if isinstance(value, list):
            return "; ".join(getattr(item, "name", str(item)) for item in value)
        return str(value)

    def _committee(self) -> tuple[str, str] | None:
        settings = self.profile.settings
        code = self.config.committee or settings.default_committee
        if not code:
            return None
        known = settings.committees.get(code)
        name = self.wording.venue.get(f"committee_{code}") or (known.name if known else code)
        return name, code

    def _submitter(self) -> str:
        """The submitter's details in the review edition; in a public one, a line saying they
        are given to OHCHR separately."""
        submitter = self.config.submitter
        if submitter is None:
            return ""
        if not self.review:
            return self.words.get("submitter_withheld")
        return ", ".join(submitter.restricted())


_NONE = Fact("", "", "")
