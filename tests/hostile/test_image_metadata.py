"""An image carries more than it shows: a photograph's EXIF names its owner and the place it
was taken, a PNG's text chunks and an SVG's title name whoever made them. None of it reaches a
public PDF or Word file, and a restricted name in it is reported (D815) with the image's path.
The images are made here with Pillow, metadata and all, as a camera or an editor writes it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageCms, PngImagePlugin
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from conftest import files, run_cli
from dossier.base.problems import Location
from dossier.base.reading.clean_images import UnreadableImage, clean_image
from support.examples import THIRD, THIRD_EVIDENCE, WITNESS
from support.overrides import override

FOLDER = f"dossiers/{THIRD}"
ARTIST, GPS_IFD, ORIENTATION = 0x013B, 0x8825, 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Leila'
    b' Farahani"/></rdf:RDF></x:xmpmeta>'
)


def photo() -> bytes:
    """A JPEG as a phone writes it: EXIF Artist, a GPS position, turned by Orientation, XMP,
    a comment, an ICC colour profile."""
    exif = Image.Exif()
    exif[ARTIST] = "Leila Farahani"
    exif[ORIENTATION] = 6  # to be turned 90° clockwise to be seen upright
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (35.0, 41.0, 22.5), 3: "E", 4: (51.0, 25.0, 1.5)})
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (180, 40, 40)).save(
        out,
        "JPEG",
        exif=exif,
        xmp=XMP,
        comment=b"taken by Leila Farahani",
        dpi=(150, 150),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return out.getvalue()


def chart() -> bytes:
    """A PNG with an Author text chunk and a compressed international one."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Leila Farahani")
    info.add_itxt("Description", "drawn for Leila Farahani", zip=True)
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (20, 90, 160)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _with_images(root: Path) -> tuple[Location, Location, Location]:
    """The witness's item, a photo and a chart beside the statement, shown at its end; where
    the witness's name is restricted, and where each image is shown."""
    evidence = root / THIRD_EVIDENCE
    text = evidence.read_text(encoding="utf-8") + WITNESS
    evidence.write_text(text, encoding="utf-8")
    restricted = Location.at_offset(THIRD_EVIDENCE, text, text.index('"Leila Farahani"'))
    (root / FOLDER / "photo.jpg").write_bytes(photo())
    (root / FOLDER / "chart.png").write_bytes(chart())
    statement = root / FOLDER / "statement.md"
    text = (
        statement.read_text(encoding="utf-8") + "\n![A photo](photo.jpg)\n\n![A chart](chart.png)\n"
    )
    statement.write_text(text, encoding="utf-8")
    shown = f"{FOLDER}/statement.md"
    return (
        restricted,
        Location.at_offset(shown, text, text.index("photo.jpg)")),
        Location.at_offset(shown, text, text.index("chart.png)")),
    )


def _pdf_streams(pdf: bytes) -> list[bytes]:
    """Every stream the PDF's objects reach, decompressed (a JPEG's DCT data as it is)."""
    reader = PdfReader(io.BytesIO(pdf))
    streams, seen, stack = [], set(), [reader.trailer]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if (value.idnum, value.generation) in seen:
                continue
            seen.add((value.idnum, value.generation))
            value = value.get_object()
        if isinstance(value, StreamObject):
            streams.append(value.get_data())
        if isinstance(value, DictionaryObject):
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
    return streams


def _images_in_pdf(pdf: bytes) -> list[Image.Image]:
    reader = PdfReader(io.BytesIO(pdf))
    return [image.image for page in reader.pages for image in page.images]


def _assert_clean(image: Image.Image) -> None:
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    assert not {"exif", "xmp", "comment", "Author", "Description", "icc_profile"} & set(image.info)


def test_image_metadata_reaches_neither_the_pdf_nor_the_word_file(examples: Path) -> None:
    restricted, photo_at, chart_at = _with_images(examples)

    result = run_cli("build", THIRD, cwd=examples)

    assert result.code == 0, result.err
    consequence = (
        "the public outputs carry the image without its metadata, but the file in the "
        "workspace still holds it"
    )
    witness = f"a restricted string of evidence `witness-statement` ({restricted})"
    assert (
        f"{photo_at}: warning[D815]: {witness} is in the metadata of image {FOLDER}/photo.jpg "
        "(EXIF Artist, XMP, JPEG comment); " + consequence + "\n"
        f"  hint: remove the metadata from {FOLDER}/photo.jpg itself (e.g. `exiftool -all= "
        f"{FOLDER}/photo.jpg`), or replace the image with a copy that has none\n"
    ) in result.err
    assert (
        f"{chart_at}: warning[D815]: {witness} is in the metadata of image {FOLDER}/chart.png "
        "(PNG text chunk `Author`, PNG text chunk `Description`); " + consequence
    ) in result.err
    assert "farahani" not in result.err.lower()  # named by its item and place, never its text

    pdf = (examples / "build" / THIRD / f"{THIRD}.pdf").read_bytes()
    streams = _pdf_streams(pdf)
    for forbidden in (b"Farahani", b"Exif\x00\x00", b"taken by", b'adobe:ns:meta/"><rdf'):
        assert forbidden not in pdf
        assert not [s for s in streams if forbidden in s]
    images = _images_in_pdf(pdf)
    assert sorted({image.size for image in images}) == [(30, 20), (40, 60)]  # the photo upright
    for image in images:
        _assert_clean(image)

    with zipfile.ZipFile(examples / "build" / THIRD / f"{THIRD}.docx") as docx:
        media = {n: docx.read(n) for n in docx.namelist() if n.startswith("word/media/")}
    assert len(media) == 2
    for data in media.values():
        assert b"Farahani" not in data and b"Exif" not in data
        with Image.open(io.BytesIO(data)) as image:
            _assert_clean(image)
            if image.format == "JPEG":
                assert image.size == (40, 60) and image.info["dpi"] == (150, 150)


