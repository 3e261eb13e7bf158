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
The PDF is written with the fonts dated by the build's stamp, never by the clock, whichever
library WeasyPrint subsets them with (font_subsetter() says which).

The functions that take a WeasyPrint document import WeasyPrint: only `render_pdf` calls them.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ... import PACKAGE_DIR
from ...base.reading.read_input import file_digest

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
# With no date to stamp, a font that fontTools rewrites carries this one, as attachments do.
NO_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@contextmanager
def _environment_variable(name: str, value: str) -> Iterator[None]:
    """While the block runs, the process's environment has `name` set to `value`; it is put
    back as it was afterwards, so nothing else in the process is changed. One block at a
    time in the process: two builds must not put back each other's value."""
    with _ENVIRONMENT:
        before = os.environ.get(name)
        os.environ[name] = value
        try:
            yield
        finally:
            if before is None:
                del os.environ[name]
            else:
                os.environ[name] = before


@contextmanager
def package_fonts_only() -> Iterator[None]:
    """While the block runs, a new fontconfig configuration knows only the package's fonts.
    (fontconfig reads FONTCONFIG_FILE when a configuration is created: WeasyPrint's
    FontConfiguration() must be made inside the block, and nothing slow.)"""
    with _environment_variable("FONTCONFIG_FILE", str(FONTCONFIG_FILE)):
        yield


@contextmanager
def fonts_stamped(stamp: dt.datetime | None) -> Iterator[None]:
    """While the block runs, a font that fontTools writes is dated `stamp` (NO_DATE if none),
    not the moment of the build: the PDF must be written inside the block.

    fontTools dates each font it saves (the `head` table's `modified`) with the clock, or with
    SOURCE_DATE_EPOCH when that is set. WeasyPrint saves a font with fontTools when it
    subsets it without libharfbuzz-subset0, and whenever it makes a static font of a
    variable one or strips a colour font's images (a font a workspace's stylesheet loads):
    without this, two builds a second apart would differ. The variable is set to the build's
    own stamp, so that one set in the shell for another purpose (`dossier verify`, which
    rebuilds with the manifest's options) does not reach the fonts either."""
    moment = stamp or NO_DATE
    with _environment_variable("SOURCE_DATE_EPOCH", str(int(moment.timestamp()))):
        yield


def font_subsetter() -> str:
    """Which library WeasyPrint subsets a PDF's fonts with on this machine, as WeasyPrint
    decides it (weasyprint/pdf/fonts.py, Font.subset): "harfbuzz-subset" where the library
    libharfbuzz-subset0 is loaded and HarfBuzz is 4.1 or later, else "fonttools". The two
    write different bytes, each the same on every build."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz-subset"
    return "fonttools"


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
