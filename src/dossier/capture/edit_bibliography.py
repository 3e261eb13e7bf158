"""Set fields of one entry in bibliography.bib, leaving every other byte of the file as it was.

A user's .bib is hand-kept or exported from Zotero: its comments, order, alignment and line
endings are theirs. Only the value of a field that is already there is replaced; a new field
is added after the entry's last one, indented and aligned like it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base.problems import CommandFailed

_ENTRY_START = r"@\s*[A-Za-z]+\s*[{(]\s*KEY\s*,"
_FIELD_NAME = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*")


class EntryNotFound(CommandFailed):
    """The entry, or where it ends, cannot be found in the text: the message says what."""


@dataclass
class _Field:
    name: str
    line_start: int  # where the field's line begins
    name_start: int
    value_start: int
    value_end: int
    comma_end: int | None  # just after the comma that follows, if any


def set_fields(text: str, key: str, values: dict[str, str]) -> str:
    """`text` with the entry `key`'s fields set to `values` ({...}-delimited)."""
    start = re.search(_ENTRY_START.replace("KEY", re.escape(key)), text)
    if start is None:
        raise EntryNotFound(key)
    body_start = start.end()
    fields, close = _fields(text, body_start)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    present = {f.name.lower(): f for f in fields}
    missing = []
    for name, value in values.items():
        existing = present.get(name.lower())
        if existing is not None:
            edits.append((existing.value_start, existing.value_end, "{" + value + "}"))
        else:
            missing.append((name, value))
    if missing:
        edits.append(_insertion(text, fields, body_start, close, missing, newline))
    for begin, end, replacement in sorted(edits, reverse=True):
        text = text[:begin] + replacement + text[end:]
    return text


def _insertion(
    text: str,
    fields: list[_Field],
    body_start: int,
    close: int,
    missing: list[tuple[str, str]],
    newline: str,
) -> tuple[int, int, str]:
    last = fields[-1] if fields else None
    width = _aligned_width(text, fields)
    if last is None:
        indent, at, lead = "  ", body_start, ""
    else:
        line = text[last.line_start : last.name_start]
        indent = line if not line.strip() else "  "
        at = last.comma_end if last.comma_end is not None else last.value_end
        lead = "" if last.comma_end is not None else ","
    lines = [f"{indent}{name.ljust(width)} = {{{value}}}," for name, value in missing]
    return at, at, lead + newline + newline.join(lines)


def _aligned_width(text: str, fields: list[_Field]) -> int:
    """The width names are padded to when the entry lines up its `=` signs, else 0."""
    columns = {text.index("=", f.name_start) - f.line_start for f in fields}
    padded = any(text.index("=", f.name_start) - f.name_start > len(f.name) + 1 for f in fields)
    if len(columns) != 1 or not padded:
        return 0
    return columns.pop() - (fields[0].name_start - fields[0].line_start) - 1


def _fields(text: str, position: int) -> tuple[list[_Field], int]:
    """The entry's fields from `position` (after `@type{key,`), and where its `}` is."""
    fields: list[_Field] = []
    while True:
        found = _FIELD_NAME.match(text, position)
        if found is None:
            close = _skip_space(text, position)
            if close >= len(text) or text[close] not in "})":
                raise EntryNotFound("unterminated entry")
            return fields, close
        name_start = found.start(1)
        value_start = found.end()
        value_end = _value_end(text, value_start)
        after = _skip_space(text, value_end)
        comma_end = after + 1 if after < len(text) and text[after] == "," else None
        line_start = text.rfind("\n", 0, name_start) + 1
        fields.append(_Field(found[1], line_start, name_start, value_start, value_end, comma_end))
        position = comma_end if comma_end is not None else value_end


def _value_end(text: str, position: int) -> int:
    """The end of a field's value: braced, quoted or bare parts joined by #."""
    while True:
        if position >= len(text):
            raise EntryNotFound("unterminated value")
        char = text[position]
        if char == "{":
            position = _matching_brace(text, position)
        elif char == '"':
            position = _closing_quote(text, position)
        else:
            bare = re.compile(r"[^\s,#}{)]+").match(text, position)
            if bare is None:
                raise EntryNotFound("empty value")
            position = bare.end()
        after = _skip_space(text, position)
        if after < len(text) and text[after] == "#":
            position = _skip_space(text, after + 1)
            continue
        return position


def _matching_brace(text: str, position: int) -> int:
    depth = 0
    for index in range(position, len(text)):
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index + 1
    raise EntryNotFound("unbalanced braces")


def _closing_quote(text: str, position: int) -> int:
    depth = 0
    for index in range(position + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index + 1
    raise EntryNotFound("unterminated quotation")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position
