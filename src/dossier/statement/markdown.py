"""Parse a statement's Markdown (CommonMark with Pandoc citations) and render it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..base.problem_codes import (
    DISALLOWED_LINK,
    EMPTY_STATEMENT,
    IMAGE_NOT_IN_WORKSPACE,
    MALFORMED_CITATION,
    NESTED_TOO_DEEPLY,
    NOTE_MARK_WITHOUT_NOTE,
    RAW_HTML_IN_STATEMENT,
    UNCLOSED_CITATION,
)
from ..base.problems import Location, Problem
from ..load.wording import QUOTES, QuoteWording
from .citations import CITATION, NOTE_MARK, UNCITED, Citation, citation_plugin
from .notes import MARK_WITHOUT_NOTE, notes_plugin
from .positions import InlineSource, offset_of
from .symbols import is_symbol, symbol_url, symbols_in

# Every pattern here runs on the writer's text, so none may take more than linear time: a tag
# ends before the next `<` (`[^>]*>` rescanned the rest of the text from every `<`), and a
# word is looked for only where a run of non-space starts.
_RAW_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*|/[A-Za-z][A-Za-z0-9-]*|!--)[^<>]*>")
_UNCLOSED_CITATION = re.compile(r"\[\s*-?@\w")
_KEYLESS_CITATION = re.compile(r"\[\s*-?@(?![\w])[^\]\n]{0,20}\]?")
_OPEN_BRACKET_BEFORE = re.compile(r"\[[^\[\]]*$")
_SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.I)


@dataclass
class Statement:
    """A parsed statement: markdown-it's tokens, its citations in order, and its problems."""

    path: str
    source: str
    tokens: list[Token]
    citations: list[Citation]
    problems: list[Problem] = field(default_factory=list)
    markdown: MarkdownIt | None = None
    images: list[StatementImage] = field(default_factory=list)


# How deep blocks may nest: each block quotation is one level, each list two (the list and its
# item). markdown-it silently drops whatever lies deeper than its `maxNesting`; a statement's
# text is never dropped, so deeper text is refused at its line instead (D309).
MAX_NESTING = 40


def parse_statement(
    text: str, path: str, language: str, quotes: QuoteWording | None = None
) -> Statement:
    """`quotes`: the marks straight quotation marks become (by default the language's)."""
    marks = (quotes or QUOTES[language]).smartquotes()
    options = {"html": False, "typographer": True, "quotes": marks, "maxNesting": MAX_NESTING}
    md = MarkdownIt("commonmark", options)
    md.enable("smartquotes")  # only: no other typographic replacement of the writer's text
    _refuse_deeper_blocks(md, path)
    # Every link and image becomes a token, so that `_inert_references` can refuse each unsafe
    # one at its line, rather than markdown-it dropping it silently into the text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    citation_plugin(md, path, language)
    md.core.ruler.before(
        "text_join", "statement_problems", lambda state: _text_problems(state, path)
    )
    md.core.ruler.after("citation_punctuation", "symbol_links", _link_symbols)
    md.core.ruler.after("symbol_links", "inert_references", lambda s: _inert_references(s, path))
    notes_plugin(md, path)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    _shift_headings(tokens)
    images = env.get("images", [])
    # Every note in the order its marks are read: citations and explanatory notes.
    citations = [
        t.meta["citation"] if t.type == CITATION else t.meta["note"]
        for block in tokens
        if block.type == "inline" and block.children
        for t in block.children
        if t.type == CITATION or (t.type == NOTE_MARK and "note" in t.meta)
    ]
    problems = env.get("problems", [])
    if not text.strip():
        problems.append(
            Problem.of(
                EMPTY_STATEMENT,
                Location(path, 1, 1),
                f"{path} is empty",
                "write the statement here in Markdown; `dossier new NAME` gives an example",
            )
        )
    return Statement(path, text, tokens, citations, problems, md, images)


