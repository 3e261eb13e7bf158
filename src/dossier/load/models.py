"""The typed shape of evidence items and dossiers, as written in their YAML files."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from ..base.problems import Location
from ..base.reading.read_input import SHA256_HEX

SLUG = r"^[a-z0-9][a-z0-9_:.-]*$"
ConsultativeStatus = Literal["general", "special", "roster"]


class _Strict(BaseModel):
    """Unknown fields are errors, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=False)
    _location: Location = PrivateAttr(default_factory=lambda: Location(""))

    @property
    def location(self) -> Location:
        return self._location


class EvidenceSource(_Strict):
    cite: str = Field(description="A key in bibliography.bib.")
    locator: str | None = Field(
        None, description="Pinpoint: p. 12, pp. 3-4, para. 3, paras. 2-5, sect. II, 01:02:03."
    )
    quote: str | None = Field(
        None, description="Verbatim text from the source (optional); checked against its snapshot."
    )
    quoted_in: str | None = Field(
        None,
        description="A bibliography key: the source the quote was copied from, when it is not "
        "the cited one (a statement quoting a report); the quote is checked against its snapshot.",
    )
    _cite_location: Location = PrivateAttr(default_factory=lambda: Location(""))
    _field_locations: dict[str, Location] = PrivateAttr(default_factory=dict)

    @property
    def cite_location(self) -> Location:
        return self._cite_location

    def field_location(self, name: str) -> Location:
        return self._field_locations.get(name, self.location)


REVIEW_DIGEST = rf"^sha256:{SHA256_HEX.pattern}$"
PART_DIGEST = r"^[0-9a-f]{12}$"


ReviewStatus = Literal["draft", "checked", "approved", "rejected", "revoked"]


class Review(_Strict):
    """One entry of an item's review history: who reviewed it, what they decided, when, and
    the digest of what they saw. Written by `dossier approve`, not by hand."""

    status: ReviewStatus = Field(
        "draft",
        description="checked | approved | rejected | revoked (draft: an old, empty block).",
    )
    by: str | None = Field(None, description="Who reviewed the item.")
    on: dt.date | None = Field(None, description="When, as YYYY-MM-DD.")
    reason: str | None = Field(
        None, description="Why it was rejected or revoked, in the reviewer's words."
    )
    digest: str | None = Field(
        None,
        pattern=REVIEW_DIGEST,
        description="sha256: of everything reviewed: the item, its sources' bibliography "
        "entries and their snapshots.",
    )
    parts: dict[str, Annotated[str, StringConstraints(pattern=PART_DIGEST)]] = Field(
        default_factory=dict,
        description="A short digest of each part reviewed (the claim, each source's quote...), "
        "so that a stale approval can say which part changed.",
    )
    signature: str | None = Field(
        None,
        description="The reviewer's SSH signature of the entry (`dossier approve --sign KEY`), "
        "checked against allowed_signers when dossier.yaml has `review: {signed: true}`.",
    )


class StatementReview(Review):
    """One entry of a statement's sign-off history (dossiers/NAME/review.yaml): a Review
    whose `parts` are the statement's blocks, its explanatory notes and the dossier's facts,
    and whose `text` keeps what each part said when it was signed off (for a word diff)."""

    text: dict[str, str] = Field(
        default_factory=dict,
        description="What each part said when it was reviewed, by part name.",
    )


class StatementReviews(_Strict):
    """dossiers/NAME/review.yaml: the sign-offs of the statement, oldest first."""

    reviews: list[StatementReview] = Field(
        default_factory=list,
        description="The statement's review history, oldest first: written by "
        "`dossier approve --statement NAME`.",
    )


