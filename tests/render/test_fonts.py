"""A PDF is set only in the fonts dossier ships (or a workspace loads itself): a statement
quoting Persian builds the same on any machine, in Noto Naskh Arabic, and a character no
shipped font has is never taken from the machine's own fonts (this machine has DejaVu)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import REPO, STATEMENT, files, run_cli
from dossier.base.reading.read_input import file_digest
from dossier.check.undrawable_glyphs import COVERAGE_FILE
from dossier.render.pdf.fonts import FONTS

PDF = "build/test/test.pdf"
PERSIAN = "«ما هرگز فراموش نمی‌کنیم که در تابستان ۱۳۶۷ چه گذشت.»"
SHIPPED = {"Dossier-Serif", "Dossier-Serif-Bold", "Dossier-Serif-Italic", "Noto-Naskh-Arabic"}


def embedded_font_names(pdf: Path) -> set[str]:
    """Each embedded font's /FontDescriptor /FontName, without its subset tag (ABCDEF+)."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            names.add(str(font["/FontDescriptor"]["/FontName"]).split("+", 1)[-1])
    return names


def manifest_fonts(root: Path) -> dict[str, str]:
    return json.loads(PdfReader(root / PDF).attachments["manifest.json"][0])["fonts"]


def test_a_statement_quoting_persian_is_set_in_the_shipped_arabic_script_font(make_workspace):
    statement = STATEMENT.replace("Amnesty", f"A survivor wrote: {PERSIAN} Amnesty")
    root = make_workspace(files({"dossiers/test/statement.md": statement}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    assert embedded_font_names(root / PDF) == {
        "Dossier-Serif",
        "Dossier-Serif-Bold",
        "Noto-Naskh-Arabic",
    }
    liberation = {f.name for f in FONTS.glob("LiberationSerif-*.ttf")}
    used = liberation | {"NotoNaskhArabic-Regular.ttf"}
    assert manifest_fonts(root) == {name: file_digest((FONTS / name).read_bytes()) for name in used}
    beside = json.loads((root / "build/test/manifest.json").read_text())
    assert beside["fonts"] == manifest_fonts(root)


def test_a_latin_statement_lists_no_arabic_script_font(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    assert embedded_font_names(root / PDF) == {"Dossier-Serif", "Dossier-Serif-Bold"}
    assert sorted(manifest_fonts(root)) == sorted(f.name for f in FONTS.glob("Liberation*.ttf"))


def test_a_character_no_font_has_is_refused_where_it_was_written(make_workspace):
    """⚖ and ☮ are in DejaVu Sans, installed here, and in no shipped font: the build neither
    takes them from the machine nor prints empty boxes for them."""
    statement = STATEMENT.replace("Amnesty", "Justice ⚖ and peace ☮. Amnesty")
    root = make_workspace(files({"dossiers/test/statement.md": statement}))
    assert Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists()
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert run_cli("check", cwd=root).problems == result.problems  # found before any layout
    assert result.problems == (
        "dossiers/test/statement.md:3:44: error[D706]: no font draws ⚖ (U+2696 SCALES), "
        "☮ (U+262E PEACE SYMBOL): the PDF would show empty boxes in their place\n"
        "  hint: the fonts dossier ships cover Latin, Greek, Cyrillic, Hebrew and Arabic "
        "script; for other characters, load a font that has them with @font-face in your "
        "venue template's stylesheet (docs/reproducible.md, Fonts)\n"
        "1 error found\n"
    )
    assert not (root / "build").exists()


def test_a_character_in_a_cited_title_is_refused_at_the_bibliography_field(make_workspace):
    bib = files()["bibliography.bib"].replace("Blood-soaked secrets", "Blood-soaked secrets ☮")
    root = make_workspace(files({"bibliography.bib": bib}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems.splitlines()[0] == (
        "bibliography.bib:11:3: error[D706]: no font draws ☮ (U+262E PEACE SYMBOL): "
        "the PDF would show an empty box in its place"
    )


def with_symbols_font(make_workspace: Any, statement: str) -> Path:
    """A workspace whose template loads DejaVu Sans as "Symbols", after "Dossier Serif"."""
    built_in = REPO / "src/dossier/templates/hrc-written-statement"
    template = {
        f"templates/hrc-written-statement/{p.name}": p.read_text(encoding="utf-8")
        for p in built_in.iterdir()
        if p.is_file()
    }
    css = "templates/hrc-written-statement/statement.css"
    template[css] = (
        '@font-face { font-family: "Symbols"; '
        'src: url("templates/hrc-written-statement/DejaVuSans.ttf"); }\n'
        + template[css].replace('"Dossier Serif",', '"Dossier Serif", "Symbols",')
    )
    root = make_workspace(files({"dossiers/test/statement.md": statement, **template}))
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").read_bytes()
    (root / "templates/hrc-written-statement/DejaVuSans.ttf").write_bytes(dejavu)
    return root


def test_a_font_the_workspace_loads_draws_what_the_shipped_fonts_lack(make_workspace):
    """The fix the error's hint gives: a font loaded with @font-face from the workspace."""
    root = with_symbols_font(make_workspace, STATEMENT.replace("Amnesty", "Justice ⚖. Amnesty"))
    assert run_cli("check", cwd=root).code == 0
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    assert "Symbols" in embedded_font_names(root / PDF)  # WeasyPrint names it by family


def test_a_character_the_workspaces_font_lacks_too_is_found_in_the_layout(make_workspace):
    """With a font of its own, what the workspace can draw is known only once laid out: the
    check leaves it to the build, which finds the empty box WeasyPrint drew."""
    root = with_symbols_font(make_workspace, STATEMENT.replace("Amnesty", "Justice 中. Amnesty"))
    assert run_cli("check", cwd=root).code == 0
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert result.problems.splitlines()[0] == (
        "dossiers/test/statement.md:3:44: error[D706]: no font draws 中 (U+4E2D CJK UNIFIED "
        "IDEOGRAPH-4E2D): the PDF would show an empty box in its place"
    )
    assert not (root / PDF).exists()


def test_the_coverage_the_check_reads_is_that_of_the_shipped_fonts():
    """fonts/coverage.txt is written by scripts/font_coverage.py from the fonts themselves:
    run it again when a font changes."""
    sys.path.insert(0, str(REPO / "scripts"))
    from font_coverage import coverage_text

    assert COVERAGE_FILE.read_text(encoding="ascii") == coverage_text()


@pytest.mark.parametrize("before", [None, "/somewhere/fonts.conf"])
def test_the_private_font_configuration_is_not_left_behind(make_workspace, before):
    """A build in its own process, so that WeasyPrint's leftovers stay out of this one."""
    root = make_workspace(files())
    probe = (
        "import os; from pathlib import Path; from dossier.build import BuildRequest, build\n"
        "[result] = build(BuildRequest(Path('.'), force=True)).results\n"
        "print(result.pages, os.environ.get('FONTCONFIG_FILE'))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    if before is not None:
        environment["FONTCONFIG_FILE"] = before
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=environment, capture_output=True, text=True
    )
    assert done.stdout == f"1 {before}\n", done.stderr
