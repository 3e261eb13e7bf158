"""Restricted strings masked in what the tools print for people who are not the legal team:
`dossier check`'s messages, hints and excerpts (a template's error's too), `dossier diff` and
`dossier trace` in every format, what `dossier approve` and `dossier verify` print, the page
`dossier serve` shows. A restricted string is found as a public build's
scan finds it (restricted.py: case, white space, diacritics, a name joined into an id) and
printed as `[restricted: ITEM-ID]`, which says whose string it was and never what it was.

Which strings: every evidence item's, whether or not the item is cited (as a public build
scans for them), and each dossier's submitter (`[restricted: submitter]`). One Masker is
made per command and used for everything it prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ...base.problems import DossierError, Problem
from ...base.reading.read_input import SourceLines
from ...load.dossier import LoadedDossier
from ...load.models import EvidenceItem
from .restricted import (
    NormalisedText,
    Restricted,
    RestrictedValue,
    dossier_restricted_values,
    restricted_strings,
)


@dataclass(frozen=True)
class Masked:
    """A text with its restricted strings masked, and whether any was."""

    text: str
    restricted: bool


class Masker:
    """Masks the restricted strings of a workspace in any text."""

    def __init__(self, strings: Iterable[Restricted | RestrictedValue]):
        self.strings = list(strings)
        self._labels = {id(s): self._label(s) for s in self.strings}

    @classmethod
    def of(cls, items: Iterable[EvidenceItem], dossiers: Iterable[LoadedDossier] = ()) -> Masker:
        """The restricted strings of every item, and of each dossier's submitter."""
        strings: list[Restricted | RestrictedValue] = [*restricted_strings(items)]
        for loaded in dossiers:
            strings += dossier_restricted_values(loaded)
        return cls(strings)

    def _label(self, string: Restricted | RestrictedValue) -> str:
        """`[restricted: ITEM-ID]`; `[restricted]` alone when the id itself holds a restricted
        string (an id such as `witness-leila-farahani`)."""
        name = string.item.id if isinstance(string, Restricted) else "submitter"
        if any(NormalisedText(name).find(s.pattern) for s in self.strings):
            return "[restricted]"
        return f"[restricted: {name}]"

    def masked(self, text: str) -> Masked:
        if not self.strings or not text:
            return Masked(text, False)
        normalised = NormalisedText(text)
        spans = sorted(
            (start, end, self._labels[id(string)])
            for string in self.strings
            for start, end in normalised.spans(string.pattern)
        )
        if not spans:
            return Masked(text, False)
        parts: list[str] = []
        done = 0
        for start, end, label in spans:
            if end <= done:
                continue  # inside a span already masked
            if start < done:  # two strings overlapping: one mask for both
                done = end
                continue
            parts += [text[done:start], label]
            done = end
        parts.append(text[done:])
        return Masked("".join(parts), True)

    def mask(self, text: str) -> str:
        return self.masked(text).text

    def found(self, text: str) -> bool:
        return self.masked(text).restricted

    def json(self, value: Any) -> Any:
        """A JSON value (dict, list, strings...) with every key and string masked."""
        return self.json_flagged(value)[0]

    def json_flagged(self, value: Any) -> tuple[Any, bool]:
        """The value masked, and whether anything in it was."""
        if isinstance(value, str):
            masked = self.masked(value)
            return masked.text, masked.restricted
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            any_masked = False
            for key, inner in value.items():
                new_key, key_masked = self.json_flagged(key)
                out[new_key], inner_masked = self.json_flagged(inner)
                any_masked = any_masked or key_masked or inner_masked
            return out, any_masked
        if isinstance(value, list):
            flagged = [self.json_flagged(inner) for inner in value]
            return [v for v, _ in flagged], any(m for _, m in flagged)
        return value, False

    def problems(self, problems: list[Problem], root: Path | None = None) -> list[Problem]:
        """Each problem with its message, hint and path masked and, when `root` is given and
        the line it shows holds a restricted string, that line masked for its excerpt."""
        if not self.strings:
            return problems
        lines = SourceLines(root) if root is not None else None
        out = []
        for problem in problems:
            masked = replace(
                problem, message=self.mask(problem.message), hint=self.mask(problem.hint)
            )
            where = problem.location
            if lines is not None and where is not None and problem.code.shows_source:
                line = lines.line(where)
                if line is not None and self.found(line):
                    column = len(self.mask(line[: max(where.column - 1, 0)])) + 1
                    masked = replace(masked, shown_line=(self.mask(line), column))
            if where is not None and self.found(where.path):  # a folder named after a witness
                masked = replace(masked, location=replace(where, path=self.mask(where.path)))
            out.append(masked)
        return out


@contextmanager
def masking_errors(masker: Masker, root: Path | None = None) -> Iterator[None]:
    """Whatever error escapes, with its problems masked (as `Masker.problems` does): a
    command's refusal may quote an item, a reason or a line."""
    try:
        yield
    except DossierError as error:
        error.problems = masker.problems(error.problems, root)
        raise
