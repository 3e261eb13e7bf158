"""Characters that look alike, folded to one: a Cyrillic `а` typed for a Latin `a`, a Greek
`ο` for `o`, a full-width `Ｍ`, a digit `0` for an `o`. A restricted name written with any of
them is the name a reader sees, so it is looked for as the name itself.

The fold is Unicode's confusable skeleton (UTS #39, ICU's SpoofChecker, whose tables ICU keeps
up to date), applied after case folding so that a capital and its small letter fold alike:
`I` is `i` (not the `l` that `I` looks like in a sans-serif face), and a letter whose capital
only looks Latin (Cyrillic `М`, whose small `м` does not) folds as its capital does. The
result is lower case and composed (NFC), so that a whole-word match still sees letters.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

# Folding twice more settles every character ICU's table has (`m` → `rn`, `0` → `O` → `o`).
_ROUNDS = 3


@cache
def _checker() -> Any:
    import icu  # PyICU: loaded on the first fold, not when the CLI starts

    return icu.SpoofChecker()


def _skeleton(text: str) -> str:
    return str(_checker().getSkeleton(0, text))


def _settled(text: str) -> str:
    """`text` case folded and skeletoned until neither changes it any more."""
    for _ in range(_ROUNDS):
        folded = unicodedata.normalize("NFC", _skeleton(text.casefold()).casefold())
        if folded == text:
            break
        text = folded
    return text


@cache
def fold(chunk: str) -> str:
    """A letter and its accents (or any one character), as matching sees it: case folded,
    confusables folded to their prototype, composed."""
    folded = _settled(chunk.casefold())
    if chunk.isascii() or folded.isascii():
        return folded
    as_capital = _settled(unicodedata.normalize("NFC", _skeleton(chunk)))
    return as_capital if as_capital.isascii() else folded
