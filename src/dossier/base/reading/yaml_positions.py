"""Read a YAML file into plain Python values, remembering the line and column of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problem_codes import DUPLICATE_YAML_KEY, INVALID_FIELD_VALUE, YAML_SYNTAX_ERROR
from ..problems import Location, Problem
from .read_input import read_text

# A path into a YAML document: mapping keys and sequence indexes, e.g. (0, "sources", 1, "cite").
YamlPath = tuple[str | int, ...]

_DEEP = 100
_BRACKET = re.compile(r"[\[\]{}]")
_BLOCK_PREFIX = re.compile(rf"^[ \t?-]{{{2 * _DEEP},}}", re.M)

# Aliases let a few lines expand into millions of values; no evidence file needs that many
# values repeated through them.
_MAX_REPEATED = 200_000
# Text: most values of an evidence file, and every key.
_TEXT = "tag:yaml.org,2002:str"
# What an escape in a "double-quoted" value can write that no output may hold: the C0 and C1
# controls other than tab and line feed (a Word file's XML refuses most, a PDF draws none)
# and U+FFFE and U+FFFF, which are not characters. (PyYAML refuses a lone surrogate, "\ud800",
# itself; written as they are, all of these are refused when the file is read.)
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_ESCAPED = {
    "0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85"
}

try:  # the C loader is much faster on large evidence files; its marks are the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


@dataclass
class YamlDocument:
    """A loaded YAML file: its data, and where each value (and each mapping key) stands."""

    path: str
    data: Any
    values: dict[YamlPath, Location] = field(default_factory=dict)
    keys: dict[YamlPath, Location] = field(default_factory=dict)

    def location(self, path: YamlPath) -> Location:
        """Where the value at `path` is, or the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Location(self.path)

    def key_location(self, path: YamlPath) -> Location:
        """Where the key of the mapping entry at `path` is written (for unknown-field errors)."""
        return self.keys.get(path) or self.location(path)


def load_yaml(
    path: Path, shown_as: str, root: Path | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Load one YAML file (inside `root`, when given). Syntax errors and duplicate keys come
    back as problems."""
    text, problems = read_text(path, shown_as, root)
    if text is None:
        return None, problems
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text from the file `shown_as`."""
    deep = _deep_at(text)
    try:
        # libyaml recurses in C once a level, and a million brackets would crash it; the
        # pure-Python parser raises RecursionError instead, so it reads the suspect files.
        node = yaml.compose(text, Loader=_Loader if deep is None else yaml.SafeLoader)
        document = YamlDocument(shown_as, None)
        if node is None:
            return document, []
        builder = _Builder(document, text)
        document.data = builder.build(node, ())
    except RecursionError:
        return None, [
            Problem.of(
                YAML_SYNTAX_ERROR,
                Location.at_offset(shown_as, text, deep or 0),
                "YAML nested too deeply to read",
                "no evidence or settings file needs that many levels; check the brackets "
                "and indentation",
            )
        ]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, shown_as)]
    except yaml.reader.ReaderError as error:
        return None, [
            Problem.of(
                YAML_SYNTAX_ERROR,
                Location.at_offset(shown_as, text, error.position),
                f"YAML syntax error: the character U+{_code_point(error.character):04X} "
                "is not allowed in YAML",
                "delete it; it is often pasted in invisibly with text copied from a PDF",
            )
        ]
    except yaml.YAMLError as error:
        return None, [
            Problem.of(YAML_SYNTAX_ERROR, Location(shown_as), f"YAML syntax error: {error}")
        ]
    if any(p.code == YAML_SYNTAX_ERROR for p in builder.problems):
        return None, builder.problems  # cut short: what was built is not the whole file
    return document, builder.problems


_QUOTE_IT = "; if it is part of the text, put the whole value in quotes"
_UNCLOSED = {
    "while parsing a flow sequence": ("`[`", "close it with `]`" + _QUOTE_IT),
    "while parsing a flow mapping": ("`{`", "close it with `}`" + _QUOTE_IT),
    "while scanning a quoted scalar": ("quote", "close it with the same quote mark"),
}


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, shown_as: str) -> Problem:
    """A syntax error where the parser met it; or, when the file ended inside a bracket or a
    quote (the parser then points past the last line), where that bracket or quote opened."""
    unclosed = _UNCLOSED.get(str(error.context))
    at_end = error.problem_mark is not None and not text[error.problem_mark.index :].strip()
    if unclosed and at_end and error.context_mark is not None:
        opened, hint = unclosed
        mark = error.context_mark
        return Problem.of(
            YAML_SYNTAX_ERROR,
            Location(shown_as, mark.line + 1, mark.column + 1),
            f"YAML syntax error: the {opened} opened here is never closed",
            hint,
        )
    mark = error.problem_mark or error.context_mark
    location = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
    message = " ".join(str(part) for part in (error.context, error.problem) if part)
    hint = "check the indentation and quoting here; YAML indents with spaces, never tabs"
    if "escape code" in message:  # "\ud800": half of a character, as UTF-16 writes one
        hint = "write the character itself, or its code point as \\U followed by 8 digits"
    return Problem.of(YAML_SYNTAX_ERROR, location, f"YAML syntax error: {message}", hint)


