"""Dates as biblatex and EDTF write them, read into parts a footnote can print in any language.

biblatex's `date` (and `urldate`, `eventdate`, `origdate`): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
a range of two with a slash (`1988-07-19/1988-09`), an open end (`1988/`, `1988/..`,
`../1988`), and the EDTF forms biblatex reads: a time (`2016-01-01T00:00:00`, `…Z`,
`…+05:00`: dropped, a footnote gives the day), approximate `1723~`, uncertain `1723?`, both
`1723%`, astronomical years (`-0333` is 334 BCE, `0000` is 1 BCE), seasons (`2017-24`, winter
2017) and unspecified digits (`199X` is 1990 to 1999). BibTeX's `year`, `month` and `day`
fields are read too: `month` as a number, a macro (`sep`, expanded to 9) or a month's name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_POINT = re.compile(
    r"""^(?P<year>[+-]?\d{4,}|\d{3}X|\d{2}XX)
    (?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?
    (?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?
    (?P<qualifier>[?~%])?$""",
    re.VERBOSE,
)
_OPEN = ("", "..")
_SEASONS = range(21, 25)  # EDTF: 21 spring, 22 summer, 23 autumn, 24 winter


@dataclass(frozen=True)
class DatePoint:
    """One date: a year (astronomical: 0 is 1 BCE), and a month and day or a season."""

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None  # 1 spring, 2 summer, 3 autumn, 4 winter
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True)
class BibDate:
    """A date or a range; an open end of a range is None."""

    start: DatePoint | None
    end: DatePoint | None = None
    is_range: bool = False


def parse_date(text: str) -> BibDate | None:
    """The date `text` gives, or None if it is not one biblatex would read."""
    text = text.strip()
    if "/" not in text:
        single = _point(text)
        if single is None:
            return None
        low, high = single
        return BibDate(low, high, is_range=high is not None)
    first, _, second = text.partition("/")
    if first in _OPEN and second in _OPEN:
        return None
    start = None if first in _OPEN else _point(first)
    end = None if second in _OPEN else _point(second)
    if (first not in _OPEN and start is None) or (second not in _OPEN and end is None):
        return None
    return BibDate(
        start[0] if start else None, (end[1] or end[0]) if end else None, is_range=True
    )


def why_not_a_date(text: str) -> str:
    """What makes `text` not a date, when it is a calendar date gone wrong: "there is no
    month 13"; else ""."""
    for part in text.strip().split("/"):
        found = _POINT.match(part)
        if not found or not found.group("month") or "X" in part:
            continue
        year, month, day = (int(n) if n else 0 for n in found.group("year", "month", "day"))
        if not (1 <= month <= 12 or (month in _SEASONS and not day)):
            return f": there is no month {month}"
        if day and not _is_calendar_date(year, month, day):
            return f": month {month} has no day {day}"
    return ""


def _point(text: str) -> tuple[DatePoint, DatePoint | None] | None:
    """The date, and the end of the span its unspecified digits leave (199X: to 1999)."""
    found = _POINT.match(text)
    if not found:
        return None
    written, month_text, day_text, qualifier = found.group("year", "month", "day", "qualifier")
    if "X" in written:
        if month_text or day_text:
            return None
        flags = _flags(qualifier)
        low = DatePoint(int(written.replace("X", "0")), **flags)
        return low, DatePoint(int(written.replace("X", "9")), **flags)
    year = int(written)
    month = int(month_text) if month_text and month_text != "XX" else None
    day = int(day_text) if day_text and day_text != "XX" else None
    season = None
    if month is not None and month in _SEASONS and day is None:
        season, month = month - 20, None
    elif month is not None and not _is_calendar_date(year, month, day or 1):
        return None
    elif month is None and day is not None:
        return None
    return DatePoint(year, month, day, season, **_flags(qualifier)), None


def _flags(qualifier: str | None) -> dict[str, bool]:
    return {"approximate": qualifier in ("~", "%"), "uncertain": qualifier in ("?", "%")}


def _is_calendar_date(year: int, month: int, day: int) -> bool:
    try:  # a year outside 1-9999 is checked as 2000, a leap year
        dt.date(year if 1 <= year <= 9999 else 2000, month, day)
    except ValueError:
        return False
    return True


def month_number(text: str) -> int | None:
    """BibTeX's `month`: 9, 09, sep (expanded to 9 already), Sept., September, #sep#."""
    text = text.strip().strip("#").rstrip(".").lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    if text.isalpha() and len(text) >= 3 and text[:3] in names:
        return names.index(text[:3]) + 1
    return None


def fields_date(year: str, month: str = "", day: str = "") -> str:
    """BibTeX's `year`, `month` and `day` as one biblatex date, or `year` as written when it
    is not a year (`forthcoming`, `1988a`)."""
    year = year.strip()
    if not re.fullmatch(r"-?\d{1,4}", year):
        return year
    written = f"-{year[1:].zfill(4)}" if year.startswith("-") else year.zfill(4)
    number = month_number(month) if month else None
    if number is None:
        return written
    if day.strip().isdigit() and _is_calendar_date(int(written), number, int(day)):
        return f"{written}-{number:02d}-{int(day):02d}"
    return f"{written}-{number:02d}"
