"""A statement as a reader meets it: blocks of plain text, split into sentences, each with the
citations that stand behind it and the place in statement.md of every character.

A sentence is backed by the citations inside it or right after its end. A sentence without
one is backed by the citation that closes its paragraph; a list or a block quotation that a
paragraph ending in a colon introduces ("... told the Council [@report]:") is backed by the
citations of that paragraph. `[uncited: reason]` backs a sentence the same way, on purpose,
with no source.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

import pysbd
from markdown_it.token import Token

from ..base.problems import Location
from .citations import CITATION, UNCITED, Citation, UncitedMark
from .markdown import Statement
from .positions import InlineSource
from .sentence_breaks import true_starts

# "We call on ...", "Nous appelons ...", "Instamos ...": the writer's own recommendations.
_RECOMMENDATION = re.compile(
    r"\b(?:we|I)\s+(?:(?:therefore|also|further|again|respectfully|strongly|urgently|once again)"
    r"\s+)*(?:call|urge|appeal|ask|request|recommend|encourage|invite|demand)\b"
    r"|\bnous\s+(?:\w+\s+)?(?:appelons|demandons|exhortons|invitons|recommandons|prions)\b"
    r"|\b(?:instamos|pedimos|exhortamos|recomendamos|solicitamos|invitamos|"
    r"hacemos un llamamiento|hacemos un llamado)\b",
    re.I,
)


@dataclass
class Backing:
    """What stands behind a sentence: citations, or the writer's marks that none is needed."""

    citations: list[Citation] = field(default_factory=list)
    uncited: list[UncitedMark] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.citations or self.uncited)


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    own: Backing = field(default_factory=Backing)
    backing: Backing = field(default_factory=Backing)
    recommendation: bool = False
    # Whose citations `backing` is: the sentence's "own", its paragraph's "closing" one, or
    # the "introducing" paragraph's (of a list or quotation).
    backed_by: str = "own"


@dataclass
class Block:
    """A paragraph, heading, list item or quoted paragraph, as plain text."""

    kind: str  # "paragraph", "heading", "item", "quote"
    text: str
    sentences: list[Sentence]
    source: InlineSource
    _offsets: list[int]  # where each run of the plain text starts...
    _places: list[int]  # ...and the offset in the inline source it is written at

    def location(self, offset: int) -> Location:
        """Where the character at `offset` of the plain text is written in the statement."""
        if not self._offsets:
            return self.source.location(0)
        index = max(bisect.bisect_right(self._offsets, offset) - 1, 0)
        return self.source.location(self._places[index] + offset - self._offsets[index])

    @property
    def closing(self) -> Backing:
        return self.sentences[-1].own if self.sentences else Backing()

    @property
    def introduces(self) -> bool:
        return self.text.rstrip().endswith(":")


def read_blocks(statement: Statement, language: str) -> list[Block]:
    """The statement's blocks, in order, with each sentence's backing worked out."""
    source_lines = statement.source.split("\n")
    blocks: list[Block] = []
    depth = 0  # inside how many lists and block quotations
    kind = "paragraph"
    introducer: Block | None = None  # the paragraph before a list or quotation, if it ends in ":"
    previous: Block | None = None  # the last top-level paragraph, when nothing came after it
    for index, token in enumerate(statement.tokens):
        if token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            if depth == 0:
                introducer = previous if previous and previous.introduces else None
                kind = "quote" if token.type == "blockquote_open" else "item"
            depth += 1
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                introducer, previous, kind = None, None, "paragraph"
        elif token.type == "inline" and token.map is not None:
            heading = index > 0 and statement.tokens[index - 1].type == "heading_open"
            block = _block(
                token, "heading" if heading else kind, statement.path, source_lines, language
            )
            _back(block, introducer if depth else None)
            blocks.append(block)
            if depth == 0:
                previous = None if heading else block
    return blocks


