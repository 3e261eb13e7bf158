"""Where a sentence really ends: pysbd's breaks, less those a UN text cannot mean.

pysbd breaks after "witness k." and "para." as if they ended a sentence, and misses the
end of a sentence that ends with a quotation followed by another. A break is undone
when what follows it starts in lower case or with a comma, semicolon or colon (no sentence
does: "a witness, k. m., confirmed"), when what comes before it is an
abbreviation that never ends one ("para. 4", "No. 36", "Mr. Fadavi") or a person's initial
("witness K. Rahimi"), or when it falls inside a quotation that is still open ("“They were
taken. None came back.”" is one sentence of the text that quotes it).
"""

from __future__ import annotations

import re

# Abbreviations that stand before what they abbreviate: a number, a name, a title. Written
# as they are printed, case and all; in English, French and Spanish.
_NEVER_FINAL = frozenset(
    """
    para paras p pp No Nos no nos Mr Mrs Ms Dr Prof Messrs Mmes Sr Sra Sres Srta Dra Gen Col
    Lt Capt Sgt Rev Hon St art arts Art Arts vol vols Vol ch chap sect fig figs fn nn n cf
    e.g i.e viz approx Ref ref Corr Add Suppl ann op cit resp Jan Feb Mar Apr Aug Sept Sep
    Oct Nov Dec M MM Mme Mmes Mlle par al éd núm Núm párr párrs pág págs Excmo
    """.split()
)
_LAST_WORD = re.compile(r"(?:^|[\s(\[“‘«])([^\s(\[“‘«]+)\.$")
_INITIAL = re.compile(r"(?:^|[\s(])[^\W\d_]\.$")
_FIRST_LETTER = re.compile(r"[\s\"'“‘«(\[]*([^\W\d_])")
# No sentence begins with a comma, a semicolon or a colon: "a witness, k. m., confirmed".
_CONTINUING = re.compile(r"\s*[,;:]")
_OPENING = {"“": "”", "«": "»"}
# How far back a break looks: the last word, and whether a quotation is open. Bounded, so that
# a long paragraph is segmented in linear time.
_WORD_REACH = 100
_QUOTE_REACH = 2_000
# pysbd misses `… on Sunday.” “‘The judicial …`: a quotation that ends a sentence.
_AFTER_QUOTATION = re.compile(r"(?<=[.!?][”»])\s+(?=[“«‘\"]*[A-Z])")
_CLOSING = re.compile(r"[”»’\")\]]+\s*")


def true_starts(text: str, starts: list[int]) -> list[int]:
    """The starts of `text`'s sentences: `starts` (pysbd's, in order) less the false ones."""
    kept: list[int] = []
    missed = [found.end() for found in _AFTER_QUOTATION.finditer(text)]
    for start in sorted({*starts, *missed}):
        if kept:
            start = _past_closing_marks(text, kept[-1], start)
        if kept and (start >= len(text) or _false_break(text, kept[-1], start)):
            continue
        kept.append(start)
    return kept or [0]


def _past_closing_marks(text: str, sentence_start: int, start: int) -> int:
    """pysbd breaks `Sunday.” “The` before the closing mark: the sentence ends after it."""
    closing = _CLOSING.match(text, start)
    if closing is None:
        return start
    since = text[max(sentence_start, start - _QUOTE_REACH) : start]
    if '"' in closing.group(0) and since.count('"') % 2 == 0:
        return start  # a straight quotation mark that opens the next sentence
    return closing.end()


def _false_break(text: str, sentence_start: int, start: int) -> bool:
    before = text[max(sentence_start, start - _QUOTE_REACH) : start].rstrip()
    first = _FIRST_LETTER.match(text, start)
    if (first is not None and first.group(1).islower()) or _CONTINUING.match(text, start):
        return True
    tail = before[-_WORD_REACH:]
    word = _LAST_WORD.search(tail)
    if word is not None and word.group(1) in _NEVER_FINAL:
        return True
    if _INITIAL.search(tail) and first is not None and first.group(1).isupper():
        return True
    return _open_quotation(before)


def _open_quotation(before: str) -> bool:
    """Whether a quotation opened in `before` is not closed by its end."""
    if any(before.count(opening) > before.count(closing) for opening, closing in _OPENING.items()):
        return True
    return before.count('"') % 2 == 1
