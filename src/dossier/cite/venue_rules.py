"""A dossier against its venue's profile: the fields the venue uses and requires, the facts
left unstated (each printed as a placeholder, each a warning), UN symbols in its fields, the
committee of a treaty body, the recommendations section, and the word limit that applies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..base.problem_codes import (
    FACT_LEFT_UNSTATED,
    FIELD_GIVEN_AND_UNSTATED,
    INVALID_FIELD_VALUE,
    INVALID_UN_SYMBOL,
    MISSING_VENUE_FIELD,
    MISSING_VENUE_SECTION,
    UNKNOWN_FIELD,
)
from ..base.problems import Location, Problem
from ..load.dossier import LoadedDossier
from ..load.models import VENUE_FIELDS, Dossier
from ..load.profiles import Profile, ProfileSettings
from ..statement.markdown import Statement
from ..statement.symbols import symbol_error

_SYMBOL_FIELDS = ("symbol", "state_report", "list_of_issues", "previous_observations.symbol")
_ORGANIZATION_PARTS = ("description", "established")


def field_value(config: Dossier, name: str) -> Any:
    """The value of a field named as `required` names it: `session`, `incident.place`."""
    value: Any = config
    for part in name.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def is_missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


def venue_field_problems(
    loaded: LoadedDossier, profile: Profile, statement: Statement | None = None
) -> list[Problem]:
    """Every way the dossier falls short of its venue, or strays outside it."""
    problems = _foreign_field_problems(loaded, profile)
    problems += _required_field_problems(loaded, profile)
    problems += _organization_problems(loaded, profile)
    problems += placeholder_problems(loaded)
    problems += _symbol_problems(loaded)
    problems += _committee_problems(loaded, profile.settings)
    problems += _agenda_item_problems(loaded, profile)
    if statement is not None:
        problems += _recommendation_problems(loaded, profile, statement)
    return problems


def _foreign_field_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    """A venue field the profile does not use would be silently left out of the output."""
    allowed = profile.settings.fields
    if allowed is None:
        return []
    config = loaded.config
    given = [f for f in VENUE_FIELDS if f in config.model_fields_set]
    unstated = [str(k).split(".")[0] for k in config.unstated]
    problems = []
    for name in given:
        if name not in allowed:
            problems.append(_foreign(loaded, profile, (name,), name, allowed))
    for key, name in zip(config.unstated, unstated, strict=True):
        if name not in allowed and name not in Dossier.model_fields.keys() - set(VENUE_FIELDS):
            problems.append(_foreign(loaded, profile, ("unstated", key), str(key), allowed))
    return problems


def _foreign(
    loaded: LoadedDossier,
    profile: Profile,
    path: tuple[str, ...],
    name: str,
    allowed: Sequence[str],
) -> Problem:
    return Problem.of(
        UNKNOWN_FIELD,
        loaded.document.key_location(path),
        f"`{name}` is not a field of profile `{profile.name}`",
        f"profile `{profile.name}` uses: " + ", ".join(f"`{f}`" for f in allowed),
        subject=loaded.name,
    )


def _required_field_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    config = loaded.config
    where = loaded.field_location("profile")  # the profile that requires them
    problems = []
    for name in profile.settings.required:
        if name.startswith("organizations."):  # of each organisation: _organization_problems
            continue
        value = field_value(config, name)
        if name in config.unstated:
            if not is_missing(value):
                problems.append(
                    Problem.of(
                        FIELD_GIVEN_AND_UNSTATED,
                        loaded.document.key_location(("unstated", name)),
                        f"`{name}` is given and also listed under `unstated`",
                        f"remove `{name}` from `unstated`, or remove the value",
                        subject=loaded.name,
                    )
                )
            continue
        if is_missing(value):
            problems.append(
                Problem.of(
                    MISSING_VENUE_FIELD,
                    where,
                    f"profile `{profile.name}` requires `{name}`",
                    _required_hint(name, loaded.document.path),
                    subject=loaded.name,
                )
            )
    return problems


def _required_hint(name: str, path: str) -> str:
    head, _, part = name.partition(".")
    written = f"`{head}:` with `{part}:`" if part else f"`{name}:`"
    return (
        f"add {written} to {path}; if your source does not give it, say so under "
        f"`unstated:` (e.g. `{name}: not stated in the source`)"
    )


def _organization_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    """The UPR asks for a description of each organisation and its date of establishment:
    `organizations.description` and `organizations.established` in the profile's `required`."""
    required = profile.settings.required
    parts = [part for part in _ORGANIZATION_PARTS if f"organizations.{part}" in required]
    problems = []
    for number, organization in enumerate(loaded.config.organizations):
        for part in parts:
            given = getattr(organization, part) not in (None, "")
            if part in organization.unstated and given:
                problems.append(
                    Problem.of(
                        FIELD_GIVEN_AND_UNSTATED,
                        loaded.document.key_location(("organizations", number, "unstated", part)),
                        f"`{part}` of organization `{organization.name}` is given and also "
                        "listed under its `unstated`",
                        f"remove `{part}` from its `unstated`, or remove the value",
                        subject=loaded.name,
                    )
                )
            elif not given and part not in organization.unstated:
                problems.append(
                    Problem.of(
                        MISSING_VENUE_FIELD,
                        loaded.document.location(("organizations", number)),
                        f"profile `{profile.name}` requires the `{part}` of each organization: "
                        f"`{organization.name}` has none",
                        f"add `{part}:` to it ({_ORGANIZATION_HINTS[part]}); if your source does "
                        f"not give it, say so under its `unstated:`",
                        subject=loaded.name,
                    )
                )
    return problems


