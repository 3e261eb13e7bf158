"""Bibliographies as Zotero, Better BibTeX and JabRef export them, in BibTeX and BibLaTeX: each
loads as pandoc loads it, and each entry prints the footnote of the golden table
(tests/bibliographies/footnotes.yaml). biblatex-examples.bib gives one golden footnote per
entry type, and every one of its entries prints no TeX."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pylatexenc import latex2text
from ruamel.yaml import YAML

from conftest import BIB, REPO, files, run_cli
from dossier.cite.note_style import format_source, note_text
from dossier.load.bibtex.bibliography import load_bibliography
from dossier.load.bibtex.latex_text import address_text, latex_to_text
from dossier.load.profiles import load_profile

TABLES = load_profile("hrc-written-statement", None)[0].wording
ENGLISH = TABLES.en
EXPORTS = REPO / "tests" / "bibliographies"
GOLDEN = YAML(typ="safe").load((EXPORTS / "footnotes.yaml").read_text(encoding="utf-8"))
SHARED = Path(os.environ.get("DOSSIER_SHARED") or REPO.parent / "shared")
CORPUS = SHARED / "corpora" / "biblatex-examples.bib"
TEX = re.compile(r"[\\{}$]")


def _load(path: Path):
    return load_bibliography(path, path.name)


def test_the_golden_table_covers_every_export_and_entry():
    assert sorted(GOLDEN) == sorted(p.name for p in EXPORTS.glob("*.bib"))
    assert sum(len(entries) for entries in GOLDEN.values()) == 45
    for name in ("zotero", "betterbibtex", "jabref"):
        for dialect in ("bibtex", "biblatex"):
            assert f"{name}-{dialect}.bib" in GOLDEN


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_each_export_prints_its_golden_footnotes(name):
    bibliography, problems = _load(EXPORTS / name)
    assert problems == []
    printed = {
        key: note_text(format_source(entry, ENGLISH))
        for key, entry in bibliography.entries.items()
        if entry.entry_type != "xdata"
    }
    assert printed == GOLDEN[name]
    for key, text in printed.items():
        assert not TEX.search(text), (key, text)


def test_what_each_export_warns_about_is_located():
    warned = {}
    for path in sorted(EXPORTS.glob("*.bib")):
        bibliography, _ = _load(path)
        for found in bibliography.entry_problems.values():
            warned |= {p.format(): p.severity.value for p in found}
    assert warned == {
        "betterbibtex-bibtex.bib:33:13: warning[D112]: `smithWealth1776` uses `publisherplace`, "
        "which no @string defines: it is printed as written\n  hint: define it with "
        "@string{publisherplace = {...}}, or enclose the text in braces": "warning"
    }


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_entry_pandoc_reads_is_loaded(name):
    dialect = "bibtex" if name.endswith("-bibtex.bib") else "biblatex"
    done = subprocess.run(
        ["pandoc", "-f", dialect, "-t", "csljson", str(EXPORTS / name)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    bibliography, _ = _load(EXPORTS / name)
    assert {item["id"] for item in json.loads(done.stdout)} == {
        key for key, entry in bibliography.entries.items() if entry.entry_type != "xdata"
    }


def test_months_in_the_dossier_language_and_dates_biblatex_writes(tmp_path):
    path = tmp_path / "dates.bib"
    path.write_text(
        "@misc{a, title = {A}, year = 2020, month = sep}\n"
        "@misc{b, title = {B}, date = {2017-24}}\n"
        "@misc{c, title = {C}, date = {-0333}}\n"
        "@misc{d, title = {D}, date = {1723~}}\n"
        "@misc{e, title = {E}, date = {../1988-07}}\n",
        encoding="utf-8",
    )
    bibliography, problems = _load(path)
    assert problems == [] and bibliography.entry_problems == {}
    printed = {
        language: [note_text(format_source(e, TABLES.in_language(language))) for e in
                   bibliography.entries.values()]
        for language in ("en", "fr", "es")
    }  # fmt: skip
    assert printed == {
        "en": ["“A”, September 2020.", "“B”, winter 2017.", "“C”, 334 BCE.",
               "“D”, circa 1723.", "“E”, –July 1988."],
        "fr": ["«\u00a0A\u00a0», septembre 2020.", "«\u00a0B\u00a0», hiver 2017.",
               "«\u00a0C\u00a0», 334 av. J.-C.", "«\u00a0D\u00a0», vers 1723.",
               "«\u00a0E\u00a0», jusqu’en juillet 1988."],
        "es": ["“A”, septiembre de 2020.", "“B”, invierno de 2017.", "“C”, 334 a. C.",
               "“D”, hacia 1723.", "“E”, hasta julio de 1988."],
    }  # fmt: skip


def test_an_abstract_is_never_decoded_and_the_converter_is_built_once(monkeypatch):
    bibliography, _ = _load(EXPORTS / "zotero-bibtex.bib")
    abstract = bibliography.entries["patterson_computer_2004"].get("abstract")
    assert abstract.endswith(r"$\alpha$ {\bfseries not decoded}")
    latex_to_text(r"\emph{built} by now")
    built: list[object] = []  # each converter made from here on: none, since one is kept
    made = latex2text.LatexNodes2Text.__init__
    monkeypatch.setattr(
        latex2text.LatexNodes2Text, "__init__", lambda *a, **k: built.append(a) or made(*a, **k)
    )
    assert latex_to_text(r"$10^{-3}$ and H$_2$O, \textsuperscript{th}") == "10⁻³ and H₂O, ᵗʰ"
    assert latex_to_text(r"\emph{again}") == "again"
    assert built == []


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "@online{bare, title = {T}, url = {www.example.org/page}}",
            "bibliography.bib:16:28: {severity}[D109]: `url` of `bare` has no scheme: "
            "'www.example.org/page' does not say whether it is https:// or http://\n"
            "  hint: write https://www.example.org/page (or http:// if the site has no https)",
        ),
        (
            "@online{untitled, url = {https://example.org}, unstated = {urldate}}",
            "bibliography.bib:16:1: {severity}[D109]: `untitled` has no title\n"
            "  hint: add `title = {...},`: every footnote names the work it cites",
        ),
    ],
)
def test_an_entry_nobody_cites_never_fails_a_build(make_workspace, entry, message):
    key = entry.split("{", 1)[1].split(",", 1)[0]
    uncited = make_workspace(files({"bibliography.bib": BIB + entry + "\n"}))
    result = run_cli("check", cwd=uncited)
    assert result.code == 0, result.err
    hint = f"; nothing cites `{key}`, so this stops no build; it would if `{key}` were cited"
    assert message.replace("{severity}", "warning") + hint in result.problems
    statement = uncited / "dossiers/test/statement.md"
    statement.write_text(
        statement.read_text(encoding="utf-8").replace("[@amnesty-2018, p. 12]", f"[@{key}]"),
        encoding="utf-8",
    )
    result = run_cli("check", cwd=uncited)
    assert result.code == 1
    assert message.replace("{severity}", "error") in result.problems


def test_a_duplicate_key_says_where_both_are(make_workspace):
    root = make_workspace(files({"bibliography.bib": BIB + BIB.split("@online")[0]}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert (
        "bibliography.bib:16:1: error[D108]: duplicate bibliography key `sr-2017` (first at "
        "line 1)\n  hint: give one of the two entries another key, or delete the copy"
    ) in result.problems


@pytest.fixture(scope="module")
def corpus():
    if not CORPUS.exists():
        pytest.skip("shared/corpora is not beside this checkout (set DOSSIER_SHARED)")
    return _load(CORPUS)


# One entry of each type biblatex-examples.bib has, and what its footnote must print.
PER_TYPE = {
    "aksin": "Özge Aksın and others, “Effect of immobilization on catalytic characteristics of "
    "saturated Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions”, J. Organomet. Chem., "
    "vol. 691, No. 13, 2006, pp. 3027–3036.",
    "iliad": "Homer, Die Ilias, 3rd ed. (Düsseldorf and Zürich, Artemis & Winkler, 2004).",
    "knuth:ct": "Donald E. Knuth, Computers & Typesetting (Reading, Mass., Addison-Wesley, "
    "1984–1986).",
    "kant:kpv": "Immanuel Kant, “Kritik der praktischen Vernunft”, in Kritik der praktischen "
    "Vernunft. Kritik der Urtheilskraft, vol. 5 (Berlin, Walter de Gruyter, 1968), pp. 1–163.",
    "westfahl:space": "Gary Westfahl, “The True Frontier: Confronting and Avoiding the "
    "Realities of Space in American Science Fiction Films”, in Space and Beyond: The Frontier "
    "Theme in Science Fiction (Westport, Conn. and London, Greenwood, 2000), pp. 55–65.",
    "westfahl:frontier": "Gary Westfahl, ed., Space and Beyond: The Frontier Theme in Science "
    "Fiction (Westport, Conn. and London, Greenwood, 2000).",
    "britannica": "Warren E. Preece, ed., The New Encyclopædia Britannica, 15th ed. (Chicago, "
    "Ill., Encyclopædia Britannica, 2003).",
    "moraux": "Paul Moraux, “Le De Anima dans la tradition grècque: Quelques aspects de "
    "l’interpretation du traité, de Theophraste à Themistius”, in Aristotle on Mind and the "
    "Senses, G. E. R. Lloyd and G. E. L. Owen, eds. (Cambridge, Cambridge University Press, "
    "1979), pp. 281–324.",
    "cms": "The Chicago Manual of Style: The Essential Guide for Writers, Editors, and "
    "Publishers, 15th ed. (Chicago, Ill., University of Chicago Press, 2003).",
    "itzhaki": "Nissan Itzhaki, “Some remarks on ’t Hooft’s S-matrix for black holes”, "
    "version 1, 11 March 1996. Available at https://arxiv.org/abs/hep-th/9603067.",
    "laufenberg": "Xaver Laufenberg and others, “Elektrische Einrichtung und "
    "Betriebsverfahren”, European patent 1700367, 13 September 2006.",
    "jcg": "Computers and Graphics, vol. 35, No. 4 (2011).",
    "chiu": "Willy W. Chiu and We Min Chow, “A Hybrid Hierarchical Model of a Multiple "
    "Virtual Storage (MVS) Operating System”, Research report RC-6947 (IBM, 1978).",
    "geer": "Ingrid de Geer, Earl, Saint, Bishop, Skald – and Music: The Orkney Earldom of the "
    "Twelfth Century. A Musicological Study, PhD thesis (Uppsala, Uppsala Universitet, 1985).",
    "kastenholz": "M. A. Kastenholz and Philippe H. Hünenberger, “Computation of "
    "methodology-independent ionic solvation free energies from molecular simulations: I. The "
    "electrostatic potential in molecular liquids”, J. Chem. Phys., vol. 124, 2006, article "
    "124106. Available at https://doi.org/10.1063/1.2172593.",
}


def test_one_golden_footnote_per_entry_type_of_biblatex_examples(corpus):
    bibliography, _ = corpus
    printed = {k: note_text(format_source(bibliography.entries[k], ENGLISH)) for k in PER_TYPE}
    assert printed == PER_TYPE
    kinds = {e.entry_type for e in bibliography.entries.values()} - {"set"}
    assert kinds == {bibliography.entries[k].entry_type for k in PER_TYPE}


def test_biblatex_examples_print_no_tex(corpus):
    bibliography, problems = corpus
    assert problems == [] and bibliography.entry_problems == {}
    for key, entry in bibliography.entries.items():
        if entry.entry_type != "set":
            text = note_text(format_source(entry, ENGLISH, "p. 5"))
            assert not TEX.search(text), (key, text)


HAND_WRITTEN = EXPORTS / "hand-written" / "tex-and-braces.bib"


def _every_note(paths: list[Path]) -> list[tuple[str, str, str]]:
    """(file, key, note) for every entry of every file, in each language, with and without a
    pinpoint: the text and the addresses a reader sees."""
    notes = []
    for path in paths:
        bibliography, _ = _load(path)
        for key, entry in bibliography.entries.items():
            if entry.entry_type in ("set", "xdata"):
                continue
            for language in ("en", "fr", "es"):
                for locator in ("", "p. 5"):
                    note = format_source(entry, TABLES.in_language(language), locator)
                    seen = note_text(note) + " " + " ".join(s.href for s in note)
                    notes.append((path.name, key, seen))
    return notes


def test_no_note_built_from_the_corpora_shows_tex_math_or_braces(corpus):
    """Every export, biblatex-examples.bib, and entries written as by hand (math in titles,
    braces guarding case, addresses in braces or \\url, escaped for LaTeX): no note shows a
    $, a brace or a backslash, in its text or its links. Before addresses were read as
    addresses, 18 of these notes did."""
    raw = HAND_WRITTEN.read_text(encoding="utf-8").split("\n@")[1:]
    assert sum(bool(re.search(r"[$\\]|\{\{", entry)) for entry in raw) == 6  # TeX in each
    paths = [*sorted(EXPORTS.glob("**/*.bib")), CORPUS]
    notes = _every_note(paths)
    assert len(notes) == 6 * (45 + 6 + 90)  # three languages, with and without a pinpoint
    assert [(name, key, text) for name, key, text in notes if TEX.search(text)] == []


def test_an_address_loses_the_braces_and_escapes_latex_gave_it():
    bibliography, problems = _load(HAND_WRITTEN)
    assert problems == []
    printed = {
        key: note_text(format_source(entry, ENGLISH))
        for key, entry in bibliography.entries.items()
    }
    assert printed["math-in-title"] == (
        "Thi Chau Nguyen and Anna van der Berg, “Predicting Detention Length: An R₂ of 0.4 and "
        "the β-Coefficients”, Journal of Human Rights Statistics, vol. 12, No. 3, March 2019, "
        "pp. 101–120. Available at https://example.org/articles/r2_detention and "
        "https://doi.org/10.1000/jhrs.2019.12.3.101."
    )
    assert printed["escaped-address"].endswith(
        "Available at https://iranhr.net/en/articles/7400/?utm_source=report&utm_medium=web."
    )
    assert printed["braced-organisation"].endswith(
        "Available at https://www.unodc.org/unodc/en/data-and-analysis/"
        "global_study_on_homicide.html."
    )
    assert printed["math-in-booktitle"].endswith("Available at https://arxiv.org/abs/2101.00001.")


@pytest.mark.parametrize(
    "written, address",
    [
        ("{{https://a.org/x}}", "https://a.org/x"),
        (r"\url{https://a.org/x_y}", "https://a.org/x_y"),
        (r"\href{https://a.org/x}{the report}", "https://a.org/x"),
        (r"https://a.org/a\_b\%7E\#top", "https://a.org/a_b%7E#top"),
        (r"https://a.org/\{id\}", "https://a.org/%7Bid%7D"),
        ("https://a.org/{x}", "https://a.org/x"),
        ("https://a.org/$ref", "https://a.org/$ref"),  # an address may hold a dollar sign
    ],
)
def test_address_text(written, address):
    assert address_text(written) == address
