"""How a count and a list are put into words, written once for every message: "1 footnote",
"2,345 footnotes"; "a", "a and b", "a, b and c"."""

from __future__ import annotations

from collections.abc import Sequence


def noun_for(count: float, one: str, many: str | None = None) -> str:
    """The form that agrees with `count`: `one` for exactly 1, else `many` (by default `one`
    with an "s")."""
    if count == 1:
        return one
    return one + "s" if many is None else many


def plural(count: int, one: str, many: str | None = None) -> str:
    """The count, its thousands grouped, and the noun that agrees with it: "1 address",
    "1,024 addresses"."""
    return f"{count:,} {noun_for(count, one, many)}"


def joined(items: Sequence[str], conjunction: str = "and") -> str:
    """The items as a sentence lists them: "a", "a and b", "a, b and c" (no serial comma);
    nothing for none."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
