"""Load bibliography.bib with bibtexparser 2: entries with decoded text, names and line numbers."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import bibtexparser
from bibtexparser import model as bib
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.middlewares.names import NameParts
from pylatexenc import latex2text

from ..problems import Location, Problem, did_you_mean
from .library_logs import held
from .read_input import read_leniently, read_text

NAME_FIELDS = ("author", "editor", "translator")
# Fields kept as written: addresses, paths, digests and ISO dates are not LaTeX.
_VERBATIM_FIELDS = frozenset({"url", "snapshot", "sha256", "urldate"})
# Fields an entry may declare it cannot give (`unstated = {urldate}`), so none is expected.
UNSTATED_FIELDS = frozenset({"urldate"})
SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
# BibLaTeX's `date`: YYYY, YYYY-MM or YYYY-MM-DD, or a range of two with a slash (either end
# may be left open), e.g. 1988-07-19/1988-09.
_DATE_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_DATE = re.compile(rf"^({_DATE_PART})?(?:/({_DATE_PART})?)?$")
_KEY_WORD = re.compile(r"[\w.:/+-]+")
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$|^localhost$")


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


@dataclass(frozen=True)
class Name:
    """A person's or an organisation's name; an organisation is one braced `family` part."""

    given: str = ""
    von: str = ""
    family: str = ""
    suffix: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.von, self.family, self.suffix) if p)


@dataclass
class BibEntry:
    """One bibliography entry: type, key, decoded fields and names, and where it is written."""

    key: str
    entry_type: str
    fields: dict[str, str]
    names: dict[str, list[Name]]
    location: Location
    field_locations: dict[str, Location] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    def field_location(self, name: str) -> Location:
        """Where the field's name is written; the entry's `@` for a field it does not have."""
        return self.field_locations.get(name, self.location)

    @property
    def unstated(self) -> set[str]:
        """Fields the source does not give (`unstated = {urldate}`), so none is expected."""
        return {name.strip().lower() for name in self.get("unstated").split(",") if name.strip()}


@dataclass
class Bibliography:
    path: str
    entries: dict[str, BibEntry] = field(default_factory=dict)
    # Every word of the entries that could not be read: the keys among them are not reported
    # again where they are cited; the entry's own error says why they are missing.
    unloaded: set[str] = field(default_factory=set)
    read: bool = True  # False when the file could not be read at all (too large, a link out)


def load_bibliography(path: Path, shown_as: str) -> tuple[Bibliography, list[Problem]]:
    """Parse the bibliography; failed blocks and duplicate keys become problems, not exceptions."""
    bibliography = Bibliography(shown_as)
    if not path.exists():
        return bibliography, []
    text, problems = read_text(path, shown_as, root=path.parent)
    if text is None:
        text = read_leniently(path, path.parent)
        bibliography.unloaded, bibliography.read = key_words(text), bool(text)
        return bibliography, problems
    with held("bibtexparser"):  # it logs each block it cannot parse; dossier reports those
        library = bibtexparser.parse_string(
            text,
            parse_stack=[
                _ConcatenateStrings(),
                ResolveStringReferencesMiddleware(),
                RemoveEnclosingMiddleware(),
                SeparateCoAuthors(),
                SplitNameParts(),
            ],
        )
    decoder = _Decoder()
    lines = text.split("\n")
    for entry in library.entries:
        loaded = _load_entry(entry, shown_as, lines, decoder)
        if not loaded.key.strip():
            problems.append(_keyless_problem(loaded))
            continue
        problems.extend(_check_fields(loaded))
        problems.extend(_undefined_string_problems(entry, loaded))
        bibliography.entries[loaded.key] = loaded
    for block in library.failed_blocks:  # after the entries, so a duplicate names the first
        where = _block_location(block, shown_as, lines)
        problems.append(_failed_block_problem(block, where, bibliography))
        if not isinstance(block, bib.DuplicateBlockKeyBlock):
            bibliography.unloaded |= key_words(block.raw or "")
    problems += _crossref_problems(bibliography)
    _inherit_crossrefs(bibliography)
    return bibliography, problems


def key_words(text: str) -> set[str]:
    """The words of `text` that could be citation keys or evidence ids."""
    return {word.strip(".:/+-") for word in _KEY_WORD.findall(text)}


def _keyless_problem(entry: BibEntry) -> Problem:
    return Problem.of(
        "D107",
        entry.location,
        f"this @{entry.entry_type} entry has no key",
        "write a key after the brace, e.g. @report{sr-2017, ...",
    )


def _crossref_problems(bibliography: Bibliography) -> list[Problem]:
    return [
        Problem.of(
            "D109",
            entry.field_location("crossref"),
            f"`crossref` of `{entry.key}` names `{entry.get('crossref')}`, which is not in "
            f"{bibliography.path}",
            did_you_mean(entry.get("crossref"), bibliography.entries, noun="keys"),
        )
        for entry in bibliography.entries.values()
        if entry.get("crossref") and entry.get("crossref") not in bibliography.entries
    ]


def _block_location(block: bib.Block, shown_as: str, lines: list[str]) -> Location:
    """Where the block's `@` is written: bibtexparser gives its line, not its column."""
    line = block.start_line or 0
    return Location.on_line(shown_as, line + 1, lines[line] if line < len(lines) else "", "@")


