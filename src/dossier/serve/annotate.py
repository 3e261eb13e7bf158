"""Put each problem found in a statement beside the sentence it is in: a copy of the parsed
statement whose text carries a marker at the end of that sentence, for the live preview.

Sentences are the ones `dossier check` reads (statement.sentences), so a marker stands where
the checks saw the problem. The statement itself is left as it was: the PDF never shows a
marker."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

from markdown_it.token import Token

from ..base.problems import Problem
from ..statement.citations import CITATION, UNCITED
from ..statement.markdown import Statement
from ..statement.sentences import Block, read_blocks

_TEXT = ("text", "text_special", "code_inline")
_BREAKS = ("softbreak", "hardbreak")

Marker = Callable[[list[int]], str]  # the HTML marking the problems with these indexes


@dataclass(frozen=True)
class _Place:
    block: int  # index among the statement's inline blocks
    end: int  # the sentence's end, as an offset in the block's plain text


def annotate(
    statement: Statement, problems: list[Problem], language: str, marker: Marker
) -> tuple[Statement, list[int]]:
    """The statement with `marker([i, ...])` after each sentence that problems[i] are in, and
    the indexes of the problems in the statement that no sentence holds (shown above it)."""
    blocks = read_blocks(statement, language)
    inline = [i for i, t in enumerate(statement.tokens) if t.type == "inline" and t.map]
    at: dict[_Place, list[int]] = {}
    unplaced: list[int] = []
    for index, problem in enumerate(problems):
        if problem.location is None or problem.location.path != statement.path:
            continue
        place = _place(blocks, statement.tokens, inline, problem)
        if place is None:
            unplaced.append(index)
        else:
            at.setdefault(place, []).append(index)
    tokens = list(statement.tokens)
    for place, indexes in sorted(at.items(), key=lambda item: -item[0].end):
        position = inline[place.block]
        marked = copy.copy(tokens[position])
        marked.children = _insert(tokens[position].children or [], place.end, marker(indexes))
        tokens[position] = marked
    return replace(statement, tokens=tokens), unplaced


def _place(
    blocks: list[Block], tokens: list[Token], inline: list[int], problem: Problem
) -> _Place | None:
    """The sentence the problem's line and column fall in: the last sentence starting at or
    before it, in the block whose lines hold it."""
    assert problem.location is not None
    where = (problem.location.line, problem.location.column)
    for number, (block, position) in enumerate(zip(blocks, inline, strict=False)):
        first, last = tokens[position].map or (0, 0)
        if not first < where[0] <= last or not block.sentences:
            continue
        chosen = block.sentences[0]
        for sentence in block.sentences:
            start = block.location(sentence.start)
            if (start.line, start.column) <= where:
                chosen = sentence
        return _Place(number, chosen.end)
    return None


def _insert(children: list[Token], end: int, html: str) -> list[Token]:
    """The children with an HTML token where the plain text reaches offset `end`, counted as
    statement.sentences counts it: text as written, a line break as one space."""
    mark = Token("html_inline", "", 0)
    mark.content = html
    out: list[Token] = []
    length = 0
    placed = False
    for child in children:
        size = _length(child)
        if not placed and size and length >= end:
            out.append(mark)
            placed = True
        if not placed and child.type in _TEXT and length < end < length + size:
            cut = end - length
            before, after = copy.copy(child), copy.copy(child)
            before.content, after.content = child.content[:cut], child.content[cut:]
            out += [before, mark, after]
            placed = True
        else:
            out.append(child)
        length += size
    if not placed:
        out.append(mark)
    return out


def _length(token: Token) -> int:
    if token.type in _BREAKS:
        return 1
    if token.type in (CITATION, UNCITED):
        return 0
    return len(token.content) if token.type in _TEXT else 0
