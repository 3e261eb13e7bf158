"""Locations in input files, the problems found at them, and the catalogue of problem codes."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


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


# Every code the tool can report. docs/problems.md is generated from this table and a
# test checks that the two agree, so a new code cannot go undocumented.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
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
        # D4xx: the dossier and its venue
        Code("D401", Severity.ERROR, "The dossier names a profile that does not exist."),
        Code("D402", Severity.ERROR, "A field the venue profile requires is missing."),
        Code("D403", Severity.ERROR, "The statement is longer than the venue's word limit."),
        Code("D404", Severity.ERROR, "A field is given and also listed as unstated."),
        Code("D405", Severity.ERROR, "A venue profile file is invalid."),
        Code("D406", Severity.ERROR, "A template override leads outside the workspace."),
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
    ]
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it."""

    code: str
    location: Location
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def of(cls, code: str, location: Location, message: str, hint: str = "") -> Problem:
        return cls(code, location, message, hint, CODES[code].severity)

    def format(self) -> str:
        text = f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, line and column, and drop exact repeats."""
    unique = {(p.location, p.code, p.message): p for p in problems}
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
    """Problems that stop a command; the CLI prints them and exits with status 1."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.format() for p in problems))
        self.problems = problems


class UsageError(Exception):
    """The command was called wrongly (exit status 2)."""


class CommandFailed(Exception):
    """The command could not do its work (a download failed, say): exit status 1."""


def relative_path(path: Path, root: Path) -> str:
    """The path as the user should see it: relative to the workspace, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (RuntimeError, OSError):  # links in a loop: the path as it is written
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    except ValueError:
        return path.as_posix()