class EvidenceItem(_Strict):
    id: str = Field(pattern=SLUG, description="Unique across the workspace, a lowercase slug.")
    claim: str = Field(description="One factual assertion, in a sentence.")
    date: dt.date | None = Field(
        None,
        description="When it happened, as YYYY-MM-DD; leave it out when only the year is known.",
    )
    sources: list[EvidenceSource] = Field(
        default_factory=list, description="At least one source supporting the claim."
    )
    reliability: str | None = Field(
        None, pattern=r"^[A-F][1-6]$", description="Admiralty grade: source A-F, information 1-6."
    )
    confidential: bool = Field(False, description="True: never in a public build.")
    restricted: list[str] = Field(
        default_factory=list, description="Strings that must never appear in a public output."
    )
    review: Review | None = Field(
        None, description="The single review block of files written before `reviews`."
    )
    reviews: list[Review] = Field(
        default_factory=list,
        description="The review history, oldest first: written by `dossier approve`.",
    )
    _field_locations: dict[str, Location] = PrivateAttr(default_factory=dict)
    _last_line: int = PrivateAttr(default=0)  # the line of the item's last value

    _review_locations: list[Location] = PrivateAttr(default_factory=list)

    @field_validator("reviews")
    @classmethod
    def _one_history(cls, reviews: list[Review], info: ValidationInfo) -> list[Review]:
        if reviews and info.data.get("review") is not None:
            raise ValueError(
                "an item has `reviews` (its history) or the older single `review` block, "
                "not both: move the `review` block into `reviews` as its first entry"
            )
        return reviews

    @property
    def history(self) -> list[Review]:
        """Every review recorded, oldest first: `reviews`, or the single `review` block of an
        older file read as a history of one entry."""
        if self.reviews:
            return list(self.reviews)
        return [self.review] if self.review is not None else []

    def review_location(self, number: int) -> Location:
        """Where entry `number` (from 0) of the history is written (the review key, if not
        known)."""
        found = self._review_locations
        return found[number] if number < len(found) else self.field_location("review")

    def field_location(self, name: str) -> Location:
        return self._field_locations.get(name, self.location)

    def holds(self, where: Location) -> bool:
        """Whether `where` is inside this item, as written in its evidence file."""
        last = max(self._last_line, self.location.line)
        return where.path == self.location.path and self.location.line <= where.line <= last

    _restricted_locations: list[Location] = PrivateAttr(default_factory=list)

    def restricted_location(self, number: int) -> Location:
        """Where restricted string `number` is written (the item, if not known)."""
        found = self._restricted_locations
        return found[number] if number < len(found) else self.location


class Session(_Strict):
    number: int = Field(ge=1, description="The session's number, e.g. 61.")
    start: dt.date = Field(description="The session's first day.")
    end: dt.date = Field(description="The session's last day.")

    @field_validator("end")
    @classmethod
    def _ends_after_it_starts(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"the session ends on {end}, before it starts on {start}")
        return end


class Sponsor(_Strict):
    name: str = Field(description="As named in the ECOSOC database.")
    status: ConsultativeStatus = Field(description="general | special | roster.")


class Organization(_Strict):
    """A submitting organisation described as the venue asks (the UPR: its activities and
    when it was established)."""

    name: str = Field(description="The organisation's full name.")
    description: str | None = Field(
        None, description="What it does: its activities, mandate and where it works."
    )
    established: Annotated[int, Field(ge=1800, le=2100)] | dt.date | None = Field(
        None, description="When it was established: a year (1998) or a date (1998-05-14)."
    )
    unstated: dict[Literal["description", "established"], str] = Field(
        default_factory=dict,
        description="What the source does not give about the organisation (`description`, "
        "`established`), each with a sentence saying so, printed in its place.",
    )


class Period(_Strict):
    start: dt.date = Field(description="The first day covered, as YYYY-MM-DD.")
    end: dt.date = Field(description="The last day covered, as YYYY-MM-DD.")

    @field_validator("end")
    @classmethod
    def _ends_after_it_starts(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"the period ends on {end}, before it starts on {start}")
        return end


class Incident(_Strict):
    """What happened, as a Special Procedures communication must say."""

    date: dt.date | None = Field(None, description="When it happened, as YYYY-MM-DD.")
    place: str | None = Field(None, description="Where it happened: place, town, province.")
    description: str | None = Field(None, description="A detailed description of what happened.")


class Submitter(_Strict):
    """Who sends a communication. Never printed in a public edition, and each of its values
    is a restricted string there."""

    name: str = Field(description="The person or organisation submitting.")
    organization: str | None = Field(None, description="The organisation they act for.")
    contact: str | None = Field(None, description="How OHCHR can reach them (e-mail, address).")

    def restricted(self) -> list[str]:
        return [v for v in (self.name, self.organization, self.contact) if v]


class Consent(_Strict):
    """Special Procedures: the victims' explicit consent, yes or no, to be named."""

    to_government: bool | None = Field(
        None, description="Whether the victims' names may be disclosed to the Government."
    )
    in_public_report: bool | None = Field(
        None, description="Whether they may be named in the mandate's public report."
    )
    name_or_initials: Literal["name", "initials"] | None = Field(
        None, description="name | initials: how they may be named where they may be."
    )


