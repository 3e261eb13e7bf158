"""A PDF's bytes do not depend on the moment it is built, whichever library subsets its fonts.

WeasyPrint subsets with HarfBuzz where libharfbuzz-subset0 is installed (this machine: the
Makefile installs it) and with fontTools elsewhere; tests/support/without_harfbuzz_subset.py
runs dossier as on a machine without the library. The two libraries write different bytes: the
manifest records which one made the PDF, and `dossier verify` says so in plain words.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.TupleVariation import TupleVariation
from pypdf import PdfReader

from conftest import REPO, Run, files, run_cli
from dossier.base.reading.read_input import file_digest as sha256
from dossier.render.pdf.fonts import FONTS, fonts_stamped

PDF = "build/test/test.pdf"
DOCX = "build/test/test.docx"
STAMP = 1764547200  # the test dossier's date, 2025-12-01, at midnight UTC
LAUNCHER = REPO / "tests/support/without_harfbuzz_subset.py"
INSTALL = "apt install libharfbuzz-subset0"


def without_harfbuzz_subset(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """dossier ARGS, in its own process, as on a machine without libharfbuzz-subset0."""
    done = subprocess.run(
        [sys.executable, str(LAUNCHER), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def embedded_fonts(pdf: Path) -> dict[str, TTFont]:
    """Each font program embedded in the PDF, by its /FontName (subset tag and all)."""
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"]
            data = descriptor["/FontFile2"].get_object().get_data()
            fonts[str(descriptor["/FontName"])] = TTFont(io.BytesIO(data))
    return fonts


def recorded_subsetter(root: Path) -> str:
    return json.loads((root / "build/test/manifest.json").read_bytes())["versions"][
        "font_subsetter"
    ]


def test_without_harfbuzz_subset_two_builds_seconds_apart_give_the_same_bytes(make_workspace):
    root = make_workspace(files())
    first = without_harfbuzz_subset("build", cwd=root)
    assert first.code == 0, first.err
    built = {path: (root / path).read_bytes() for path in (PDF, DOCX)}
    assert recorded_subsetter(root) == "fonttools"
    time.sleep(1.1)  # fontTools' clock counts seconds
    again = without_harfbuzz_subset("build", "--force", cwd=root)
    assert again.code == 0, again.err
    assert {path: (root / path).read_bytes() for path in (PDF, DOCX)} == built
    fonts = embedded_fonts(root / PDF)
    assert len(fonts) == 2  # regular and bold: fontTools wrote each, with the build's stamp
    assert {font["head"].modified for font in fonts.values()} == {timestampSinceEpoch(STAMP)}
    verified = without_harfbuzz_subset("verify", PDF, cwd=root)
    assert verified.code == 0, verified.err
    assert verified.out.endswith(
        f"{PDF} matches the workspace: `test`, 9 inputs unchanged, the same bytes built again\n"
    )


def test_without_harfbuzz_subset_and_without_a_date_the_fonts_carry_1980(make_workspace):
    """No date and no SOURCE_DATE_EPOCH: the fonts carry the date the attachments carry."""
    dossier = files()["dossiers/test/dossier.yaml"].replace(
        "date: 2025-12-01\n", "unstated: {date: The statement is not dated.}\n"
    )
    root = make_workspace(files({"dossiers/test/dossier.yaml": dossier}))
    assert without_harfbuzz_subset("build", cwd=root).code == 0
    assert "/CreationDate" not in PdfReader(root / PDF).metadata
    modified = {font["head"].modified for font in embedded_fonts(root / PDF).values()}
    assert modified == {timestampSinceEpoch(315532800)}  # 1980-01-01T00:00:00Z


def test_source_date_epoch_set_in_the_shell_does_not_reach_the_fonts_of_a_rebuild(
    make_workspace,
):
    """fontTools reads SOURCE_DATE_EPOCH itself: a verify run where it is set, of a PDF built
    where it was not, rebuilds with the manifest's options and the fonts' dates follow them."""
    root = make_workspace(files())
    assert without_harfbuzz_subset("build", cwd=root).code == 0
    verified = without_harfbuzz_subset(
        "verify", PDF, cwd=root, env={"SOURCE_DATE_EPOCH": "1767225600"}
    )
    assert verified.code == 0, verified.err


def test_with_harfbuzz_subset_two_builds_seconds_apart_give_the_same_bytes(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    assert recorded_subsetter(root) == "harfbuzz-subset"  # as the Makefile installs it
    built = (root / PDF).read_bytes()
    regular = TTFont(FONTS / "LiberationSerif-Regular.ttf")
    fonts = embedded_fonts(root / PDF)
    [font] = [font for name, font in fonts.items() if name.endswith("+Dossier-Serif")]
    assert font["head"].modified == regular["head"].modified  # HarfBuzz keeps the font's date
    time.sleep(1.1)
    assert run_cli("build", "--force", cwd=root).code == 0
    assert (root / PDF).read_bytes() == built


def variable_font(path: Path) -> None:
    """A variable font (a `wght` axis) drawing every printable ASCII character as a box."""
    names = [".notdef", "space", *(f"g{code}" for code in range(0x21, 0x7F))]
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    for point in ((50, 700), (450, 700), (450, 0)):
        pen.lineTo(point)
    pen.closePath()
    box, empty = pen.glyph(), TTGlyphPen(None).glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{code: f"g{code}" for code in range(0x21, 0x7F)}})
    builder.setupGlyf({name: empty if name == "space" else box for name in names})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Boxes", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.setupFvar(axes=[("wght", 100, 400, 900, "Weight")], instances=[])
    wider = [TupleVariation({"wght": (0, 1.0, 1.0)}, [(10, 0)] * 4 + [(0, 0)] * 4)]
    builder.setupGvar({name: wider for name in names if name != "space"})
    builder.save(str(path))


def test_a_variable_font_the_workspace_loads_gives_the_same_bytes_a_second_later(make_workspace):
    """WeasyPrint makes a static font of a variable one with fontTools, whichever library
    subsets it: that font too is dated with the build's stamp, not the clock."""
    css = (REPO / "src/dossier/templates/hrc-written-statement/statement.css").read_text()
    css += '@font-face { font-family: "Boxes"; src: url("templates/boxes.ttf"); }\n'
    css += 'body { font-family: "Boxes"; }\n'
    root = make_workspace(files({"templates/hrc-written-statement/statement.css": css}))
    variable_font(root / "templates/boxes.ttf")
    assert run_cli("build", cwd=root).code == 0
    built = (root / PDF).read_bytes()
    boxes = [font for name, font in embedded_fonts(root / PDF).items() if "+Boxes" in name]
    assert boxes and all("fvar" not in font for font in boxes)  # made static
    assert {font["head"].modified for font in boxes} == {timestampSinceEpoch(STAMP)}
    time.sleep(1.1)
    assert run_cli("build", "--force", cwd=root).code == 0
    assert (root / PDF).read_bytes() == built