def test_the_same_image_is_cleaned_to_the_same_bytes(examples: Path) -> None:
    first, second = clean_image(photo(), "photo.jpg"), clean_image(photo(), "photo.jpg")
    assert first is not None and second is not None
    assert first.data == second.data and first.media_type == "image/jpeg"
    charts = clean_image(chart(), "chart.png"), clean_image(chart())
    assert charts[0] is not None and charts[1] is not None
    assert charts[0].data == charts[1].data and charts[0].media_type == "image/png"
    _with_images(examples)
    assert run_cli("build", THIRD, cwd=examples).code == 0
    built = (examples / "build" / THIRD / f"{THIRD}.pdf").read_bytes()
    assert run_cli("build", THIRD, "--force", cwd=examples).code == 0
    assert (examples / "build" / THIRD / f"{THIRD}.pdf").read_bytes() == built


SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- drawn by Leila Farahani -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     inkscape:export-filename="/home/leila-farahani/seal.png" width="40" height="40">
  <title>Seal by Leila Farahani</title>
  <desc>Leila Farahani's seal</desc>
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    Leila Farahani</rdf:RDF></metadata>
  <sodipodi:namedview inkscape:document-units="Leila Farahani"/>
  <a xlink:href="#seal" xlink:title="Leila Farahani">
    <circle cx="20" cy="20" r="15" fill="#1f4e79"/></a>
</svg>
"""


def test_an_svg_logo_is_laid_out_without_its_metadata(make_workspace) -> None:
    """SVG is stripped, not refused: a venue's logo is often one. Its title, description,
    <metadata>, comments and an editor's elements and attributes are dropped (by lxml, no
    entity expanded); the drawing stays."""
    restricted = '  restricted: ["Leila Farahani"]\n'
    root = make_workspace(
        files(
            {
                "evidence/witness.yaml": (
                    "- id: witness\n  claim: A witness spoke.\n  sources:\n"
                    "    - cite: amnesty-2018\n  confidential: true\n" + restricted
                )
            }
        )
    )
    (root / "templates").mkdir(exist_ok=True)
    override(root, body='<img src="templates/seal.svg" alt="Seal">')
    (root / "templates" / "seal.svg").write_bytes(SVG)

    result = run_cli("build", "test", cwd=root)

    assert result.code == 0, result.err
    assert (
        "templates/seal.svg:1:1: warning[D815]: a restricted string of evidence `witness` "
        "(evidence/witness.yaml:6:16) is in the metadata of image templates/seal.svg "
        "(SVG <title>, SVG <desc>, SVG <metadata>, SVG <namedview>, SVG attribute "
        "inkscape:export-filename, SVG attribute xlink:title, SVG comment)"
    ) in result.err
    pdf = (root / "build" / "test" / "test.pdf").read_bytes()
    assert not [s for s in [pdf, *_pdf_streams(pdf)] if b"Farahani" in s or b"farahani" in s]
    with pdfplumber.open(root / "build" / "test" / "test.pdf") as laid_out:
        assert laid_out.pages[0].curves, "the circle is drawn"


def test_what_the_svg_keeps() -> None:
    cleaned = clean_image(SVG, "seal.svg")
    assert cleaned is not None and cleaned.media_type == "image/svg+xml"
    assert cleaned.data == (
        b"<?xml version='1.0' encoding='UTF-8'?>\n"
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="40" height="40">\n  \n  \n  \n  \n'
        b'  <a xlink:href="#seal">\n    <circle cx="20" cy="20" r="15" fill="#1f4e79"/></a>\n</svg>'
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', None),
        (b"<svg><unclosed></svg>", "the SVG image is not well-formed XML"),
        (b"<html><svg/></html>", "the file is not an SVG image"),
        (photo()[:400], "the image cannot be decoded"),  # cut short
    ],
)
def test_a_hostile_image_is_refused_or_defused(data: bytes, reason: str | None) -> None:
    if reason is None:
        cleaned = clean_image(data, "x.svg")
        assert cleaned is not None and b"root:" not in cleaned.data
        assert b"ENTITY" not in cleaned.data
        return
    with pytest.raises(UnreadableImage, match=reason):
        clean_image(data, "x.svg" if data.startswith(b"<") else "x.jpg")