def _back(block: Block, introducer: Block | None) -> None:
    """Give each sentence its backing: its own, the paragraph's closing one, or the
    introducing paragraph's."""
    introduced_by_recommendation = bool(
        introducer and introducer.sentences and introducer.sentences[-1].recommendation
    )
    for sentence in block.sentences:
        sentence.recommendation = sentence.recommendation or introduced_by_recommendation
        if sentence.own:
            sentence.backing = sentence.own
        elif block.closing:
            sentence.backing, sentence.backed_by = block.closing, "closing"
        elif introducer is not None:
            sentence.backing, sentence.backed_by = introducer.closing, "introducing"


def _block(token: Token, kind: str, path: str, lines: list[str], language: str) -> Block:
    source = InlineSource(path, lines, token)
    text_parts: list[str] = []
    offsets: list[int] = []  # where each run of the plain text starts...
    places: list[int] = []  # ...and where it is written in the inline source
    marks: list[tuple[int, Citation | UncitedMark]] = []
    length = 0
    cursor = 0
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            text_parts.append(" ")
            length += 1
        elif child.type in (CITATION, UNCITED):
            raw = child.meta["citation"].raw if child.type == CITATION else child.meta["raw"]
            cursor = child.meta["offset"] + len(raw)
            marks.append((length, child.meta.get("citation") or child.meta["mark"]))
        elif child.type in ("text", "text_special", "code_inline") and child.content:
            runs, cursor = source.align(child.content, cursor)
            offsets += [length + shown for shown, _ in runs]
            places += [written for _, written in runs]
            text_parts.append(child.content)
            length += len(child.content)
    text = "".join(text_parts)
    sentences = _sentences(text, language)
    ends = [sentence.end for sentence in sentences]
    for offset, mark in marks:
        sentence = _sentence_at(sentences, ends, offset)
        if sentence is None:
            continue
        if isinstance(mark, Citation):
            sentence.own.citations.append(mark)
        else:
            sentence.own.uncited.append(mark)
    return Block(kind, text, sentences, source, offsets, places)


# pysbd takes time quadratic in the length of what it is given (each abbreviation it meets is
# replaced throughout the text), so it is given at most this much at once: the text is
# segmented piece by piece, each piece's last, perhaps cut, sentence starting the next piece.
# A sentence is cut only if it is longer than a piece, some 500 words.
_PIECE = 3_000


@functools.lru_cache(maxsize=8192)
def _sentence_starts(text: str, language: str) -> tuple[int, ...]:
    """Where each sentence of a block's text starts: the slowest step of reading a statement,
    asked for the same blocks by several checks in one run and by every re-check of
    `dossier serve`, so remembered."""
    return tuple(_segmented_starts(text, language))


def _segmented_starts(text: str, language: str) -> list[int]:
    starts: list[int] = []
    start = 0
    while start < len(text):
        piece = text[start : start + _PIECE]
        spans = [s.start for s in _segmenter(language).segment(piece)] or [0]
        if start + _PIECE >= len(text):
            return starts + [start + spans[0], *(start + s for s in spans[1:])]
        if len(spans) >= 2:
            starts += [start + s for s in spans[:-1]]
            start += spans[-1]
            continue
        cut = piece.rfind(" ", _PIECE // 2) + 1 or _PIECE  # a sentence longer than a piece
        starts.append(start)
        start += cut
    return starts


def _sentences(text: str, language: str) -> list[Sentence]:
    if not text.strip():
        return []
    starts = true_starts(text, list(_sentence_starts(text, language)))
    sentences = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        piece = text[start:end]
        sentences.append(Sentence(start, end, piece, recommendation=_is_recommendation(piece)))
    return sentences


def _sentence_at(sentences: list[Sentence], ends: list[int], offset: int) -> Sentence | None:
    """The first sentence that ends after `offset`, else the last; `ends` are their ends."""
    if not sentences:
        return None
    return sentences[min(bisect.bisect_right(ends, offset), len(sentences) - 1)]


def _is_recommendation(sentence: str) -> bool:
    return bool(_RECOMMENDATION.search(sentence))


@functools.cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=True)
