"""UN document symbols: the grammar of ../shared/UN-VENUES.md, and links to undocs.org."""

from __future__ import annotations

import pytest

from dossier.statement.markdown import parse_statement, render_statement
from dossier.statement.symbols import symbol_error, symbol_url


@pytest.mark.parametrize(
    "symbol",
    [
        "A/72/322",
        "A/HRC/37/24",
        "A/C.3/80/L.30",
        "CCPR/C/IRN/CO/4",
        "E/CN.4/Sub.2/1987/WP.4/Add.1",
        "A/RES/77/1",
        "E/C.12/IRN/CO/2",
        "CRC/C/IRN/CO/3-4",
        "A/HRC/WG.6/34/IRN/1",
        "A/HRC/44/NGO/12",
        "S/PV.8000",
        "A/C.3/80/L.30/Rev.1",
        "A/72/322/Add.1/Corr.1",
    ],
)
def test_valid_symbols(symbol):
    assert symbol_error(symbol) is None


@pytest.mark.parametrize(
    "symbol, reason",
    [
        ("A//72/322", "it has an empty part (two slashes together, or a slash at the end)"),
        ("A/72/", "it has an empty part (two slashes together, or a slash at the end)"),
        ("X/72/322", "`X` is not the root of a UN series (A, S, E, ST, CCPR, CAT, CRC, ...)"),
        ("A/HRC", "a symbol ends in a document number, e.g. A/HRC/37/24"),
        ("A/72/Add", "`Add` takes a number after a dot, e.g. Add.1"),
        ("A/72/Add.1/5", "`5` follows a suffix; Add., Corr., Rev. and Amend. come last"),
        ("A/hrc/37/24", "`hrc` is not a part of a UN symbol"),
    ],
)
def test_invalid_symbols_say_why(symbol, reason):
    assert symbol_error(symbol) == reason


def test_symbols_in_the_text_link_to_undocs_and_prose_slashes_do_not():
    statement = parse_statement(
        "See A/C.3/80/L.30 and A/72/322. S/he and A/B are words; "
        "[the report](https://undocs.org/A/72/322) is a link already.",
        "s.md",
        "en",
    )
    html = render_statement(statement, lambda citation, follows: "")
    assert html == (
        '<p>See <a href="https://undocs.org/A/C.3/80/L.30">A/C.3/80/L.30</a> and '
        '<a href="https://undocs.org/A/72/322">A/72/322</a>. S/he and A/B are words; '
        '<a href="https://undocs.org/A/72/322">the report</a> is a link already.</p>\n'
    )


def test_a_language_version_of_the_link():
    assert symbol_url("A/HRC/37/24", "fr") == "https://undocs.org/fr/A/HRC/37/24"
