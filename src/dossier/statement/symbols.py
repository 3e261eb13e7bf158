"""United Nations document symbols (A/72/322, CCPR/C/IRN/CO/4) and their undocs.org links.

A symbol is an organ root, then slash-separated parts, then optional suffixes
(../shared/UN-VENUES.md):

    A/72/322                      General Assembly, session 72, document 322
    A/C.3/80/L.30/Rev.1           Third Committee, session 80, draft 30, revision 1
    CCPR/C/IRN/CO/4               Human Rights Committee, Iran, concluding observations, cycle 4
    CCPR/C/IRN/Q/4                its list of issues for the fourth report
    E/CN.4/Sub.2/1987/WP.4/Add.1  a sub-commission working paper's addendum
"""

from __future__ import annotations

import re

# Roots of the principal organs and of the treaty bodies' series.
ORGAN_ROOTS = frozenset({"A", "S", "E", "ST"})
TREATY_ROOTS = frozenset(
    {"CCPR", "CAT", "CEDAW", "CRC", "CERD", "CMW", "CRPD", "CED", "HRI", "SPT"}
)
# Parts that stand alone, and parts that take a number after a dot (C.3, L.30, WG.6).
PLAIN_PARTS = frozenset(
    {"HRC", "RES", "DEC", "PRST", "NGO", "INF", "CO", "COB", "GC", "GEN", "SGB", "AI", "IC",
     "OP", "BUR", "SP", "MISC", "SR", "PV", "ORG", "Q", "QPR"}
)  # fmt: skip  Q: a treaty body's list of issues (CCPR/C/IRN/Q/4); QPR: prior to reporting
NUMBERED_PARTS = frozenset(
    {"C", "CN", "AC", "WG", "Sub", "CONF", "L", "CRP", "SR", "PV", "WP", "G", "PC", "S"}
)
SUFFIXES = frozenset({"Add", "Corr", "Rev", "Amend"})

_NUMBER = re.compile(r"^\d{1,5}(?:-\d{1,5})?$")  # 322, 2020, and combined reports: 3-4
_DOTTED = re.compile(r"^([A-Za-z]+)\.(\d{1,5})$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")  # ISO 3166-1 alpha-3: IRN, FRA

# Where a symbol may start in running text; what follows is checked by `symbol_error`.
ROOTS = ORGAN_ROOTS | TREATY_ROOTS
CANDIDATE = re.compile(
    r"(?<![\w/.])(?:" + "|".join(sorted(ROOTS, key=len, reverse=True)) + r")/[\w./-]*[\w/]"
)


def symbol_error(text: str) -> str | None:
    """None when `text` is a valid UN document symbol, else why it is not."""
    parts = text.split("/")
    root = parts[0]
    if root not in ROOTS:
        return f"`{root}` is not the root of a UN series (A, S, E, ST, CCPR, CAT, CRC, ...)"
    if len(parts) == 1:
        return "a symbol has parts after its root, e.g. A/72/322"
    seen_suffix = False
    has_number = False
    for position, part in enumerate(parts[1:], start=1):
        if not part:
            return "it has an empty part (two slashes together, or a slash at the end)"
        dotted = _DOTTED.match(part)
        if dotted and dotted[1] in SUFFIXES:
            seen_suffix = has_number = True
            continue
        if seen_suffix:
            return f"`{part}` follows a suffix; Add., Corr., Rev. and Amend. come last"
        if _NUMBER.match(part):
            has_number = True
        elif dotted:
            if dotted[1] not in NUMBERED_PARTS:
                return f"`{part}` is not a part of a UN symbol"
            has_number = True
        elif part == "C" and position == 1 and root in TREATY_ROOTS | {"E"}:
            continue  # CCPR/C, CRC/C: the committee's series
        elif part in PLAIN_PARTS or _COUNTRY.match(part):
            continue
        elif part in NUMBERED_PARTS or part in SUFFIXES:
            return f"`{part}` takes a number after a dot, e.g. {part}.1"
        else:
            return f"`{part}` is not a part of a UN symbol"
    if not has_number:
        return "a symbol ends in a document number, e.g. A/HRC/37/24"
    return None


def is_symbol(text: str) -> bool:
    return symbol_error(text.strip()) is None


def symbol_url(symbol: str, language: str = "") -> str:
    """The document's page on undocs.org, in `language` when one is given."""
    prefix = f"{language}/" if language else ""
    return f"https://undocs.org/{prefix}{symbol.strip()}"


def symbols_in(text: str) -> list[re.Match[str]]:
    """Strings in running text written as symbols: a root, a slash, and at least one digit.

    A/B or S/he are not symbols and are left alone; A//72/322 is, and is invalid.
    """
    found = []
    for match in CANDIDATE.finditer(text):
        if any(c.isdigit() for c in match.group(0)):
            found.append(match)
    return found
