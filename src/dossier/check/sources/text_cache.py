"""A cache of snapshots' text, extracted and brought to canonical form, so that a snapshot
is read into text once, not on every check; and of each snapshot's index: its pages, and
what each quote looked up in it found (snapshot_index), so that a check of unchanged
evidence against unchanged snapshots reads no snapshot's text at all. The indexes of a
workspace's snapshots are kept together, in one entry that each check reads once and
writes once (two checks at once: the last one's is kept, and the other's lookups are made
again next time).

An entry is found by the sha256 of the snapshot's bytes (read and digested on every run
anyway, to catch a changed snapshot) and the kind of file. The folder it lives in is named
by a fingerprint of the code that extracts, normalises and matches, and of the versions of
the libraries that parse HTML and PDF; base/content_cache.py says how entries are sealed,
written and thrown away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ...base.content_cache import (
    SealedFolder,
    open_folder,
)
from ...base.content_cache import fingerprint as code_fingerprint

__all__ = [
    "CachedText", "TextCache", "index_key", "open_cache"
]

# The code whose behaviour the cached text and index depend on.
CACHED_CODE = ("check/sources",)
CACHED_LIBRARIES = ("lxml", "pypdf", "rapidfuzz")
_INDEXES = "snapshots.json"


@dataclass(frozen=True)
class CachedText:
    """A snapshot's text as the checks use it, or the reason it has none."""

    labels: list[str]
    text: str
    page_starts: list[int]
    shown: str
    shown_page_starts: list[int]
    error: str = ""  # the extraction's error message; the rest is empty


class TextCache:
    """The snapshots' text, and their indexes, by the sha256 of the snapshot's bytes."""

    def __init__(self, folder: SealedFolder, index: SealedFolder):
        self.folder = folder.folder
        self._texts = folder
        self._index = index

    def get(self, digest: str, kind: str) -> CachedText | None:
        body = self._texts.read(_name(digest, kind, "text"))
        if body is None:
            return None
        head, _, tail = body.partition(b"\n")
        try:
            fields = json.loads(head)
            both = tail.decode("utf-8", "surrogatepass")
            length = fields.pop("text_length")
            return CachedText(text=both[:length], shown=both[length:], **fields)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, digest: str, kind: str, value: CachedText) -> None:
        """A line of JSON for the pages, then the text and its readable form as they are:
        JSON's escaping would take longer than the rest of the entry's work."""
        fields = {k: v for k, v in value.__dict__.items() if k not in ("text", "shown")}
        head = json.dumps({**fields, "text_length": len(value.text)}).encode()
        tail = (value.text + value.shown).encode("utf-8", "surrogatepass")
        self._texts.write(_name(digest, kind, "text"), head + b"\n" + tail)

    def get_indexes(self) -> dict[str, dict[str, object]]:
        """The index of every snapshot of the workspace, by `index_key`: one entry for all,
        read and written once per check, not a file per snapshot."""
        body = self._index.read(_INDEXES)
        try:
            found = json.loads(body) if body is not None else {}
        except ValueError:
            return {}
        if not isinstance(found, dict):
            return {}
        return {k: v for k, v in found.items() if isinstance(v, dict)}

    def put_indexes(self, indexes: dict[str, dict[str, object]]) -> None:
        body = json.dumps(indexes, ensure_ascii=False).encode("utf-8")
        self._index.write(_INDEXES, body)


def index_key(digest: str, kind: str) -> str:
    return _name(digest, kind, "index")


def open_cache(root: Path) -> TextCache | None:
    """The workspace's cache, or None when it is disabled or cannot be used."""
    texts = open_folder(root, "snapshot-text", fingerprint())
    index = open_folder(root, "snapshot-index", fingerprint())
    return TextCache(texts, index) if texts is not None and index is not None else None


def fingerprint() -> str:
    """What the cached text depends on, besides the snapshot's bytes."""
    return code_fingerprint(CACHED_CODE, CACHED_LIBRARIES)


def _name(digest: str, kind: str, suffix: str = "json") -> str:
    return f"{digest.lower()}.{kind}.{suffix}"
