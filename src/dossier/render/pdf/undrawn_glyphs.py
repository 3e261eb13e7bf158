"""Characters no font could draw in a layout. WeasyPrint draws such a character as an empty
box (its .notdef glyph) and only logs a warning: a submission would go out with holes in its
words. The build refuses it instead (check/undrawable_glyphs.py says where each was written)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# What WeasyPrint logs when it draws a .notdef glyph (weasyprint/draw/text.py).
_NOTDEF = re.compile(r"\.notdef glyph rendered for Unicode string .*\(U\+([0-9A-Fa-f]{4,6})\)")


def undrawn_characters(messages: Iterable[str]) -> list[str]:
    """The characters WeasyPrint drew as empty boxes, once each, in the order it met them."""
    found = (_NOTDEF.search(message) for message in messages)
    return list(dict.fromkeys(chr(int(match.group(1), 16)) for match in found if match))
