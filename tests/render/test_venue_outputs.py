"""What each venue's outputs show, read back: the example dossiers' PDF (pdfplumber) and Word
file (python-docx) carry the venue's header fields and numbered paragraphs; a French and a
Spanish Council statement carry the UN's labels and dates in both; the edition as circulated
prints its symbol in the masthead and running heads, and its GE number at the foot."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import DOSSIER, STATEMENT, files, run_cli
from support.examples import DRAFT_LINE


def _pdf_lines(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


def _word(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _word_numbered(path: Path) -> list[tuple[int, str]]:
    """(level, text) of each paragraph Word numbers: one whose properties name the list of
    numbering.xml (numPr), its level 0 "1.", 1 "(a)"."""
    found = []
    for paragraph in docx.Document(str(path)).paragraphs:
        properties = paragraph._p.pPr
        numbered = properties.numPr if properties is not None else None
        if numbered is not None:
            found.append((numbered.ilvl.val, paragraph.text))
    return found


def _numbers(lines: list[str], pattern: str) -> list[int]:
    return [int(m[1]) for line in lines if (m := re.match(pattern, line))]


EXAMPLES = {
    "upr-iran-1988-accountability": {
        "heading": "Universal Periodic Review: Islamic Republic of Iran",
        "facts": [
            "State under review: Islamic Republic of Iran",
            "Cycle: [The seeds do not say which review cycle this submission is meant for.]",
            "Submitted by: [Example submitting organization]",
        ],
        "paragraphs": 7,
    },
    "ccpr-iran-right-to-life": {
        "heading": "Alternative report to the Human Rights Committee",
        "facts": [
            "Committee: Human Rights Committee (CCPR)",
            "State party: Islamic Republic of Iran",
            "State party report: [The seeds do not give the symbol of the State party report "
            "this answers.]",
            "May be posted online: [Not stated; the submitting organization decides.]",
        ],
        "paragraphs": 5,
    },
    "sp-executions-july-2025": {
        "heading": "Communication to the Special Procedures of the Human Rights Council",
        "facts": [
            "Alleged victim(s): Mehdi Hassani; Behrouz Ehsani",
            "Date of the incident: 27 July 2025",
            "Place of the incident: [The seed does not give the place of the executions.]",
            "Submitter: [Not stated in this example; a real communication must name its "
            "submitter.]",
        ],
        "paragraphs": 0,  # a communication's paragraphs are not numbered
    },
}


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_venue_example_shows_its_facts_and_numbers_in_the_word_file(built_examples, name):
    expected = EXAMPLES[name]
    draft_line, *paragraphs = _word(built_examples / "build" / name / f"{name}.docx")
    assert draft_line == DRAFT_LINE  # each example leaves facts unstated
    assert paragraphs[0] == expected["heading"]
    for fact in expected["facts"]:
        assert fact in paragraphs
    numbered = _word_numbered(built_examples / "build" / name / f"{name}.docx")
    assert [level for level, _ in numbered].count(0) == expected["paragraphs"]
    assert not any(re.match(r"^\d+\.\t", p) for p in paragraphs)  # no number typed as text


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_venue_example_shows_its_facts_and_numbers_in_the_pdf(built_examples, name):
    expected = EXAMPLES[name]
    pages = _pdf_lines(built_examples / "build" / name / f"{name}.pdf")
    assert [page[0] for page in pages] == [DRAFT_LINE] * len(pages)  # facts left unstated
    lines = [line for page in pages for line in page[1:]]
    assert lines[0] == expected["heading"]
    text = "\n".join(lines)
    for fact in expected["facts"]:
        label, value = fact.split(": ", 1)
        assert f"{label} {value[:40]}" in text, fact  # the table sets label and value apart
    count = expected["paragraphs"]
    assert _numbers(lines, r"^(\d{1,2})\. ") == list(range(1, count + 1))
    footers = [page[-1] for page in pages]
    if name.startswith("upr"):  # numbered pages, "1 / 2"
        assert footers == [f"{n} / {len(pages)}" for n in range(1, len(pages) + 1)]
    else:
        assert footers == [str(n) for n in range(1, len(pages) + 1)]


def test_the_upr_example_lists_its_recommendations_as_subparagraphs(built_examples):
    name = "upr-iran-1988-accountability"
    numbered = _word_numbered(built_examples / "build" / name / f"{name}.docx")
    levels = [level for level, _ in numbered]
    assert levels == [0] * 7 + [1] * 5  # paragraphs 1 to 7, then (a) to (e) under the 7th
    assert numbered[6] == (0, "We recommend that the Islamic Republic of Iran:")


# A Council statement in French and in Spanish: the header, the date, "Available at".
LANGUAGES = {
    "fr": [
        "Nations Unies",
        "Assemblée générale",
        "1er décembre 2025",
        "Conseil des droits de l’homme",
        "Soixante et unième session",
        "23 février-2 avril 2026",
        "Point 4 de l’ordre du jour",
        "Exposé écrit* présenté par Test Association, organisation non",
        "* Publié tel quel, dans la/les langue(s) de soumission seulement.",
    ],
    "es": [
        "Naciones Unidas",
        "Asamblea General",
        "1 de diciembre de 2025",
        "Consejo de Derechos Humanos",
        "61º período de sesiones",
        "23 de febrero a 2 de abril de 2026",
        "Tema 4 de la agenda",
        "Exposición* presentada por Test Association, organización no",
    ],
}
NOTE_DATE = {"fr": "1er décembre 2025", "es": "1 de diciembre de 2025"}
AVAILABLE_AT = {"fr": "Disponible à l’adresse", "es": "Disponible en"}
SHARED_VIEWS = {
    "fr": "Une ONG, ONG sans statut consultatif, partage(nt) également les opinions exprimées "
    "dans le présent exposé.",
    "es": "Una ONG, ONG sin reconocimiento como entidad consultiva, también comparte(n) las "
    "opiniones expresadas en la presente exposición.",
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_council_statement_carries_the_uns_labels_and_dates_in_its_language(
    make_workspace, language
):
    bib = files()["bibliography.bib"].replace("date = {2018-12-04}", "date = {2025-12-01}")
    dossier = DOSSIER.replace("language: en", f"language: {language}") + (
        "shared_by: [Une ONG]\n" if language == "fr" else "shared_by: [Una ONG]\n"
    )
    root = make_workspace(
        files({"bibliography.bib": bib, "dossiers/test/dossier.yaml": dossier})
    )
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    lines = [line for page in _pdf_lines(root / "build/test/test.pdf") for line in page]
    text = "\n".join(lines)
    for expected in LANGUAGES[language]:  # the masthead's two columns share lines
        assert expected in text, (expected, lines)
    # French quotes with their no-break spaces, which the page's text gives as spaces
    title = "« Blood-soaked secrets »" if language == "fr" else "“Blood-soaked secrets”"
    note = f"Amnesty International, {title}, {NOTE_DATE[language]}, p. 12."
    # (the locator is the writer's own, "p. 12", in any language)
    assert note in text
    assert f"{AVAILABLE_AT[language]} https://" in text
    document = docx.Document(str(root / "build/test/test.docx"))
    assert document.core_properties.language == {"fr": "fr-FR", "es": "es-ES"}[language]
    assert _word(root / "build/test/test.docx")[-1] == SHARED_VIEWS[language]
    with zipfile.ZipFile(root / "build/test/test.docx") as archive:
        footnotes = re.sub(r"<[^>]+>", "", archive.read("word/footnotes.xml").decode())
    footnotes = footnotes.replace("\u00a0", " ")  # the French quotes' no-break spaces
    assert note in footnotes and AVAILABLE_AT[language] in footnotes


def test_the_edition_as_circulated_prints_its_symbol_and_ge_number(make_workspace):
    dossier = DOSSIER + "symbol: A/HRC/61/NGO/12\nge_number: GE.26-01234(E)\n"
    long = STATEMENT + "".join(f"\nParagraph {n} of filler text to reach a third page.\n"
                               for n in range(80))  # fmt: skip
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": dossier, "dossiers/test/statement.md": long})
    )
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    pages = _pdf_lines(root / "build/test/test.pdf")
    assert len(pages) >= 3
    assert pages[0][0] == "A/HRC/61/NGO/12"  # the masthead, above "Distr.: General"
    assert pages[0][-1] == "GE.26-01234(E) 1"  # the job number at the foot, beside the page
    assert "GE.26-01234(E)" not in "\n".join(pages[0][:-1])  # once, at the foot only
    for page in pages[1:]:  # the running head of every later page
        assert page[0] == "A/HRC/61/NGO/12"
        assert "GE.26" not in "\n".join(page)


def test_a_symbol_left_unstated_makes_a_draft_without_masthead(make_workspace):
    dossier = DOSSIER + "unstated:\n  symbol: Not circulated yet.\n"
    root = make_workspace(files({"dossiers/test/dossier.yaml": dossier}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    (page,) = _pdf_lines(root / "build/test/test.pdf")
    assert page[0] == DRAFT_LINE
    assert "Distr.: General" not in page and "[Not circulated yet.]" not in page  # no masthead
    strict = run_cli("check", "--strict", cwd=root)
    assert strict.code == 1
    assert (
        "dossiers/test/dossier.yaml:12:3: error[D411]: `symbol` is not stated: the output prints "
        "“Not circulated yet.” in its place"
    ) in strict.err
    review = run_cli("build", "--edition", "review", cwd=root)
    assert review.code == 0, review.err
    review_pdf = root / "build/review/test/test-review.pdf"
    lines = [line for page in _pdf_lines(review_pdf) for line in page]
    at = lines.index("Facts not stated")
    assert "symbol Not circulated yet. (dossiers/test/dossier.yaml:12:3)" in lines[at + 1 :]


def test_a_symbol_that_is_not_a_un_symbol_is_refused(make_workspace):
    dossier = DOSSIER + "symbol: A/HRC/61/NGOs/12\n"
    result = run_cli("check", cwd=make_workspace(files({"dossiers/test/dossier.yaml": dossier})))
    assert result.code == 1
    assert (
        "dossiers/test/dossier.yaml:11:9: error[D607]: `symbol` 'A/HRC/61/NGOs/12' is not a "
        "valid UN document symbol: `NGOs` is not a part of a UN symbol"
    ) in result.err
