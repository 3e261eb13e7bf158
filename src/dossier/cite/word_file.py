"""The Word file's text, paragraph by paragraph, as the docx writer lays it out, and the words
Word counts in it. The venue's form asks for Word's count of the submitted file, footnotes
included, so the count is taken from the very paragraphs the writer writes: the front matter,
the title, the statement's headings, paragraphs, list items and code lines, the closing line
of NGOs sharing the views, a joint submission's annex of members, and the footnotes.

Word counts a word as a run of characters between spaces (tabs, line and paragraph breaks
count as spaces): a number ("1,500"), a URL, a hyphenated or dash-joined compound
("UN-backed", "July—August") and a spaced dash (" – ") are one word each; a footnote's
reference mark is not a word. A no-break space joins what it stands between. The numbers
Word gives the paragraphs of a venue that numbers them ("1.", "(a)": a list in numbering.xml,
not text in the file) are not words either: Word does not count automatic numbering."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..load.dossier import LoadedDossier
from ..load.profiles import Profile
from ..statement.citations import CITATION, NOTE_MARK
from .front_matter import FrontMatter, front_matter
from .note_style import Note, note_text
from .resolve import Footnote

RULE = "*\u2003*\u2003*"  # a thematic break (`***` in Markdown), centred
BULLET = "\u2022"
_WORD = re.compile(r"(?:[^\s]|[\u00a0\u2007\u202f])+")  # no-break spaces join, as in Word


def count_words(text: str) -> int:
    """Words as Word counts them: runs of characters between spaces."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class InlineRun:
    """One piece of a paragraph's text: what it shows and how. `kind` is text, code (inline
    code), space (a soft line break), break (a hard one), note (a footnote reference), comma
    (between two references at one point), image, link_open or link_close."""

    kind: str
    text: str = ""
    bold: bool = False
    italic: bool = False
    token: Token | None = None  # the note's or image's token; a link's, with its href


def inline_runs(children: Sequence[Token]) -> Iterator[InlineRun]:
    """A paragraph's inline tokens as the runs the Word file holds, in order."""
    bold = italic = 0
    for index, token in enumerate(children):
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind.endswith("open") else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind.endswith("open") else -1
        elif kind in ("link_open", "link_close"):
            yield InlineRun(kind, token=token)
        elif kind == "text":
            yield InlineRun("text", token.content, bold > 0, italic > 0)
        elif kind == "code_inline":
            yield InlineRun("code", token.content)
        elif kind == "softbreak":
            yield InlineRun("space", " ")
        elif kind == "hardbreak":
            yield InlineRun("break", "\n")
        elif kind == "image":
            yield InlineRun("image", token=token)
        elif kind in (CITATION, NOTE_MARK):
            if index > 0 and children[index - 1].type in (CITATION, NOTE_MARK):
                yield InlineRun("comma", ",")
            yield InlineRun("note", token=token)


@dataclass(frozen=True)
class Block:
    """One paragraph of the statement in the Word file. `style`: None (body text), Quote,
    Heading 1-3, Code (one line of a code block) or Rule. `marker`: a list item's bullet or
    number, or the paragraph's own number ("4.") or subparagraph letter ("(b)") when the venue
    numbers paragraphs; Word numbers those itself (`numbered`, at `level` 0 or 1), so that
    they are not text in the file."""

    style: str | None
    inline: Sequence[Token] = ()
    text: str = ""  # a code line's or a rule's
    marker: str = ""
    numbered: bool = False  # Word numbers it: `marker` is the number Word shows, not text
    level: int = 0  # its level in Word's numbering: 0 a paragraph "4.", 1 a subparagraph "(b)"
    lists: int = 0  # how deep in lists
    quote_depth: int = 0

    def runs(self) -> list[InlineRun]:
        return list(inline_runs(self.inline))

    def words_text(self) -> str:
        shown = self.text or "".join(run.text for run in self.runs())
        return shown if self.numbered else f"{self.marker} {shown}"


@dataclass
class _ListLevel:
    ordered: bool
    number: int


