"""Nothing leaks from a public build: a confidential item cited publicly is refused at its
citation, and a restricted string planted anywhere an output is made from is refused at its
source, with nothing written and the last good outputs left as they were."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import run_cli
from dossier.base.problems import Location
from dossier.check.disclosure.restricted import normalise, restricted_pattern
from support.examples import THIRD, THIRD_EVIDENCE, WITNESS

NAME = THIRD
FOLDER = f"dossiers/{NAME}"
EVIDENCE = THIRD_EVIDENCE


def _add_witness(root: Path, witness: str = WITNESS) -> Location:
    """Append the witness item; where its (first) restricted string is written."""
    path = root / EVIDENCE
    text = path.read_text(encoding="utf-8") + witness
    path.write_text(text, encoding="utf-8")
    return Location.at_offset(EVIDENCE, text, text.index("restricted: [") + len("restricted: ["))


def _witness_at(root: Path) -> Location:
    text = (root / EVIDENCE).read_text(encoding="utf-8")
    return Location.at_offset(EVIDENCE, text, text.index("id: witness-statement"))


def _replace(root: Path, relative: str, old: str, new: str) -> Location:
    """Replace `old` by `new` in a file; where `Leila` now stands in it."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    offset = text.index("Leila")
    return Location.at_offset(relative, text, offset)


def _plant_in_statement(root: Path) -> Location:
    return _replace(root, f"{FOLDER}/statement.md", "Masoud Pezeshkian", "Leila Farahani")


def _plant_in_title(root: Path) -> Location:
    return _replace(
        root, f"{FOLDER}/dossier.yaml", "  After the Third", "  Leila Farahani: the Third"
    )


def _plant_in_shared_by(root: Path) -> Location:
    return _replace(
        root,
        f"{FOLDER}/dossier.yaml",
        "statement: statement.md",
        "shared_by:\n  - Friends of Leila Farahani (FLF)\nstatement: statement.md",
    )


def _plant_in_bibliography(root: Path) -> Location:
    return _replace(
        root,
        "bibliography.bib",
        "in Landmark Resolution}",
        "in Landmark Resolution, as Leila Farahani Told}",
    )


PLANTS = {
    "statement": (_plant_in_statement, "the statement"),
    "title": (_plant_in_title, "the dossier's `title`"),
    "shared_by": (_plant_in_shared_by, "the dossier's `shared_by` entry 1"),
    "bibliography": (
        _plant_in_bibliography,
        "field `title` of bibliography entry `iranfreedom-2025`",
    ),
}
INPUT_LEAK = "; a public edition would carry it, so nothing is written while it is there"


def _build(root: Path, *options: str) -> None:
    result = run_cli("build", NAME, *options, cwd=root)
    assert result.code == 0, result.err


def _refused(root: Path) -> list[str]:
    """The problems a refused build printed, one line each (hints and summary left out)."""
    result = run_cli("build", NAME, cwd=root)
    assert result.code == 1, result.err
    lines = result.err.splitlines()
    assert " found" in lines[-1]
    return [line for line in lines[:-1] if not line.startswith("  hint: ")]


