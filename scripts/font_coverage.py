"""Write src/dossier/fonts/coverage.txt: the characters the shipped fonts draw, as ranges of
code points, one "XXXX-YYYY" per line. `dossier check` reads it to find, without laying
anything out or loading a font, text that would print as empty boxes (D706);
tests/render/test_fonts.py fails when it no longer matches the fonts.

    .venv/bin/python scripts/font_coverage.py
"""

from __future__ import annotations

from fontTools.ttLib import TTFont

from dossier.check.undrawable_glyphs import COVERAGE_FILE
from dossier.render.pdf.fonts import FONTS


def coverage_ranges() -> list[tuple[int, int]]:
    """The code points some shipped font maps to a glyph, as inclusive ranges."""
    points: set[int] = set()
    for font in sorted(FONTS.glob("*.ttf")):
        with TTFont(font, lazy=True) as opened:
            points |= set(opened.getBestCmap())
    ranges: list[tuple[int, int]] = []
    for point in sorted(points):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1] = (ranges[-1][0], point)
        else:
            ranges.append((point, point))
    return ranges


def coverage_text() -> str:
    return "".join(f"{start:04X}-{end:04X}\n" for start, end in coverage_ranges())


if __name__ == "__main__":
    COVERAGE_FILE.write_text(coverage_text(), encoding="ascii")
