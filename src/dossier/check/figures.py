"""Figures in running text (1,650; 1650; 30 000; 79; the day and year of a date), compared by
value, so that a figure is found in a claim however its thousands are grouped.

Figures written in words are not attempted. Digits that belong to a UN document symbol
(A/72/322) or a web address are not figures. A year that names an event ("the 1988
massacre", "Iran's 1988 executions") is told apart, for the check of untraced claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..statement.symbols import symbols_in

# Thousands grouped by a comma or a (thin, no-break) space, or plain digits; then a decimal.
_FIGURE = re.compile(
    r"(?<![\w.,/])(?:\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3})+(?!\d)|\d+)(?:\.\d+(?!\.\d))?"
)
_GROUPING = re.compile(r"[,\s\u00a0\u202f\u2009]")
# Web addresses start where their scheme does; e-mail addresses are whole words holding an @
# with a dot after it. Both are found in one pass (see `_address_spans`): the pattern
# `\S+@\S+\.\w+` this replaces took time quadratic in the length of a word with no @.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_NON_SPACE = re.compile(r"\S+")
_DOT_WORD = re.compile(r"\.\w")
_WORD_CHARS = re.compile(r"\w+")
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
# Words after which a year is the name of an event: "the 1988 massacre", "Iran's 1988 ...".
_NAMING_WORDS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
)
# The word before a year, looked for in the few characters before it (a window, so that the
# search costs the same however long the text before it is), starting at a word's start.
_PREVIOUS_WORD = re.compile(r"(?<![\w’'])([\w’']+)\W*$")
_PREVIOUS_WINDOW = 100
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    written: str
    value: str


def figure_value(written: str) -> str:
    """1,650 and 1 650 and 1650 are one value; leading zeros do not count."""
    digits = _GROUPING.sub("", written)
    whole, _, decimals = digits.partition(".")
    return (whole.lstrip("0") or "0") + (f".{decimals}" if decimals else "")


def figures_in(
    text: str, skip: list[tuple[int, int]] | None = None, event_names: bool = True
) -> list[Figure]:
    """The figures of `text`, leaving out those inside the spans of `skip` (quotations), and
    years that name an event unless `event_names`."""
    spans = list(skip or [])
    spans += [m.span() for m in symbols_in(text)]
    spans += _address_spans(text)
    figures = []
    for match in _FIGURE.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in spans):
            continue
        if not event_names and _names_an_event(text, start, end):
            continue
        figures.append(Figure(start, end, match.group(0), figure_value(match.group(0))))
    return figures


def values_in(text: str) -> set[str]:
    """Every figure's value in a claim or a quote, event names included: they back figures."""
    return {figure_value(m.group(0)) for m in _FIGURE.finditer(text)}


def _address_spans(text: str) -> list[tuple[int, int]]:
    """Where web and e-mail addresses stand, in time linear in the length of `text`."""
    spans = [m.span() for m in _WEB_ADDRESS.finditer(text)]
    for word in _NON_SPACE.finditer(text):
        at = word.group().find("@", 1)
        if at > 0 and _DOT_WORD.search(word.group(), at + 2):
            # As `\S+@\S+\.\w+` matched: up to the word characters after its last `.`.
            dot = word.group().rfind(".")
            while not _DOT_WORD.match(word.group(), dot):
                dot = word.group().rfind(".", 0, dot)
            end = _WORD_CHARS.match(word.group(), dot + 1)
            spans.append((word.start(), word.start() + end.end() if end else word.end()))
    return spans


def _names_an_event(text: str, start: int, end: int) -> bool:
    if not _YEAR.match(text[start:end]):
        return False
    previous = _PREVIOUS_WORD.search(text[max(0, start - _PREVIOUS_WINDOW) : start])
    following = _NEXT_WORD.match(text, end)
    if previous is None or following is None:
        return False
    word = previous.group(1).lower()
    return word in _NAMING_WORDS or word.endswith(("’s", "'s"))
