"""Explanatory notes: Markdown footnotes (`text.[^label]` and, on a line of its own,
`[^label]: The names are withheld for the safety of the witnesses.`), as UN statements use
them beside their citations.

mdit_py_plugins' footnote rule reads them. Each mark in the text becomes an
`ExplanatoryNote`: a citation whose items are those of the citations written inside the
note, so that it is numbered in order with the citation notes, and every check of what a
statement cites (confidential items, approvals, unused entries) sees what its notes cite.
The notes' text leaves the statement's body tokens: it is not a paragraph of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..base.problem_codes import UNUSED_NOTE
from ..base.problems import Location, Problem
from .citations import CITATION, NOTE_MARK, Citation
from .positions import InlineSource

_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)
MARK_WITHOUT_NOTE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass
class ExplanatoryNote(Citation):
    """A footnote the writer wrote: its label, its text's inline tokens (paragraphs joined by
    a space) and the citations inside it."""

    label: str = ""
    tokens: list[Token] = field(default_factory=list)
    inner: list[Citation] = field(default_factory=list)


def notes_plugin(md: MarkdownIt, path: str) -> None:
    """Teach `md` Markdown footnotes (after its other core rules are added): after parsing,
    each mark's token holds its note in `meta["note"]`, and the notes' text is gone from the
    tokens."""
    md.use(footnote_plugin, inline=False)
    # Last before the text is joined: the notes' text was checked and placed like the body's.
    md.core.ruler.before("text_join", "explanatory_notes", lambda s: _take_notes(s, path))


def _take_notes(state: StateCore, path: str) -> None:
    problems: list[Problem] = state.env.setdefault("problems", [])
    tokens = state.tokens
    if not any(t.type == "footnote_block_open" for t in tokens):
        _unused_definitions(state, path, problems, used=set())
        return
    start = next(i for i, t in enumerate(tokens) if t.type == "footnote_block_open")
    texts: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens[start:]:
        if token.type == "footnote_open":
            current = texts.setdefault(token.meta["id"], [])
        elif token.type == "inline" and current is not None:
            if current:
                current.append(_space())
            current.extend(token.children or [])
    del tokens[start:]
    lines = state.src.split("\n")
    used: set[str] = set()
    for block in tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        source = InlineSource(path, lines, block)
        cursor = 0
        for token in block.children:
            if token.type != NOTE_MARK:
                continue
            label = token.meta["label"]
            used.add(label)
            found = source.find(f"[^{label}]", cursor)
            cursor = found + 1 if found >= 0 else cursor
            inside = texts.get(token.meta["id"], [])
            inner = [t.meta["citation"] for t in inside if t.type == CITATION]
            token.meta["note"] = ExplanatoryNote(
                items=[item for citation in inner for item in citation.items],
                raw=f"[^{label}]",
                location=source.location(found if found >= 0 else cursor),
                label=label,
                tokens=inside,
                inner=inner,
            )
    _unused_definitions(state, path, problems, used)


def _unused_definitions(
    state: StateCore, path: str, problems: list[Problem], used: set[str]
) -> None:
    for found in _DEFINITION.finditer(state.src):
        if found.group(1) not in used:
            problems.append(
                Problem.of(
                    UNUSED_NOTE,
                    Location.at_offset(path, state.src, found.start(1) - 2),
                    f"the note [^{found.group(1)}] is never marked in the text, so it is not "
                    "printed",
                    f"put [^{found.group(1)}] in the text where the note belongs, or remove it",
                )
            )


def _space() -> Token:
    token = Token("text", "", 0)
    token.content = " "
    return token
