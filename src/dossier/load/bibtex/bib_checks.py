"""What can be wrong with one loaded bibliography entry, each problem at the field it is in.

These are the entry's own problems: check_workspace reports them as errors when the entry is
cited (directly, through evidence, or as a cited entry's parent) and as warnings when it is
not, since an entry nobody cites never stops a build.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from bibtexparser import model as bib

from ...base.problem_codes import (
    EXPANDS_PAST_LIMIT,
    INVALID_BIBLIOGRAPHY_FIELD,
    UNDEFINED_BIBTEX_STRING,
)
from ...base.problems import Location, Problem, did_you_mean
from ...base.reading.read_input import SHA256_HEX, current_limits, format_size
from .bib_dates import parse_date, why_not_a_date
from .bib_entry import UNSTATED_FIELDS, BibEntry
from .bib_inheritance import crossref_keys, xdata_keys
from .bibtex_macros import LOOPING, TOO_LARGE, UNDEFINED

_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$|^localhost$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HOST_FIRST = re.compile(r"^(?://)?[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?$")  # www.example.org/page
# Entries that are not cited themselves, and so need no title.
_UNTITLED_TYPES = frozenset({"set", "xdata"})


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host name (or IP address) and nothing malformed."""
    if any(c.isspace() for c in url) or any(c in url for c in '<>"{}|\\^`'):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return False
    if _HOST.match(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def entry_problems(
    entry: BibEntry, parsed: bib.Entry, keys: set[str], shown_as: str, lines: list[str]
) -> list[Problem]:
    """Every problem of `entry`; `keys` are the bibliography's keys, for its crossref;
    `lines` the file's, to point at an @string name where it is written."""
    return (
        _macro_problems(entry, parsed, lines)
        + _value_problems(entry, {field for _, field in _emptied(parsed)})
        + _reference_problems(entry, keys, shown_as)
    )


def _macro_problems(entry: BibEntry, parsed: bib.Entry, lines: list[str]) -> list[Problem]:
    undefined = dict.fromkeys(parsed.parser_metadata.get(UNDEFINED, []))
    looping = dict.fromkeys(parsed.parser_metadata.get(LOOPING, []))
    return [
        Problem.of(
            UNDEFINED_BIBTEX_STRING,
            _where_used(entry, name, field, lines),
            f"`{entry.key}` uses `{name}`, which no @string defines: it is printed as written",
            f"define it with @string{{{name} = {{...}}}}, or enclose the text in braces",
            subject=entry.key,
        )
        for name, field in undefined
    ] + [
        Problem.of(
            INVALID_BIBLIOGRAPHY_FIELD,
            _where_used(entry, name, field, lines),
            f"`{entry.key}` uses `{name}`, an @string defined in terms of itself",
            f"give @string{{{name} = {{...}}}} a value that does not name `{name}` again",
            subject=entry.key,
        )
        for name, field in looping
    ] + [
        Problem.of(
            EXPANDS_PAST_LIMIT,
            _where_used(entry, name, field, lines),
            f"`{entry.key}` uses `{name}`, an @string whose text would take what @strings add "
            f"to the bibliography past {format_size(current_limits().file_bytes)}, the limit on "
            "the file (--max-file-size): the field is left empty",
            "define the @string's text directly, without repeating other @strings in it",
            subject=entry.key,
        )
        for name, field in parsed.parser_metadata.get(TOO_LARGE, [])
    ]


def _emptied(parsed: bib.Entry) -> list[tuple[str, str]]:
    """The (name, field) of @strings that left a field empty: a loop, or too large a text;
    each is reported as such already."""
    return [*parsed.parser_metadata.get(LOOPING, []), *parsed.parser_metadata.get(TOO_LARGE, [])]


def _where_used(entry: BibEntry, name: str, field: str, lines: list[str]) -> Location:
    """Where the @string name is written: after its field's `=` (or at the field)."""
    pattern = rf"(?<![\w]){re.escape(name)}(?![\w])"
    at = entry.field_location(field)
    text = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    equals = text.find("=", at.column - 1)
    if equals >= 0 and re.search(pattern, text[equals:]):
        return Location.on_line(at.path, at.line, text, pattern, equals)
    return at


def _value_problems(entry: BibEntry, looping_fields: set[str]) -> list[Problem]:
    """`looping_fields`: fields an @string loop left empty, reported as such already."""
    problems = []
    digest = entry.get("sha256")
    if digest and not SHA256_HEX.fullmatch(digest.lower()):
        problems.append(
            Problem.of(
                INVALID_BIBLIOGRAPHY_FIELD,
                entry.field_location("sha256"),
                f"`sha256` of `{entry.key}` is not 64 hexadecimal digits: {digest!r}",
                "record the digest printed by `sha256sum FILE`",
                subject=entry.key,
            )
        )
    url = entry.get("url")
    if url and not is_web_address(url):
        problems.append(_url_problem(entry, url))
    written_title = entry.raw.get("title", "").replace("{", "").replace("}", "").strip()
    untitled = not written_title and "title" not in looping_fields
    if untitled and entry.entry_type not in _UNTITLED_TYPES:  # read, not decoded
        problems.append(
            Problem.of(
                INVALID_BIBLIOGRAPHY_FIELD,
                entry.location,
                f"`{entry.key}` has no title",
                "add `title = {...},`: every footnote names the work it cites",
                subject=entry.key,
            )
        )
    date = entry.get("date")
    if date and parse_date(date) is None:
        problems.append(
            Problem.of(
                INVALID_BIBLIOGRAPHY_FIELD,
                entry.field_location("date"),
                f"`date` of `{entry.key}` is not a date: {date!r}{why_not_a_date(date)}",
                "write YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 1988-07/1988-09 "
                "(biblatex's and EDTF's forms, such as 1723~ or 2017-24, are read too)",
                subject=entry.key,
            )
        )
    urldate = entry.get("urldate")
    if urldate and not _ISO_DATE.match(urldate[:10]):
        problems.append(
            Problem.of(
                INVALID_BIBLIOGRAPHY_FIELD,
                entry.field_location("urldate"),
                f"`urldate` of `{entry.key}` is not a date: {urldate!r}",
                "write the day the page was read as YYYY-MM-DD, e.g. 2025-11-20",
                subject=entry.key,
            )
        )
    for name in sorted(entry.unstated - UNSTATED_FIELDS):
        problems.append(
            Problem.of(
                INVALID_BIBLIOGRAPHY_FIELD,
                entry.field_location("unstated"),
                f"`unstated` of `{entry.key}` names `{name}`, which cannot be left unstated",
                "`unstated` may list: " + ", ".join(sorted(UNSTATED_FIELDS)),
                subject=entry.key,
            )
        )
    return problems


def _url_problem(entry: BibEntry, url: str) -> Problem:
    where = entry.field_location("url")
    if not _SCHEME.match(url) and _HOST_FIRST.match(url):
        return Problem.of(
            INVALID_BIBLIOGRAPHY_FIELD,
            where,
            f"`url` of `{entry.key}` has no scheme: {url!r} does not say whether it is "
            "https:// or http://",
            f"write https://{url.removeprefix('//')} (or http:// if the site has no https)",
            subject=entry.key,
        )
    return Problem.of(
        INVALID_BIBLIOGRAPHY_FIELD,
        where,
        f"`url` of `{entry.key}` is not a well-formed http(s) address: {url!r}",
        "write the full address, starting with https:// or http://, without spaces",
        subject=entry.key,
    )


def _reference_problems(entry: BibEntry, keys: set[str], shown_as: str) -> list[Problem]:
    problems = []
    for field, named in (("crossref", crossref_keys(entry)), ("xdata", xdata_keys(entry))):
        for key in named:
            if key not in keys:
                problems.append(
                    Problem.of(
                        INVALID_BIBLIOGRAPHY_FIELD,
                        entry.field_location(field),
                        f"`{field}` of `{entry.key}` names `{key}`, which is not in {shown_as}",
                        did_you_mean(key, keys - {entry.key}, noun="keys"),
                        subject=entry.key,
                    )
                )
    return problems
