"""A markdown-it-py extension for Pandoc citations: `[@key]`, `[see @a, p. 12; @b]`.

The inline rule runs where markdown-it looks for links, so code spans, escaped brackets
and links are never citations; `[uncited: reason]` is the writer's mark that a sentence is
left without a source on purpose. Core rules then give each mark its line and column in the
statement, and set the footnote marker on the right side of the sentence's punctuation for
the statement's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..base.problems import Location
from .positions import InlineSource

# Pandoc's citation key: starts with a letter, digit or _, and may hold internal punctuation.
_KEY = r"[\w](?:\w|[:.#$%&\-+?<>~/](?=\w))*"
_ITEM = re.compile(
    rf"\s*(?P<prefix>(?:.*?\s)?)(?P<suppress>-?)@(?P<key>{_KEY})(?P<rest>.*)", re.S
)  # `rest` and an uncited mark's `reason` are stripped after the match: `.*?\s*$` would rescan
# a run of spaces at every character, in time quadratic in the run's length.
_PUNCTUATION = ".,;:!?"
_UNCITED = re.compile(r"uncited\s*(?::(?P<reason>.*))?", re.S)
CITATION = "citation"
UNCITED = "uncited"
NOTE_MARK = "footnote_ref"  # an explanatory note's mark, `[^label]` (see notes.py)
_NOTE_DEPTH = {"footnote_open": 1, "footnote_close": -1}


@dataclass
class CitationItem:
    """One key of a citation, with the text before it and its locator after a comma."""

    key: str
    prefix: str = ""
    locator: str = ""


@dataclass
class UncitedMark:
    """`[uncited: reason]`: the writer's visible mark that a sentence is left without a source
    on purpose. It prints nothing; `dossier check` lists each one with its reason."""

    reason: str
    location: Location = field(default_factory=lambda: Location(""))


@dataclass
class Citation:
    """A bracketed citation in a statement: its items and where it stands."""

    items: list[CitationItem]
    raw: str
    location: Location = field(default_factory=lambda: Location(""))


def parse_citation(label: str) -> list[CitationItem] | None:
    """The items of a bracket's content, or None when it is not a citation (a link, say)."""
    items = []
    for part in label.split(";"):
        found = _ITEM.match(part)
        if not found:
            return None
        rest = found["rest"].rstrip()
        if rest and not (rest[0] == "," or rest[0].isspace()):
            return None
        locator = rest[1:] if rest.startswith(",") else rest
        items.append(CitationItem(found["key"], found["prefix"].strip(), " ".join(locator.split())))
    return items


def citation_plugin(md: MarkdownIt, path: str, language: str) -> None:
    """Teach `md` Pandoc citations in the statement at `path`, written in `language`."""
    md.inline.ruler.before("link", CITATION, _citation_rule)
    md.inline.ruler.before("link", UNCITED, _uncited_rule)
    md.core.ruler.after("inline", "citation_locations", lambda state: _locate(state, path))
    md.core.ruler.after(
        "citation_locations", "citation_punctuation", lambda state: _place(state, language)
    )


def _citation_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if state.src[start] != "[" or "@" not in state.src[start : start + 200]:
        return False
    end = state.md.helpers.parseLinkLabel(state, start)
    if end < 0:
        return False
    after = state.src[end + 1 : end + 2]
    if after == "(" or (after == "[" and not _citation_follows(state, end + 1)):
        return False  # [text](url) and [text][ref] are links; [@a][@b] are two citations
    items = parse_citation(state.src[start + 1 : end])
    if items is None:
        return False
    if not silent:
        token = state.push(CITATION, "", 0)
        token.meta = {
            "citation": Citation(items, state.src[start : end + 1]),
            "offset": start,
        }
    state.pos = end + 1
    return True