class Victim(_Strict):
    """Special Procedures: an alleged victim and the particulars the mandates' forms ask."""

    name: str = Field(description="The victim's full name.")
    age: Annotated[int, Field(ge=0, le=130)] | str | None = Field(
        None, description="Age, in years (or `not known`)."
    )
    sex: str | None = Field(None, description="Sex.")
    nationality: str | None = Field(None, description="Nationality.")
    occupation: str | None = Field(None, description="Occupation.")
    place_of_detention: str | None = Field(None, description="Where the victim is held.")
    charges: str | None = Field(None, description="The charges brought.")
    court: str | None = Field(None, description="The court that tried or is trying the case.")
    dates: str | None = Field(
        None, description="The dates that matter: arrest, trial, sentence, execution."
    )


VICTIM_PARTICULARS: tuple[str, ...] = (
    "age", "sex", "nationality", "occupation", "place_of_detention", "charges", "court", "dates",
)  # fmt: skip


class PreviousRecommendation(_Strict):
    """UPR: a recommendation of the previous cycle and the State's response to it."""

    number: str = Field(
        pattern=r"^\d+\.\d+$", description="Its number in the Working Group's report: 139.12."
    )
    state: str = Field(description="The recommending State.")
    response: Literal["supported", "noted"] = Field(description="supported | noted.")


class Coalition(_Strict):
    """UPR: the coalition behind a joint submission."""

    name: str | None = Field(None, description="The coalition's name.")
    acronym: str = Field(description="Its acronym, as the submission is referred to by it.")


class ConcludingObservations(_Strict):
    """Treaty bodies: the committee's previous concluding observations on the State party."""

    symbol: str = Field(description="Their symbol: CCPR/C/IRN/CO/3.")
    paragraphs: list[Annotated[int, Field(ge=1)]] = Field(
        default_factory=list, description="The paragraphs the report follows up."
    )


# The facts a venue may ask for beyond the common ones (profile.yaml's `fields` picks them).
VenueField = Literal[
    "session", "agenda_item", "submitted_by", "shared_by", "symbol", "ge_number",
    "state_under_review", "cycle", "period_covered", "organizations", "committee",
    "state_party", "state_report", "publish_online", "addressed_to", "victims",
    "perpetrators", "incident", "action_taken", "submitter", "contact", "consent",
    "communication", "other_mechanisms", "contact_person", "coalition", "key_words",
    "previous_recommendations", "list_of_issues", "previous_observations",
]  # fmt: skip
VENUE_FIELDS: tuple[str, ...] = get_args(VenueField)
UnstatedField = Literal[
    "session", "agenda_item", "date", "submitted_by", "symbol", "ge_number", "state_under_review",
    "cycle", "period_covered", "organizations", "committee", "state_party", "state_report",
    "publish_online", "addressed_to", "victims", "perpetrators", "incident.date",
    "incident.place", "incident.description", "action_taken", "submitter", "consent",
    "communication", "other_mechanisms", "contact_person", "key_words",
    "previous_recommendations", "list_of_issues", "previous_observations",
]  # fmt: skip


NoteStyle = Literal["full", "compact"]


class ReviewPolicy(_Strict):
    """dossier.yaml `review:`: which approvals of a cited evidence item, and which sign-offs of
    the statement, count."""

    signed: bool = Field(
        False,
        description="true: only approvals whose SSH signature verifies against allowed_signers "
        "for their `by` count.",
    )
    approvals: int = Field(
        1,
        ge=1,
        description="How many distinct approvers an evidence item, and the statement's "
        "sign-off, need.",
    )


