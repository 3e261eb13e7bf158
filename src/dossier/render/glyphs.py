"""Characters no font could draw. WeasyPrint draws such a character as an empty box (its
.notdef glyph) and only logs a warning: a submission would go out with holes in its words.
A build refuses it instead, naming where each such text was written and how to give it a font.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..problems import Location, Problem

if TYPE_CHECKING:  # render_pdf reads the characters; the loaders stay out of `--help`
    from ..cite.compile import CompiledDossier

# What WeasyPrint logs when it draws a .notdef glyph (weasyprint/draw/text.py).
_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string .*\(U\+([0-9A-Fa-f]{4,6})\)")
_SHOWN = 4  # characters named in a message; the rest are counted


def undrawn_characters(messages: Iterable[str]) -> list[str]:
    """The characters WeasyPrint drew as empty boxes, once each, in the order it met them."""
    found = (_NOTDEF.search(message) for message in messages)
    return list(dict.fromkeys(chr(int(match.group(1), 16)) for match in found if match))


def undrawn_problems(
    characters: list[str], compiled: CompiledDossier, templates: dict[str, str]
) -> list[Problem]:
    """One error per line the characters were written on (at the first of them): in the
    statement, dossier.yaml, a cited bibliography entry or evidence item, or a template
    (`templates`: shown path → text)."""
    lines: dict[tuple[str, int], list[tuple[Location, str]]] = {}
    for character in characters:
        where = _written_at(character, compiled, templates)
        lines.setdefault((where.path, where.line), []).append((where, character))
    places = {
        min(where for where, _ in found): [c for _, c in sorted(found)] for found in lines.values()
    }
    return [
        Problem.of(
            "D706",
            where,
            f"no font draws {_named(found)}: the PDF would show "
            + ("an empty box in its place" if len(found) == 1 else "empty boxes in their place"),
            "write the text in a script dossier's fonts have (Latin, Greek, Cyrillic, Arabic), "
            "or load a font that has these characters with @font-face in your template's "
            "stylesheet (see docs/reproducible.md)",
        )
        for where, found in places.items()
    ]


def _named(characters: list[str]) -> str:
    shown = ", ".join(
        f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})"
        for c in characters[:_SHOWN]
    )
    more = len(characters) - _SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _written_at(character: str, compiled: CompiledDossier, templates: dict[str, str]) -> Location:
    for shown, text in _texts(compiled, templates):
        at = text.find(character)
        if at >= 0:
            return Location.at_offset(shown, text, at)
    for where, value in _values(compiled):
        if character in value:
            return where
    return Location(compiled.loaded.statement_shown)


def _texts(compiled: CompiledDossier, templates: dict[str, str]) -> Iterator[tuple[str, str]]:
    yield compiled.loaded.statement_shown, compiled.loaded.statement_text
    yield from templates.items()


def _values(compiled: CompiledDossier) -> Iterator[tuple[Location, str]]:
    """Each text value the notes and the header are made of, with where it is written."""
    document = compiled.loaded.document
    for path, where in document.values.items():
        value = document.data
        for step in path:
            value = value[step]
        if isinstance(value, str):
            yield where, value
    for footnote in compiled.footnotes:
        for source in footnote.sources:
            for name, value in source.entry.fields.items():
                yield source.entry.field_locations.get(name, source.entry.location), value
            if source.source is not None and source.source.quote:
                yield source.source.field_location("quote"), source.source.quote
