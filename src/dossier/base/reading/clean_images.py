"""An image as a public output carries it: its pixels, nothing else.

A photograph carries more than it shows: the camera's EXIF (its owner as Artist, the GPS
position where it was taken), XMP and IPTC (author, caption), a JPEG comment, a PNG's text
chunks; an SVG its title, description, <metadata> and comments, and an editor's own
attributes (Inkscape's export path names the user's home folder). Every image a PDF or a Word
file is made with comes through `clean_image`, which re-encodes it with Pillow from its pixels
alone, and reads out the texts its metadata held, for the restricted-string scan to look at
before they are dropped.

What is kept: the pixels, turned upright as EXIF Orientation said (as WeasyPrint and Word would
have shown them); transparency; the resolution (Word sizes a picture by it). The ICC colour
profile is dropped, its colours first converted to sRGB (the colours the PDF's output intent
and Word assume), so an image from a wide-gamut camera still looks as it did and carries no
profile text. A JPEG stays a JPEG re-encoded with its own quantisation tables and subsampling
(so it loses as little as can be); every other raster becomes a PNG. The same image gives the
same bytes at every build.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..problem_codes import UNREADABLE_DOCUMENT_FILE
from ..problems import CommandFailed

# What WeasyPrint and Word can show, and so what a statement or a template may embed.
_RASTERS = ["PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF"]
_PNG_MODES = frozenset({"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"})
_SVG = "http://www.w3.org/2000/svg"
# Attributes an SVG may keep besides its own (no namespace): xlink:href, xml:space, xml:lang.
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"

_SVG_METADATA = frozenset({"metadata", "title", "desc"})
# The JPEG segments whose content Pillow reads out (JFIF, EXIF, XMP, ICC, Photoshop's IPTC).
_READ_SEGMENTS = {
    "APP0": (b"JFIF\0", b"JFXX\0"),
    "APP1": (b"Exif\0", b"http://ns.adobe.com/xap/1.0/\0"),
    "APP2": (b"ICC_PROFILE\0",),
    "APP13": (b"Photoshop 3.0\0",),
}
# EXIF's folders of tags besides the first: Exif (UserComment...), GPS, Interoperability.
_EXIF_IFDS = (0x8769, 0x8825, 0xA005)


class UnreadableImage(CommandFailed, ValueError):
    """An image that cannot be decoded, so cannot be cleaned: it is not used."""

    code = UNREADABLE_DOCUMENT_FILE


@dataclass(frozen=True)
class CleanImage:
    data: bytes  # the image re-encoded without metadata
    media_type: str  # image/jpeg, image/png, image/svg+xml
    metadata: list[tuple[str, str]]  # (what: "EXIF", "PNG text chunk `Author`"..., its text)


def clean_image(data: bytes, name: str = "") -> CleanImage | None:
    """`data` without its metadata, or None when it is not an image (a font, a stylesheet).
    Raises UnreadableImage for an image that does not decode."""
    if _looks_like_svg(data, name):
        return _clean_svg(data)
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(io.BytesIO(data), formats=_RASTERS)
            except Image.UnidentifiedImageError:
                return None
            with image:
                metadata = _raster_metadata(image)
                clean, media_type = _reencoded(image)
    except Exception as error:  # Pillow's decoders raise many kinds on a hostile file
        raise UnreadableImage(f"the image cannot be decoded ({error})") from None
    return CleanImage(clean, media_type, metadata)


def _reencoded(image: Any) -> tuple[bytes, str]:
    from PIL import ImageOps, JpegImagePlugin

    upright = ImageOps.exif_transpose(image)
    pixels = _in_srgb(upright, image.info.get("icc_profile"))
    dpi = image.info.get("dpi")
    options: dict[str, Any] = {"dpi": tuple(round(float(d)) for d in dpi)} if dpi else {}
    out = io.BytesIO()
    if image.format == "JPEG":
        if pixels.mode in ("L", "RGB") and image.mode == pixels.mode:
            options["qtables"] = image.quantization
            sampling = JpegImagePlugin.get_sampling(image)
            if sampling != -1:
                options["subsampling"] = sampling
        else:
            pixels, options["quality"] = pixels.convert("RGB"), 95
        _bare(pixels).save(out, "JPEG", **options)
        return out.getvalue(), "image/jpeg"
    if "transparency" in image.info or pixels.mode not in _PNG_MODES:
        pixels = pixels.convert(
            "RGBA" if "A" in pixels.mode or "transparency" in image.info else "RGB"
        )
    _bare(pixels).save(out, "PNG", **options)
    return out.getvalue(), "image/png"


def _in_srgb(image: Any, profile: bytes | None) -> Any:
    """The image's colours in sRGB, when it carries another profile."""
    if not profile:
        return image
    from PIL import ImageCms

    mode = "RGBA" if "A" in image.mode else "L" if image.mode in ("L", "1") else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):  # a profile that does not parse
        return image