def statement_blocks(tokens: Sequence[Token], numbered: bool) -> Iterator[Block]:
    """The statement's Markdown blocks as the Word file's paragraphs; `numbered`: the venue
    numbers the statement's paragraphs (not list items or quotations)."""
    lists: list[_ListLevel] = []
    quote_depth = paragraphs = 0
    item_started = False  # the next paragraph is the first of a list item
    heading: int | None = None
    pending: dict[str, object] = {}

    def marker() -> str:
        nonlocal item_started
        if not (lists and item_started):
            return ""
        item_started = False
        level = lists[-1]
        if not level.ordered:
            return BULLET
        if numbered:  # subparagraphs of a numbered paragraph
            return f"({chr(ord('a') + (level.number - 1) % 26)})"
        return f"{level.number}."

    for token in tokens:
        kind = token.type
        place = {"lists": len(lists), "quote_depth": quote_depth}
        if kind == "heading_open":
            # The statement's headings were shifted below the title: h2 is Word's Heading 1.
            heading = min(int(token.tag[1]) - 1, 3)
        elif kind == "heading_close":
            heading = None
        elif kind == "paragraph_open":
            pending = {**place, "marker": marker()}
            if numbered and not lists and not quote_depth:
                paragraphs += 1
                pending.update(marker=f"{paragraphs}.", numbered=True)
            elif numbered and pending["marker"] and len(lists) == 1 and not quote_depth:
                if lists[0].ordered:  # a subparagraph (a), (b): the numbering's next level
                    pending.update(numbered=True, level=1)
        elif kind == "inline":
            if heading is not None:
                yield Block(f"Heading {heading}", token.children or [])
            else:
                style = "Quote" if quote_depth else None
                yield Block(style, token.children or [], **pending)  # type: ignore[arg-type]
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            ordered = kind == "ordered_list_open"
            lists.append(_ListLevel(ordered, int(start) - 1 if ordered and start else 0))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1].number += 1
            item_started = True
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("code_block", "fence"):
            for line in token.content.rstrip("\n").split("\n"):
                yield Block("Code", text=line, marker=marker(), **place)  # type: ignore[arg-type]
        elif kind == "hr":
            yield Block("Rule", text=RULE)


@dataclass
class WordFile:
    """What the Word file says, in its order: the venue's front matter (for venues whose file
    carries it), the title, the statement, the closing line of NGOs sharing the views, a joint
    submission's annex of members (`front.annex`), and the footnotes."""

    front: FrontMatter | None
    title: str
    blocks: list[Block]
    closing: list[str]
    notes: list[Note] = field(default_factory=list)

    def body_words(self) -> int:
        texts = [*front_matter_texts(self.front), self.title, *self.closing]
        texts += [block.words_text() for block in self.blocks]
        texts += annex_texts(self.front)
        return sum(count_words(text) for text in texts)

    def note_words(self) -> int:
        return sum(count_words(note_text(note)) for note in self.notes)


def word_file(
    loaded: LoadedDossier,
    profile: Profile,
    tokens: Sequence[Token],
    footnotes: list[Footnote],
    draft: bool = False,
) -> WordFile:
    """The Word file of a dossier, as the docx writer writes it and Word counts it (but for a
    draft's first line, which says it is not the file to send)."""
    config = loaded.config
    settings = profile.settings
    closing = []
    if config.shared_by:
        shared_views = profile.wording.in_language(config.language).header.shared_views
        closing.append(f"{', '.join(config.shared_by)}, {shared_views}")
    word = settings.word
    front = (
        front_matter(loaded, profile, draft=draft, submitter=word.submitter)
        if word.front_matter
        else None
    )
    return WordFile(
        front=front,
        title=config.title,
        blocks=list(statement_blocks(tokens, settings.numbered_paragraphs)),
        closing=closing,
        notes=[footnote.note for footnote in footnotes],
    )


def front_matter_texts(front: FrontMatter | None) -> list[str]:
    """The front matter's lines as the Word file prints them above the title (see
    docx_venue)."""
    if front is None:
        return []
    texts = [*front.heading, *(fact.line for fact in front.facts)]
    if not front.annex:
        texts += _organization_texts(front)
    for fact in front.sections:
        texts += [fact.label, fact.value]
    return texts


def annex_texts(front: FrontMatter | None) -> list[str]:
    """The annex of a joint submission's members, after the statement, as the Word file
    prints it."""
    return _organization_texts(front) if front is not None and front.annex else []


def _organization_texts(front: FrontMatter) -> list[str]:
    """The organisations' heading and each organisation's name, establishment and activities."""
    if not front.organizations:
        return []
    texts = [front.organizations_heading]
    for organization in front.organizations:
        parts = (organization.established, organization.description)
        texts += [organization.name, *(part.line for part in parts if part is not None)]
    return texts
