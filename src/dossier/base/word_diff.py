"""Word-level differences between two texts: a claim and its rewording, a quote and its
correction, a snapshot and its re-capture. Words are runs of non-space; a change of spacing
alone is not a change of words."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Op = Literal["=", "-", "+"]
# Beyond this many pairs of words (the words of one side's differing part times the other's),
# a diff says only where the texts part, and how much differs: difflib's matcher takes time
# quadratic in the worst case (a re-captured snapshot of 12,000 words, changed throughout,
# took 27 seconds). Each side's first words are shown.
_MOST_PAIRS = 4_000_000
_SHOWN_WORDS = 30
# Words of unchanged text kept on each side of a change in a shortened diff.
CONTEXT = 6


@dataclass(frozen=True)
class Segment:
    """A run of words the two texts share (=), that only the old one has (-), or only the
    new one (+)."""

    op: Op
    text: str

    def as_json(self) -> dict[str, str]:
        return {"op": {"=": "same", "-": "removed", "+": "added"}[self.op], "text": self.text}


def word_diff(old: str, new: str) -> list[Segment]:
    """The two texts as runs of shared, removed and added words, in reading order."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    segments: list[Segment] = []
    _add(segments, "=", a[:start])
    if len(middle_a) * len(middle_b) > _MOST_PAIRS:
        _add(segments, "-", _cut(middle_a))
        _add(segments, "+", _cut(middle_b))
    else:
        matcher = difflib.SequenceMatcher(a=middle_a, b=middle_b, autojunk=False)
        for operation, a1, a2, b1, b2 in matcher.get_opcodes():
            if operation == "equal":
                _add(segments, "=", middle_a[a1:a2])
                continue
            _add(segments, "-", middle_a[a1:a2])
            _add(segments, "+", middle_b[b1:b2])
    _add(segments, "=", a[len(a) - end :])
    return segments


def _cut(words: list[str]) -> list[str]:
    """The first words of a part too long to compare word by word, and how long it is."""
    if len(words) <= _SHOWN_WORDS:
        return words
    return [
        *words[:_SHOWN_WORDS],
        f"… [{len(words):,} words in all from where the texts part: too many changes to "
        "compare word by word]",
    ]


def marked(segments: list[Segment]) -> str:
    """The segments as plain text: removed words in [-...-], added words in {+...+}."""
    shown = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(shown[s.op].format(s.text) for s in segments)


def _add(segments: list[Segment], op: Op, words: list[str]) -> None:
    if not words:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, f"{segments[-1].text} {' '.join(words)}")
    else:
        segments.append(Segment(op, " ".join(words)))


def hunks(segments: list[Segment], context: int = CONTEXT) -> list[list[Segment]]:
    """Only the changes, each with a few words of the shared text around it: for long texts
    such as a snapshot. Changes closer than twice the context share one hunk."""
    found: list[list[Segment]] = []
    current: list[Segment] = []
    for index, segment in enumerate(segments):
        if segment.op != "=":
            current.append(segment)
            continue
        words = segment.text.split()
        first, last = index == 0, index == len(segments) - 1
        if current and not last and len(words) <= 2 * context:
            current.append(segment)  # a short run between two changes: keep the hunk going
            continue
        if current:
            current.append(Segment("=", " ".join(words[:context]) + " …" * (len(words) > context)))
            found.append(current)
            current = []
        if not last:
            lead = words[-context:]
            shown = ("… " * (not first or len(words) > context)) + " ".join(lead)
            current = [Segment("=", shown)]
    if current and any(s.op != "=" for s in current):
        found.append(current)
    return found


def changed(old: str, new: str) -> bool:
    """Whether the words differ, not only the spacing between them."""
    return old.split() != new.split()