def _deep_at(text: str) -> int | None:
    """Where the YAML may nest deeper than `_DEEP` levels, by brackets ([ and {) or by a
    line's block prefix (indentation, `- ` and `? `), if anywhere. Brackets inside quoted
    text are counted too: a false alarm only costs the slower parser."""
    depth = 0
    for found in _BRACKET.finditer(text):
        depth += 1 if found.group() in "[{" else -1
        if depth > _DEEP:
            return found.start()
    prefix = _BLOCK_PREFIX.search(text)
    return prefix.start() + 2 * _DEEP if prefix else None


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


class _Builder:
    """Turns composed YAML nodes into plain values, recording marks and duplicate keys."""

    def __init__(self, document: YamlDocument, text: str):
        self.document = document
        self.text = text
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")
        self._built: set[int] = set()
        self._repeated = 0  # values built again because an alias refers to them
        self._open: set[int] = set()  # collections being built: an alias to one is a cycle

    def _at(self, node: yaml.Node) -> Location:
        return Location(self.document.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        if id(node) in self._built:
            self._repeated += 1
        self._built.add(id(node))
        if self._repeated > _MAX_REPEATED:
            if self._repeated == _MAX_REPEATED + 1:
                self.problems.append(
                    Problem.of(
                        YAML_SYNTAX_ERROR,
                        self._at(node),
                        f"YAML aliases repeat more than {_MAX_REPEATED:,} values",
                        "write the values out instead of repeating them through aliases",
                    )
                )
            return None
        self.document.values[path] = self._at(node)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self._open:
                self.problems.append(
                    Problem.of(
                        YAML_SYNTAX_ERROR,
                        self._at(node),
                        "an alias refers to the value that contains it",
                        "write the value out instead of repeating it through an alias",
                    )
                )
                return None
            self._open.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._build_mapping(node, path)
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            finally:
                self._open.discard(id(node))
        if node.tag == _TEXT:  # what construct_object would make, without its machinery
            return self._writable(node)
        try:
            return self._constructor.construct_object(node, deep=True)
        except ValueError:  # an impossible date such as 2025-13-45: the model says what is due
            return node.value
        except yaml.YAMLError:
            self.problems.append(
                Problem.of(
                    INVALID_FIELD_VALUE,
                    self._at(node),
                    f"unsupported YAML tag `{node.tag.replace('tag:yaml.org,2002:', '!!')}`",
                    "remove the tag: these files hold plain text, numbers, dates, lists and "
                    "mappings",
                )
            )
            return node.value

    def _writable(self, node: yaml.ScalarNode) -> str:
        """The text of a scalar, and a problem (at the escape that wrote it) if it holds a
        character no output may hold."""
        found = _UNWRITABLE.search(node.value)
        if found:
            character = found.group()
            written, at = self._escape_of(node, character)
            what = (
                "which is not a character"
                if character in "\ufffe\uffff"
                else "a control character no editor shows"
            )
            self.problems.append(
                Problem.of(
                    INVALID_FIELD_VALUE,
                    at,
                    f"`{written}` writes U+{ord(character):04X}, {what}: no Word file or PDF "
                    "can hold it",
                    f"delete `{written}` from the text",
                )
            )
        return str(node.value)

    def _escape_of(self, node: yaml.ScalarNode, character: str) -> tuple[str, Location]:
        """The escape that wrote `character` in the node's source, and where it is."""
        start, end = node.start_mark.index, node.end_mark.index
        for escape in _ESCAPE.finditer(self.text, start, end):
            code = escape.group(1)
            decoded = _ESCAPED.get(code, chr(int(code[1:], 16)) if len(code) > 1 else code)
            if decoded == character:
                return escape.group(), Location.at_offset(
                    self.document.path, self.text, escape.start()
                )
        return f"U+{ord(character):04X}", self._at(node)

    def _build_mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem.of(
                        INVALID_FIELD_VALUE,
                        self._at(key_node),
                        "a mapping key must be a plain word",
                        "write each key as a word followed by a colon, e.g. `claim: ...`",
                    )
                )
                continue
            key = (
                self._writable(key_node)
                if key_node.tag == _TEXT
                else self._constructor.construct_object(key_node)
            )
            if isinstance(key, bool):  # YAML 1.1 reads `on:` and `yes:` as true; a key is a word
                key = key_node.value
            elif not isinstance(key, str | int):
                key = str(key)
            here = self._at(key_node)
            if key in first_seen:
                self.problems.append(
                    Problem.of(
                        DUPLICATE_YAML_KEY,
                        here,
                        f"duplicate key `{key}` (first at line {first_seen[key].line})",
                        "remove one of the two; YAML would silently keep only the last",
                    )
                )
                continue
            first_seen[key] = here
            self.document.keys[(*path, key)] = here
            result[key] = self.build(value_node, (*path, key))
        return result
