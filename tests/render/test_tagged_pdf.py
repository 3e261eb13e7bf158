"""The PDF a build writes by default is tagged for screen readers (PDF/A-3a: archival, and
its structure tagged) with the document's language; `--pdf plain` is untagged."""

from __future__ import annotations

from collections import Counter

import pytest
from pypdf import PdfReader

from conftest import DOSSIER, files, run_cli

PDF = "build/test/test.pdf"


def _structure(reader: PdfReader) -> Counter[str]:
    """How many structure elements of each type the PDF's structure tree holds."""
    found: Counter[str] = Counter()
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while pending:
        element = pending.pop().get_object()
        if not hasattr(element, "get"):
            continue
        if element.get("/S"):
            found[str(element["/S"])] += 1
        kids = element.get("/K")
        pending += kids if isinstance(kids, list) else [kids] if kids is not None else []
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_default_pdf_is_tagged_with_its_language_and_headings(make_workspace, language):
    dossier = DOSSIER.replace("language: en", f"language: {language}")
    root = make_workspace(files({"dossiers/test/dossier.yaml": dossier}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    reader = PdfReader(root / PDF)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "A")
    tags = _structure(reader)
    assert tags["/H1"] == 1 and tags["/H2"] == 1  # the title, the statement's heading
    assert tags["/P"] >= 5 and tags["/Link"] >= 1
    assert "manifest.json" in reader.attachments


def test_a_plain_pdf_stays_untagged(make_workspace):
    root = make_workspace(files())
    result = run_cli("build", "--pdf", "plain", cwd=root)
    assert result.code == 0, result.err
    catalog = PdfReader(root / PDF).trailer["/Root"]
    assert "/StructTreeRoot" not in catalog and "/MarkInfo" not in catalog
