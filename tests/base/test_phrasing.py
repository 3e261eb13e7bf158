"""Counts and lists in words, as every message writes them."""

from __future__ import annotations

import pytest

from dossier.base.phrasing import joined, noun_for, plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 footnotes"), (1, "1 footnote"), (2, "2 footnotes"), (2345, "2,345 footnotes")],
)
def test_a_count_and_its_noun_agree(count: int, expected: str) -> None:
    assert plural(count, "footnote") == expected


def test_a_noun_with_its_own_plural() -> None:
    assert plural(1, "address", "addresses") == "1 address"
    assert plural(1024, "address", "addresses") == "1,024 addresses"
    assert noun_for(1, "an empty box", "empty boxes") == "an empty box"
    assert noun_for(3, "an empty box", "empty boxes") == "empty boxes"
    assert noun_for(0, "error") == "errors"


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_a_list_in_words(items: list[str], expected: str) -> None:
    assert joined(items) == expected


def test_a_list_with_another_conjunction() -> None:
    assert joined(["a", "b", "c"], "or") == "a, b or c"
