"""Where a character of a statement's inline text stands in statement.md: the one place that
turns markdown-it's offsets and token texts into lines and columns.

markdown-it parses each block's inline text (`block.content`) with the block's indentation,
list markers and `>` taken off each line. `InlineSource` knows where each of those lines
starts in the file, so an offset into the inline text becomes a file location; `align`
follows a token's text (escapes, entities and emphasis marks removed) back to the inline
text it came from.
"""

from __future__ import annotations

import bisect

from markdown_it.token import Token

from ..base.problems import Location


class InlineSource:
    """The inline text of one block (a paragraph, heading, list item's paragraph) and where
    each of its lines stands in the statement file."""

    def __init__(self, path: str, lines: list[str], block: Token):
        assert block.map is not None
        self.path = path
        self.text = block.content
        self.first_line = block.map[0]  # 0-based
        self._starts = []  # the column (0-based) at which each inline line starts in the file
        self._offsets = []  # the offset in the inline text at which each of its lines starts
        at = 0
        for number, inline_line in enumerate(self.text.split("\n")):
            self._offsets.append(at)
            at += len(inline_line) + 1
            index = self.first_line + number
            source = lines[index] if index < len(lines) else ""
            self._starts.append(_start_in(source, inline_line))

    def location(self, offset: int) -> Location:
        """Where the character at `offset` of the inline text is written."""
        offset = max(0, min(offset, len(self.text)))
        number = bisect.bisect_right(self._offsets, offset) - 1  # in time log(lines), not offset
        column = offset - self._offsets[number]
        start = self._starts[number] if number < len(self._starts) else 0
        return Location(self.path, self.first_line + number + 1, start + column + 1)

    def find(self, written: str, start: int) -> int:
        """The offset of `written` in the inline text at or after `start`; -1 if absent."""
        return self.text.find(written, start) if written else -1

    def align(self, shown: str, start: int) -> tuple[list[tuple[int, int]], int]:
        """Follow `shown` (a token's text) through the inline text from offset `start`: runs of
        (offset in `shown`, offset in the inline text) where the two go on together, and the
        inline offset just after the last character matched. Characters markdown-it took out
        (a backslash before `*`, the rest of `&amp;`, a line break) are stepped over."""
        runs: list[tuple[int, int]] = []
        at = start
        for index, char in enumerate(shown):
            if at < len(self.text) and self.text[at] == char:
                found = at
            else:
                found = self.text.find(char, at)
                if found < 0:  # not written as such (an entity's result): keep the place
                    found = min(at, len(self.text))
            if not runs or found - runs[-1][1] != index - runs[-1][0]:
                runs.append((index, found))
            at = found + 1 if found < len(self.text) else at
        return runs, at


def _start_in(source: str, inline_line: str) -> int:
    """The column at which an inline line stands in its source line: at the end of it (what
    markdown-it took off is at the start), or where it is found (a heading's closing #s)."""
    source, inline_line = source.rstrip(), inline_line.rstrip()
    if source.endswith(inline_line):
        return len(source) - len(inline_line)
    found = source.find(inline_line.strip()) if inline_line.strip() else -1
    return found if found >= 0 else len(source) - len(source.lstrip())


def offset_of(runs: list[tuple[int, int]], offset: int) -> int:
    """The inline offset of character `offset` of an aligned text, given `align`'s runs."""
    chosen = runs[0] if runs else (0, 0)
    for run in runs:
        if run[0] > offset:
            break
        chosen = run
    return chosen[1] + offset - chosen[0]