def _failed_block_problem(block: bib.Block, where: Location, bibliography: Bibliography) -> Problem:
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = bibliography.entries.get(block.key)
        first_line = f" (first at line {first.location.line})" if first else ""
        return Problem.of(
            "D108",
            where,
            f"duplicate bibliography key `{block.key}`{first_line}",
            "give one of the two entries another key, or delete the copy",
        )
    raw = (block.raw or "").strip().splitlines()
    opening = raw[0][:60] if raw else ""
    return Problem.of(
        "D107",
        where,
        f"cannot parse this BibTeX entry: {opening!r}",
        "check that every { has its }, that fields are separated by commas, "
        "and that the entry starts with @type{key,",
    )


class _ConcatenateStrings(LibraryMiddleware):
    """BibTeX's `#`: `dtv # { and Walter de Gruyter}` joins a @string and braced text.

    bibtexparser 2 resolves a field that is one @string name, but not a concatenation.
    Names that no @string defines are kept as typed and recorded, to be reported.
    """

    UNDEFINED = "dossier_undefined_strings"
    LOOPING = "dossier_looping_strings"
    _DEPTH = 100  # @strings defined through more than this many others count as a loop

    def transform(self, library: Library) -> Library:
        raw = {key.lower(): s.value for key, s in library.strings_dict.items()}
        strings: dict[str, str] = {}
        looping: set[str] = set()
        for name in raw:
            self._expand(name, raw, strings, looping, [])
        for key, string in library.strings_dict.items():  # resolved for the next middleware
            string.value = strings.get(key.lower(), string.value)
        for entry in library.entries:
            undefined: list[str] = []
            for item in entry.fields:
                value = item.value
                if not isinstance(value, str) or value[:1] in ("{", '"'):
                    if isinstance(value, str) and "#" in value:
                        item.value = self._concatenate(value, strings, undefined)
                    continue
                if "#" in value:
                    item.value = self._concatenate(value, strings, undefined)
                elif not value.strip().isdigit() and value.strip().lower() not in strings:
                    undefined.append(value.strip())
            used_looping = [n for n in undefined if n.lower() in looping]
            if used_looping:
                entry.parser_metadata[self.LOOPING] = used_looping
            undefined = [n for n in undefined if n.lower() not in looping]
            if undefined:
                entry.parser_metadata[self.UNDEFINED] = undefined
        return library

    @classmethod
    def _expand(
        cls,
        name: str,
        raw: dict[str, str],
        strings: dict[str, str],
        looping: set[str],
        visiting: list[str],
    ) -> None:
        """Resolve @string `name` into `strings`, or, if it is defined in terms of itself
        (`@string{c = c # c}`), add it to `looping`. Iterative in effect: the depth is bounded."""
        if name in strings or name in looping:
            return
        if name in visiting or len(visiting) > cls._DEPTH:
            looping.update(visiting)
            return
        value = raw[name]
        parts = [p.strip() for p in cls._top_level_parts(value)]
        names = [p.lower() for p in parts if p.lower() in raw and p[:1] not in ('{', '"')]
        for other in names:
            cls._expand(other, raw, strings, looping, [*visiting, name])
            if other in looping:
                looping.add(name)
                return
        if len(parts) > 1:
            strings[name] = cls._concatenate(value, strings, [])
        elif names:
            strings[name] = strings[names[0]]
        else:
            strings[name] = value

    @classmethod
    def _concatenate(cls, value: str, strings: dict[str, str], undefined: list[str]) -> str:
        parts = cls._top_level_parts(value)
        if len(parts) < 2:
            return value
        out = []
        for part in parts:
            part = part.strip()
            if part[:1] in ("{", '"') and part[-1:] in ("}", '"'):
                out.append(part[1:-1])
            elif part.isdigit():
                out.append(part)
            elif part.lower() in strings:
                out.append(strings[part.lower()].strip('{}"').strip('"'))
            else:
                undefined.append(part)
                out.append(part)
        return "{" + "".join(out) + "}"

    @staticmethod
    def _top_level_parts(value: str) -> list[str]:
        parts: list[str] = []
        current: list[str] = []
        depth, quoted = 0, False
        for char in value:
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                quoted = not quoted
            elif char == "#" and depth == 0 and not quoted:
                parts.append("".join(current))
                current = []
                continue
            current.append(char)
        parts.append("".join(current))
        return parts


