"""BibTeX as users bring it, and each entry as a UN-style footnote."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import REPO
from dossier.cite.note_style import format_ibid, format_source, note_html, note_text
from dossier.load.bibtex.bibliography import load_bibliography
from dossier.load.profiles import load_profile

ENGLISH = load_profile("hrc-written-statement", None)[0].wording.en

SHARED = Path(os.environ.get("DOSSIER_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpora" / "biblatex-examples.bib"


@pytest.fixture(scope="module")
def corpus():
    if not CORPUS.exists():
        pytest.skip("shared/corpora is not beside this checkout")
    bibliography, problems = load_bibliography(CORPUS, "biblatex-examples.bib")
    return bibliography, problems


def test_biblatex_examples_load_without_a_problem(corpus):
    bibliography, problems = corpus
    assert problems == [] and bibliography.entry_problems == {}
    assert len(bibliography.entries) == 92  # 100 blocks less its 8 @string definitions


def test_every_biblatex_example_renders_as_a_sensible_footnote(corpus):
    bibliography, _ = corpus
    for key, entry in bibliography.entries.items():
        if entry.entry_type == "set":
            continue  # a set is cited through its members
        text = note_text(format_source(entry, ENGLISH, "p. 5"))
        assert not re.search(r"[\\{}#~]|,,|\s[,.]|\.\.$", text), (key, text)
        assert text.endswith("."), (key, text)
        unquoted = re.sub("[“”‘’']", "", entry.get("title").split(":")[0][:20])
        assert unquoted in re.sub("[“”‘’']", "", text), (key, text)  # apostrophes typeset
        assert "p. 5" in text, (key, text)


@pytest.mark.parametrize(
    "key, expected",
    [
        (
            "aksin",
            "Özge Aksın and others, “Effect of immobilization on catalytic characteristics of "
            "saturated Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions”, J. Organomet. "
            "Chem., vol. 691, No. 13, 2006, pp. 3027–3036.",
        ),
        (
            "knuth:ct:b",
            "Donald E. Knuth, TeX: The Program, vol. B (Reading, Mass., Addison-Wesley, 1986).",
        ),
        (
            "westfahl:space",
            "Gary Westfahl, “The True Frontier: Confronting and Avoiding the Realities of Space in "
            "American Science Fiction Films”, in Space and Beyond: The Frontier Theme in Science "
            "Fiction (Westport, Conn. and London, "
            "Greenwood, 2000), pp. 55–65.",
        ),
        (
            "nietzsche:ksa",
            "Friedrich Nietzsche, Sämtliche Werke: Kritische Studienausgabe, 2nd ed. (München and "
            "Berlin and New York, Deutscher Taschenbuch-Verlag and Walter de Gruyter, 1988).",
        ),
        (
            "markey",
            "Nicolas Markey, “Tame the BeaST: The B to X of BibTeX”, version 1.3, 16 October 2005. "
            "Available at "
            "http://mirror.ctan.org/info/bibtex/tamethebeast/ttb_en.pdf.",
        ),
    ],
)
def test_footnote_text_of_corpus_entries(corpus, key, expected):
    assert note_text(format_source(corpus[0].entries[key], ENGLISH)) == expected


def _entry(tmp_path: Path, text: str):
    path = tmp_path / "b.bib"
    path.write_text(text, encoding="utf-8")
    bibliography, problems = load_bibliography(path, "b.bib")
    assert problems == []
    return next(iter(bibliography.entries.values()))


def test_un_document_links_its_symbol_and_an_organisation_stays_whole(tmp_path):
    entry = _entry(
        tmp_path,
        "@report{sr, author = {{Office of the High Commissioner for Human Rights and Others}},\n"
        " title = {Report}, date = {2018-02-26}, symbol = {A/HRC/37/24},\n"
        " url = {https://www.ohchr.org/A_HRC_37_24.docx}}\n",
    )
    note = format_source(entry, ENGLISH, "para. 4")
    assert note_text(note) == (
        "Office of the High Commissioner for Human Rights and Others, “Report”, A/HRC/37/24, "
        "26 February 2018, para. 4. Available at https://www.ohchr.org/A_HRC_37_24.docx."
    )
    assert '<a href="https://undocs.org/A/HRC/37/24">A/HRC/37/24</a>' in note_html(note)
    assert '<a href="https://www.ohchr.org/A_HRC_37_24.docx">' in note_html(note)


def test_latex_escapes_render_as_text(tmp_path):
    entry = _entry(tmp_path, '@misc{x, title = {Caf{\\\'e} {\\"U}ber -- na{\\"\\i}ve}}\n')
    assert note_text(format_source(entry, ENGLISH)) == "“Café Über – naïve”."


@pytest.mark.parametrize(
    "locator, prefix, expected",
    [("", "", "Ibid."), ("para. 4", "", "Ibid., para. 4."), ("p. 3", "see", "See ibid., p. 3.")],
)
def test_ibid(locator, prefix, expected):
    assert note_text(format_ibid(ENGLISH, locator, prefix)) == expected
