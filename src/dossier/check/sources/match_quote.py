"""Find a quotation in a source's text, forgiving what copying legitimately changes.

Both sides are brought to one canonical form: Unicode NFKC (ligatures, full-width and
compatibility forms), one kind of quotation mark and apostrophe, no soft hyphens or
zero-width characters, whitespace and line breaks as single spaces. A hyphen between two
letters is dropped, so that a word hyphenated at a line's end ("teen-\nagers") and a
hyphenated compound read alike with or without it, and so does an en dash joining two words
(Iran–Iraq). A dash between words (—, a spaced – or -, or "--") is one kind of dash with one
space on each side; between figures any dash is a range (1988–1989, 1988-1989). Words,
numbers and letters (and their case) must still match, whole words at each end.

In a quote, an ellipsis (…, ..., [...]) splits it into parts that must appear in that
order, and a short [bracketed] insertion stands for the editor's change of a few characters.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

_QUOTE_MARKS = "\"'`´‘’‚‛′″“”„‟«»‹›"
_HYPHENS = "‐‑−﹣－"
_EN_DASHES = "‒–"
_EM_DASHES = "—―⸺⸻﹘"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TABLE = str.maketrans(
    {
        **{c: "'" for c in _QUOTE_MARKS},
        **{c: "-" for c in _HYPHENS},
        **{c: "–" for c in _EN_DASHES},
        **{c: "—" for c in _EM_DASHES},
        **dict.fromkeys(_INVISIBLE),
    }
)
# What `readable` changes: runs of non-ASCII characters and of the ASCII marks that stand
# for a quotation mark (" and `), kept by split() between the text around them.
_SPECIAL = re.compile(r"([^\x00-\x21\x23-\x5f\x61-\x7f]+)")
# Combining marks that may follow an ASCII letter (e + ◌́): NFKC must see the two together.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]")
_DASH_RUN = re.compile(r"([-–—]+)")
_DOUBLE_HYPHEN = re.compile(r"-{2,}")
# The spaces before either are taken only from where their run starts: a leading `\s*` tried
# at every space of a long run would take time quadratic in its length. The matches are the same.
_ELLIPSIS = re.compile(r"(?:(?<!\s)\s+)?(?:\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|…|\.\s?\.\s?\.)\s*")
_INSERTION = re.compile(r"(?:(?<!\s)\s+)?\[[^\[\]]{1,40}\]\s*")
_WORD = re.compile(r"\w")
# Words and figures (1,300 is one), and each mark of punctuation, for comparing passages.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[^\W\d_]*|\w+(?:['-]\w+)*|[^\w\s]")
# How many characters of the source an editor's [insertion] may stand for.
INSERTION_SPAN = 60
# A quote begins and ends on whole words and numbers: a part that opens (or closes) on a
# letter may not have a letter next to it, one that opens on a digit no letter or digit. A
# digit right after a word's last letter is a footnote marker that PDF extraction glued on
# ("against humanity3,"), so a quote may end before it.
_LETTER = re.compile(r"[^\W\d_]")
_BOUNDARY = {"letter": _LETTER, "digit": _WORD}


def _kind(char: str) -> str:
    if char.isdigit():
        return "digit"
    return "letter" if _WORD.match(char) else "other"


def readable(text: str) -> str:
    """The text with one kind of mark and space, as it is shown back to the writer."""
    # Only the characters that change are touched: snapshots are large, and mostly ASCII.
    # Every pass over the text is one of C's (split, join): a snapshot holds hundreds of
    # marks, and a Python call for each would take longer than the rest.
    parts = _SPECIAL.split(text)
    if len(parts) > 1:
        if any(_COMBINING.search(run) for run in parts[1::2]):  # combining marks are special
            parts = _SPECIAL.split(unicodedata.normalize("NFC", text))
        parts[1::2] = map(_folded, parts[1::2])
        text = "".join(parts)
    return " ".join(text.split())


@functools.lru_cache(maxsize=4096)
def _folded(run: str) -> str:
    """A run of special characters in canonical form: the same few recur all through a text."""
    return unicodedata.normalize("NFKC", run).translate(_TABLE)


def canonical(text: str) -> str:
    """The form in which quote and source are compared; see the module's docstring."""
    return join_hyphenated(readable(text))