class Dossier(_Strict):
    profile: str = Field(description="A venue profile (`dossier profiles` lists them).")
    title: str = Field(description="The statement's title.")
    language: Literal["en", "fr", "es"] = Field("en", description="en | fr | es.")
    date: dt.date | None = Field(None, description="The statement's date; stamped in the PDF.")
    session: Session | None = Field(None, description="number, start and end of the session.")
    agenda_item: int | None = Field(
        None, ge=1, description="The agenda item the statement is under."
    )
    submitted_by: list[Sponsor] = Field(
        default_factory=list, description="Sponsors in consultative status, main sponsor first."
    )
    shared_by: list[str] = Field(
        default_factory=list, description="NGOs without consultative status sharing the views."
    )
    statement: str = Field("statement.md", description="The statement's Markdown file.")
    notes: NoteStyle = Field(
        "full",
        description="full: notes in UN editorial style (author, title, date, pinpoint, "
        "\"Available at <url>\"); compact: the URL or else the UN symbol, and the pinpoint, "
        "as circulated statements print them.",
    )
    require_approved: bool = Field(
        False,
        description="true: refuse to build while any cited evidence item is not approved, "
        "or its approval is stale (as `dossier build --require-approved`).",
    )
    review: ReviewPolicy = Field(
        default_factory=lambda: ReviewPolicy(signed=False, approvals=1),
        description="Which approvals count: `signed: true` (only verified SSH signatures), "
        "`approvals: N` (distinct approvers needed).",
    )
    symbol: str | None = Field(
        None,
        description="The UN document symbol the statement was circulated under "
        "(A/HRC/61/NGO/12), once it is known: printed in the masthead and running heads.",
    )
    ge_number: str | None = Field(
        None,
        pattern=r"^GE\.\d{2}-\d{5}(?: ?\([A-Z]\))?$",
        description="The circulated document's job number (GE.26-01234(E)), printed at the "
        "foot of its first page.",
    )
    state_under_review: str | None = Field(
        None, description="UPR: the State under review, one per submission."
    )
    cycle: int | None = Field(None, ge=1, le=20, description="UPR: the review cycle, e.g. 4.")
    period_covered: Period | None = Field(
        None, description="UPR: `start` (the last review) and `end` of the period covered."
    )
    organizations: list[Organization] = Field(
        default_factory=list,
        description="The submitting organisations, each with `name`, `description` and "
        "`established`; joint submissions name every one.",
    )
    contact_person: str | None = Field(
        None, description="UPR: the contact person for the submission, name and e-mail."
    )
    coalition: Coalition | None = Field(
        None, description="UPR: a joint submission's coalition, `name` and `acronym`."
    )
    key_words: list[str] = Field(default_factory=list, description="UPR: key words.")
    previous_recommendations: list[PreviousRecommendation] = Field(
        default_factory=list,
        description="UPR: the previous cycle's recommendations followed up, each with "
        "`number`, `state` and `response` (supported | noted).",
    )
    list_of_issues: str | None = Field(
        None, description="Treaty bodies: the symbol of the List of Issues (CCPR/C/IRN/Q/5)."
    )
    previous_observations: ConcludingObservations | None = Field(
        None,
        description="Treaty bodies: the previous concluding observations, `symbol` and "
        "`paragraphs` followed up.",
    )
    committee: str | None = Field(
        None, description="Treaty bodies: the committee, by its acronym (CCPR, CAT, CEDAW...)."
    )
    state_party: str | None = Field(None, description="Treaty bodies: the State party reviewed.")
    state_report: str | None = Field(
        None, description="Treaty bodies: the symbol of the State report answered (CCPR/C/IRN/5)."
    )
    publish_online: bool | None = Field(
        None, description="Treaty bodies: whether the committee may post the report online."
    )
    addressed_to: list[str] = Field(
        default_factory=list, description="Special Procedures: the mandates addressed."
    )
    victims: list[Victim | str] = Field(
        default_factory=list,
        description="Special Procedures: the alleged victim(s), each a name or `name` with "
        "the particulars: age, sex, nationality, occupation, place_of_detention, charges, "
        "court, dates.",
    )
    consent: Consent | None = Field(
        None,
        description="Special Procedures: the victims' consent: `to_government`, "
        "`in_public_report` (true or false), `name_or_initials` (name | initials).",
    )
    communication: Literal["urgent_appeal", "allegation"] | None = Field(
        None, description="Special Procedures: urgent_appeal | allegation."
    )
    other_mechanisms: str | None = Field(
        None,
        description="Special Procedures: the other UN or regional mechanisms the case was "
        "submitted to (or `none`).",
    )
    perpetrators: list[str] = Field(
        default_factory=list,
        description="Special Procedures: the alleged perpetrator(s), or the forces believed "
        "responsible.",
    )
    incident: Incident | None = Field(
        None, description="Special Procedures: the incident's `date`, `place` and `description`."
    )
    action_taken: str | None = Field(
        None,
        description="Special Procedures: action taken at home (complaints, remedies) and "
        "its outcome.",
    )
    submitter: Submitter | None = Field(
        None,
        description="Special Procedures: who submits (`name`, `organization`, `contact`); "
        "never printed in a public edition.",
    )
    contact: str | None = Field(
        None,
        description="Who the venue may contact about the submission (name, e-mail, telephone), "
        "as its online form asks: given in the package's form, never printed.",
    )
    unstated: dict[UnstatedField, str] = Field(
        default_factory=dict,
        description="Facts the source does not give, each with a sentence saying so; "
        "the output prints that sentence instead of inventing a value.",
    )
