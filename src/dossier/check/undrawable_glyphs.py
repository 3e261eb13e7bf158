"""Text that would print as empty boxes: characters no font draws (D706).

`dossier check` finds them before anything is laid out, from the characters the shipped
fonts draw (fonts/coverage.txt, written by scripts/font_coverage.py from the fonts
themselves), in what a dossier prints: its statement, its settings and its notes. A
workspace whose templates load fonts of their own with @font-face is left to the build,
which finds them in the layout (render/pdf/undrawn_glyphs.py); both tell them here, at the
place each was written.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .. import PACKAGE_DIR
from ..base.phrasing import noun_for
from ..base.problem_codes import UNDRAWABLE_CHARACTER
from ..base.problems import Location, Problem
from ..base.reading.read_input import current_limits, is_regular_file
from ..base.settings import TEMPLATES_FOLDER
from ..cite.compile import CompiledDossier
from ..cite.note_style import note_text

COVERAGE_FILE = PACKAGE_DIR / "fonts" / "coverage.txt"
# Characters drawn as nothing, or as space, whichever font is used: controls, format
# characters (zero-width joiners, soft hyphens, marks of direction), spaces and separators.
_NO_GLYPH_NEEDED = {"Cc", "Cf", "Zs", "Zl", "Zp"}
# Not characters at all: refused where they are written (D101, D105), not drawn.
_NOT_CHARACTERS = {"\ufffe", "\uffff"}
_SHOWN = 4  # characters named in a message; the rest are counted
_STYLED = {".css", ".j2", ".html"}  # where a template folder's stylesheets are written


def undrawable_problems(compiled: CompiledDossier, root: Path) -> list[Problem]:
    """D706 for each place the dossier's printed text has a character no shipped font
    draws; none when the workspace's templates for its venue load fonts of their own."""
    if _brings_fonts(root / TEMPLATES_FOLDER / compiled.profile.name):
        return []
    found = dict.fromkeys(
        character
        for text in _printed(compiled)
        for character in text
        if not _drawn(character)
    )
    return undrawn_problems(list(found), compiled, {})


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
            UNDRAWABLE_CHARACTER,
            where,
            f"no font draws {_named(found)}: the PDF would show "
            + noun_for(len(found), "an empty box in its place", "empty boxes in their place"),
            "the fonts dossier ships cover Latin, Greek, Cyrillic, Hebrew and Arabic script; "
            "for other characters, load a font that has them with @font-face in your venue "
            "template's stylesheet (docs/reproducible.md, Fonts)",
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


def _printed(compiled: CompiledDossier) -> Iterator[str]:
    """The text a dossier prints, as written: the statement, the settings' text values and
    each note as worded."""
    yield compiled.loaded.statement_text
    for where, value in _values(compiled):
        if where.path == compiled.loaded.document.path:
            yield value
    for footnote in compiled.footnotes:
        yield note_text(footnote.note)


@cache
def _coverage() -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for line in COVERAGE_FILE.read_text(encoding="ascii").split():
        start, end = line.split("-")
        starts.append(int(start, 16))
        ends.append(int(end, 16))
    return starts, ends


def _drawn(character: str) -> bool:
    """Whether a shipped font draws `character` (or it needs no glyph)."""
    starts, ends = _coverage()
    at = bisect_right(starts, ord(character)) - 1
    if at >= 0 and ord(character) <= ends[at]:
        return True
    return unicodedata.category(character) in _NO_GLYPH_NEEDED or character in _NOT_CHARACTERS


def _brings_fonts(folder: Path) -> bool:
    """Whether the workspace's templates for the venue load a font (@font-face in a
    stylesheet or template; font files and the rest of the folder are not read)."""
    if not folder.is_dir():
        return False
    limit = current_limits().file_bytes
    for path in folder.iterdir():
        if path.suffix not in _STYLED or not is_regular_file(path):
            continue
        try:
            if path.stat().st_size <= limit and b"@font-face" in path.read_bytes():
                return True
        except OSError:
            continue
    return False