def _undefined_string_problems(entry: bib.Entry, loaded: BibEntry) -> list[Problem]:
    return [
        Problem.of(
            "D109",
            loaded.location,
            f"`{loaded.key}` uses `{name}`, which no @string defines",
            f"define it with @string{{{name} = {{...}}}}, or enclose the text in braces",
        )
        for name in entry.parser_metadata.get(_ConcatenateStrings.UNDEFINED, [])
    ] + [
        Problem.of(
            "D109",
            loaded.location,
            f"`{loaded.key}` uses `{name}`, an @string defined in terms of itself",
            f"give @string{{{name} = {{...}}}} a value that does not name `{name}` again",
        )
        for name in entry.parser_metadata.get(_ConcatenateStrings.LOOPING, [])
    ]


# Macros of the TeX family that pylatexenc would otherwise drop.
_EXTRA_MACROS = [
    latex2text.MacroTextSpec(name, text)
    for name, text in [
        ("TeX", "TeX"), ("LaTeX", "LaTeX"), ("LaTeXe", "LaTeX2e"), ("BibTeX", "BibTeX"),
        ("XeTeX", "XeTeX"), ("ConTeXt", "ConTeXt"), ("hyphen", "-"), ("protect", ""),
    ]
]  # fmt: skip


class _Decoder:
    """LaTeX to text (`{\\'e}` to é, `--` to an en dash), with whitespace folded."""

    def __init__(self) -> None:
        context = latex2text.get_default_latex_context_db()
        context.add_context_category("dossier", prepend=True, macros=_EXTRA_MACROS)
        self._latex = latex2text.LatexNodes2Text(
            latex_context=context, math_mode="verbatim", strict_latex_spaces=True
        )

    def __call__(self, value: str) -> str:
        try:
            text = self._latex.latex_to_text(value)
        except Exception:  # pylatexenc is lenient; never let odd LaTeX stop a build  # noqa: BLE001
            text = value.replace("{", "").replace("}", "")
        return " ".join(text.replace("\u00a0", " ").split())


