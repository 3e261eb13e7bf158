"""Several pinpoints in one source, as one: "para. 2" and "para. 4" are "paras. 2 and 4",
"p. 3" and "p. 7" are "pp. 3 and 7" (in French "p. 3 et 7", in Spanish "págs. 3 y 7").
Pinpoints of different kinds are listed as they are: "para. 2, annex I"."""

from __future__ import annotations

import re

from ..load.wording import NoteWording

# Each kind of pinpoint, as written for one, and for several.
_PLURALS = {
    "para.": "paras.", "paras.": "paras.", "p.": "pp.", "pp.": "pp.", "art.": "arts.",
    "arts.": "arts.", "chap.": "chaps.", "sect.": "sects.", "annex": "annexes",
    "par.": "par.", "párr.": "párrs.", "párrs.": "párrs.", "pág.": "págs.", "págs.": "págs.",
    "note": "notes", "footnote": "footnotes", "fn.": "fns.",
}  # fmt: skip
_PINPOINT = re.compile(r"^(?P<kind>[^\W\d]+\.?)\s+(?P<where>\S.*)$")


def merge_pinpoints(locators: list[str], words: NoteWording, language: str) -> str:
    """The pinpoints of one source, each once, in the order given, as one."""
    unique = list(dict.fromkeys(loc for loc in locators if loc))
    if len(unique) < 2:
        return unique[0] if unique else ""
    found = [_PINPOINT.match(loc) for loc in unique]
    kinds = {m.group("kind") for m in found if m}
    plural = {_PLURALS.get(kind) for kind in kinds}
    if any(m is None for m in found) or len(plural) != 1 or None in plural:
        return ", ".join(unique)
    kind = plural.pop() or ""
    if language == "fr" and kind == "pp.":
        kind = "p."
    places = [m.group("where") for m in found if m]
    listed = words.names.format(first=", ".join(places[:-1]), last=places[-1])
    return f"{kind} {listed}"
