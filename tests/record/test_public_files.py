"""A public file proves itself without revealing work: the PDF and the Word file of each
example dossier carry the manifest `dossier verify` needs, and nothing of the evidence behind
their notes that they do not print: no claim, no quote, no evidence id, no evidence or
snapshot file name (nor a line number in one)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree
from pypdf import PdfReader

from conftest import REPO

NAMES = sorted(p.parent.name for p in (REPO / "dossiers").glob("*/dossier.yaml"))


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _evidence(root: Path) -> list[dict[str, object]]:
    return [
        item
        for path in sorted((root / "evidence").glob("*.yaml"))
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]


def _carried(pdf: Path, docx: Path) -> dict[str, str]:
    """What the files carry besides their pages: each file attached to the PDF, and each
    part of the Word file (its raw XML and the text inside it), folded."""
    carried = {
        f"{pdf.name}#{name}": _folded(name + " " + b"".join(contents).decode("utf-8"))
        for name, contents in PdfReader(pdf).attachments.items()
    }
    with zipfile.ZipFile(docx) as archive:
        for part in archive.namelist():
            data = archive.read(part)
            text = data.decode("utf-8", "replace")
            if part.endswith((".xml", ".rels")):
                root = etree.parse(io.BytesIO(data), etree.XMLParser(resolve_entities=False))
                text += " " + "".join(root.getroot().itertext())
            carried[f"{docx.name}#{part}"] = _folded(text)
    return carried


@pytest.mark.parametrize("name", NAMES)
def test_the_public_files_carry_nothing_of_the_work_they_do_not_print(
    built_examples: Path, name: str
) -> None:
    folder = built_examples / "build" / name
    pdf, docx = folder / f"{name}.pdf", folder / f"{name}.docx"
    assert set(PdfReader(pdf).attachments) == {"manifest.json"}
    carried = _carried(pdf, docx)
    with pdfplumber.open(pdf) as document:
        pages = " ".join(page.extract_text() or "" for page in document.pages)
    # What the files print: the PDF's pages, the Word file's text and footnotes.
    words = [carried[f"{docx.name}#word/{part}.xml"] for part in ("document", "footnotes")]
    printed = " ".join([_folded(pages), *words])
    items = _evidence(built_examples)
    assert len(items) > 15
    secrets = {f"evidence id {item['id']}": str(item["id"]) for item in items}
    secrets |= {
        f"the claim of {item['id']}": str(item["claim"])
        for item in items
        if _folded(str(item["claim"])) not in printed
    }
    secrets |= {
        f"a quote of {item['id']}": str(source["quote"])
        for item in items
        for source in item["sources"]  # type: ignore[attr-defined]
        if source.get("quote") and _folded(source["quote"]) not in printed
    }
    files = [*(built_examples / "evidence").glob("*.yaml")]
    files += (built_examples / "evidence" / "snapshots").iterdir()
    secrets |= {f"the file name {f.name}": f.name for f in files}
    secrets |= {"a path in evidence/": "evidence/"}
    found = [
        f"{what} in {where}"
        for what, secret in secrets.items()
        for where, text in carried.items()
        if _folded(secret) in text
    ]
    assert found == []
    # What verify needs is still there, the same in both files.
    from dossier.render.docx.docx_package import embedded_files

    word = json.loads(embedded_files(docx.read_bytes(), docx.name)["manifest.json"])
    attached = json.loads(PdfReader(pdf).attachments["manifest.json"][0])
    assert word["inputs"] == attached["inputs"] and word["evidence"] == attached["evidence"]
    assert attached["evidence"] and all(len(digest) == 64 for digest in attached["evidence"])
