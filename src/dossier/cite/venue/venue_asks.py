"""What a venue asks of a dossier beyond what it requires, each a warning (an error with
--strict): the profile's `recommended` fields (a communication's consent and victims'
particulars, a UPR submission's key words), the sources cited against the period a UPR
submission covers, and the headings a treaty body's report is structured by."""

from __future__ import annotations

import re

from ...base.problem_codes import (
    EVIDENCE_BEFORE_PERIOD,
    MISSING_RECOMMENDED_FIELD,
    SECTION_NOT_BY_PATTERN,
    VICTIM_NAMED_AGAINST_CONSENT,
)
from ...base.problems import Location, Problem
from ...load.bibtex.bib_dates import fields_date, parse_date
from ...load.bibtex.bibliography import BibEntry
from ...load.dossier import LoadedDossier
from ...load.models import Victim
from ...load.profiles import Profile
from ...statement.markdown import Statement
from ..resolve import Footnote
from ..venue_rules import field_value, is_missing

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
        unstated = name in loaded.config.unstated or head in loaded.config.unstated
        if not unstated and is_missing(field_value(loaded.config, name)):
            fix = _HINTS.get(name, f"`{name}:`")
            hint = f"add {fix}; if it is not known, list it under `unstated:` with a sentence"
            problems.append(_missing(loaded, profile, (head,), f"`{name}`", hint))
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
                    f"add them to the victim, written as a mapping: `- {{name: ..., {given}}}`; "
                    "write `not known` for one the source does not give",
                )
            )
    return problems


def victim_name_problems(loaded: LoadedDossier) -> list[Problem]:
    """A warning wherever the title or the statement names a victim in full when the consent
    allows only initials: the facts print "M. H.", and the text must not undo it."""
    config = loaded.config
    if config.consent is None or config.consent.name_or_initials != "initials":
        return []
    places = [
        (config.title, loaded.document.path, loaded.field_location("title"), "the title"),
        (loaded.statement_text, loaded.statement_shown, None, "the statement"),
    ]
    problems = []
    for number, victim in enumerate(config.victims):
        name = victim.name if isinstance(victim, Victim) else victim
        pattern = re.compile(r"\s+".join(map(re.escape, name.split())), re.IGNORECASE)
        for text, path, where, what in places:
            for found in pattern.finditer(text):
                problems.append(
                    Problem.of(
                        VICTIM_NAMED_AGAINST_CONSENT,
                        where or Location.at_offset(path, text, found.start()),
                        f"{what} names victim {number + 1} in full, but `consent` allows "
                        "only initials",
                        f"write the initials ({initials(name)}) instead, or set "
                        "`consent: {name_or_initials: name}` if the victim agreed to be named",
                        subject=loaded.name,
                    )
                )
    return problems


def initials(name: str) -> str:
    """ "Mehdi Hassani" is "M. H."."""
    return " ".join(f"{part[0]}." for part in name.split())


def _missing(
    loaded: LoadedDossier, profile: Profile, path: tuple[str | int, ...], what: str, fix: str
) -> Problem:
    given = path[0] in loaded.config.model_fields_set
    where = loaded.document.location(path) if given else Location(loaded.document.path)
    return Problem.of(
        MISSING_RECOMMENDED_FIELD,
        where,
        f"profile `{profile.name}` asks for {what}, which {loaded.document.path} does not give",
        fix,
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