def _refuse_deeper_blocks(md: MarkdownIt, path: str) -> None:
    """Report the lines markdown-it would drop, nested deeper than it parses (D309)."""
    tokenize = md.block.tokenize

    def tokenize_or_refuse(state: StateBlock, start: int, end: int) -> None:
        line = state.skipEmptyLines(start)
        if state.level < MAX_NESTING or line >= end:
            tokenize(state, start, end)
            return
        state.line = end
        problems: list[Problem] = state.env.setdefault("problems", [])
        if any(p.code == NESTED_TOO_DEEPLY for p in problems):
            return  # once: the first line that cannot be shown
        position = state.bMarks[line] + state.tShift[line]  # where the line's text starts
        problems.append(
            Problem.of(
                NESTED_TOO_DEEPLY,
                Location(path, line + 1, position - state.src.rfind("\n", 0, position)),
                f"lists and block quotations are nested {MAX_NESTING} levels deep or more here "
                "(a list counts two); the text from this line on cannot be shown",
                "nest fewer lists and quotations: a statement rarely needs more than three levels",
            )
        )

    md.block.tokenize = tokenize_or_refuse  # type: ignore[method-assign,assignment]


def _link_symbols(state: StateCore) -> None:
    """A valid UN document symbol in the text links to its page on undocs.org."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        in_link = 0
        for token in block.children:
            in_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "text" or in_link:
                children.append(token)
                continue
            children.extend(_with_symbol_links(token))
        block.children = children


def _inert_references(state: StateCore, path: str) -> None:
    """Links may lead to http(s), mailto or an #anchor; images must be files inside the
    workspace, given relative to the statement. Anything else is refused at its line and
    left as plain text, so nothing a statement says can make the build fetch or run it."""
    problems: list[Problem] = state.env.setdefault("problems", [])
    images: list[StatementImage] = state.env.setdefault("images", [])
    lines = state.src.split("\n")
    for block in state.tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        source, cursor = InlineSource(path, lines, block), 0
        kept: list[Token] = []
        open_links: list[bool] = []
        for token in block.children:
            target = str(token.attrGet("href") or token.attrGet("src") or "")
            found = source.find(target, cursor)
            cursor = found + len(target) if found >= 0 else cursor
            where = source.location(found if found >= 0 else cursor)
            if token.type == "link_open":
                href = str(token.attrGet("href") or "")
                safe = bool(_SAFE_LINK.match(href))
                open_links.append(safe)
                if not safe:
                    problems.append(_unsafe_link(href, where))
                    continue
            elif token.type == "link_close" and not open_links.pop():
                continue
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                inside = _image_path(src, path)
                if inside is None:
                    problems.append(_unsafe_image(src, where))
                    kept.append(_text(token.content))
                    continue
                token.attrSet("src", inside)
                images.append(StatementImage(inside, where))
            kept.append(token)
        block.children = kept


@dataclass(frozen=True)
class StatementImage:
    path: str  # relative to the workspace's root
    location: Location


def _image_path(src: str, statement_path: str) -> str | None:
    """The image's path from the workspace's root, if `src` is a relative path that stays in
    the workspace; None for an address, an absolute path or a path that climbs out."""
    if not src or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^[/\\]", src):
        return None
    parts: list[str] = list(PurePosixPath(statement_path).parent.parts)
    for part in unquote(src).split("?")[0].split("#")[0].replace("\\", "/").split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) or None


def _unsafe_link(href: str, where: Location) -> Problem:
    return Problem.of(
        DISALLOWED_LINK,
        where,
        f"a link to `{href}` is not allowed in a statement",
        "link only to web pages (https://...), e-mail addresses (mailto:...) or #headings",
    )


def _unsafe_image(src: str, where: Location) -> Problem:
    return Problem.of(
        IMAGE_NOT_IN_WORKSPACE,
        where,
        f"image `{src}` is not a file inside the workspace; a build never fetches it",
        "save a copy beside the statement and give its relative path, e.g. ![Map](map.png)",
    )


def _with_symbol_links(token: Token) -> list[Token]:
    out: list[Token] = []
    text, position = token.content, 0
    for found in symbols_in(text):
        if not is_symbol(found.group(0)):
            continue  # reported by the statement's checks, and left as text
        out.append(_text(text[position : found.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {"href": symbol_url(found.group(0))}
        out += [link, _text(found.group(0)), Token("link_close", "a", -1)]
        position = found.end()
    if not out:
        return [token]
    out.append(_text(text[position:]))
    return [t for t in out if t.type != "text" or t.content]


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _shift_headings(tokens: list[Token]) -> None:
    """The dossier's title is the document's heading 1, so the statement's `#` becomes h2."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _text_problems(state: StateCore, path: str) -> None:
    """Raw HTML and unclosed citations, found before escaped characters rejoin the text."""
    problems: list[Problem] = state.env.setdefault("problems", [])
    lines = state.src.split("\n")
    for block in state.tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        source, cursor, before = InlineSource(path, lines, block), 0, ""
        for index, token in enumerate(block.children):
            if token.type in ("softbreak", "hardbreak"):
                before += " "
            elif token.type == "text":
                runs, cursor = source.align(token.content, cursor)
                problems.extend(_problems_in_text(token.content, source, runs))
                before += token.content
            elif token.type == CITATION:
                cursor = token.meta["offset"] + len(token.meta["citation"].raw)
                after = block.children[index + 1 : index + 2]
                if _OPEN_BRACKET_BEFORE.search(before) and after and after[0].content[:1] == "]":
                    problems.append(_bracketed(token.meta["citation"]))
                before = ""
            else:
                before = ""