_ORGANIZATION_HINTS = {
    "description": "its activities, mandate and where it works",
    "established": "the year or date it was established",
}


@dataclass(frozen=True)
class Placeholder:
    """A fact the dossier does not state: what it is, the sentence printed in its place, and
    where the sentence is written."""

    name: str
    sentence: str
    location: Location


def placeholders(loaded: LoadedDossier) -> list[Placeholder]:
    """Every fact left unstated, the dossier's own then each organisation's, in file order."""
    config, document = loaded.config, loaded.document
    found = [
        Placeholder(str(key), sentence, document.key_location(("unstated", key)))
        for key, sentence in config.unstated.items()
        if is_missing(field_value(config, str(key)))  # given as well: D404 says so
    ]
    for number, organization in enumerate(config.organizations):
        found += [
            Placeholder(
                f"organizations entry {number + 1} {part}",
                sentence,
                document.key_location(("organizations", number, "unstated", part)),
            )
            for part, sentence in organization.unstated.items()
        ]
    return found


def marked_placeholders(loaded: LoadedDossier) -> list[Placeholder]:
    """Values written «between guillemets» (as `dossier new` writes the title and the
    organisations' names): text that must be replaced before filing."""
    document = loaded.document
    found = []
    for path, at in document.values.items():
        value: Any = document.data
        for step in path:
            value = value[step]
        if isinstance(value, str) and value.startswith("«") and value.endswith("»"):
            name = " ".join(f"entry {s + 1}" if isinstance(s, int) else str(s) for s in path)
            found.append(Placeholder(name, value, at))
    return found


def placeholder_problems(loaded: LoadedDossier) -> list[Problem]:
    """A placeholder is fine in a draft and wrong in what is filed: a warning, an error with
    --strict or --final (cite/drafts.py)."""
    marked = [
        Problem.of(
            FACT_LEFT_UNSTATED,
            found.location,
            f"`{found.name}` is a placeholder: {found.sentence}",
            "write the real value in its place before filing",
            subject=loaded.name,
        )
        for found in marked_placeholders(loaded)
    ]
    return marked + [
        Problem.of(
            FACT_LEFT_UNSTATED,
            found.location,
            f"`{found.name}` is not stated: the output prints “{found.sentence}” in its place",
            "fill it in and remove it from `unstated:` before filing; until then the outputs "
            "say Draft",
            subject=loaded.name,
        )
        for found in placeholders(loaded)
    ]