def join_hyphenated(text: str) -> str:
    """Hyphens and dashes as the module's docstring says. `text` is readable: single
    spaces, `-` for a hyphen, `–` for an en dash, `—` for an em dash."""
    if "-" not in text and "–" not in text and "—" not in text:
        return text
    text = text.replace(" - ", " — ").replace(" – ", " — ")  # spaced: a dash between words
    if "--" in text:
        text = _DOUBLE_HYPHEN.sub("—", text)  # typed as --
    text = text.replace(" —", "—").replace("— ", "—").replace("- ", "-")
    # Each run of dashes, settled by the characters around it (the text between two runs
    # is never empty: a run is as long as it goes).
    parts = _DASH_RUN.split(text)
    for index in range(1, len(parts), 2):
        parts[index] = _settled(parts[index], parts[index - 1][-1:], parts[index + 1][:1])
    return "".join(parts)


def _settled(run: str, before: str, after: str) -> str:
    if before.isdigit() and after.isdigit():
        return "-"  # a range: 1988–1989
    if "—" in run:
        return " — "
    if before.isalpha() and after.isalpha():
        return ""  # teen-agers, UN-backed, Iran–Iraq
    return run


@dataclass(frozen=True)
class Found:
    """Where a quote stands in the canonical text: start and end offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class _Group:
    """Words of a quote between ellipses: its parts between [insertions], and what must not
    stand right before the first part and after the last (a letter, a word character)."""

    shown: str
    parts: list[str]
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None

    def match(self, haystack: str, at: int, end: int) -> int | None:
        """Where the group ends if it matches at `at` (where its first part stands), within
        `haystack[:end]`; each [insertion] stands for up to INSERTION_SPAN characters, the
        fewest that let the rest match."""
        if at and self.before is not None and self.before.match(haystack, at - 1):
            return None
        return self._rest(haystack, 1, at + len(self.parts[0]), end)

    def _rest(self, haystack: str, number: int, position: int, end: int) -> int | None:
        if number == len(self.parts):
            cut = position < end and self.after is not None and self.after.match(haystack, position)
            return None if cut else position
        part = self.parts[number]
        limit = min(position + INSERTION_SPAN + len(part), end)
        at = haystack.find(part, position, limit)
        while at >= 0:
            found = self._rest(haystack, number + 1, at + len(part), end)
            if found is not None:
                return found
            at = haystack.find(part, at + 1, limit)
        return None


class Quote:
    """A quote ready to be searched for: its groups (split at ellipses), each found by the
    text of its first part, then its boundaries and its other parts checked in place (no
    regular expression of its own: a quote costs no compiling)."""

    def __init__(self, text: str):
        self.text = text

    @functools.cached_property
    def groups(self) -> list[_Group]:
        """Made on first use: a quote whose snapshot's index already knows it needs none."""
        groups = []
        for group in _ELLIPSIS.split(self.text):
            split = _INSERTION.split(group.strip())
            shown = [readable(p) for p in split]
            parts = [join_hyphenated(p) for p in shown if p]
            if not parts or not any(_WORD.search(p) for p in parts):
                continue
            # Next to an [insertion] the word may be cut: "[T]he" quotes "the".
            before = _BOUNDARY.get(_kind(parts[0][0])) if shown[0] else None
            after = _BOUNDARY.get(_kind(parts[-1][-1])) if shown[-1] else None
            groups.append(_Group(" ".join(p for p in shown if p), parts, before, after))
        return groups

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def find(self, haystack: str, start: int = 0, end: int | None = None) -> Found | None:
        """The first place the whole quote matches in `haystack[start:end]`, parts in order."""
        end = len(haystack) if end is None else end
        first: int | None = None
        position = start
        for group in self.groups:
            found = _search(haystack, group, position, end)
            if found is None:
                return None
            first = found[0] if first is None else first
            position = found[1]
        return Found(first or 0, position)

    def first_missing_group(self, haystack: str) -> tuple[str, bool]:
        """The group that fails, and whether it does appear, but out of order."""
        position = 0
        for group in self.groups:
            found = _search(haystack, group, position, len(haystack))
            if found is None:
                return group.shown, _search(haystack, group, 0, len(haystack)) is not None
            position = found[1]
        return "", False


