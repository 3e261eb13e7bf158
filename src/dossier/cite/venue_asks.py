"""What a venue asks of a dossier beyond what it requires, each a warning (an error with
--strict): the profile's `recommended` fields (a communication's consent and victims'
particulars, a UPR submission's key words), the sources cited against the period a UPR
submission covers, and the headings a treaty body's report is structured by."""

from __future__ import annotations

import re

from ..base.problem_codes import (
    EVIDENCE_BEFORE_PERIOD,
    MISSING_RECOMMENDED_FIELD,
    SECTION_NOT_BY_PATTERN,
)
from ..base.problems import Location, Problem
from ..load.bibtex.bib_dates import fields_date, parse_date
from ..load.bibtex.bibliography import BibEntry
from ..load.dossier import LoadedDossier
from ..load.models import Victim
from ..load.profiles import Profile
from ..statement.markdown import Statement
from .resolve import Footnote
from .venue_rules import field_value, is_missing

_HINTS = {
    "consent.to_government": "`consent: {to_government: true}` (or false): may the victims' "
    "names be disclosed to the Government?",
    "consent.in_public_report": "`consent: {in_public_report: true}` (or false): may they be "
    "named in the mandate's public report?",
    "consent.name_or_initials": "`consent: {name_or_initials: initials}` (or name): how they "
    "may be named",
    "communication": "`communication: urgent_appeal` (a life or safety at risk now) or "
    "`communication: allegation`",
    "other_mechanisms": "`other_mechanisms:` the UN or regional mechanisms the case was "
    "submitted to, or `none`",
    "contact_person": "`contact_person:` the name and e-mail of the person OHCHR may contact",
    "key_words": "`key_words: [death penalty, impunity]`",
    "previous_recommendations": "`previous_recommendations: [{number: \"139.12\", state: "
    "Canada, response: supported}]`, from the previous cycle's Working Group report",
    "list_of_issues": "`list_of_issues:` the symbol of the List of Issues (CCPR/C/IRN/Q/5)",
    "previous_observations": "`previous_observations: {symbol: CCPR/C/IRN/CO/3, paragraphs: "
    "[11, 12]}`",
}


def recommended_field_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    """A warning for each field of the profile's `recommended` the dossier neither gives nor
    lists under `unstated`; `victims.<particular>` for each victim without it."""
    recommended = profile.settings.recommended
    particulars = [name.partition(".")[2] for name in recommended if name.startswith("victims.")]
    problems = []
    for name in recommended:
        head = name.partition(".")[0]
        if head == "victims" and name != "victims":
            continue
        if name not in loaded.config.unstated and is_missing(field_value(loaded.config, name)):
            problems.append(
                _missing(loaded, profile, (head,), f"`{name}`", _HINTS.get(name, f"`{name}:`"))
            )
    return problems + _victim_problems(loaded, profile, particulars)


def _victim_problems(loaded: LoadedDossier, profile: Profile, parts: list[str]) -> list[Problem]:
    """One warning per victim, naming every particular it lacks."""
    problems = []
    for number, victim in enumerate(loaded.config.victims):
        lacking = [
            part
            for part in parts
            if not isinstance(victim, Victim) or getattr(victim, part, None) in (None, "")
        ]
        if lacking:
            written = ", ".join(part.replace("_", " ") for part in lacking)
            given = ", ".join(f"{part}: ..." for part in lacking)
            problems.append(
                _missing(
                    loaded,
                    profile,
                    ("victims", number),
                    f"the particulars of victim {number + 1} ({written})",
                    f"them to the victim, written as a mapping: `- {{name: ..., {given}}}`",
                )
            )
    return problems


def _missing(
    loaded: LoadedDossier, profile: Profile, path: tuple[str | int, ...], what: str, fix: str
) -> Problem:
    given = path[0] in loaded.config.model_fields_set
    where = loaded.document.location(path) if given else Location(loaded.document.path)
    return Problem.of(
        MISSING_RECOMMENDED_FIELD,
        where,
        f"profile `{profile.name}` asks for {what}, which {loaded.document.path} does not give",
        f"add {fix}; if it is not known, list it under `unstated:` with a sentence saying so",
        subject=loaded.name,
    )


def evidence_before_period_problems(
    loaded: LoadedDossier, footnotes: list[Footnote]
) -> list[Problem]:
    """A warning at each citation of a source dated before the period covered begins: a UPR
    submission covers at most the period since the last review."""
    period = loaded.config.period_covered
    if period is None:
        return []
    start = (period.start.year, period.start.month, period.start.day)
    problems = []
    for footnote in footnotes:
        for cited in footnote.sources:
            written, latest = _latest_day(cited.entry)
            if latest is not None and latest < start:
                problems.append(
                    Problem.of(
                        EVIDENCE_BEFORE_PERIOD,
                        footnote.citation.location,
                        f"`{cited.entry.key}` is dated {written}, before the period "
                        f"covered begins on {period.start.isoformat()}",
                        "cite it as background only, or cite a source from the period covered "
                        "(the review covers the period since the last one)",
                        subject=loaded.name,
                    )
                )
    return problems


def _latest_day(entry: BibEntry) -> tuple[str, tuple[int, int, int] | None]:
    """The entry's date as written, and the last day it may mean (1988: 31 December 1988);
    None for no date, or a range open at its end (it may reach into the period)."""
    written = entry.get("date") or fields_date(entry.get("year"), entry.get("month"))
    parsed = parse_date(written) if written else None
    if parsed is None:
        return written, None
    point = parsed.end if parsed.is_range else parsed.start
    if point is None:
        return written, None
    return written, (point.year, point.month or 12, point.day or 31)


def section_problems(
    loaded: LoadedDossier, profile: Profile, statement: Statement
) -> list[Problem]:
    """A warning when no top-level heading matches the profile's `section_pattern`: a treaty
    body reads a report structured by Covenant article or List of Issues paragraph."""
    pattern = profile.settings.section_pattern
    if not pattern:
        return []
    tokens = statement.tokens
    headings = [
        tokens[number + 1].content
        for number, token in enumerate(tokens[:-1])
        if token.type == "heading_open" and token.tag == "h2"
    ]
    if any(re.search(pattern, heading) for heading in headings):
        return []
    return [
        Problem.of(
            SECTION_NOT_BY_PATTERN,
            Location(statement.path),
            "no heading of the statement names a Covenant article or a List of Issues paragraph",
            "head each section by what it answers, e.g. `# Article 6: right to life` or "
            "`# List of issues, para. 12: ...` (the profile's `section_pattern`)",
            subject=loaded.name,
        )
    ]
