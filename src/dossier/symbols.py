"""United Nations document symbols (A/72/322, CCPR/C/IRN/CO/4) and their undocs.org links."""

from __future__ import annotations

import re

# An organ root, then slash-separated parts (letters, digits, and dotted forms such as C.3,
# Sub.2, L.30, Add.1), never an empty part. The full grammar of ../shared/UN-VENUES.md is
# checked by the evidence verification stage; this is the shape that may become a link.
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]*(?:\.\d+)?(?:/[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*)+$")


def is_symbol(text: str) -> bool:
    return bool(_SYMBOL.match(text.strip()))


def symbol_url(symbol: str) -> str:
    """The document's page on undocs.org."""
    return f"https://undocs.org/{symbol.strip()}"
