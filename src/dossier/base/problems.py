"""Locations in input files, the problems found at them, and the catalogue of problem codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: a path relative to the workspace, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @classmethod
    def at_offset(cls, path: str, text: str, offset: int) -> Location:
        """The line and column of the character at `offset` in `text`."""
        line_start = text.rfind("\n", 0, offset) + 1
        return cls(path, text.count("\n", 0, offset) + 1, offset - line_start + 1)

    @classmethod
    def on_line(cls, path: str, line: int, text: str, pattern: str, start: int = 0) -> Location:
        """Where the regular expression `pattern` first matches line `line` (1-based, its text
        `text`) at or after index `start`; else the line's first character that is not blank."""
        found = re.compile(pattern).search(text, start)
        column = found.start() if found else len(text) - len(text.lstrip())
        return cls(path, line, column + 1)


def excerpt(line: str, column: int, width: int = 100) -> str:
    """The source line, then a caret under `column`, as pybtex shows a syntax error. A long
    line is cut to `width` characters around the column; tabs are kept, so the caret lines
    up in a terminal; invisible characters are shown as �."""
    line = _CONTROL.sub("\ufffd", line.rstrip("\n"))
    index = min(max(column - 1, 0), len(line))
    start = max(0, min(index - width // 2, len(line) - width))
    shown = line[start : start + width]
    lead = "…" if start else ""
    tail = "…" if start + width < len(line) else ""
    under = "".join(c if c == "\t" else " " for c in lead + shown[: index - start])
    return f"{_MARGIN}{lead}{shown}{tail}\n{_MARGIN}{under}^"


_MARGIN = "    "
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # for the record, never a failure: e.g. a sentence left uncited on purpose


@dataclass(frozen=True)
class Code:
    """A stable problem code, with the one-line meaning the documentation lists."""

    code: str
    severity: Severity
    summary: str
    # False where the line a problem points at may hold what must not be printed (a
    # restricted string: output of `check` ends up in CI logs and pull requests).
    shows_source: bool = True


# Every code the tool can report. docs/problems.md is generated from this table and a
# test checks that the two agree, so a new code cannot go undocumented.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # D0xx: the command itself
        Code("D001", Severity.ERROR, "The command was called wrongly (exit status 2)."),
        Code("D002", Severity.ERROR, "The command could not do its work: a download failed, "
             "a file is in the way, a PDF carries no manifest."),
        # D1xx: files and their syntax
        Code("D101", Severity.ERROR, "A file cannot be read: missing, not UTF-8, or not a file."),
        Code("D102", Severity.ERROR, "YAML syntax error."),
        Code("D103", Severity.ERROR, "The same key twice in one YAML mapping."),
        Code("D104", Severity.ERROR, "An unknown field (a hint names the closest known one)."),
        Code("D105", Severity.ERROR, "A field has the wrong type or an invalid value."),
        Code("D106", Severity.ERROR, "A required field is missing."),
        Code("D107", Severity.ERROR, "BibTeX syntax error: an entry the parser could not read."),
        Code("D108", Severity.ERROR, "The same key on two bibliography entries."),
        Code("D109", Severity.ERROR, "A bibliography field has an invalid value."),
        Code("D110", Severity.ERROR, "A file is larger than the size limit for its kind."),
        Code("D111", Severity.ERROR, "A file is a link that leads outside the workspace."),
        Code(
            "D112",
            Severity.WARNING,
            "A bibliography field uses an @string name no @string defines: printed as written.",
        ),
        # D2xx: evidence
        Code("D201", Severity.ERROR, "The same evidence id twice in the workspace."),
        Code("D202", Severity.ERROR, "An evidence item has no sources."),
        Code(
            "D203", Severity.ERROR, "An evidence source cites a key missing from the bibliography."
        ),
        Code("D204", Severity.ERROR, "An evidence id is also a bibliography key."),
        # D3xx: statements and citations
        Code(
            "D301", Severity.ERROR, "A citation names a key that is neither evidence nor a source."
        ),
        Code("D302", Severity.ERROR, "A locator on a citation of an evidence item."),
        Code("D303", Severity.WARNING, "Raw HTML in a statement is shown as text, not rendered."),
        Code("D304", Severity.ERROR, "A statement has no text."),
        Code("D305", Severity.ERROR, "A citation is opened with [@ but never closed."),
        Code("D306", Severity.ERROR, "A link that is not http(s), mailto or an #anchor."),
        Code("D307", Severity.ERROR, "An image that is not a file inside the workspace."),
        Code("D308", Severity.ERROR, "A citation with no key, or inside a second pair of []."),
        Code("D309", Severity.ERROR, "Lists and quotations nested too deeply to be shown."),
        Code("D311", Severity.ERROR, "A quotation is not in what its sentence cites."),
        Code("D312", Severity.ERROR, "A figure is not in the evidence its sentence cites."),
        Code(
            "D313",
            Severity.WARNING,
            "A sentence states a figure, a date or a quotation, and cites nothing.",
        ),
        Code("D314", Severity.NOTE, "A sentence marked [uncited: reason], uncited on purpose."),
        Code("D315", Severity.ERROR, "A UN document symbol in the statement is malformed."),
        Code("D316", Severity.ERROR, "An [uncited: reason] mark gives no reason."),
        Code("D317", Severity.ERROR, "A note mark [^label] with no note `[^label]: text`."),
        Code("D318", Severity.WARNING, "A note `[^label]: text` that no mark in the text uses."),
        # D4xx: the dossier and its venue
        Code("D401", Severity.ERROR, "The dossier names a profile that does not exist."),
        Code("D402", Severity.ERROR, "A field the venue profile requires is missing."),
        Code("D403", Severity.ERROR, "The statement is longer than the venue's word limit."),
        Code("D404", Severity.ERROR, "A field is given and also listed as unstated."),
        Code("D405", Severity.ERROR, "A venue profile file is invalid."),
        Code("D406", Severity.ERROR, "A template override leads outside the workspace."),
        Code("D407", Severity.ERROR, "A template has a syntax error."),
        Code(
            "D408",
            Severity.ERROR,
            "A template uses a name it is not given, or fails while rendering.",
        ),
        Code("D409", Severity.ERROR, "A template tried what the template sandbox forbids."),
        Code(
            "D410",
            Severity.ERROR,
            "A template names a template that does not exist, or names it by a path "
            "outside templates/.",
        ),
        Code(
            "D411",
            Severity.WARNING,
            "A fact the venue asks for is left unstated: the output prints a placeholder.",
        ),
        Code("D412", Severity.WARNING, "A statement lacks the section its venue expects."),
        # D5xx: hygiene
        Code("D501", Severity.WARNING, "A bibliography entry nothing cites."),
        # D6xx: sources, their snapshots and the quotes taken from them
        Code("D601", Severity.ERROR, "A snapshot file does not exist."),
        Code("D602", Severity.ERROR, "A snapshot's sha256 is not the one recorded: it changed."),
        Code("D603", Severity.WARNING, "A snapshot has no sha256 recorded."),
        Code("D604", Severity.ERROR, "A snapshot's text cannot be read."),
        Code("D605", Severity.ERROR, "A snapshot path leads outside the workspace."),
        Code("D606", Severity.WARNING, "An online source has no urldate (access date)."),
        Code("D607", Severity.ERROR, "A `symbol` is not a valid UN document symbol."),
        Code("D608", Severity.ERROR, "A source's `url` is broken: its server answers with an "
             "error such as HTTP 404 (`dossier links`)."),
        Code("D609", Severity.NOTE, "A source's `url` answers (`dossier links`)."),
        Code("D610", Severity.WARNING, "A source's `url` is unreachable: no connection or no "
             "answer, so whether it is broken is not known (`dossier links`)."),
        Code("D611", Severity.ERROR, "A quote is not in its source's snapshot."),
        Code("D612", Severity.ERROR, "A quote is not on the page its locator gives."),
        Code("D613", Severity.WARNING, "A quote cannot be checked: its source has no snapshot."),
        # D7xx: rendering
        Code(
            "D701",
            Severity.ERROR,
            "The document refers to a file outside the workspace, or to the network.",
        ),
        Code("D702", Severity.ERROR, "A file the document uses cannot be read by WeasyPrint."),
        Code("D703", Severity.ERROR, "The output folder leads outside the workspace."),
        Code("D704", Severity.ERROR, "The output folder build/<name> is a file or a link loop."),
        Code("D705", Severity.ERROR, "A command ran past its time limit (--time-limit)."),
        Code("D706", Severity.ERROR, "No font has a character of the text: the PDF would show "
             "an empty box in its place."),
        # D8xx: legal review
        Code(
            "D801",
            Severity.WARNING,
            "An approval is stale: the claim, a quote, a locator or a snapshot changed since.",
        ),
        Code(
            "D802",
            Severity.ERROR,
            "Approval is required and a cited evidence item is not approved, or is stale.",
        ),
        # D81x: what a public build may not disclose
        Code("D811", Severity.ERROR, "A confidential evidence item is cited in a public build."),
        Code(
            "D812",
            Severity.ERROR,
            "A restricted string would appear in a public output; nothing was written.",
            shows_source=False,
        ),
        Code(
            "D813",
            Severity.WARNING,
            "A restricted string too short or too common to be looked for.",
            shows_source=False,
        ),
        Code("D814", Severity.ERROR, "A review edition page lacks the band: not for submission."),
        # D9xx: verifying an output
        Code("D901", Severity.ERROR, "The manifest embedded in a PDF or Word file is malformed."),
        Code(
            "D902",
            Severity.ERROR,
            "The manifest embedded in a PDF or Word file names a file outside the workspace; "
            "it is not read.",
        ),
    ]
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it."""

    code: str
    location: Location | None  # None: about the command itself, not a place in a file
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def of(cls, code: str, location: Location | None, message: str, hint: str = "") -> Problem:
        return cls(code, location, message, hint, CODES[code].severity)

    def format(self, source_line: str | None = None) -> str:
        """`path:line:col: severity[CODE]: message`, the excerpt of `source_line` (the text of
        the problem's line, when the caller could read it) and the hint."""
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity.value}[{self.code}]: {self.message}"
        shown = CODES[self.code].shows_source if self.code in CODES else True
        if source_line is not None and self.location is not None and shown:
            text += "\n" + excerpt(source_line, self.location.column)
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_json(self) -> dict[str, object]:
        where = self.location
        return {
            "path": where.path if where else None,
            "line": where.line if where else None,
            "column": where.column if where else None,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


# A file that cannot be read or parsed: the cause of whatever else goes wrong, so shown first.
UNREADABLE_CODES = frozenset({"D101", "D102", "D107", "D110", "D111"})


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, line and column, files that cannot be read or parsed first,
    and drop exact repeats."""
    unique = {
        (p.code not in UNREADABLE_CODES, p.location or Location(""), p.code, p.message): p
        for p in problems
    }
    return [unique[k] for k in sorted(unique)]


def did_you_mean(
    word: str, choices: Iterable[str], noun: str = "fields", otherwise: str = ""
) -> str:
    """A hint naming the closest of `choices`, or the list of them when nothing is close;
    `otherwise` when there are no choices at all."""
    choices = sorted(choices)
    if not choices and otherwise:
        return otherwise
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if len(choices) > 8:
        return f"no known {noun[:-1] if noun.endswith('s') else noun} is close to `{word}`"
    return f"known {noun}: " + ", ".join(f"`{c}`" for c in choices)


class DossierError(Exception):
    """Every error the tool reports: the problems it carries (each with its code, location,
    message and hint) and the exit status the command ends with. The CLI turns any of them
    into output and an exit status in one place."""

    exit_status = 1
    code = "D002"  # the code of a message-only error of this kind

    def __init__(
        self,
        problems: list[Problem] | str,
        hint: str = "",
        location: Location | None = None,
        code: str | None = None,
    ):
        if isinstance(problems, str):
            problems = [Problem.of(code or self.code, location, problems, hint)]
        super().__init__("\n".join(p.message for p in problems))
        self.problems = problems

    @property
    def location(self) -> Location | None:
        return self.problems[0].location if self.problems else None


class ProblemsFound(DossierError):
    """Problems in the input that stop a command (a build's failed checks): exit status 1."""


class UsageError(DossierError):
    """The command was called wrongly: an unknown dossier or key, a bad argument (exit 2)."""

    exit_status = 2
    code = "D001"


class CommandFailed(DossierError):
    """The command could not do its work (a download failed, say): exit status 1."""
