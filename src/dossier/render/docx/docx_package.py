"""The Word file as a package: the files it carries for `dossier verify` (the manifest, the
trace) in a custom XML part, and the same bytes from the same document (fixed zip times,
attributes and order)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ...base.reading.zip_members import ZipReader

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build's clock in the bytes
_DATA_PART = "/customXml/dossier-data.xml"
_DATA_RELATIONSHIP = "https://dossier.invalid/relationships/embedded-data"
_DATA_CONTENT_TYPE = "application/xml"


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the .docx (the manifest, the trace), for `dossier verify`."""

    name: str
    content: bytes


def embedded_files(data: bytes, shown: str) -> dict[str, bytes]:
    """The files a .docx written by `docx_bytes` carries, by name; {} for any other file.
    ZipTooLarge when its part inflates past the size limit (the file is shown as `shown`)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = ZipReader(archive, shown).read(_DATA_PART.lstrip("/"))
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        return {}
    return {
        str(item.get("name")): (item.text or "").encode("utf-8")
        for item in root.iter("file")
        if item.get("name")
    }


def embed(document: Any, files: Sequence[EmbeddedFile]) -> None:
    root = etree.Element("dossier-data")
    for file in files:
        item = etree.SubElement(root, "file", name=file.name)
        item.text = file.content.decode("utf-8")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI(_DATA_PART), _DATA_CONTENT_TYPE, blob, package)
    package.relate_to(part, _DATA_RELATIONSHIP)


def stable_zip(data: bytes) -> bytes:
    """The same archive with every entry's time and attributes fixed: python-docx stamps
    each with the clock, which would make two builds differ."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in _entries(source):
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry), compresslevel=9)
    return out.getvalue()


def _entries(source: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    """[Content_Types].xml first, as Office writes it; the rest in python-docx's order."""
    entries = source.infolist()
    yield from (e for e in entries if e.filename == "[Content_Types].xml")
    yield from (e for e in entries if e.filename != "[Content_Types].xml")
