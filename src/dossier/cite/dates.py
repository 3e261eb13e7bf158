"""Dates as the UN writes them, in the dossier's language: 2020-07-17 is 17 July 2020
(17 juillet 2020, 17 de julio de 2020), 2017-24 winter 2017, 1723~ circa 1723, -0333 334 BCE,
a range of two as one, an open range from or until its one end. A range of days names its year
once, and its month once within a month: 23 February–2 April 2026, 19–30 January 2026."""

from __future__ import annotations

from functools import reduce

from ..load.bibtex.bib_dates import BibDate, DatePoint, parse_date
from ..load.wording import DateWording


def format_date(value: str, dates: DateWording) -> str:
    """A biblatex or ISO date as text; a value that is no date (`forthcoming`) as written."""
    if value.count("/") > 1:  # several dates in a row: each ends where the next begins
        parts = [format_date(part, dates) for part in value.split("/") if part]
        return reduce(lambda start, end: dates.range.format(start=start, end=end), parts or [""])
    parsed = parse_date(value)
    if parsed is None:
        return value.strip()
    return format_parsed(parsed, dates)


def format_parsed(date: BibDate, dates: DateWording) -> str:
    if date.start and date.end and _plain_days(date.start, date.end):
        return _range_of_days(date.start, date.end, dates)
    start = _point(date.start, dates) if date.start else ""
    end = _point(date.end, dates) if date.end else ""
    if not date.is_range or start == end:
        return start or end
    if not end:
        return dates.since.format(start=start)
    if not start:
        return dates.until.format(end=end)
    return dates.range.format(start=start, end=end)


def _plain_days(start: DatePoint, end: DatePoint) -> bool:
    """Two different days of one year, neither approximate nor uncertain."""
    return (
        start.year == end.year
        and bool(start.day and end.day)
        and start != end
        and not (start.approximate or start.uncertain or end.approximate or end.uncertain)
    )


def _range_of_days(start: DatePoint, end: DatePoint, dates: DateWording) -> str:
    """19–30 January 2026 within a month (when the wording says how), else 23 February–2 April
    2026: the year once."""
    if start.month == end.month and dates.same_month:
        assert start.day and end.day and end.month
        return dates.same_month.format(
            first=dates.day_names.get(start.day, str(start.day)),
            last=dates.day_names.get(end.day, str(end.day)),
            month=dates.months[end.month - 1],
            year=_year(end, dates),
        )
    return dates.range.format(
        start=_point(start, dates, with_year=False), end=_point(end, dates)
    )


def _year(point: DatePoint, dates: DateWording) -> str:
    if point.year <= 0:  # astronomical: 0 is 1 BCE
        return dates.before_common_era.format(year=1 - point.year)
    return str(point.year)


def _point(point: DatePoint, dates: DateWording, with_year: bool = True) -> str:
    year = _year(point, dates)
    if point.season:
        text = dates.season_year.format(season=dates.seasons[point.season - 1], year=year)
    elif not point.month:
        text = year
    elif not point.day:
        text = dates.month_year.format(month=dates.months[point.month - 1], year=year)
    else:
        day = dates.day_names.get(point.day, str(point.day))
        month = dates.months[point.month - 1]
        if with_year:
            text = dates.day_month_year.format(day=day, month=month, year=year)
        else:
            text = dates.day_month.format(day=day, month=month)
    if point.uncertain:
        text = dates.uncertain.format(date=text)
    if point.approximate:
        text = dates.approximate.format(date=text)
    return text