def _uncited_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("[uncited", start):
        return False
    end = state.md.helpers.parseLinkLabel(state, start)
    found = _UNCITED.fullmatch(state.src[start + 1 : end]) if end > 0 else None
    if found is None or state.src[end + 1 : end + 2] in ("(", "["):
        return False
    if not silent:
        token = state.push(UNCITED, "", 0)
        reason = " ".join((found["reason"] or "").split())
        raw = state.src[start : end + 1]
        token.meta = {"mark": UncitedMark(reason), "offset": start, "raw": raw}
    state.pos = end + 1
    return True


def _citation_follows(state: StateInline, start: int) -> bool:
    end = state.md.helpers.parseLinkLabel(state, start)
    return end > 0 and parse_citation(state.src[start + 1 : end]) is not None


def _locate(state: StateCore, path: str) -> None:
    """Give each citation and uncited mark its line and column in the statement file."""
    lines = state.src.split("\n")
    for block in state.tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        source = InlineSource(path, lines, block)
        for token in block.children:
            if token.type == UNCITED:
                token.meta["mark"].location = source.location(token.meta["offset"])
            elif token.type == CITATION:
                token.meta["citation"].location = source.location(token.meta["offset"])


def _place(state: StateCore, language: str) -> None:
    """Put each marker after the sentence's punctuation in English, before it in fr and es.
    Inside an explanatory note a citation is printed in the note's text: it stays put."""
    in_note = 0
    for block in state.tokens:
        in_note += _NOTE_DEPTH.get(block.type, 0)
        if block.type == "inline" and block.children and not in_note:
            block.children = _placed(block.children, language)


def _placed(tokens: list[Token], language: str) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type == UNCITED:  # prints nothing, and leaves no space where it stood
            _join_previous_word(tokens[i], out)
            out.append(tokens[i])
            i += 1
            continue
        if tokens[i].type not in (CITATION, NOTE_MARK):
            out.append(tokens[i])
            i += 1
            continue
        run_end = i
        while run_end + 1 < len(tokens) and tokens[run_end + 1].type in (CITATION, NOTE_MARK):
            run_end += 1
        run = tokens[i : run_end + 1]
        following = tokens[run_end + 1] if run_end + 1 < len(tokens) else None
        _join_previous_word(run[0], out)
        previous = out[-1] if out and out[-1].type == "text" else None
        if language == "en":
            _punctuation_before_markers(previous, following, out)
            out.extend(run)
        else:
            moved = _punctuation_after_markers(previous)
            out.extend(run)
            if moved:
                if following is not None and following.type == "text":
                    following.content = moved + following.content
                else:
                    text = Token("text", "", 0)
                    text.content = moved
                    out.append(text)
        i = run_end + 1
    # A text the punctuation left empty would part two runs of marks at one point
    # (`graves [@a].[^n]`): without it they are one run, separated as any other.
    return [token for token in out if token.type != "text" or token.content]


def _join_previous_word(mark: Token, out: list[Token]) -> None:
    """A mark at a line's start, or after a space, joins the word before it."""
    if out and out[-1].type == "softbreak":
        out.pop()
    if out and out[-1].type == "text":
        out[-1].content = out[-1].content.rstrip(" \t")


def _punctuation_before_markers(
    previous: Token | None, following: Token | None, out: list[Token]
) -> None:
    """`... abstentions [@vote].` reads `... abstentions.¹`."""
    if following is None or following.type != "text" or not following.content:
        return
    mark = following.content[0]
    if mark not in _PUNCTUATION:
        return
    following.content = following.content[1:]
    if previous is not None:
        previous.content += mark
    else:
        text = Token("text", "", 0)
        text.content = mark
        out.append(text)


def _punctuation_after_markers(previous: Token | None) -> str:
    """`... abstentions.[@vote]` reads `... abstentions¹.` in French and Spanish."""
    if previous is None or not previous.content or previous.content[-1] not in _PUNCTUATION:
        return ""
    mark = previous.content[-1]
    previous.content = previous.content[:-1].rstrip(" \u00a0\u202f")
    return mark