def _load_entry(entry: bib.Entry, shown_as: str, lines: list[str], decode: _Decoder) -> BibEntry:
    fields: dict[str, str] = {}
    names: dict[str, list[Name]] = {}
    places: dict[str, Location] = {}
    after = Location(shown_as, 0)  # the field before: two may share a line
    for item in entry.fields:
        key = item.key.lower()
        line = item.start_line
        text = lines[line] if line < len(lines) else ""
        start = after.column if after.line == line + 1 else 0
        name = rf"(?i)(?<!\w){re.escape(key)}\s*="
        after = Location.on_line(shown_as, line + 1, text, name, start)
        places[key] = after
        if key in NAME_FIELDS and isinstance(item.value, list):
            names[key] = [_decode_name(n, decode) for n in item.value if isinstance(n, NameParts)]
            fields[key] = "; ".join(n.full for n in names[key])
        else:
            raw_value = str(item.value)
            fields[key] = raw_value.strip() if key in _VERBATIM_FIELDS else decode(raw_value)
    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        names=names,
        location=_block_location(entry, shown_as, lines),
        field_locations=places,
    )


def _decode_name(parts: NameParts, decode: _Decoder) -> Name:
    return Name(
        given=decode(" ".join(parts.first)),
        von=decode(" ".join(parts.von)),
        family=decode(" ".join(parts.last)),
        suffix=decode(" ".join(parts.jr)),
    )


def _check_fields(entry: BibEntry) -> list[Problem]:
    problems = []
    digest = entry.get("sha256")
    if digest and not SHA256.match(digest.lower()):
        problems.append(
            Problem.of(
                "D109",
                entry.field_location("sha256"),
                f"`sha256` of `{entry.key}` is not 64 hexadecimal digits: {digest!r}",
                "record the digest printed by `sha256sum FILE`",
            )
        )
    url = entry.get("url")
    if url and not is_web_address(url):
        problems.append(
            Problem.of(
                "D109",
                entry.field_location("url"),
                f"`url` of `{entry.key}` is not a well-formed http(s) address: {url!r}",
                "write the full address, starting with https:// or http://, without spaces",
            )
        )
    if not entry.get("title") and entry.entry_type not in ("set", "xdata"):
        problems.append(
            Problem.of(
                "D109",
                entry.location,
                f"`{entry.key}` has no title",
                "add `title = {...},`: every footnote names the work it cites",
            )
        )
    date = entry.get("date")
    if date and not _is_date(date):
        problems.append(
            Problem.of(
                "D109",
                entry.field_location("date"),
                f"`date` of `{entry.key}` is not a date: {date!r}",
                "write YYYY, YYYY-MM or YYYY-MM-DD, or a range such as 1988-07/1988-09",
            )
        )
    urldate = entry.get("urldate")
    if urldate and not _ISO_DATE.match(urldate):
        problems.append(
            Problem.of(
                "D109",
                entry.field_location("urldate"),
                f"`urldate` of `{entry.key}` is not a date: {urldate!r}",
                "write the day the page was read as YYYY-MM-DD, e.g. 2025-11-20",
            )
        )
    for name in sorted(entry.unstated - UNSTATED_FIELDS):
        problems.append(
            Problem.of(
                "D109",
                entry.field_location("unstated"),
                f"`unstated` of `{entry.key}` names `{name}`, which cannot be left unstated",
                "`unstated` may list: " + ", ".join(sorted(UNSTATED_FIELDS)),
            )
        )
    return problems


def _is_date(text: str) -> bool:
    found = _DATE.match(text.strip())
    if not found or not any(found.groups()):
        return False
    for part in found.groups():
        if part:
            year, month, day = (int(n) for n in (part.split("-") + ["1", "1"])[:3])
            try:
                dt.date(year, month, day)
            except ValueError:
                return False
    return True


# BibLaTeX inheritance: a child takes the parent's fields it lacks; the parent's title
# becomes the child's booktitle (a chapter inherits the book it is in).
_CROSSREF_RENAMES = {"title": "booktitle", "subtitle": "booksubtitle"}


def _inherit_crossrefs(bibliography: Bibliography) -> None:
    for entry in bibliography.entries.values():
        crossref = entry.get("crossref")
        parent = bibliography.entries.get(crossref) if crossref else None
        if parent is None or parent is entry:
            continue
        for name, value in parent.fields.items():
            target = _CROSSREF_RENAMES.get(name, name)
            if target not in entry.fields and name not in ("ids", "crossref", "entryset"):
                entry.fields[target] = value
        for role, people in parent.names.items():
            entry.names.setdefault("bookauthor" if role == "author" else role, people)
