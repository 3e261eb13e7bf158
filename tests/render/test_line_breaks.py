"""The PDF breaks lines as the UN sets them: never inside a date, a UN document symbol, a
pinpoint ("para. 2") or between a number and its unit; a web address only after a slash or
before a dot; justified text hyphenated in the document's language; a note's lines hang under
its text, not under its number."""

from __future__ import annotations

import re

import pdfplumber

from conftest import BIB, files, run_cli

ST = "dossiers/test/statement.md"
FILLER = ["the", "Council", "was", "told", "again", "that", "families", "asked", "for", "news"]
KEPT = ["17 July 2020", "A/HRC/37/24", "para. 2", "30 per cent", "July 19, 2025"]
LONG_URL = (
    "https://www.reuters.com/article/us-iran-protests-specialreport/special-report-irans-"
    "leader-ordered-crackdown-on-unrest-idUSKBN1YR0QR"
)


def _statement() -> str:
    """Sentences that put each of KEPT at many places along a line."""
    sentences = []
    for index in range(60):
        words = FILLER[: index % len(FILLER) + 1]
        kept = KEPT[index % len(KEPT)]
        sentences.append(f"{' '.join(words).capitalize()} {kept} [uncited: a test].")
    long_words = " ".join(
        ["Extrajudicially", "disappeared", "prisoners", "demand", "internationally",
         "accountability", "investigations", "notwithstanding", "reparations"] * 6
    )  # fmt: skip
    return (
        "# Findings\n\n" + " ".join(sentences) + f"\n\n{long_words} [uncited: a test].\n\n"
        "Amnesty called [@amnesty-2018].\n"
    )


def _lines(root) -> list[str]:
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]


def test_no_line_breaks_inside_a_date_a_symbol_a_pinpoint_or_a_quantity(make_workspace):
    bib = BIB.replace("https://www.amnesty.org/en/documents/mde13/9421/2018/en/", LONG_URL)
    root = make_workspace(files({ST: _statement(), "bibliography.bib": bib}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    lines = _lines(root)
    text = "\n".join(lines)
    assert text.count("A/HRC/37/24") == 12 and text.count("17 July 2020") == 12
    assert text.count("para. 2") == 12 and text.count("30 per cent") == 12
    assert text.count("July 19, 2025") == 12
    hyphenated = [line for line in lines if re.search(r"[a-z][-\u2010]$", line)]
    assert hyphenated, "justified text is hyphenated: no line ends in a hyphen"
    note = [line for line in lines if "reuters" in line or "idUSKBN" in line or "crackdown" in line]
    for line, following in zip(note, note[1:], strict=False):
        assert line.endswith("/") or following.startswith("."), (line, following)


def test_a_notes_second_line_hangs_under_its_text(make_workspace):
    title = "Blood-soaked secrets " * 8
    bib = BIB.replace("title = {Blood-soaked secrets}", "title = {" + title.strip() + "}")
    root = make_workspace(files({"bibliography.bib": bib}))
    assert run_cli("build", cwd=root).code == 0
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        words = pdf.pages[0].extract_words()
    number = next(w for w in words if w["text"] == "2" and w["top"] > 600)
    note = [w for w in words if w["top"] >= number["top"] - 2]
    starts = sorted({round(w["x0"]) for w in note if w is not number})
    first_text = min(w["x0"] for w in note if abs(w["top"] - number["top"]) < 4 and w is not number)
    second_line = [w for w in note if w["top"] > number["top"] + 8]
    assert starts and second_line
    assert abs(min(w["x0"] for w in second_line) - first_text) < 1.5  # under the text
    assert number["x0"] < first_text - 5


NAME = "Internationalist Documentation Organisation"  # words the English hyphenator splits


def test_names_are_never_hyphenated_in_notes_or_the_shared_views_line(make_workspace):
    """Justified text is hyphenated, but a name is written whole: a note's author and the NGOs
    sharing the views break between words only. Prefixes of every length put the name at each
    place along a note's first line."""
    bib = BIB.replace("Amnesty International", NAME).replace("Special Rapporteur on Iran", NAME)
    citations = " ".join(  # two sources in turn: no note is "Ibid."
        f"Item [{' '.join((FILLER * 3)[:n])}, @{('amnesty-2018', 'sr-2017')[n % 2]}, p. {n}]."
        for n in range(8, 30)
    )
    dossier = files()["dossiers/test/dossier.yaml"] + "shared_by:\n" + "".join(
        f"  - {' '.join(FILLER[: n + 1])} {NAME}\n" for n in range(10)
    )
    root = make_workspace(files({
        ST: f"# Findings\n\n{citations}\n", "dossiers/test/dossier.yaml": dossier,
        "bibliography.bib": bib,
    }))  # fmt: skip
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    lines = _lines(root)
    assert sum(NAME.split()[1] in line for line in lines) >= 20, lines
    cut = [line for line in lines if re.search(r"(Internation|Document|Organ)\w*[-\u2010]$", line)]
    assert cut == []