def _symbol_problems(loaded: LoadedDossier) -> list[Problem]:
    problems = []
    for name in _SYMBOL_FIELDS:
        value = field_value(loaded.config, name)
        error = symbol_error(value.strip()) if value else None
        if error:
            problems.append(
                Problem.of(
                    INVALID_UN_SYMBOL,
                    loaded.document.location(tuple(name.split("."))),
                    f"`{name}` {value!r} is not a valid UN document symbol: {error}",
                    "copy the symbol as the document prints it, e.g. CCPR/C/IRN/4",
                    subject=loaded.name,
                )
            )
    return problems


def _committee_problems(loaded: LoadedDossier, settings: ProfileSettings) -> list[Problem]:
    committee = loaded.config.committee
    known = settings.committees
    if committee is None or not known or committee in known:
        return []
    return [
        Problem.of(
            INVALID_FIELD_VALUE,
            loaded.field_location("committee"),
            f"`committee` {committee!r} is not a committee this profile knows",
            "use one of " + ", ".join(sorted(known)) + ", or add it to the profile's "
            "`committees` in templates/<profile>/profile.yaml",
            subject=loaded.name,
        )
    ]


def _agenda_item_problems(loaded: LoadedDossier, profile: Profile) -> list[Problem]:
    config = loaded.config
    items = profile.settings.agenda_items
    if config.agenda_item is None or not items or config.agenda_item in items:
        return []
    return [
        Problem.of(
            INVALID_FIELD_VALUE,
            loaded.field_location("agenda_item"),
            f"`agenda_item` {config.agenda_item} is not an agenda item of {profile.name}",
            f"use one of {', '.join(str(n) for n in sorted(items))}",
            subject=loaded.name,
        )
    ]


def _recommendation_problems(
    loaded: LoadedDossier, profile: Profile, statement: Statement
) -> list[Problem]:
    """The UPR expects recommendations by practice (not an OHCHR rule): a warning."""
    if not profile.settings.recommendations:
        return []
    wording = profile.wording.in_language(loaded.config.language)
    heading = wording.venue.get("recommendations", "Recommendations")
    if heading.casefold() in (h.casefold() for h in statement_headings(statement)):
        return []
    return [
        Problem.of(
            MISSING_VENUE_SECTION,
            Location(loaded.statement_shown),
            f"the statement has no section headed “{heading}”, which profile "
            f"`{profile.name}` expects",
            f"add a heading `# {heading}` and list the recommendations under it; or set "
            "`recommendations: false` in the profile",
            subject=loaded.name,
        )
    ]


def statement_headings(statement: Statement) -> list[str]:
    tokens = statement.tokens
    return [
        tokens[i + 1].content.strip()
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and i + 1 < len(tokens)
    ]


@dataclass(frozen=True)
class Limit:
    words: int | None
    basis: str  # what the limit depends on, for the word count's description
    unconfirmed: bool
    # Set when no sponsor's status is stated and the strictest limit was taken: the others.
    others: dict[str, int] = field(default_factory=dict)


def word_limit(config: Dossier, settings: ProfileSettings) -> Limit:
    """The limit that applies: a treaty body's own, the main sponsor's consultative status,
    or one organisation or several."""
    unconfirmed = "word_limits" in settings.unconfirmed
    committee = config.committee or settings.default_committee
    if committee and committee in settings.committees:
        known = settings.committees[committee]
        return Limit(known.word_limit, f"limit of the {known.name}", unconfirmed)
    limits = settings.word_limits
    sponsors = config.submitted_by
    if sponsors and sponsors[0].status in limits:
        status = sponsors[0].status
        return Limit(limits[status], f"limit for {status} consultative status", unconfirmed)
    organizations = len(config.organizations) or len(sponsors)
    if "single" in limits or "joint" in limits:
        if organizations > 1:
            return Limit(limits.get("joint"), "limit for a joint submission", unconfirmed)
        return Limit(limits.get("single"), "limit for one organization", unconfirmed)
    if limits and not sponsors:  # the strictest: a status not given may be the lowest's
        lowest = min(limits.values())
        statuses = " and ".join(s for s, words in limits.items() if words == lowest)
        basis = f"limit for {statuses} consultative status, the strictest: no sponsor is named"
        others = {str(s): words for s, words in limits.items() if words != lowest}
        return Limit(lowest, basis, unconfirmed, others)
    return Limit(None, "", unconfirmed)
