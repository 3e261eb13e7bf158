"""A draft's outputs, read back (pdfplumber, python-docx): every page of the PDF says Draft at
its head and nothing in it looks issued by the UN (no masthead, symbol or GE number); the Word
file starts with the draft line. A complete dossier carries none of it."""

from __future__ import annotations

from pathlib import Path

import docx
import pdfplumber

from conftest import DOSSIER, STATEMENT, files, run_cli

DRAFT_LINE = "Draft – not for submission: facts are still to be filled in"
CIRCULATED = "symbol: A/HRC/61/NGO/12\nge_number: GE.26-01234(E)\n"
LONG = STATEMENT + "".join(f"\nParagraph {n} of filler text to reach a third page.\n"
                           for n in range(80))  # fmt: skip


def _pages(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def _word(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _build(make_workspace, dossier: str, language: str = "en") -> Path:
    dossier = dossier.replace("language: en", f"language: {language}")
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": dossier, "dossiers/test/statement.md": LONG})
    )
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root


def test_every_page_of_a_draft_says_draft_and_nothing_looks_issued(make_workspace):
    draft = DOSSIER.replace("agenda_item: 4\n", "") + CIRCULATED
    root = _build(make_workspace, draft + "unstated:\n  agenda_item: to be chosen.\n")
    pages = _pages(root / "build/test/test.pdf")
    assert len(pages) >= 3
    for page in pages:
        assert page[0] == DRAFT_LINE
    text = "\n".join("\n".join(page) for page in pages)
    for issued in ("United Nations", "General Assembly", "Distr.: General", "A/HRC/61/NGO/12",
                   "GE.26"):  # fmt: skip
        assert issued not in text  # (the test statement names neither the UN nor the GA)
    word = _word(root / "build/test/test.docx")
    assert word[0] == DRAFT_LINE and word[1] == "A test statement"
    assert not any("United Nations" in p or "A/HRC/61" in p for p in word)


def test_a_draft_says_so_in_its_language(make_workspace):
    draft = DOSSIER.replace("name: Test Association", "name: '[Nom de l’organisation]'")
    root = _build(make_workspace, draft, "fr")
    line = "Projet – ne pas soumettre : des informations restent à compléter"
    assert _pages(root / "build/test/test.pdf")[0][0] == line
    assert _word(root / "build/test/test.docx")[0] == line.replace(" :", "\u00a0:")


def test_a_complete_dossier_is_no_draft(make_workspace):
    root = _build(make_workspace, DOSSIER + CIRCULATED)
    pages = _pages(root / "build/test/test.pdf")
    assert pages[0][0] == "A/HRC/61/NGO/12"  # the masthead, as circulated
    assert not any("Draft" in line for page in pages for line in page)
    assert _word(root / "build/test/test.docx")[0] == "A test statement"


def test_the_review_edition_of_a_draft_has_its_band_and_no_masthead(make_workspace):
    draft = DOSSIER.replace("name: Test Association", "name: '[Your organization]'")
    root = make_workspace(files({"dossiers/test/dossier.yaml": draft + CIRCULATED}))
    result = run_cli("build", "--edition", "review", cwd=root)
    assert result.code == 0, result.err
    pages = _pages(root / "build/review/test/test-review.pdf")
    band = "Review edition – not for submission – internal, do not file"
    assert [page[0] for page in pages] == [band] * len(pages)
    text = "\n".join("\n".join(page) for page in pages)
    assert "Distr.: General" not in text and "A/HRC/61/NGO/12" not in text
