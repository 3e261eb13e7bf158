"""A snapshot as the checks see it: its pages, its text (read only when something needs it,
and let go of when nothing does), and what each quote looked up in it found.

What a lookup found depends only on the snapshot's text and the quote, so it is kept with
the snapshot's index, which the cache stores by the snapshot's digest: a later check of the
same quote in the same snapshot knows the answer without reading the text. The index holds
no text, only page labels and offsets, and each lookup's answer.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..figures import values_in
from .match_quote import Found, Quote
from .text_cache import CachedText


@dataclass
class Snapshot:
    """One captured file: its digest and its text, page by page, in canonical form."""

    path: str
    digest: str
    labels: list[str] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)
    shown_page_starts: list[int] = field(default_factory=list)
    length: int = 0  # of `text`
    paged: bool = False
    # Reads the text again (from the cache, or from the file) once it has been let go of.
    loader: Callable[[], CachedText] | None = None
    _text: str | None = None
    _shown: str | None = None
    _figures: set[str] | None = None
    _found: dict[str, list[int] | None] = field(default_factory=dict)
    _hints: dict[str, str] = field(default_factory=dict)
    changed: bool = False  # lookups made since the index was read or written

    @classmethod
    def of_text(cls, path: str, digest: str, text: CachedText, paged: bool) -> Snapshot:
        snapshot = cls(path, digest, text.labels, text.page_starts, text.shown_page_starts)
        snapshot.length, snapshot.paged = len(text.text), paged
        snapshot._text, snapshot._shown = text.text, text.shown
        snapshot.changed = True  # its index is not stored yet
        return snapshot

    @classmethod
    def of_index(cls, path: str, digest: str, index: dict[str, Any], paged: bool) -> Snapshot:
        """From a stored index; ValueError, KeyError or TypeError if it is not one."""
        snapshot = cls(path, digest, [str(label) for label in index["labels"]])
        snapshot.page_starts = [int(n) for n in index["page_starts"]]
        snapshot.shown_page_starts = [int(n) for n in index["shown_page_starts"]]
        snapshot.length, snapshot.paged = int(index["length"]), paged
        found, hints = index["found"], index["hints"]
        if not (isinstance(found, dict) and isinstance(hints, dict)):
            raise TypeError("not an index")
        snapshot._found = found
        snapshot._hints = {str(k): str(v) for k, v in hints.items()}
        return snapshot

    def index(self) -> dict[str, Any]:
        """What the cache keeps of the snapshot: everything but its text."""
        return {
            "labels": self.labels,
            "page_starts": self.page_starts,
            "shown_page_starts": self.shown_page_starts,
            "length": self.length,
            "found": self._found,
            "hints": self._hints,
        }

    @property
    def text(self) -> str:
        """The canonical pages, joined by a space: what quotes are matched in."""
        if self._text is None:
            self._read()
        assert self._text is not None
        return self._text

    @property
    def text_in_memory(self) -> bool:
        """Whether the text is held now, or would be read again if something needed it."""
        return self._text is not None

    @property
    def shown(self) -> str:
        """The same, readable: what the closest passage is taken from."""
        if self._shown is None:
            self._read()
        assert self._shown is not None
        return self._shown

    def _read(self) -> None:
        if self.loader is None:
            raise RuntimeError(f"the text of {self.path} cannot be read again")
        text = self.loader()
        self._text, self._shown = text.text, text.shown

    def let_go(self) -> None:
        """Forget the text (it is read again if needed): one snapshot's text in memory at a
        time, not a whole evidence base's."""
        if self.loader is not None:
            self._text = self._shown = None

    def knows(self, quote: Quote) -> bool:
        """Whether the whole text was searched for `quote` before (so it has words)."""
        return f"0 {self.length} {quote.text}" in self._found

    def find(self, quote: Quote, start: int = 0, end: int | None = None) -> Found | None:
        """`quote.find` in the text, answered from the index when it was asked before."""
        end = self.length if end is None else end
        key = f"{start} {end} {quote.text}"
        if key not in self._found:
            found = quote.find(self.text, start, end)
            self._found[key] = None if found is None else [found.start, found.end]
            self.changed = True
        answer = self._found[key]
        return None if answer is None else Found(int(answer[0]), int(answer[1]))

    def hint(self, quote: Quote, make: Callable[[], str]) -> str:
        """What `make` says of a quote not found (its closest passage), made once."""
        if quote.text not in self._hints:
            self._hints[quote.text] = make()
            self.changed = True
        return self._hints[quote.text]

    def figures(self) -> set[str]:
        """The values of every figure in the snapshot, found on first use."""
        if self._figures is None:
            self._figures = values_in(self.text)
        return self._figures

    def page_at(self, offset: int, shown: bool = False) -> str:
        """The label of the page that holds offset `offset` of `text` (or of `shown`)."""
        starts = self.shown_page_starts if shown else self.page_starts
        return self.labels[bisect.bisect_right(starts, offset) - 1]

    def page_span(self, label: str) -> tuple[int, int] | None:
        """Canonical offsets of the page labelled `label` (None when there is no such page)."""
        if label not in self.labels:
            return None
        index = self.labels.index(label)
        end = self.page_starts[index + 1] if index + 1 < len(self.page_starts) else self.length
        return self.page_starts[index], end