def _bare(image: Any) -> Any:
    """A copy of the image's pixels with no metadata for an encoder to carry over."""
    from PIL import Image

    if image.mode == "P":
        bare = Image.frombytes("P", image.size, image.tobytes())
        bare.putpalette(image.getpalette(rawmode="RGBA"), rawmode="RGBA")
        return bare
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _raster_metadata(image: Any) -> list[tuple[str, str]]:
    """Every text the image's metadata holds: EXIF (all its folders), XMP, IPTC, comments,
    PNG text chunks, the ICC profile's description, any other segment of a JPEG."""
    found: list[tuple[str, str]] = []
    from PIL.ExifTags import GPSTAGS, TAGS

    exif = image.getexif()
    for number in (None, *_EXIF_IFDS):
        names = GPSTAGS if number == 0x8825 else TAGS
        for tag, value in (exif if number is None else exif.get_ifd(number)).items():
            if isinstance(value, str | bytes):
                found.append((f"EXIF {names.get(tag, hex(tag))}", _text(value)))
    for key, value in image.info.items():
        if key in ("exif", "dpi", "transparency"):
            continue
        if isinstance(value, dict):  # Photoshop's resources, IPTC among them
            found += [(f"Photoshop resource {k} (IPTC)", _text(v)) for k, v in value.items()]
        elif isinstance(value, str | bytes):
            found.append((_describe(image.format, key), _text(value)))
    for marker, segment in getattr(image, "applist", []):  # what Pillow does not read out
        if marker == "COM":
            found.append(("JPEG comment", _text(segment)))
        elif not segment.startswith(_READ_SEGMENTS.get(marker, (b"\xff",))):
            found.append((f"JPEG {marker} segment", _text(segment)))
    return [(what, text) for what, text in found if text.strip()]


def _describe(image_format: str, key: str) -> str:
    """What a key of Pillow's `info` is, as its reader would call it."""
    named = {"comment": f"{image_format} comment", "icc_profile": "ICC profile", "xmp": "XMP"}
    if key in named:
        return named[key]
    return f"{image_format} text chunk `{key}`" if image_format == "PNG" else key


def _text(value: str | bytes) -> str:
    """A metadata value as text: bytes read as UTF-8, and as UTF-16 both ways (Windows' XP
    tags, ICC descriptions), so that a name is found however it was written."""
    if isinstance(value, str):
        return value
    readings = [value.decode("utf-8", "replace")]
    if value.count(0) > len(value) // 4:
        for start in (0, 1):
            for codec in ("utf-16-le", "utf-16-be"):
                readings.append(value[start:].decode(codec, "replace"))
    return "\n".join(readings)


def _looks_like_svg(data: bytes, name: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return name.lower().endswith(".svg") or (head.startswith(b"<") and b"<svg" in head)


def _clean_svg(data: bytes) -> CleanImage:
    """The SVG without its title, description, <metadata>, comments, processing instructions,
    DOCTYPE, and elements and attributes of other vocabularies (an editor's own). Parsed by
    lxml with no entity expanded, no DTD or network read."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise UnreadableImage(f"the SVG image is not well-formed XML ({error})") from None
    own = _SVG if root.tag.startswith("{") else ""
    if etree.QName(root).namespace not in (_SVG, None) or etree.QName(root).localname != "svg":
        raise UnreadableImage("the file is not an SVG image (its root element is not <svg>)")
    found: list[tuple[str, str]] = []
    dropped: set[Any] = set()
    for node in list(root.iter()):
        if node is root or any(above in dropped for above in node.iterancestors()):
            continue  # inside an element already dropped, with it
        if not isinstance(node.tag, str):  # a comment, a processing instruction, an entity
            found.append(("SVG comment", str(node.text or "")))
            _drop(node)
            dropped.add(node)
            continue
        qname = etree.QName(node)
        if (qname.namespace or "") != own or qname.localname in _SVG_METADATA:
            held = [*node.itertext(), *(v for inner in node.iter() for v in inner.attrib.values())]
            found.append((f"SVG <{qname.localname}>", " ".join(held)))
            _drop(node)
            dropped.add(node)
    for node in root.iter():
        for attribute in list(node.attrib):
            if not _kept(etree.QName(attribute)):
                found.append(
                    (f"SVG attribute {_prefixed(node, attribute)}", node.attrib.pop(attribute))
                )
    etree.cleanup_namespaces(root)
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        found.append(("SVG comment", str(sibling.text or "")))  # outside <svg>: not written
    clean = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return CleanImage(clean, "image/svg+xml", [(w, t) for w, t in found if t.strip()])


def _kept(attribute: Any) -> bool:
    namespace, name = attribute.namespace, attribute.localname
    return namespace is None or namespace == _XML or (namespace == _XLINK and name == "href")


def _prefixed(node: Any, attribute: str) -> str:
    """`inkscape:export-filename` for `{http://www.inkscape.org/...}export-filename`."""
    name = etree.QName(attribute)
    prefixes = {uri: prefix for prefix, uri in node.nsmap.items() if prefix}
    prefix = prefixes.get(name.namespace)
    return f"{prefix}:{name.localname}" if prefix else attribute


def _drop(node: Any) -> None:
    """Remove `node`, keeping the text that follows it in its parent."""
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)
