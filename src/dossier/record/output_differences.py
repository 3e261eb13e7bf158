"""How a file given to `dossier verify` differs from the same dossier built again, in words:
for a PDF, the pages whose text differs and their first differing lines, or, when every
page's text is the same, which of its parts differ (metadata, embedded files, a page's
drawing); for a Word file, whether it was only repackaged (every part the same, the zip
written otherwise) or edited, and then the paragraphs and footnotes that differ.

Both files are read as hostile input: pypdf's complaints about a damaged PDF are held, and
a Word file's parts are read only up to the size limit, as XML without entities or network.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from ..base.libraries.library_logs import held
from ..base.phrasing import joined, noun_for, plural
from ..base.problems import CommandFailed
from ..base.reading.zip_members import ZipReader, ZipTooLarge

REBUILT = "built again"  # how the rebuilt file is named in the lines shown
_MOST_LINES = 3  # differing lines shown of one page or paragraph, from each side
_MOST_PLACES = 5  # pages or paragraphs shown
_LONGEST = 160  # characters of a line shown
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def explained(rebuilt: bytes, given: bytes, name: str) -> list[str]:
    """Lines saying how `given` (shown as `name`) differs from `rebuilt`; each line starts
    without indentation, its detail lines are indented. Never raises on a damaged file."""
    explain = _docx_differences if name.lower().endswith(".docx") else _pdf_differences
    try:
        return explain(rebuilt, given, name)
    except _Unreadable as error:
        return [f"the content cannot be compared: {error}"]


class _Unreadable(CommandFailed):
    """A file that cannot be compared: told as one line of the explanation, never raised
    out of `explained`."""


# The PDF


def _pdf_differences(rebuilt: bytes, given: bytes, name: str) -> list[str]:
    ours, theirs = _pdf(rebuilt, REBUILT), _pdf(given, name)
    lines: list[str] = []
    if len(ours.pages) != len(theirs.pages):
        lines.append(
            f"pages: {name} has {plural(len(theirs.pages), 'page')}, "
            f"the PDF built again {len(ours.pages)}"
        )
    ours_text, theirs_text = _page_texts(ours, REBUILT), _page_texts(theirs, name)
    differing = [
        number
        for number, (mine, yours) in enumerate(zip(ours_text, theirs_text, strict=False), 1)
        if mine != yours
    ]
    for number in differing[:_MOST_PLACES]:
        mine, yours = ours_text[number - 1], theirs_text[number - 1]
        lines.append(f"page {number}: its text differs")
        lines += _first_differing_lines(mine.splitlines(), yours.splitlines(), name)
    if len(differing) > _MOST_PLACES:
        more = len(differing) - _MOST_PLACES
        lines.append(f"and {plural(more, 'more page')} whose text differs")
    if lines:
        return lines
    parts = _differing_pdf_parts(ours, theirs)
    where = f"; what differs: {joined(parts)}" if parts else ""
    return ["the text of every page is the same: the layout, metadata or fonts differ" + where]


def _pdf(data: bytes, name: str) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with held("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            len(reader.pages)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise _Unreadable(f"{name} is not a PDF pypdf reads ({error})") from None
    return reader


def _page_texts(reader: Any, name: str) -> list[str]:
    return [_guarded(partial(_page_text, page), name) for page in reader.pages]


def _page_text(page: Any) -> str:
    return str(page.extract_text() or "")


def _guarded(read: Callable[[], Any], name: str) -> Any:
    from pypdf.errors import PyPdfError

    try:
        with held("pypdf"):
            return read()
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise _Unreadable(f"pypdf could not read {name}: {error}") from None


def _differing_pdf_parts(ours: Any, theirs: Any) -> list[str]:
    """The parts of two PDFs with the same text that differ, as far as is cheap to know."""
    parts = []
    mine = _guarded(lambda: dict(ours.metadata or {}), REBUILT)
    yours = _guarded(lambda: dict(theirs.metadata or {}), "the file")
    keys = sorted(k for k in set(mine) | set(yours) if mine.get(k) != yours.get(k))
    if keys:
        parts.append(f"the metadata ({', '.join(str(k).lstrip('/') for k in keys)})")
    if _guarded(lambda: _xmp(ours), REBUILT) != _guarded(lambda: _xmp(theirs), "the file"):
        parts.append("the XMP metadata")
    files_ours = _guarded(lambda: _attachments(ours), REBUILT)
    files_theirs = _guarded(lambda: _attachments(theirs), "the file")
    names = sorted(
        n for n in set(files_ours) | set(files_theirs) if files_ours.get(n) != files_theirs.get(n)
    )
    if names:
        parts.append(f"the embedded {noun_for(len(names), 'file')} {joined(names)}")
    fonts_ours = _guarded(partial(_fonts, ours), REBUILT)
    fonts_theirs = _guarded(partial(_fonts, theirs), "the file")
    fonts = sorted(
        n for n in set(fonts_ours) | set(fonts_theirs) if fonts_ours.get(n) != fonts_theirs.get(n)
    )
    if fonts:
        parts.append(f"the embedded {noun_for(len(fonts), 'font')} {joined(fonts)}")
    pages = [
        str(number)
        for number, (a, b) in enumerate(zip(ours.pages, theirs.pages, strict=False), 1)
        if _guarded(partial(_drawing, a), REBUILT) != _guarded(partial(_drawing, b), "it")
    ]
    if pages:
        parts.append(f"the drawing of {noun_for(len(pages), 'page')} {joined(pages)}")
    return parts


def _xmp(reader: Any) -> bytes:
    stream = reader.trailer["/Root"].get("/Metadata")
    return b"" if stream is None else stream.get_object().get_data()


def _attachments(reader: Any) -> dict[str, list[bytes]]:
    return {str(name): list(contents) for name, contents in reader.attachments.items()}


def _fonts(reader: Any) -> dict[str, bytes]:
    """The font programs the pages draw with, by their names without the subset's prefix."""
    found: dict[str, bytes] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        table = resources.get_object().get("/Font") if resources is not None else None
        for font in (table.get_object() if table is not None else {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
            described = [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]
            for part in described:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        found[name] = found.get(name, b"") + descriptor[key].get_object().get_data()
    return found


def _drawing(page: Any) -> bytes:
    contents = page.get_contents()
    return b"" if contents is None else contents.get_data()


def _first_differing_lines(mine: list[str], yours: list[str], name: str) -> list[str]:
    """The first run of lines that differ, a few from each side, indented."""
    matcher = difflib.SequenceMatcher(None, mine, yours, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        shown = [f"  line {i1 + 1}:"] if i1 == j1 else [f"  line {i1 + 1} ({j1 + 1} in {name}):"]
        shown += [f"    {REBUILT}: {_short(line)}" for line in mine[i1:i2][:_MOST_LINES]]
        shown += [f"    in {name}: {_short(line)}" for line in yours[j1:j2][:_MOST_LINES]]
        if i1 == i2:
            shown.append(f"    ({name} has {noun_for(j2 - j1, 'this line', 'these lines')} more)")
        if j1 == j2:
            shown.append(f"    ({name} lacks {noun_for(i2 - i1, 'this line', 'these lines')})")
        return shown
    return []


def _short(line: str) -> str:
    line = line.rstrip()
    if not line.strip():
        return "(an empty line)"
    return line if len(line) <= _LONGEST else line[: _LONGEST - 1] + "…"


# The Word file


def _docx_differences(rebuilt: bytes, given: bytes, name: str) -> list[str]:
    ours, theirs = _docx_parts(rebuilt, REBUILT), _docx_parts(given, name)
    if ours == theirs:
        return [
            f"repackaged: same content: every part of {name} holds the same XML as the Word "
            "file built again; only the zip differs (the parts' order, times or compression)"
        ]
    lines = []
    for part, label in (("word/document.xml", "paragraph"), ("word/footnotes.xml", "footnote")):
        mine = _paragraphs(ours.get(part, b""), label, REBUILT)
        yours = _paragraphs(theirs.get(part, b""), label, name)
        lines += _differing_paragraphs(mine, yours, label, name)
    if not lines:
        changed = sorted(p for p in set(ours) | set(theirs) if ours.get(p) != theirs.get(p))
        lines.append(
            f"edited: the text of every paragraph and footnote is the same; "
            f"{noun_for(len(changed), 'this part differs', 'these parts differ')}: "
            f"{joined(changed)}"
        )
    return lines


def _docx_parts(data: bytes, name: str) -> dict[str, bytes]:
    """Each part of the package by name, its bytes uncompressed, read up to the size limits
    (each part, and all of them together)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > 10_000:
                raise _Unreadable(f"{name} holds {len(entries):,} parts")
            reader = ZipReader(archive, name)
            return {entry.filename: reader.read(entry) for entry in entries}
    except ZipTooLarge as error:
        raise _Unreadable(f"{error.problems[0].location}: {error}") from None
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as error:
        raise _Unreadable(f"{name} is not a Word file ({error})") from None


def _paragraphs(xml: bytes, label: str, name: str) -> list[tuple[str, str]]:
    """(what the paragraph is called, its text) for each paragraph of the body, or for each
    footnote (by its number; Word's separators left out)."""
    if not xml:
        return []
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise _Unreadable(f"the XML of {name} does not parse: {error}") from None
    if label == "footnote":
        return [
            (f"footnote {note.get(_W + 'id')}", _text_of(note))
            for note in root.iter(_W + "footnote")
            if note.get(_W + "type") in (None, "normal")
        ]
    body = root.find(_W + "body")
    found = [] if body is None else list(body.iter(_W + "p"))
    return [(f"paragraph {number}", _text_of(p)) for number, p in enumerate(found, 1)]


def _text_of(element: Any) -> str:
    return "".join(_texts(element))


def _texts(element: Any) -> Iterator[str]:
    for node in element.iter(_W + "t", _W + "tab", _W + "br"):
        yield node.text or "" if node.tag == _W + "t" else " "


def _differing_paragraphs(
    mine: list[tuple[str, str]], yours: list[tuple[str, str]], label: str, name: str
) -> list[str]:
    """'edited: paragraph 4 differs', with its text on each side; a paragraph added or
    removed is told as such."""
    lines: list[str] = []
    places = 0
    matcher = difflib.SequenceMatcher(
        None, [t for _, t in mine], [t for _, t in yours], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            places += 1
            if places > _MOST_PLACES:
                continue
            here = mine[i1 + offset] if i1 + offset < i2 else None
            there = yours[j1 + offset] if j1 + offset < j2 else None
            if here and there:
                lines.append(f"edited: {there[0]} differs")
                lines.append(f"    {REBUILT}: {_short(here[1])}")
                lines.append(f"    in {name}: {_short(there[1])}")
            elif there:
                lines.append(f"edited: {name} adds {there[0]}: {_short(there[1])}")
            elif here:
                lines.append(f"edited: {name} lacks {here[0]}: {_short(here[1])}")
    if places > _MOST_PLACES:
        lines.append(f"edited: and {places - _MOST_PLACES} more {label}s differ")
    return lines
