"""Restricted strings (a witness's name...) and how they are found in any text.

The rule: a restricted string is found wherever its words appear, whole, ignoring case
(Unicode case folding), after NFKC normalisation (full-width letters, ligatures, the
non-breaking space), with letters that look alike folded to one (a Cyrillic `а` for a Latin
`a`: confusables.py), percent-escapes decoded (`Leila%20Farahani`, `%4Ceila` in a URL),
invisible format characters (soft hyphens, zero-width spaces) dropped, runs of white space
folded, and the line breaks of a laid-out page undone: a word broken at a line end with or
without a hyphen ("Moham-" / "mad") is found, and the words of a name may be joined by
spaces, line breaks, hyphens, dots, underscores or nothing (so an id or a file name such as
`witness-reza-mohammadi` is found too).

A string with fewer than MIN_CHARACTERS letters or digits, or made only of common words
("the", "de la"), cannot be told apart from ordinary text: it is not looked for, and
`dossier check` says so (D813) rather than failing every build on it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote_to_bytes

from ...base.problem_codes import RESTRICTED_STRING_UNSEARCHABLE
from ...base.problems import Location, Problem
from ...load.dossier import LoadedDossier
from ...load.models import EvidenceItem
from .confusables import fold

MIN_CHARACTERS = 3

# The most frequent function words of the three languages a dossier is written in.
COMMON_WORDS = frozenset(
    """a an and are as at be but by for from has have he her his i in is it its of on or our
    she that the their them they this to was we were which who will with you
    au aux ce dans de des du elle en est et il ils la le les leur mais ou par pas pour qui
    que se sa ses son sur un une
    al con del el ella es las lo los para por se su sus una uno y""".split()
)

# Between the words of a name in an output: nothing, or spaces, hyphens, dots, underscores
# (an escaped space in a URL is a space once decoded).
_JOINER = r"[\s_.+\-\u2010\u2011]*"
# Inside a word: a break at a line end, with or without its hyphen.
_BREAK = r"(?:[\-\u2010] ?| )?"


# Printable ASCII but the space and `%`: each character is folded on its own, by a table.
_ASCII_RUN = re.compile(r"[!-$&-~]+")
_SPACE_RUN = re.compile(r"\s+")
# Bytes written as %XX, as a URL escapes them (%20 for a space, %61 for `a`).
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def normalise(text: str) -> tuple[str, list[int]]:
    """`text` as matching sees it, and for each of its characters the offset in `text` of
    the character it came from: percent-escapes decoded, NFKC, case and confusables folded
    (confusables.py), format characters dropped, white space folded to one space."""
    folded = _Folded()
    folded.add(text, list(range(len(text) + 1)))
    return "".join(folded.out), folded.origin


@cache
def _ascii_fold(character: str) -> str:
    return fold(character)


class _Folded:
    """The folded text as it is built, each character with its origin."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.origin: list[int] = []

    def add(self, text: str, offsets: list[int]) -> None:
        """Fold `text`, whose character i came from offset `offsets[i]` of the original."""
        index, length = 0, len(text)
        while index < length:
            run = _ASCII_RUN.match(text, index)
            if run:
                end = run.end()
                if end < length and unicodedata.combining(text[end]):
                    end -= 1  # the last letter goes with its accent, below
                for at in range(index, end):
                    folded = _ascii_fold(text[at])
                    self.out.append(folded)
                    self.origin.extend([offsets[at]] * len(folded))
                if end > index:
                    index = end
                    continue
            escapes = _ESCAPES.match(text, index)
            if escapes and self._add_decoded(escapes.group(), offsets[index : escapes.end()]):
                index = escapes.end()
                continue
            space = _SPACE_RUN.match(text, index)
            if space:
                self._add_space(offsets[index])
                index = space.end()
                continue
            end = index + 1
            while end < length and unicodedata.combining(text[end]):
                end += 1  # a letter and its accents are folded together
            chunk = text[index:end]
            if unicodedata.category(chunk[0]) != "Cf":
                self._add_chunk(chunk, offsets[index])
            index = end

    def _add_decoded(self, escapes: str, offsets: list[int]) -> bool:
        """The text that a run of %XX stands for, when it is UTF-8; False when it is not."""
        try:
            decoded = unquote_to_bytes(escapes).decode("utf-8")
        except UnicodeDecodeError:
            return False
        starts, at = [], 0  # each decoded character comes from its first byte's escape
        for character in decoded:
            starts.append(offsets[at])
            at += 3 * len(character.encode("utf-8"))
        self.add(decoded, starts + [offsets[-1]])
        return True

    def _add_space(self, at: int) -> None:
        if not (self.out and self.out[-1] == " "):
            self.out.append(" ")
            self.origin.append(at)

    def _add_chunk(self, chunk: str, at: int) -> None:
        for character in fold(unicodedata.normalize("NFKC", chunk)):
            if character.isspace():
                self._add_space(at)
            elif unicodedata.category(character) != "Cf":
                self.out.append(character)
                self.origin.append(at)