def _texts_under(build_folder: Path) -> dict[str, str]:
    """Every file under build/, as bytes decoded and, for a PDF, its extracted text."""
    found = {}
    for path in sorted(build_folder.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                text += "\n".join(page.extract_text() or "" for page in pdf.pages)
        found[path.relative_to(build_folder).as_posix()] = text
    return found


def _outputs(root: Path) -> dict[str, bytes]:
    """Every file a build wrote; not build/.cache/, which any check may fill."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(root / "build").parts
    }


@pytest.mark.parametrize("where", PLANTS)
def test_a_restricted_string_planted_is_refused_at_its_source(examples: Path, where: str) -> None:
    _build(examples)
    before = _outputs(examples)
    restricted_at = _add_witness(examples)
    plant, label = PLANTS[where]
    planted_at = plant(examples)

    refused = _refused(examples)

    # Found in the input, before any layout: once, as `dossier check` finds it.
    expected = (
        f"{planted_at}: error[D812]: a restricted string of evidence `witness-statement` "
        f"({restricted_at}) is in {label}{INPUT_LEAK}"
    )
    assert [line for line in refused if "error[" in line] == [expected]
    checked = run_cli("check", NAME, "--format", "json", cwd=examples)
    assert checked.code == 1
    document = json.loads(checked.out)
    assert document["ok"] is False
    leaks = [p for p in document["problems"] if p["code"] == "D812"]
    assert [
        f"{p['path']}:{p['line']}:{p['column']}: error[D812]: {p['message']}" for p in leaks
    ] == [expected]
    assert "farahani" not in "\n".join(refused).lower()  # an error may end up in a public CI log
    assert _outputs(examples) == before  # the last good outputs stay, untouched
    leaked = {
        f for f, text in _texts_under(examples / "build").items() if "farahani" in text.lower()
    }
    assert leaked == set()


def test_the_cli_refuses_with_exit_1_and_writes_nothing(examples: Path) -> None:
    restricted_at = _add_witness(examples)
    planted_at = _plant_in_statement(examples)
    result = run_cli("build", NAME, cwd=examples)
    assert result.code == 1
    assert (
        f"{planted_at}: error[D812]: a restricted string of evidence `witness-statement` "
        f"({restricted_at}) is in the statement{INPUT_LEAK}\n"
        "  hint: remove or reword it in every place reported; restricted strings may appear "
        "only in the internal review edition (`dossier build --edition review`)\n"
    ) in result.err
    assert not (examples / "build" / NAME).exists() or _texts_under(examples / "build") == {}


@pytest.mark.parametrize(
    "written",
    [
        "LEILA FARAHANI",  # another case
        "leila farahani",
        # full width letters
        "\uff2c\uff45\uff49\uff4c\uff41 \uff26\uff41\uff52\uff41\uff48\uff41\uff4e\uff49",
        "Lei\u200bla Fara\u00adhani",  # a zero-width space and a soft hyphen inside
        "Leila\u00a0Farahani",  # a non-breaking space
        "Leila\nFarahani",  # the name broken over two lines of the source
    ],
)
def test_a_variant_of_the_string_is_refused(examples: Path, written: str) -> None:
    _add_witness(examples)
    path = examples / FOLDER / "statement.md"
    text = path.read_text(encoding="utf-8").replace("Masoud Pezeshkian", written, 1)
    path.write_text(text, encoding="utf-8")
    at = Location.at_offset(f"{FOLDER}/statement.md", text, text.index(written))
    refused = [line.split("]: ")[0] + "]" for line in _refused(examples) if "error[" in line]
    if written[0] == "\uff2c":  # no shipped font has full-width letters: the check says so
        assert refused == [f"{at}: error[D706]", f"{at}: error[D812]"]
    else:
        assert refused == [f"{at}: error[D812]"]
    assert not (examples / "build" / NAME).exists()


def test_a_name_hyphenated_at_a_line_end_of_the_pdf_is_refused(examples: Path) -> None:
    """Soft hyphens let WeasyPrint break the name at a line end ("Fara-" / "hani"): the PDF's
    text then holds it only in pieces, and the scan still finds it."""
    _add_witness(examples)
    breakable = "Lei\u00adla Fa\u00adra\u00adha\u00adni"
    sentence = f"The court heard {breakable} and her sister speak of {breakable} again. "
    path = examples / FOLDER / "statement.md"
    text = path.read_text(encoding="utf-8") + "\n" + sentence * 12 + "[uncited: a test]\n"
    path.write_text(text, encoding="utf-8")
    # The review edition is not scanned: it shows what the public PDF would have held.
    _build(examples, "--edition", "review")
    review = examples / "build" / "review" / NAME / f"{NAME}-review.pdf"
    with pdfplumber.open(review) as pdf:
        laid_out = "\n".join(page.extract_text() or "" for page in pdf.pages)
    # WeasyPrint draws the break as U+2010 HYPHEN: "Faraha‐" / "ni".
    broken = re.search(r"(Lei|Fa|Fara|Faraha)[-\u2010]\n", laid_out)
    assert broken, "no occurrence broken at a line end"

    refused = [line for line in _refused(examples) if "error[" in line]
    assert len(refused) == 24  # each occurrence, at its own line and column
    assert all(line.startswith(f"{FOLDER}/statement.md:") for line in refused), refused
    assert len({line.split(": error")[0] for line in refused}) == 24
    assert not (examples / "build" / NAME / f"{NAME}.pdf").exists()


@pytest.mark.parametrize(
    ("restricted", "text", "found"),
    [
        ("Leila Farahani", "said Leila Farahani.", True),
        ("Leila Farahani", "said Lei-\nla Fara-\nhani.", True),  # hyphenated at line ends
        ("Leila Farahani", "said Leila\n  Farahani.", True),
        ("Leila Farahani", "witness-leila-farahani.txt", True),  # an id, a file name
        ("Leila Farahani", "leila_farahani", True),
        ("Leila Farahani", "LeilaFarahani", True),
        ("Leila Farahani", "Leila%20Farahani", True),  # in a link
        ("Straße", "STRASSE", True),  # case folding
        ("Leila Farahani", "Le\u0456la F\u0430rahani", True),  # Cyrillic і and а
        ("Leila Farahani", "LEILA F\u0410RAHANI", True),  # Cyrillic capital А
        ("Mohammadi", "\u041cohammadi", True),  # Cyrillic М, whose small м looks otherwise
        ("Leila Farahani", "Le\u0131la Far\u03b1hani", True),  # dotless ı, Greek α
        ("Leila Farahani", "\uff2c\uff45\uff49\uff4c\uff41 Farahani", True),  # full width
        ("Leila Farahani", "Lei1a Farahan\u0456", True),  # a digit for a letter
        ("F\u0430rahani", "farahani", True),  # the restricted string itself spoofed
        ("Leila Farahani", "q=%4C%65%69%6C%61+%46arahani", True),  # percent-encoded
        ("Leila Farahani", "q=Lei%6c%61%2DFarahani", True),
        ("Leila Farahani", "/L%C3%A9ila-Farahani", False),  # é is not e
        ("Reza", "Rez\u0430ei", False),  # still whole words only
        ("Reza", "50%25 of Reza", True),
        ("Ali", "the quality of the evidence", False),  # whole words only
        ("Ali", "Ali's testimony", True),
        ("Ali", "Ali", True),
        ("Reza", "Rezaei", False),
        ("Al", "Al said", None),  # too short: not looked for
        ("de la", "de la", None),  # only common words
        ("The", "the", None),
    ],
)
def test_the_matching_rule(restricted: str, text: str, found: bool | None) -> None:
    pattern = restricted_pattern(restricted)
    if found is None:
        assert pattern is None
        return
    assert pattern is not None
    assert bool(pattern.search(normalise(text)[0])) is found


def test_a_string_too_short_to_look_for_is_a_warning_in_check(examples: Path) -> None:
    at = _add_witness(examples, WITNESS.replace('["Leila Farahani"]', '["Al", "de la"]'))
    result = run_cli("check", NAME, cwd=examples)
    assert (
        f"{at}: warning[D813]: restricted string 1 of evidence `witness-statement` has fewer "
        "than 3 letters or only common words, so it is not looked for in public outputs\n"
        "  hint: write the full name or phrase that must not appear (e.g. a first and last "
        "name)\n"
    ) in result.err
    second = Location(at.path, at.line, at.column + len('"Al", '))
    assert f"{second}: warning[D813]: restricted string 2 of" in result.err


CONFIDENTIAL_CITED = "prisoners Mehdi Hassani and Behrouz Ehsani were executed"


def _cite_the_witness(root: Path) -> Location:
    _add_witness(root)
    path = root / FOLDER / "statement.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("[@ehsani-hassani-2025]", "[@ehsani-hassani-2025; @witness-statement]")
    path.write_text(text, encoding="utf-8")
    return Location.at_offset(f"{FOLDER}/statement.md", text, text.index("[@ehsani-hassani-2025;"))


def test_a_confidential_item_cited_publicly_is_refused_at_its_citation(examples: Path) -> None:
    at = _cite_the_witness(examples)
    expected = (
        f"{at}: error[D811]: evidence `witness-statement` is confidential "
        f"({_witness_at(examples)}) and cannot be cited in a public build\n"
        "  hint: cite a public source for this sentence, or leave the citation to the internal "
        "review edition (`dossier build --edition review`)\n"
    )
    checked = run_cli("check", NAME, cwd=examples)
    assert checked.code == 1 and expected in checked.problems
    built = run_cli("build", NAME, cwd=examples)
    assert built.code == 1 and expected in built.problems
    assert not (examples / "build").exists()


def test_a_confidential_item_is_built_in_the_review_edition_marked(examples: Path) -> None:
    _cite_the_witness(examples)
    result = run_cli("build", NAME, "--edition", "review", cwd=examples)
    assert result.code == 0, result.err
    folder = examples / "build" / "review" / NAME
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{NAME}-review.html",
        f"{NAME}-review.pdf",
        "manifest-review.json",
    ]
    with pdfplumber.open(folder / f"{NAME}-review.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    text = "\n".join(pages)
    assert "[CONFIDENTIAL · witness-statement · not graded · draft]" in " ".join(text.split())
    register = text[text.index("Annex: Evidence register") :]
    assert "witness-statement CONFIDENTIAL" in register
    assert "A witness described the 1988 executions at a prison in Tehran." in register


def test_the_public_manifest_carries_no_review_only_data(built_examples: Path) -> None:
    pdf = built_examples / "build" / NAME / f"{NAME}.pdf"
    attached = PdfReader(pdf).attachments
    assert set(attached) == {"manifest.json"}  # the trace is the review edition's alone
    words = json.dumps(json.loads(attached["manifest.json"][0]))
    for review_only in ('"reliability"', '"review"', '"confidential"', '"restricted"'):
        assert review_only not in words


def _plant_in_claim(root: Path) -> None:
    """The restricted name in the claim and a quote of a cited item: the public edition
    prints neither."""
    path = root / EVIDENCE
    text = path.read_text(encoding="utf-8")
    claim = "  claim: >-\n    On 19 November 2025"
    assert claim in text
    text = text.replace(claim, "  claim: >-\n    As Leila Farahani saw, on 19 November 2025", 1)
    path.write_text(text, encoding="utf-8")


def test_a_restricted_string_in_a_claim_never_printed_does_not_block(examples: Path) -> None:
    """A claim's wording is the team's work: no public output carries it, so a restricted
    string there is no leak; the outputs themselves are still scanned."""
    _add_witness(examples)
    _plant_in_claim(examples)
    checked = run_cli("check", NAME, cwd=examples)
    assert "D812" not in checked.err
    _build(examples)
    written = _texts_under(examples / "build" / NAME)
    assert set(written) == {f"{NAME}.pdf", f"{NAME}.docx", f"{NAME}.html", "manifest.json"}
    assert not [f for f, text in written.items() if "farahani" in text.lower()]
    docx = zipfile.ZipFile(examples / "build" / NAME / f"{NAME}.docx")
    parts = "".join(docx.read(n).decode("utf-8", "replace") for n in docx.namelist())
    assert "farahani" not in parts.lower()


def test_a_restricted_string_in_a_printed_locator_is_refused(examples: Path) -> None:
    cite = "    - cite: iranfreedom-2025\n      quote: >-\n        The vote passed"
    located = cite.replace("\n      quote", "\n      locator: para. 2, Leila Farahani\n      quote")
    planted_at = _replace(examples, EVIDENCE, cite, located)
    restricted_at = _add_witness(examples)
    refused = [line for line in _refused(examples) if "error[" in line]
    assert refused == [
        f"{planted_at}: error[D812]: a restricted string of evidence `witness-statement` "
        f"({restricted_at}) is in evidence `third-committee-vote-2025`'s `sources` entry 1 "
        f"`locator`{INPUT_LEAK}"
    ]
