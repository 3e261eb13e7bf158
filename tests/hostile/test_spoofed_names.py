"""A restricted name written so that a reader sees it and a plain search does not: a Cyrillic
`а` or `і` for the Latin letter, a full-width or Greek look-alike, the name percent-escaped in
a link's address or a bibliography entry's `url`. Each is refused as the name itself would be,
at its own place, and masked in what the tools print."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from dossier.base.problems import Location
from dossier.check.disclosure.masking import Masker
from dossier.load.evidence import load_evidence_file
from support.examples import THIRD, THIRD_EVIDENCE, WITNESS

FOLDER = f"dossiers/{THIRD}"
STATEMENT = f"{FOLDER}/statement.md"
WITNESS_AT = "a restricted string of evidence `witness-statement`"
INPUT_LEAK = "; a public edition would carry it, so nothing is written while it is there"


def _add_witness(root: Path) -> Location:
    path = root / THIRD_EVIDENCE
    text = path.read_text(encoding="utf-8") + WITNESS
    path.write_text(text, encoding="utf-8")
    return Location.at_offset(THIRD_EVIDENCE, text, text.index('"Leila Farahani"'))


def _replace(root: Path, relative: str, old: str, new: str, marker: str) -> Location:
    """`old` replaced by `new` in a file; where `marker` now stands in it."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return Location.at_offset(relative, text, text.index(marker))


def _leaks(root: Path) -> list[str]:
    result = run_cli("check", THIRD, cwd=root)
    assert result.code == 1, result.err
    assert "farahani" not in result.err.lower()
    return [line for line in result.err.splitlines() if "[D812]" in line]


@pytest.mark.parametrize(
    ("written", "starts"),
    [
        ("Le\u0456la F\u0430rahani", "Le\u0456la"),  # Cyrillic і and а
        ("LEILA F\u0410RAHANI", "LEILA"),  # a Cyrillic capital А
        ("L\u0435\u0456l\u0430 Far\u03b1hani", "L\u0435"),  # Cyrillic е, і, а and a Greek α
        ("Lei1a Farahani", "Lei1a"),  # a digit one for the letter l
    ],
)
def test_a_name_spelt_with_look_alike_letters_is_refused_where_it_is(
    examples: Path, written: str, starts: str
) -> None:
    restricted = _add_witness(examples)
    at = _replace(examples, STATEMENT, "Masoud Pezeshkian", written, starts)
    assert _leaks(examples) == [
        f"{at}: error[D812]: {WITNESS_AT} ({restricted}) is in the statement{INPUT_LEAK}"
    ]


def test_a_name_percent_escaped_in_a_link_is_refused_where_it_is(examples: Path) -> None:
    restricted = _add_witness(examples)
    link = "[the account](https://example.org/witness?name=%4C%65%69%6C%61%20F%61rahani)"
    at = _replace(examples, STATEMENT, "Masoud Pezeshkian", f"Masoud Pezeshkian {link}", "%4C")
    assert _leaks(examples) == [
        f"{at}: error[D812]: {WITNESS_AT} ({restricted}) is in the statement{INPUT_LEAK}"
    ]


def test_a_name_percent_escaped_in_a_bibliography_url_is_refused_at_its_field(
    examples: Path,
) -> None:
    restricted = _add_witness(examples)
    url = "  url          = {https://example.org/accounts/L%65%69la-F%61rahani},\n"
    at = _replace(
        examples,
        "bibliography.bib",
        "  date         = {2025-11},\n",
        "  date         = {2025-11},\n" + url,
        "L%65",
    )
    assert _leaks(examples) == [
        f"{at}: error[D812]: {WITNESS_AT} ({restricted}) is in field `url` of bibliography "
        f"entry `iranfreedom-2025`{INPUT_LEAK}"
    ]


def test_the_masker_masks_a_spoofed_or_escaped_name(tmp_path: Path) -> None:
    (tmp_path / "witness.yaml").write_text(WITNESS, encoding="utf-8")
    items, problems = load_evidence_file(tmp_path / "witness.yaml", "evidence/witness.yaml")
    assert not problems
    masker = Masker.of(items)
    said = "said Le\u0456la F\u0430rahani, see ?q=%4C%65%69%6C%61+Farahani and LEILA F\u0410RAHANI."
    assert masker.mask(said) == (
        "said [restricted: witness-statement], see ?q=[restricted: witness-statement] and "
        "[restricted: witness-statement]."
    )
    assert masker.mask("Leilani Farah, Reza Farahani") == "Leilani Farah, Reza Farahani"
