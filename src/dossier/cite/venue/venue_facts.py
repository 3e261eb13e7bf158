"""The venue facts that are more than a value: a communication's type, its victims named as
their consent allows (with their particulars), what must stay confidential, the consent
itself, a UPR coalition, the previous cycle's recommendations with the State's response, a
treaty body's previous concluding observations by symbol and paragraph."""

from __future__ import annotations

from collections.abc import Callable

from ...load.models import (
    VICTIM_PARTICULARS,
    Consent,
    Dossier,
    PreviousRecommendation,
    Victim,
)
from .venue_asks import initials as initials_of

Words = Callable[[str], str]  # a `venue` word of the profile's wording, by its key


def venue_fact_text(config: Dossier, name: str, words: Words) -> str | None:
    """The fact `name` as text, or None when it is a plain value (written as it is given)."""
    if name == "communication" and config.communication:
        return words(config.communication)
    if name == "victims" and config.victims:
        return victims_text(config.victims, config.consent, words)
    if name == "confidentiality" and config.consent is not None:
        return confidentiality_text(config.consent, words) or None
    if name == "consent" and config.consent is not None:
        return _consent_text(config.consent, words)
    if name == "coalition" and config.coalition is not None:
        coalition = config.coalition
        return f"{coalition.name} ({coalition.acronym})" if coalition.name else coalition.acronym
    if name == "previous_recommendations" and config.previous_recommendations:
        return "; ".join(_recommendation(r, words) for r in config.previous_recommendations)
    if name == "previous_observations" and config.previous_observations is not None:
        observations = config.previous_observations
        if not observations.paragraphs:
            return observations.symbol
        paragraphs = ", ".join(str(number) for number in observations.paragraphs)
        return words("observations_paragraphs").format(
            symbol=observations.symbol, paragraphs=paragraphs
        )
    return None


def victims_text(victims: list[Victim | str], consent: Consent | None, words: Words) -> str:
    """Each victim named as the consent allows (initials when it says so), with the
    particulars given."""
    initials = consent is not None and consent.name_or_initials == "initials"
    return "; ".join(_victim(victim, initials, words) for victim in victims)


def confidentiality_text(consent: Consent, words: Words) -> str:
    """What must stay confidential about the victims, as their consent says: "" if nothing."""
    marks = []
    if consent.to_government is False:
        marks.append(words("confidential_government"))
    if consent.in_public_report is False:
        marks.append(words("confidential_public"))
    return " ".join(marks)


def _victim(victim: Victim | str, initials: bool, words: Words) -> str:
    name = victim.name if isinstance(victim, Victim) else victim
    shown = initials_of(name) if initials else name  # as venue_asks' check writes them
    if not isinstance(victim, Victim):
        return shown
    particulars = [
        f"{words(f'victim_{part}')}: {value}"
        for part in VICTIM_PARTICULARS
        if (value := getattr(victim, part)) not in (None, "")
    ]
    return f"{shown} ({'; '.join(particulars)})" if particulars else shown


def _consent_text(consent: Consent, words: Words) -> str:
    def yes_no(value: bool) -> str:
        return words("yes" if value else "no")

    parts = []
    if consent.to_government is not None:
        parts.append(words("consent_government").format(value=yes_no(consent.to_government)))
    if consent.in_public_report is not None:
        parts.append(words("consent_public").format(value=yes_no(consent.in_public_report)))
    if consent.name_or_initials is not None:
        form = words(f"consent_{consent.name_or_initials}")
        parts.append(words("consent_form").format(value=form))
    return "; ".join(parts)


def _recommendation(recommendation: PreviousRecommendation, words: Words) -> str:
    return words("recommendation").format(
        number=recommendation.number,
        state=recommendation.state,
        response=words(recommendation.response),
    )
