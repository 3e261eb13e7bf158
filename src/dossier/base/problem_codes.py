"""The catalogue of problem codes: each one a named constant, defined once, here.

A problem is made with its constant, `Problem.of(QUOTE_NOT_IN_SNAPSHOT, where, message)`,
imported by name, so a misspelt code stops the import rather than a run; and a problem's
code is compared with a constant, `problem.code == DUPLICATE_EVIDENCE_ID`, never with a
string (a `Code` refuses that comparison: see `Code.__eq__`). The string (`"D611"`) is what
the user reads, in `error[D611]` and in JSON; `code_named` finds its constant.

docs/problems.md is generated from `CODES` (scripts/update_docs.py) and a test checks that
the two agree, so a new code cannot go undocumented. A constant's name says what went
wrong; its group follows from the code's first digits (the comments below).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # for the record, never a failure: e.g. a sentence left uncited on purpose


@dataclass(frozen=True)
class Code:
    """A stable problem code, with the one-line meaning the documentation lists."""

    code: str
    severity: Severity
    summary: str = field(repr=False)
    # False where the line a problem points at may hold what must not be printed (a
    # restricted string: output of `check` ends up in CI logs and pull requests).
    shows_source: bool = field(default=True, repr=False)

    def __str__(self) -> str:
        return self.code  # as printed: error[D611]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            # `problem.code == "D201"` would be False for ever, and silently so.
            raise TypeError(
                f"a problem code compared with the string {other!r}: compare it with a "
                f"constant of dossier.base.problem_codes (or compare `.code`, the string)"
            )
        if not isinstance(other, Code):
            return NotImplemented
        return (self.code, self.severity, self.summary, self.shows_source) == (
            other.code,
            other.severity,
            other.summary,
            other.shows_source,
        )

    def __hash__(self) -> int:
        # The hash of the string, so that `"D201" in {problem.code, ...}` compares, and fails
        # loudly above, instead of quietly finding nothing.
        return hash(self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        # Unpickled (from a cache), a code is the catalogue's own constant again.
        return code_named, (self.code,)


# D0xx: the command itself

COMMAND_CALLED_WRONGLY = Code(
    "D001", Severity.ERROR, "The command was called wrongly (exit status 2)."
)
COMMAND_FAILED = Code(
    "D002",
    Severity.ERROR,
    "The command could not do its work: a download failed, a file is in the way, a PDF "
    "carries no manifest.",
)

# D1xx: files and their syntax

UNREADABLE_FILE = Code(
    "D101", Severity.ERROR, "A file cannot be read: missing, not UTF-8, or not a file."
)
YAML_SYNTAX_ERROR = Code("D102", Severity.ERROR, "YAML syntax error.")
DUPLICATE_YAML_KEY = Code("D103", Severity.ERROR, "The same key twice in one YAML mapping.")
UNKNOWN_FIELD = Code(
    "D104", Severity.ERROR, "An unknown field (a hint names the closest known one)."
)
INVALID_FIELD_VALUE = Code(
    "D105", Severity.ERROR, "A field has the wrong type or an invalid value."
)
MISSING_REQUIRED_FIELD = Code("D106", Severity.ERROR, "A required field is missing.")
BIBTEX_SYNTAX_ERROR = Code(
    "D107", Severity.ERROR, "BibTeX syntax error: an entry the parser could not read."
)
DUPLICATE_BIBLIOGRAPHY_KEY = Code(
    "D108", Severity.ERROR, "The same key on two bibliography entries."
)
INVALID_BIBLIOGRAPHY_FIELD = Code(
    "D109", Severity.ERROR, "A bibliography field has an invalid value."
)
FILE_TOO_LARGE = Code("D110", Severity.ERROR, "A file is larger than the size limit for its kind.")
FILE_LINKS_OUTSIDE_WORKSPACE = Code(
    "D111", Severity.ERROR, "A file is a link that leads outside the workspace."
)
UNDEFINED_BIBTEX_STRING = Code(
    "D112",
    Severity.WARNING,
    "A bibliography field uses an @string name no @string defines: printed as written.",
)

# D2xx: evidence

DUPLICATE_EVIDENCE_ID = Code("D201", Severity.ERROR, "The same evidence id twice in the workspace.")
EVIDENCE_WITHOUT_SOURCES = Code("D202", Severity.ERROR, "An evidence item has no sources.")
SOURCE_KEY_NOT_IN_BIBLIOGRAPHY = Code(
    "D203", Severity.ERROR, "An evidence source cites a key missing from the bibliography."
)
EVIDENCE_ID_IS_BIBLIOGRAPHY_KEY = Code(
    "D204", Severity.ERROR, "An evidence id is also a bibliography key."
)

# D3xx: statements and citations

UNKNOWN_CITATION_KEY = Code(
    "D301", Severity.ERROR, "A citation names a key that is neither evidence nor a source."
)
LOCATOR_ON_EVIDENCE_CITATION = Code(
    "D302", Severity.ERROR, "A locator on a citation of an evidence item."
)
RAW_HTML_IN_STATEMENT = Code(
    "D303", Severity.WARNING, "Raw HTML in a statement is shown as text, not rendered."
)
EMPTY_STATEMENT = Code("D304", Severity.ERROR, "A statement has no text.")
UNCLOSED_CITATION = Code("D305", Severity.ERROR, "A citation is opened with [@ but never closed.")
DISALLOWED_LINK = Code("D306", Severity.ERROR, "A link that is not http(s), mailto or an #anchor.")
IMAGE_NOT_IN_WORKSPACE = Code(
    "D307", Severity.ERROR, "An image that is not a file inside the workspace."
)
MALFORMED_CITATION = Code(
    "D308", Severity.ERROR, "A citation with no key, or inside a second pair of []."
)
NESTED_TOO_DEEPLY = Code(
    "D309", Severity.ERROR, "Lists and quotations nested too deeply to be shown."
)
QUOTATION_NOT_IN_CITED_SOURCE = Code(
    "D311", Severity.ERROR, "A quotation is not in what its sentence cites."
)
FIGURE_NOT_IN_CITED_EVIDENCE = Code(
    "D312", Severity.ERROR, "A figure is not in the evidence its sentence cites."
)
UNCITED_CLAIM = Code(
    "D313",
    Severity.WARNING,
    "A sentence states a figure, a date or a quotation, and cites nothing.",
)
UNCITED_ON_PURPOSE = Code(
    "D314", Severity.NOTE, "A sentence marked [uncited: reason], uncited on purpose."
)
MALFORMED_SYMBOL_IN_STATEMENT = Code(
    "D315", Severity.ERROR, "A UN document symbol in the statement is malformed."
)
UNCITED_WITHOUT_REASON = Code("D316", Severity.ERROR, "An [uncited: reason] mark gives no reason.")
NOTE_MARK_WITHOUT_NOTE = Code(
    "D317", Severity.ERROR, "A note mark [^label] with no note `[^label]: text`."
)
UNUSED_NOTE = Code(
    "D318", Severity.WARNING, "A note `[^label]: text` that no mark in the text uses."
)

# D4xx: the dossier and its venue

UNKNOWN_PROFILE = Code("D401", Severity.ERROR, "The dossier names a profile that does not exist.")
MISSING_VENUE_FIELD = Code("D402", Severity.ERROR, "A field the venue profile requires is missing.")
OVER_WORD_LIMIT = Code(
    "D403", Severity.ERROR, "The statement is longer than the venue's word limit."
)
FIELD_GIVEN_AND_UNSTATED = Code(
    "D404", Severity.ERROR, "A field is given and also listed as unstated."
)
INVALID_PROFILE = Code("D405", Severity.ERROR, "A venue profile file is invalid.")
TEMPLATE_OUTSIDE_WORKSPACE = Code(
    "D406", Severity.ERROR, "A template override leads outside the workspace."
)
TEMPLATE_SYNTAX_ERROR = Code("D407", Severity.ERROR, "A template has a syntax error.")
TEMPLATE_RENDERING_FAILED = Code(
    "D408", Severity.ERROR, "A template uses a name it is not given, or fails while rendering."
)
TEMPLATE_SANDBOX_VIOLATION = Code(
    "D409", Severity.ERROR, "A template tried what the template sandbox forbids."
)
UNKNOWN_TEMPLATE = Code(
    "D410",
    Severity.ERROR,
    "A template names a template that does not exist, or names it by a path outside templates/.",
)
FACT_LEFT_UNSTATED = Code(
    "D411",
    Severity.WARNING,
    "A fact is left unstated, or a value is a «placeholder»: the output prints a placeholder "
    "and says Draft, and `--final` refuses it.",
)
MISSING_VENUE_SECTION = Code(
    "D412", Severity.WARNING, "A statement lacks the section its venue expects."
)
PLACEHOLDER_LEFT_IN_TEXT = Code(
    "D413",
    Severity.WARNING,
    "A placeholder ([Example …], “to be filled in”) is left in dossier.yaml or the statement: "
    "the outputs say Draft, and `--final` refuses them.",
)
DEADLINE_PASSED = Code(
    "D414",
    Severity.WARNING,
    "`dossier package`: the venue's deadline for the session has passed.",
)
OVER_STRICTEST_WORD_LIMIT = Code(
    "D415",
    Severity.WARNING,
    "The statement is longer than the strictest word limit, which applies while no sponsor's "
    "status is stated.",
)
TEMPLATE_REFERS_TO_UNDECLARED_FILE = Code(
    "D416",
    Severity.ERROR,
    "A template attaches a file, or refers to a workspace file that is not an image, font or "
    "stylesheet of templates/.",
)
TEMPLATE_NAVIGATES = Code(
    "D417",
    Severity.ERROR,
    "A template makes the reader's browser or PDF viewer go somewhere, or fetch something, "
    "on its own (a refresh, a form, a frame, a script, a remote address).",
)
MISSING_RECOMMENDED_FIELD = Code(
    "D418", Severity.WARNING, "A field the venue asks for (the profile's `recommended`) is missing."
)
EVIDENCE_BEFORE_PERIOD = Code(
    "D419", Severity.WARNING, "A cited source is dated before the period the submission covers."
)
SECTION_NOT_BY_PATTERN = Code(
    "D420",
    Severity.WARNING,
    "A heading does not name what the venue structures a report by (a Covenant article).",
)
VICTIM_NAMED_AGAINST_CONSENT = Code(
    "D421",
    Severity.WARNING,
    "A victim is named in full where their consent allows only initials.",
)

# D5xx: hygiene

UNCITED_BIBLIOGRAPHY_ENTRY = Code("D501", Severity.WARNING, "A bibliography entry nothing cites.")

# D6xx: sources, their snapshots and the quotes taken from them

MISSING_SNAPSHOT = Code("D601", Severity.ERROR, "A snapshot file does not exist.")
SNAPSHOT_CHANGED = Code(
    "D602", Severity.ERROR, "A snapshot's sha256 is not the one recorded: it changed."
)
SNAPSHOT_WITHOUT_SHA256 = Code("D603", Severity.WARNING, "A snapshot has no sha256 recorded.")
UNREADABLE_SNAPSHOT = Code("D604", Severity.ERROR, "A snapshot's text cannot be read.")
SNAPSHOT_OUTSIDE_WORKSPACE = Code(
    "D605", Severity.ERROR, "A snapshot path leads outside the workspace."
)
ONLINE_SOURCE_WITHOUT_URLDATE = Code(
    "D606", Severity.WARNING, "An online source has no urldate (access date)."
)
INVALID_UN_SYMBOL = Code("D607", Severity.ERROR, "A `symbol` is not a valid UN document symbol.")
BROKEN_URL = Code(
    "D608",
    Severity.ERROR,
    "A source's `url` is broken: its server answers with an error such as HTTP 404 "
    "(`dossier links`).",
)
URL_ANSWERS = Code("D609", Severity.NOTE, "A source's `url` answers (`dossier links`).")
UNREACHABLE_URL = Code(
    "D610",
    Severity.WARNING,
    "A source's `url` is unreachable: no connection or no answer, so whether it is broken is "
    "not known (`dossier links`).",
)
QUOTE_NOT_IN_SNAPSHOT = Code("D611", Severity.ERROR, "A quote is not in its source's snapshot.")
QUOTE_NOT_ON_PAGE = Code("D612", Severity.ERROR, "A quote is not on the page its locator gives.")
QUOTE_WITHOUT_SNAPSHOT = Code(
    "D613", Severity.WARNING, "A quote cannot be checked: its source has no snapshot."
)

# D7xx: rendering

REFERENCE_OUTSIDE_WORKSPACE = Code(
    "D701",
    Severity.ERROR,
    "The document refers to a file outside the workspace, or to the network.",
)
UNREADABLE_DOCUMENT_FILE = Code(
    "D702", Severity.ERROR, "A file the document uses cannot be read by WeasyPrint."
)
OUTPUT_FOLDER_OUTSIDE_WORKSPACE = Code(
    "D703", Severity.ERROR, "The output folder leads outside the workspace."
)
OUTPUT_FOLDER_BLOCKED = Code(
    "D704", Severity.ERROR, "The output folder build/<name> is a file or a link loop."
)
TIME_LIMIT_EXCEEDED = Code(
    "D705", Severity.ERROR, "A command ran past its time limit (--time-limit)."
)
UNDRAWABLE_CHARACTER = Code(
    "D706",
    Severity.ERROR,
    "No font has a character of the text: the PDF would show an empty box in its place.",
)
EXPANDS_PAST_LIMIT = Code(
    "D707",
    Severity.ERROR,
    "A small input expands past a size limit: a zipped part, an @string, a template's string.",
)

# D8xx: legal review

STALE_APPROVAL = Code(
    "D801",
    Severity.WARNING,
    "An approval is stale: the claim, a quote, a locator or a snapshot changed since.",
)
NOT_APPROVED = Code(
    "D802",
    Severity.ERROR,
    "Approval is required and a cited evidence item is not approved (a draft, only checked, "
    "rejected or revoked), or its approval is stale.",
)
REVIEW_REFUSED = Code(
    "D803",
    Severity.ERROR,
    "A review cannot be recorded as asked: it would lower an approval, revoke none, or be "
    "dated before the item's last review; nothing was recorded.",
)
STALE_STATEMENT_SIGNOFF = Code(
    "D804",
    Severity.WARNING,
    "A part of a signed-off statement changed since: a paragraph, a note or a fact of "
    "dossier.yaml changed, was added or was removed.",
)
STATEMENT_NOT_SIGNED_OFF = Code(
    "D805",
    Severity.ERROR,
    "Approval is required and the statement is not signed off (never, rejected or revoked), "
    "or a part of it changed since its sign-off.",
)
UNVERIFIED_APPROVAL = Code(
    "D806",
    Severity.WARNING,
    "A dossier counts only signed approvals (`review: {signed: true}`) and an approval of an "
    "item it cites, or a sign-off of its statement, does not verify: no signature, a signer "
    "not allowed for its `by` in allowed_signers, or an entry edited after it was signed.",
)

# D81x: what a public build may not disclose

CONFIDENTIAL_ITEM_CITED = Code(
    "D811", Severity.ERROR, "A confidential evidence item is cited in a public build."
)
RESTRICTED_STRING_IN_OUTPUT = Code(
    "D812",
    Severity.ERROR,
    "A restricted string would appear in a public output; nothing was written.",
    shows_source=False,
)
RESTRICTED_STRING_UNSEARCHABLE = Code(
    "D813",
    Severity.WARNING,
    "A restricted string too short or too common to be looked for.",
    shows_source=False,
)
REVIEW_BAND_MISSING = Code(
    "D814", Severity.ERROR, "A review edition page lacks the band: not for submission."
)
RESTRICTED_STRING_IN_IMAGE_METADATA = Code(
    "D815",
    Severity.WARNING,
    "A restricted string is in the metadata of an image a public edition shows (EXIF, XMP, "
    "a PNG text chunk, an SVG title...): the outputs carry the image without it, but the "
    "image file still holds it.",
    shows_source=False,
)

# D9xx: verifying an output

MALFORMED_MANIFEST = Code(
    "D901", Severity.ERROR, "The manifest embedded in a PDF or Word file is malformed."
)
MANIFEST_PATH_OUTSIDE_WORKSPACE = Code(
    "D902",
    Severity.ERROR,
    "The manifest embedded in a PDF or Word file names a file outside the workspace; it is "
    "not read.",
)


def catalogue(names: dict[str, object]) -> dict[str, Code]:
    """Every constant above, in the order defined; a code defined twice stops the import."""
    codes: dict[str, Code] = {}
    for value in names.values():
        if isinstance(value, Code):
            if value.code in codes:
                raise ValueError(f"problem code {value.code} is defined twice")
            codes[value.code] = value
    return codes


# Every code the tool can report, by its string.
CODES: dict[str, Code] = catalogue(globals())


def code_named(code: str) -> Code:
    """The constant whose string is `code` ("D704"): for a code read from outside the
    program. A code the catalogue lacks raises KeyError."""
    return CODES[code]
