"""Write one evidence item's `review` block into its YAML file, leaving every other byte as
it was.

An evidence file is kept by hand: its comments, order, quoting, folded claims and line endings
are its authors'. A round-trip YAML parser (ruamel.yaml) finds where the item and its review
block are written; only those lines are replaced (or the block added after the item's last
line), and the block itself is written by ruamel.yaml, quoted where YAML needs it.
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


def set_review(text: str, item_id: str, review: dict[str, Any]) -> str:
    """`text` with the review block of the item `item_id` set to `review`."""
    item = _item_node(text, item_id)
    if item.flow_style:
        raise CannotEdit(
            f"`{item_id}` is written on one line as `{{...}}`; write it as `key: value` lines "
            "so that its review block can be added"
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    indent = item.value[0][0].start_mark.column
    block = _block(review, indent, newline)
    for key, value in item.value:
        if key.value == "review":
            start = text.rfind("\n", 0, key.start_mark.index) + 1
            return text[:start] + block + text[_line_end(text, _content_end(text, value)) :]
    end = _line_end(text, _content_end(text, item.value[-1][1]))
    if end == len(text) and text and not text.endswith("\n"):
        block = newline + block
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


def _block(review: dict[str, Any], indent: int, newline: str) -> str:
    writer = YAML(typ="rt")
    writer.width = 10_000  # never fold a long name or digest onto a second line
    writer.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    writer.dump({"review": {k: _plain_or_quoted(v) for k, v in review.items()}}, stream)
    return "".join(" " * indent + line + newline for line in stream.getvalue().splitlines())


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