def _spaced(character: str) -> bool:
    """Whether the character's script separates words by spaces, so that a whole-word match
    makes sense (not Chinese, Japanese, Korean or Thai)."""
    name = unicodedata.name(character, "")
    return character.isalnum() and not name.startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "IDEOGRAPHIC")
    )


@cache
def _common_words() -> frozenset[str]:
    """COMMON_WORDS as matching sees them (`from` is `frorn`)."""
    return frozenset(normalise(word)[0] for word in COMMON_WORDS)


@cache
def restricted_pattern(text: str) -> re.Pattern[str] | None:
    """The pattern that finds `text` in normalised text, or None when it is too short or too
    common to be told apart from ordinary words."""
    needle = normalise(text)[0].strip()
    words = [w for w in re.split(r"[\s_.\-\u2010\u2011]+", needle) if w]
    letters = sum(c.isalnum() for c in unicodedata.normalize("NFKC", text))  # before `m` is `rn`
    if letters < MIN_CHARACTERS or all(w in _common_words() for w in words):
        return None
    parts = []
    for word_index, word in enumerate(words):
        if word_index:
            parts.append(_JOINER)
        for char_index, character in enumerate(word):
            if char_index:
                parts.append(_BREAK)
            parts.append(re.escape(character))
    before = r"(?<![^\W_])" if _spaced(needle[0]) else ""
    after = r"(?![^\W_])" if _spaced(needle[-1]) else ""
    return re.compile(before + "".join(parts) + after)


@dataclass(frozen=True, eq=False)  # one per string of one item, told apart by identity
class Restricted:
    """One restricted string of one evidence item, ready to be looked for."""

    item: EvidenceItem
    number: int  # its place in the item's `restricted` list
    pattern: re.Pattern[str]

    @property
    def location(self) -> Location:
        return self.item.restricted_location(self.number)

    def describe(self) -> str:
        """The string by its item and place, never by its text: an error message may end up
        in a public CI log."""
        return f"a restricted string of evidence `{self.item.id}` ({self.location})"


@dataclass(frozen=True, eq=False)
class RestrictedValue:
    """A dossier value restricted by what it is: a communication's submitter, whom OHCHR keeps
    confidential and whom no public edition may name."""

    label: str  # the value by its field, never by its text
    location: Location
    pattern: re.Pattern[str]

    def describe(self) -> str:
        return f"{self.label} ({self.location})"


def dossier_restricted_values(loaded: LoadedDossier) -> list[RestrictedValue]:
    """The submitter's name, organisation and contact, each as a restricted string."""
    submitter = loaded.config.submitter
    if submitter is None:
        return []
    found = []
    for part in ("name", "organization", "contact"):
        value = getattr(submitter, part)
        pattern = restricted_pattern(value) if value else None
        if pattern is not None:
            where = loaded.document.location(("submitter", part))
            found.append(RestrictedValue(f"the submitter's `{part}`", where, pattern))
    return found


def restricted_strings(items: Iterable[EvidenceItem]) -> list[Restricted]:
    """Every restricted string of every item that can be looked for."""
    found = []
    for item in items:
        for number, text in enumerate(item.restricted):
            pattern = restricted_pattern(text)
            if pattern is not None:
                found.append(Restricted(item, number, pattern))
    return found


def unmatchable_restricted_problems(items: Iterable[EvidenceItem]) -> list[Problem]:
    """D813 for each restricted string too short or too common to be looked for."""
    return [
        Problem.of(
            RESTRICTED_STRING_UNSEARCHABLE,
            item.restricted_location(number),
            f"restricted string {number + 1} of evidence `{item.id}` has fewer than "
            f"{MIN_CHARACTERS} letters or only common words, so it is not looked for in "
            "public outputs",
            "write the full name or phrase that must not appear (e.g. a first and last name)",
        )
        for item in items
        for number, text in enumerate(item.restricted)
        if restricted_pattern(text) is None
    ]


class NormalisedText:
    """A text normalised once, searched for many patterns, hits mapped back to offsets in
    the original text."""

    def __init__(self, text: str):
        self.original = text
        self.text, self._origin = normalise(text)

    def find(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[int]:
        """The original offsets where `pattern` matches between original offsets `start`
        and `end`."""
        stop = len(self.original) if end is None else end
        return [
            self._origin[hit.start()]
            for hit in pattern.finditer(self.text)
            if start <= self._origin[hit.start()] < stop
        ]

    def spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Where `pattern` matches, as (start, end) offsets in the original text: the end is
        where the character after the match starts (or the text's end)."""
        return [
            (
                self._origin[hit.start()],
                self._origin[hit.end()] if hit.end() < len(self._origin) else len(self.original),
            )
            for hit in pattern.finditer(self.text)
        ]
