"""Every text a build's output carries, read back from its bytes in memory before anything is
written: a PDF's pages, metadata, bookmarks, links and attached files; an HTML file's text and
markup; a JSON file's strings; the XML parts of a zipped document (a Word file); and the
output's own file name. What a restricted string is looked for in."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

_TAG = re.compile(r"<[^>]*>")
_ZIPPED = (".docx", ".odt", ".xlsx", ".pptx", ".epub", ".zip")


@dataclass(frozen=True)
class OutputText:
    """A text an output carries, and where in the output it is."""

    output: str  # the output's path, as shown: build/<name>/<name>.pdf
    where: str  # "page 2", "metadata" (every string outside the pages), "its file name"...
    text: str

    def describe(self) -> str:
        return f"{self.output} ({self.where})"


def output_texts(shown: str, content: bytes) -> list[OutputText]:
    """The texts of one output file, `shown` being its path relative to the workspace."""
    texts = [OutputText(shown, "its file name", PurePosixPath(shown).name)]
    texts += [OutputText(shown, where, text) for where, text in _contents(shown, content)]
    return texts


def pdf_pages_without(content: bytes, wanted: str) -> list[int]:
    """The numbers of the PDF's pages whose text does not hold `wanted` (white space folded)."""
    from pypdf import PdfReader

    folded = " ".join(wanted.split())
    return [
        number
        for number, page in enumerate(PdfReader(io.BytesIO(content)).pages, start=1)
        if folded not in " ".join((page.extract_text() or "").split())
    ]


def _contents(name: str, content: bytes) -> list[tuple[str, str]]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".pdf":
        return list(_pdf_texts(content))
    if suffix in (".html", ".htm", ".xml", ".svg"):
        return _markup_texts(content.decode("utf-8", "replace"))
    if suffix == ".json":
        return [("its text", _json_strings(content))]
    if suffix in _ZIPPED:
        return list(_zipped_texts(content))
    return [("its text", content.decode("utf-8", "replace"))]


def _markup_texts(markup: str) -> list[tuple[str, str]]:
    """The visible text (a word split by tags is whole again), and the markup itself with
    its entities decoded (the title, attributes, addresses)."""
    text = html.unescape(_TAG.sub("", markup))
    return [("its text", text), ("its markup", html.unescape(markup))]


def _json_strings(content: bytes) -> str:
    """Every key and string of a JSON document, one to a line (escapes undone)."""
    try:
        document = json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")
    strings: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                strings.append(str(key))
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif value is not None:
            strings.append(str(value))

    walk(document)
    return "\n".join(strings)


def _zipped_texts(content: bytes) -> Iterator[tuple[str, str]]:
    """Each part of a zipped document (a .docx): its name and, for XML, its text."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            yield f"part {info.filename} (name)", info.filename
            data = archive.read(info)
            if info.filename.endswith((".xml", ".rels", ".html", ".txt")):
                for where, text in _markup_texts(data.decode("utf-8", "replace")):
                    yield f"part {info.filename} ({where})", text


def _pdf_texts(content: bytes) -> Iterator[tuple[str, str]]:
    """Each page's text, then every string the PDF holds outside its pages' text (document
    information, XMP metadata, bookmarks, link addresses, attached files' names), then each
    attached file's own texts."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    for number, page in enumerate(reader.pages, start=1):
        yield f"page {number}", page.extract_text() or ""
    yield "metadata", "\n".join(_pdf_strings(reader))
    for name, versions in reader.attachments.items():
        for data in versions:
            for _, text in _contents(name, data):
                yield f"attached {name}", text


def _pdf_strings(reader: Any) -> Iterator[str]:
    """Every string object reachable from the PDF's trailer, and the text of its XMP metadata
    and embedded file streams. Page content and font streams are left to text extraction."""
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        IndirectObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        value = stack.pop()
        if isinstance(value, IndirectObject):
            if (value.idnum, value.generation) in seen:
                continue
            seen.add((value.idnum, value.generation))
            value = value.get_object()
        if isinstance(value, TextStringObject):
            yield str(value)
        elif isinstance(value, ByteStringObject):
            yield bytes(value).decode("latin-1")
        elif isinstance(value, NameObject):
            yield str(value)
        elif isinstance(value, DictionaryObject):
            if isinstance(value, StreamObject) and value.get("/Type") in (
                "/Metadata",
                "/EmbeddedFile",
            ):
                yield value.get_data().decode("utf-8", "replace")
            stack.extend(value.values())
        elif isinstance(value, ArrayObject):
            stack.extend(value)
