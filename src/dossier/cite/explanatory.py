"""An explanatory note's text as footnote segments: the writer's words (italics, links kept),
with each citation inside it printed where it stands, as its source would be in a note of its
own ("… withheld for their safety. See Amnesty International, “Blood-soaked secrets”, …")."""

from __future__ import annotations

from dataclasses import replace

from markdown_it.token import Token

from ..statement.citations import CITATION
from ..statement.notes import ExplanatoryNote
from .note_style import Note, Segment

_FINAL = (".", "?", "!")


def explanatory_note(note: ExplanatoryNote, notes: dict[int, Note]) -> Note:
    """The note's segments; `notes` holds each inner citation's own note, by its id()."""
    out: Note = []
    italic = 0
    links: list[str] = []
    tokens = note.tokens
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            links.append(str(token.attrGet("href") or ""))
        elif kind == "link_close" and links:
            links.pop()
        elif kind in ("text", "code_inline"):
            out.append(Segment(token.content, links[-1] if links else "", italic > 0))
        elif kind in ("softbreak", "hardbreak"):
            out.append(Segment(" "))
        elif kind == CITATION:
            own = notes[id(token.meta["citation"])]
            out.extend(_inline(own, tokens[index + 1 :], out))
    return [segment for segment in out if segment.text]


def _inline(source: Note, following: list[Token], before: Note) -> Note:
    """A source's note inside the writer's sentence: a space before it if the text runs on,
    and its full stop left to the writer's own punctuation when some follows."""
    after = next((t.content for t in following if t.type == "text" and t.content), "")
    if source and after[:1] in (*_FINAL, ",", ";", ":") and source[-1].text.endswith("."):
        last = source[-1]
        source = [*source[:-1], replace(last, text=last.text[:-1])]
    written = "".join(segment.text for segment in before).rstrip()
    first = source[0] if source else Segment("")
    if written and not written.endswith(_FINAL) and first.text.startswith("Ibid"):
        source = [replace(first, text="i" + first.text[1:]), *source[1:]]  # See ibid.
    if written and not before[-1].text[-1:].isspace():
        source = [Segment(" "), *source]
    return source