def _search(haystack: str, group: _Group, start: int, end: int) -> tuple[int, int] | None:
    """Where the group first matches in `haystack[start:end]`: str.find skips ahead to each
    place its first part's text stands, far faster than any pattern."""
    literal = group.parts[0]
    while (at := haystack.find(literal, start, end)) >= 0:
        found = group.match(haystack, at, end)
        if found is not None:
            return at, found
        start = at + 1
    return None


@dataclass(frozen=True)
class Closest:
    """The passage of the source nearest to a quote that was not found, and how it differs."""

    passage: str
    start: int
    score: float
    differences: list[str]

    def hint(self, where: str = "", limit: int = 3) -> str:
        """“the closest passage (page 2) reads …; the source has … where the quote has …”"""
        shown = self.differences[:limit]
        more = len(self.differences) - len(shown)
        text = f"the closest passage{where} reads “{shorten(self.passage)}”"
        text += "".join(f"; {difference}" for difference in shown)
        return text + (f"; and {more} more" if more > 0 else "")


def closest_passage(needle: str, haystack: str) -> Closest | None:
    """The passage of `haystack` that best matches `needle` (both readable), word-aligned."""
    from rapidfuzz import fuzz  # imported when a quote is not found: a clean check needs none

    if not needle or not haystack:
        return None
    alignment = fuzz.partial_ratio_alignment(needle, haystack)
    if alignment is None or alignment.score < 50:
        return None
    slack = len(needle) // 4 + 10  # the alignment is as long as the needle: look around it
    start, end = _aligned_span(
        needle, haystack, max(alignment.dest_start - slack, 0), alignment.dest_end + slack
    )
    passage = haystack[start:end]
    return Closest(passage, start, alignment.score, word_differences(needle, passage))


def _aligned_span(needle: str, haystack: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of `haystack[start:end]` from the first to the last word it shares with
    `needle`, in order."""
    ours = _TOKEN.findall(needle)
    theirs = list(_TOKEN.finditer(haystack, start, end))
    matcher = difflib.SequenceMatcher(a=[t.group(0) for t in theirs], b=ours, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return start, end
    first, last = blocks[0], blocks[-1]
    # Words of the needle before the first shared one and after the last are words the
    # source has otherwise: take as many of the source's own there.
    before = max(first.a - first.b, 0)
    while before < first.a and any(t.group(0) in ".!?" for t in theirs[before : first.a]):
        before += 1  # not back into the sentence before
    after = min(last.a + last.size - 1 + len(ours) - (last.b + last.size), len(theirs) - 1)
    return theirs[before].start(), theirs[after].end()


def word_differences(quote: str, source: str) -> list[str]:
    """What the quote changes in the source, word by word, as a writer would say it."""
    ours, theirs = _TOKEN.findall(quote), _TOKEN.findall(source)
    differences = []
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        said, written = _joined(theirs[a1:a2]), _joined(ours[b1:b2])
        if operation == "replace":
            differences.append(f"the source has “{said}” where the quote has “{written}”")
        elif operation == "delete" and 0 < a1 and a2 < len(theirs):
            differences.append(f"the quote leaves out “{said}”")
        elif operation == "insert":
            differences.append(f"the quote adds “{written}”")
    return differences


def _joined(tokens: list[str]) -> str:
    """Tokens as text again: a space before a word or an opening mark, none after one."""
    text, opened = "", False
    for token in tokens:
        opening = token in "'(“‘"
        spaced = text and not opened and (token[0].isalnum() or opening)
        text += " " + token if spaced else token
        opened = opening and (spaced or not text.strip(token))
    return shorten(text, 80)


def shorten(text: str, limit: int = 240) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + " …"
