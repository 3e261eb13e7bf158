"""Lay out the rendered HTML as a PDF with WeasyPrint, in the fonts that ship with dossier."""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).parent / "fonts"
_FACES = [
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
]


def fonts_css() -> str:
    """@font-face rules for "Dossier Serif": Liberation Serif, metric-compatible with Times
    New Roman, so a page breaks the same on every machine whatever fonts it has."""
    return "\n".join(
        f'@font-face {{ font-family: "Dossier Serif"; src: url("{name}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in _FACES
    )


def render_pdf(html: str, base_url: Path) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages. WeasyPrint is imported here, so that
    `dossier check` and `dossier --help` never pay for it."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fonts = CSS(string=fonts_css(), base_url=f"{FONTS.as_uri()}/", font_config=font_config)
    document = HTML(string=html, base_url=f"{base_url.resolve().as_uri()}/")
    laid_out = document.render(stylesheets=[fonts], font_config=font_config)
    pdf = laid_out.write_pdf()
    assert pdf is not None
    return pdf, len(laid_out.pages)
