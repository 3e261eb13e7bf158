"""Whether a font file from the workspace can be given to WeasyPrint. WeasyPrint reads a font's
tables with fontTools and with code of its own that trusts them: a file of garbage is skipped
quietly, and a truncated one, or one whose table names are not text, ends the build in a
traceback (UnicodeDecodeError, struct.error) while the PDF is written. Each file is read
through fontTools first, every table of it, and refused with the reason if it does not read.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

# What a font file starts with: TrueType, OpenType (CFF), Apple's, a collection, WOFF and WOFF2.
_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"typ1", b"ttcf", b"wOFF", b"wOF2")
_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2"}


def is_font_file(path: Path, content: bytes) -> bool:
    """Whether the file is meant as a font: named as one, or starting as one does."""
    return path.suffix.lower() in _SUFFIXES or content.startswith(_SIGNATURES)


def unreadable_font(content: bytes) -> str | None:
    """Why the font file cannot be used, or None if it reads."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        stream = BytesIO(content)
        fonts = TTCollection(stream).fonts if content[:4] == b"ttcf" else [TTFont(stream)]
        for font in fonts:
            names = [tag for tag in font.reader.keys() if not (tag.isascii() and tag.isprintable())]
            if names:
                return f"it is not a font that can be read: a table is named {names[0]!r}"
            font.ensureDecompiled()
    except Exception as error:  # fontTools raises anything on a malformed file  # noqa: BLE001
        return f"it is not a font that can be read ({error})"
    return None