def _bracketed(citation: Citation) -> Problem:
    return Problem.of(
        MALFORMED_CITATION,
        citation.location,
        f"the citation `{citation.raw}` is inside a second pair of brackets",
        "put words before the key inside the citation's own brackets, e.g. "
        f"[see @{citation.items[0].key}]",
    )


def _problems_in_text(
    text: str, source: InlineSource, runs: list[tuple[int, int]]
) -> list[Problem]:
    """Raw HTML and broken citations in a text token, each at its own place: `runs` align
    the token's text with the inline text it was written in."""

    def at(found: re.Match[str]) -> Location:
        return source.location(offset_of(runs, found.start()))

    problems = [
        Problem.of(
            RAW_HTML_IN_STATEMENT,
            at(found),
            f"raw HTML `{found.group(0)}` is shown as text, not rendered",
            "use Markdown instead: *italic*, **bold**, [text](https://...)",
        )
        for found in _RAW_HTML.finditer(text)
    ]
    problems += [
        Problem.of(
            MALFORMED_CITATION,
            at(found),
            f"a citation with no key: `{found.group(0).strip()}`",
            "put the key right after the @, e.g. [@key] or [@key, p. 12]",
        )
        for found in _KEYLESS_CITATION.finditer(text)
    ]
    problems += [
        Problem.of(
            NOTE_MARK_WITHOUT_NOTE,
            at(found),
            f"the note mark `{found.group(0)}` has no note",
            f"write the note on a line of its own after the paragraph: "
            f"`{found.group(0)}: The text of the note.`",
        )
        for found in MARK_WITHOUT_NOTE.finditer(text)
    ]
    problems += [
        Problem.of(
            UNCLOSED_CITATION,
            at(found),
            f"a citation that is not closed: `{text[found.start() :].split(maxsplit=3)[0]}`",
            "close it with ], e.g. [@key] or [@key, p. 12]",
        )
        for found in _UNCLOSED_CITATION.finditer(text)
    ]
    return problems


CitationRenderer = Callable[[Citation, bool], str]


def render_statement(
    statement: Statement,
    render_citation: CitationRenderer,
    render_text: Callable[[str], str] = str,
) -> str:
    """The statement's HTML; `render_citation(citation, follows_another)` draws each note,
    `render_text` sets each run of escaped text (where lines may break, say)."""
    assert statement.markdown is not None
    md = statement.markdown

    def _text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return render_text(escapeHtml(tokens[idx].content))

    md.add_render_rule("text", _text)

    def _render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        follows = idx > 0 and tokens[idx - 1].type in (CITATION, NOTE_MARK)
        return render_citation(tokens[idx].meta["citation"], follows)

    def _render_note(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        follows = idx > 0 and tokens[idx - 1].type in (CITATION, NOTE_MARK)
        return render_citation(tokens[idx].meta["note"], follows)

    md.add_render_rule(CITATION, _render)
    md.add_render_rule(NOTE_MARK, _render_note)
    md.add_render_rule(UNCITED, lambda *args: "")
    tokens = [_lines_joined(token) for token in statement.tokens]
    return md.renderer.render(tokens, md.options, {})


def _lines_joined(block: Token) -> Token:
    """An inline block whose text runs on across the source's line breaks as one text (a copy:
    the statement's own tokens keep their lines), so that `render_text` sees "17 July 2020"
    whole when the writer's line broke inside it."""
    if block.type != "inline" or not block.children:
        return block
    children: list[Token] = []
    for child in block.children:
        previous = children[-1] if children else None
        joins = previous is not None and previous.type == "text"
        if child.type == "softbreak" and joins and previous is not None:
            children[-1] = previous.copy(content=previous.content + "\n")
        elif child.type == "text" and joins and previous is not None:
            children[-1] = previous.copy(content=previous.content + child.content)
        else:
            children.append(child)
    return block.copy(children=children)
