"""The fonts a PDF is set in: only those shipped in src/dossier/fonts/ and those a workspace's
own stylesheet loads with @font-face, never the machine's.

"Dossier Serif" is Liberation Serif (metric-compatible with Times New Roman) for Latin,
Greek and Cyrillic script; "Dossier Naskh" is Noto Naskh Arabic, for Arabic script (Arabic,
Persian, Urdu, Pashto, Kurdish). While WeasyPrint lays a document out, fontconfig reads a
private configuration (fonts.conf beside the fonts) that knows no folder but the package's
fonts: a character the stylesheet's font lacks is taken from a shipped font that has it
(Arabic script from Noto Naskh Arabic), and one that no shipped font has is drawn as a
missing glyph, never taken from whatever the machine has installed. (One family for both
would not do: WeasyPrint tells the fonts of a PDF apart by family, weight and style.)
Which font files a layout actually drew with is measured after the layout, for the manifest.

The functions that take a WeasyPrint document import WeasyPrint: only `render_pdf` calls them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import PACKAGE_DIR
from ..load.read_input import file_digest

FONTS = PACKAGE_DIR / "fonts"
FONTCONFIG_FILE = FONTS / "fonts.conf"
_FACES = [  # file, family, weight, style
    ("LiberationSerif-Regular.ttf", "Dossier Serif", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "Dossier Serif", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "Dossier Serif", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "Dossier Serif", "bold", "italic"),
    ("NotoNaskhArabic-Regular.ttf", "Dossier Naskh", "normal", "normal"),
    ("NotoNaskhArabic-Bold.ttf", "Dossier Naskh", "bold", "normal"),
]
# The fonts for one script only, which a document uses only when its text has that script.
SCRIPT_FONTS = {name for name, family, _, _ in _FACES if family != "Dossier Serif"}


def fonts_css() -> str:
    """@font-face rules for the shipped fonts, so that a page breaks the same on every
    machine whatever fonts it has."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{name}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, family, weight, style in _FACES
    )


_ENVIRONMENT = threading.Lock()


@contextmanager
def package_fonts_only() -> Iterator[None]:
    """While the block runs, a new fontconfig configuration knows only the package's fonts;
    FONTCONFIG_FILE is put back as it was afterwards, so nothing else in the process is
    changed. (fontconfig reads the variable when a configuration is created:
    WeasyPrint's FontConfiguration() must be made inside the block, and nothing slow.)
    One thread at a time: two builds in one process must not put back each other's value."""
    with _ENVIRONMENT:
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
        try:
            yield
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


def font_digests_drawn(document: Any) -> set[str]:
    """The sha256 of each font file the laid-out `document` draws text with, found as
    WeasyPrint will find them when it draws: each text box's first line, run by run."""
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.text.ffi import ffi
    from weasyprint.text.fonts import get_hb_object_data, get_pango_font_hb_face

    seen: dict[Any, str] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, TextBox) or not box.text.strip():
                continue
            box.pango_layout.reactivate(box.style)  # as drawing does; drawing does it again
            line, _ = box.pango_layout.get_first_line()
            run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
            while run != ffi.NULL:
                font = run.data.item.analysis.font
                run = run.next
                if font not in seen:
                    face = get_pango_font_hb_face(font)
                    seen[font] = file_digest(bytes(get_hb_object_data(face)))
            box.pango_layout.deactivate()
    return set(seen.values())
