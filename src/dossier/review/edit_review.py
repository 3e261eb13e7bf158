"""Append one entry to an evidence item's review history (`reviews`) in its YAML file,
leaving every other byte as it was.

An evidence file is kept by hand: its comments, order, quoting, folded claims and line endings
are its authors'. A round-trip YAML parser (ruamel.yaml) finds where the item and its history
are written; the new entry's lines are added after the last entry, and nothing else changes.
An item reviewed before histories were kept has a single `review` block: the first entry
recorded after it replaces that block's lines with a `reviews` list holding it, as written,
then the new entry. Entries are written by ruamel.yaml, quoted where YAML needs it.
"""

from __future__ import annotations

import io
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from ..base.problems import CommandFailed


class CannotEdit(CommandFailed):
    """The item cannot be found, or is written in a way its block cannot be added to."""


def add_review(
    text: str, item_id: str, entry: dict[str, Any], earlier: list[dict[str, Any]]
) -> str:
    """`text` with `entry` appended to the review history (`reviews`) of the item `item_id`.

    A history written as a block list gets the entry's lines after its last entry, and
    nothing else changes. An item without one (no review yet, the older single `review`
    block, or a list written in brackets) gets a `reviews` block in its place: `earlier`, the
    entries already recorded (the older block's, as written), then `entry`."""
    item = _editable(text, item_id)
    keys = {key.value: value for key, value in item.value if isinstance(key, ScalarNode)}
    if "review" in keys and "reviews" in keys:
        raise CannotEdit(f"`{item_id}` has both `review` and `reviews`; keep one")
    newline = _newline(text)
    history = keys.get("reviews")
    if isinstance(history, SequenceNode) and not history.flow_style and history.value:
        return _appended(text, history, entry, newline)
    indent = item.value[0][0].start_mark.column
    block = " " * indent + "reviews:" + newline
    block += "".join(_entry_lines(e, indent + 2, newline) for e in [*earlier, entry])
    return _replace_or_add(text, item, "reviews" if "reviews" in keys else "review", block)


def _appended(text: str, history: SequenceNode, entry: dict[str, Any], newline: str) -> str:
    """`text` with `entry`'s lines after the last entry of the block list `history`."""
    first = history.value[0].start_mark
    dash = text.rfind("-", text.rfind("\n", 0, first.index) + 1, first.index)
    column = dash - (text.rfind("\n", 0, first.index) + 1) if dash >= 0 else first.column - 2
    end = _line_end(text, _content_end(text, history))
    lines = _entry_lines(entry, column, newline)
    if end == len(text) and not text.endswith("\n"):
        lines = newline + lines
    return text[:end] + lines + text[end:]


def append_signoff(text: str | None, entry: dict[str, Any], header: str) -> str:
    """A statement's review.yaml (`text`, None when there is none yet: then it starts with
    the comment `header`) with `entry` appended to its `reviews` list, every other byte kept."""
    if text is None or not text.strip():
        return header + "reviews:\n" + _entry_lines(entry, 2, "\n")
    newline = _newline(text)
    document = YAML(typ="rt").compose(text)
    if document is None:  # comments only
        ending = "" if text.endswith("\n") else newline
        return text + ending + "reviews:" + newline + _entry_lines(entry, 2, newline)
    if not isinstance(document, MappingNode) or document.flow_style:
        raise CannotEdit("the file is not a mapping holding `reviews:` as `key: value` lines")
    keys = {k.value: v for k, v in document.value if isinstance(k, ScalarNode)}
    history = keys.get("reviews")
    if isinstance(history, SequenceNode) and not history.flow_style and history.value:
        return _appended(text, history, entry, newline)
    if history is not None and not (isinstance(history, ScalarNode) and history.value == ""):
        raise CannotEdit("its `reviews` is not a list of `- ` entries; write it as one")
    block = "reviews:" + newline + _entry_lines(entry, 2, newline)
    return _replace_or_add(text, document, "reviews", block)


def _editable(text: str, item_id: str) -> MappingNode:
    item = _item_node(text, item_id)
    if item.flow_style:
        raise CannotEdit(
            f"`{item_id}` is written on one line as `{{...}}`; write it as `key: value` lines "
            "so that its review block can be added"
        )
    return item


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _replace_or_add(text: str, item: MappingNode, name: str, block: str) -> str:
    """`block` in place of the lines of the item's key `name`, or after its last line."""
    for key, value in item.value:
        if key.value == name:
            start = text.rfind("\n", 0, key.start_mark.index) + 1
            return text[:start] + block + text[_line_end(text, _content_end(text, value)) :]
    end = _line_end(text, _content_end(text, item.value[-1][1]))
    if end == len(text) and text and not text.endswith("\n"):
        block = _newline(text) + block
    return text[:end] + block + text[end:]


def _item_node(text: str, item_id: str) -> MappingNode:
    document = YAML(typ="rt").compose(text)
    if not isinstance(document, SequenceNode):
        raise CannotEdit("the file is not a list of evidence items")
    for node in document.value:
        if isinstance(node, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value == "id" and getattr(v, "value", None) == item_id
            for k, v in node.value
        ):
            return node
    raise CannotEdit(f"no item with `id: {item_id}` in the file")


def _content_end(text: str, node: Node) -> int:
    """Just after the last character written of `node`'s value: a block scalar's end mark
    lies past the blank lines that follow it, a block collection's past its last value."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _content_end(text, last[1] if isinstance(node, MappingNode) else last)
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, index: int) -> int:
    """Just after the line break that ends the line holding `index` (or the end of text)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _writer() -> YAML:
    writer = YAML(typ="rt")
    writer.width = 10_000  # never fold a long name or digest onto a second line
    writer.indent(mapping=2, sequence=4, offset=2)
    return writer


def _entry_lines(entry: dict[str, Any], column: int, newline: str) -> str:
    """One entry of a block list, its dash at `column`."""
    stream = io.StringIO()
    _writer().dump(_plain_or_quoted(entry), stream)
    lines = stream.getvalue().splitlines()
    marked = ["- " + lines[0], *("  " + line for line in lines[1:])]
    return "".join(" " * column + line + newline for line in marked)


def _plain_or_quoted(value: Any) -> Any:
    """A string that dossier's own YAML 1.1 reader would take for something else (`no`,
    `on`, `1e3`) is quoted; ruamel.yaml writes YAML 1.2 and would leave it plain."""
    if isinstance(value, dict):
        return {k: _plain_or_quoted(v) for k, v in value.items()}
    if isinstance(value, str):
        tag = pyyaml.resolver.Resolver().resolve(pyyaml.ScalarNode, value, (True, False))
        if tag != "tag:yaml.org,2002:str":
            return SingleQuotedScalarString(value)
    return value
