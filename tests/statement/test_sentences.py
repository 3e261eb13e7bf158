"""Which citations stand behind each sentence of a statement: its own, the one closing its
paragraph, or the one of the paragraph that introduces a quotation or a list."""

from __future__ import annotations

import pytest

from dossier.statement.markdown import parse_statement
from dossier.statement.sentences import read_blocks


def backing(text: str) -> list[tuple[str, list[str], bool]]:
    blocks = read_blocks(parse_statement(text, "s.md", "en"), "en")
    return [
        (
            s.text.strip(),
            [i.key for c in s.backing.citations for i in c.items]
            + [f"uncited: {m.reason}" for m in s.backing.uncited],
            s.recommendation,
        )
        for b in blocks
        for s in b.sentences
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "It passed [@vote]. Then 12 left. Mr. Fadavi spoke.[@wsj]",
            [("It passed.", ["vote"], False), ("Then 12 left.", ["wsj"], False),
             ("Mr. Fadavi spoke.", ["wsj"], False)],
        ),
        (
            "She told the Council [@report]:\n\n> “It was 1988.”\n\nAfter that.",
            [("She told the Council:", ["report"], False), ("“It was 1988.”", ["report"], False),
             ("After that.", [], False)],
        ),
        (
            "We call on the Council:\n\n1. to act;\n2. to report.",
            [("We call on the Council:", [], True), ("to act;", [], True),
             ("to report.", [], True)],
        ),
        (
            "Nous appelons le Conseil à agir. Instamos al Consejo.",
            [("Nous appelons le Conseil à agir.", [], True),
             ("Instamos al Consejo.", [], True)],
        ),
        (  # lower-case initials do not end the sentence: its figure is its citation's
            "A prison witness [@witness], k. m., confirmed 30 hangings. It was told [@report].",
            [("A prison witness, k. m., confirmed 30 hangings.", ["witness"], False),
             ("It was told.", ["report"], False)],
        ),
        (
            "In 2018 it began. [uncited: our own count]",
            [("In 2018 it began.", ["uncited: our own count"], False)],
        ),
    ],
)
def test_each_sentence_has_the_backing_a_reader_would_give_it(text, expected):
    assert backing(text) == expected


def test_plain_text_positions_map_back_to_the_statement():
    text = "First line [@a] and\n  a second line with 1,650 people."
    block = read_blocks(parse_statement(text, "s.md", "en"), "en")[0]
    assert str(block.location(block.text.index("1,650"))) == "s.md:2:22"