def test_verify_names_the_missing_library_when_the_subsetters_differ(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    with_library = {path: (root / path).read_bytes() for path in (PDF, DOCX)}
    there = without_harfbuzz_subset("verify", PDF, cwd=root)
    assert there.code == 1
    rebuilt = there.out.removeprefix("rebuilt in a temporary folder: sha256 ").strip()
    assert there.err == (
        "fonts: this PDF's fonts were subset by HarfBuzz (the library libharfbuzz-subset0), "
        "which this machine lacks: WeasyPrint subsets them with fontTools instead, which "
        f"writes other bytes; install the library (`{INSTALL}`) and verify again\n"
        f"rebuild: the rebuilt file differs from test.pdf (sha256 {sha256(with_library[PDF])}):\n"
        "  the text of every page is the same: the layout, metadata or fonts differ; what "
        "differs: the embedded file manifest.json and the embedded fonts Dossier-Serif and "
        "Dossier-Serif-Bold\n"
        f"{PDF} does not match the workspace: 2 differences\n"
    )
    assert len(rebuilt) == 64
    # The Word file's bytes do not depend on the fonts' subsetter: it verifies on either.
    word = without_harfbuzz_subset("verify", DOCX, cwd=root)
    assert word.code == 0, word.err

    assert without_harfbuzz_subset("build", "--force", cwd=root).code == 0
    assert (root / DOCX).read_bytes() == with_library[DOCX]
    assert (root / PDF).read_bytes() != with_library[PDF]
    here = run_cli("verify", PDF, cwd=root)
    assert here.code == 1
    assert here.err.startswith(
        "fonts: this PDF's fonts were subset by fontTools, on a machine without "
        "libharfbuzz-subset0; this machine has it, and HarfBuzz writes other bytes: build the "
        f"PDF again where the library is installed (`{INSTALL}`), and it verifies here\n"
        "rebuild: the rebuilt file differs from test.pdf"
    )


def test_the_time_fonttools_reads_is_set_only_while_the_pdf_is_written(monkeypatch):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with fonts_stamped(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1767225600"
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "12")
    with fonts_stamped(None):
        assert os.environ["SOURCE_DATE_EPOCH"] == "315532800"
    assert os.environ["SOURCE_DATE_EPOCH"] == "12"
