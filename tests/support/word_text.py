"""The text of a written Word file, as Word counts it: its body and its footnotes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def file_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    """Each paragraph's text of the body and of the footnotes, tabs and line breaks as spaces
    (word/document.xml holds the body; the page-number footer is in a part of its own, which
    Word does not count, and so are the numbers Word's numbering draws)."""
    with zipfile.ZipFile(path) as package:
        parts = [package.read("word/document.xml"), package.read("word/footnotes.xml")]
    found = []
    for part in parts:
        paragraphs = []
        for paragraph in etree.fromstring(part).iter(f"{W}p"):
            pieces = []
            for element in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
                pieces.append(element.text or "" if element.tag == f"{W}t" else " ")
            paragraphs.append("".join(pieces))
        found.append(paragraphs)
    body, notes = found
    return body, notes
