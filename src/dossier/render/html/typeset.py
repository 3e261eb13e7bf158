"""Line breaks as the UN sets them, for the PDF: no break inside a date ("17 July 2020"), a
pinpoint ("para. 2", "p. 3", "No. 36") or between a number and its unit ("30 per cent");
a web address breaks only after a slash or before a dot. Applied to HTML text that is
already escaped: the words are kept together in `<span class="nobreak">`, which the venue's
stylesheet sets `white-space: nowrap`; the text itself is not changed, so that it reads
back from the PDF as written. UN document symbols are links, kept whole by the stylesheet.
"""

from __future__ import annotations

import re

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.|"
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_PINPOINTS = "p|pp|para|paras|par|No|Nos|no|nos|art|arts|chap|sect|vol|núm|párr|párrs|pág|págs"
_UNITS = (
    "%|per cent|percent|pour cent|por ciento|km|kg|cm|mm|m|ha|°C|USD|EUR|million|billion|"
    "millions|milliards|millones"
)
_KEEP_TOGETHER = re.compile(
    (
        rf"\b\d{{1,2}}(?:er)?(?: de)? (?:{_MONTHS})(?:(?: de)? \d{{4}})?"  # 17 July 2020
        rf"|\b(?:{_MONTHS}) \d{{1,2}}, \d{{4}}"  # July 17, 2020
        rf"|\b(?:{_MONTHS}) \d{{4}}\b"  # July 2020
        rf"|\b(?:{_PINPOINTS})\. \d[\w.]*(?:[–-]\d[\w.]*)?"  # para. 2, pp. 3–5
        rf"|\d(?:[\d,.]*\d)? (?:{_UNITS})(?!\w)"  # 30 per cent, 5 km
    ).replace(" ", r"\s")  # a space, or the line break of the source
)
_URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?<=[^/.])(?=\.)")  # after a slash, before a dot
_LONGEST_KEPT = 30  # a longer piece of an address may break at its hyphens, not overflow


def keep_together(html: str) -> str:
    """Escaped HTML text with dates, pinpoints and quantities each in one unbreakable span."""
    return _KEEP_TOGETHER.sub(lambda m: f'<span class="nobreak">{m.group(0)}</span>', html)


def breakable_url(html: str) -> str:
    """An escaped web address that breaks only after a slash or before a dot."""
    pieces = [p for p in _URL_BREAK.split(html) if p]
    kept = [
        piece if len(piece) > _LONGEST_KEPT else f'<span class="nobreak">{piece}</span>'
        for piece in pieces
    ]
    return "<wbr>".join(kept)
