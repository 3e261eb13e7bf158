"""Pandoc citations in CommonMark: what is a citation, where it is, where its marker goes."""

from __future__ import annotations

import pytest

from dossier.base.problem_codes import RAW_HTML_IN_STATEMENT
from dossier.statement.markdown import parse_statement, render_statement

PARSE = [
    ("One [@a].", [("a", "", "")], ["s.md:1:5"]),
    ("See [@a, p. 12].", [("a", "", "p. 12")], ["s.md:1:5"]),
    ("Two [@a; @b, para. 4].", [("a", "", ""), ("b", "", "para. 4")], ["s.md:1:5"]),
    ("Prefix [see @a, pp. 3-4].", [("a", "see", "pp. 3-4")], ["s.md:1:8"]),
    ("Colon key [@westfahl:space].", [("westfahl:space", "", "")], ["s.md:1:11"]),
    ("Code `[@a]` is not one.", [], []),
    ("Escaped \\[@a\\] is not one.", [], []),
    ("A [link](https://x.org) and [@a](https://y.org) are links.", [], []),
    ("An email [me@example.org] is not one.", [], []),
    ("Line one\n  indented [@b] two.", [("b", "", "")], ["s.md:2:12"]),
    ("- item [@c, sect. II]", [("c", "", "sect. II")], ["s.md:1:8"]),
    ("> quoted [@d]", [("d", "", "")], ["s.md:1:10"]),
]


@pytest.mark.parametrize("text, items, locations", PARSE)
def test_citations_are_found_with_their_items_and_locations(text, items, locations):
    statement = parse_statement(text, "s.md", "en")
    found = [(i.key, i.prefix, i.locator) for c in statement.citations for i in c.items]
    assert found == items
    assert [str(c.location) for c in statement.citations] == locations
    assert statement.problems == []


PLACEMENT = [
    ("en", "It passed [@a].", "It passed.<1>"),
    ("en", "It passed.[@a]", "It passed.<1>"),
    ("en", "It passed [@a] narrowly.", "It passed<1> narrowly."),
    ("en", "Two [@a][@b].", "Two.<1><,2>"),
    ("en", "told the Council\n[@a]:", "told the Council:<1>"),
    ("en", "Quoted “in full” [@a].", "Quoted “in full”.<1>"),
    ("fr", "Il a été adopté [@a].", "Il a été adopté<1>."),
    ("fr", "Il a été adopté.[@a]", "Il a été adopté<1>."),
    ("es", "Fue aprobada.[@a] Luego", "Fue aprobada<1>. Luego"),
    # [uncited: reason] prints nothing and leaves no space where it stood.
    ("en", "32 years ago [uncited: arithmetic], it is.", "32 years ago, it is."),
    ("en", "told NGOs\n[uncited: none given]:", "told NGOs:"),
    ("en", "The end. [uncited: ours]", "The end."),
]


@pytest.mark.parametrize("language, text, expected", PLACEMENT)
def test_marker_follows_punctuation_in_english_and_precedes_it_in_french_and_spanish(
    language, text, expected
):
    statement = parse_statement(text, "s.md", language)
    numbers = {id(c): n for n, c in enumerate(statement.citations, 1)}

    def marker(citation, follows):
        return f"<{',' if follows else ''}{numbers[id(citation)]}>"

    assert render_statement(statement, marker) == f"<p>{expected}</p>\n"


def test_raw_html_is_shown_as_text():
    statement = parse_statement("A <img src=x onerror=alert(1)> here.", "s.md", "en")
    html = render_statement(statement, lambda c, f: "")
    assert "<img" not in html and "&lt;img" in html
    assert [p.code for p in statement.problems] == [RAW_HTML_IN_STATEMENT]


def test_only_safe_links_become_links():
    text = "[a](javascript:alert(1)) [b](file:///etc/passwd) [c](https://x.org) [d](#top)"
    html = render_statement(parse_statement(text, "s.md", "en"), lambda c, f: "")
    assert 'href="https://x.org"' in html and 'href="#top"' in html
    assert "javascript:" not in html.split("[a]")[0] and 'href="file' not in html
