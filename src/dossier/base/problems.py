"""Locations in input files and the problems found at them (their codes: problem_codes.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .problem_codes import (
    BIBTEX_SYNTAX_ERROR,
    COMMAND_CALLED_WRONGLY,
    COMMAND_FAILED,
    FILE_LINKS_OUTSIDE_WORKSPACE,
    FILE_TOO_LARGE,
    UNREADABLE_FILE,
    YAML_SYNTAX_ERROR,
)

# Imported from here by much of the program.
from .problem_codes import CODES as CODES
from .problem_codes import Code as Code
from .problem_codes import Severity as Severity


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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it."""

    code: Code
    location: Location | None  # None: about the command itself, not a place in a file
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)
    # What the problem is about, when it is about one thing: an evidence id, a bibliography
    # key, a dossier's name. For the program to decide by (never by reading `message`); not
    # printed, nor in JSON.
    subject: str = ""
    # The line to show under the location, and the column in it, when it is not the file's
    # line as written: a restricted string in it masked (check/disclosure/masking.py). Not
    # compared: the same problem with or without it is one problem.
    shown_line: tuple[str, int] | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls,
        code: Code,
        location: Location | None,
        message: str,
        hint: str = "",
        *,
        subject: str = "",
    ) -> Problem:
        return cls(code, location, message, hint, code.severity, subject)

    def format(self, source_line: str | None = None) -> str:
        """`path:line:col: severity[CODE]: message`, the excerpt of `source_line` (the text of
        the problem's line, when the caller could read it) and the hint."""
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity.value}[{self.code.code}]: {self.message}"
        if source_line is not None and self.location is not None and self.code.shows_source:
            line, column = self.shown_line or (source_line, self.location.column)
            text += "\n" + excerpt(line, column)
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
            "code": self.code.code,
            "message": self.message,
            "hint": self.hint,
        }


# A file that cannot be read or parsed: the cause of whatever else goes wrong, so shown first.
UNREADABLE_CODES = frozenset(
    {
        UNREADABLE_FILE,
        YAML_SYNTAX_ERROR,
        BIBTEX_SYNTAX_ERROR,
        FILE_TOO_LARGE,
        FILE_LINKS_OUTSIDE_WORKSPACE,
    }
)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, line and column, files that cannot be read or parsed first,
    and drop exact repeats."""
    unique = {
        (p.code not in UNREADABLE_CODES, p.location or Location(""), p.code.code, p.message): p
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
    code: Code = COMMAND_FAILED  # the code of a message-only error of this kind

    def __init__(
        self,
        problems: list[Problem] | str,
        hint: str = "",
        location: Location | None = None,
        code: Code | None = None,
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
    code = COMMAND_CALLED_WRONGLY


class CommandFailed(DossierError):
    """The command could not do its work (a download failed, say): exit status 1."""
