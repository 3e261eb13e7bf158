"""`dossier snapshot KEY FILE|URL`: capture a copy of a source into evidence/snapshots/ and
record `snapshot`, `sha256` and `urldate` in its bibliography entry, changing nothing else."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..base.problems import CommandFailed, UsageError, did_you_mean
from ..base.reading.paths import resolved, within
from ..base.reading.read_input import (
    current_limits,
    file_digest,
    format_size,
    is_regular_file,
    read_bytes,
)
from ..base.settings import BIBLIOGRAPHY_FILE, SNAPSHOTS_FOLDER
from ..check.sources.extract_text import SUFFIXES, ExtractionError, extract_text
from ..load.bibtex.bibliography import load_bibliography
from ..record.write_files import finish_interrupted_writes, write_as_one
from .edit_bibliography import EntryNotFound, set_fields
from .fetch import DEFAULT_SIZE_LIMIT, DEFAULT_TIMEOUT, FetchError, request

_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
}


@dataclass(frozen=True)
class Captured:
    key: str
    path: str
    size: int
    digest: str
    recorded: list[str]


def capture(
    root: Path,
    key: str,
    source: str,
    accessed: dt.date | None = None,
    replace: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    allow_private: bool = False,
) -> Captured:
    finish_interrupted_writes(root)
    bib_path = root / BIBLIOGRAPHY_FILE
    bibliography, _ = load_bibliography(bib_path, BIBLIOGRAPHY_FILE)
    if key not in bibliography.entries:
        raise UsageError(
            f"no entry `{key}` in {BIBLIOGRAPHY_FILE}; "
            + did_you_mean(key, bibliography.entries, "keys", "add the entry first")
        )
    online = source.lower().startswith(("http://", "https://"))
    if online:
        data, suffix = _download(source, timeout, size_limit, allow_private)
    else:
        data, suffix = _read(source, size_limit)
    if not data:
        raise CommandFailed(f"{source} is empty; nothing captured")
    try:
        extract_text(Path(f"snapshot{suffix}"), data)
    except ExtractionError as error:
        raise CommandFailed(f"{source} cannot be used as a snapshot: {error}") from None
    relative = f"{SNAPSHOTS_FOLDER}/{_file_name(key)}{suffix}"
    target = _confined(root, relative)
    if target.exists() and target.read_bytes() != data and not replace:
        raise CommandFailed(
            f"{relative} already exists with other content; pass --replace to overwrite it "
            "(the old capture stays in git's history if it was committed)"
        )
    digest = file_digest(data)
    values = {"snapshot": relative, "sha256": digest}
    if online or accessed:
        values["urldate"] = (accessed or dt.date.today()).isoformat()
    raw, unreadable = read_bytes(bib_path, BIBLIOGRAPHY_FILE, root, current_limits().file_bytes)
    if raw is None:
        raise CommandFailed(unreadable[0].message)
    text = raw.decode("utf-8-sig")
    try:
        edited = set_fields(text, key, values)
    except EntryNotFound:
        raise CommandFailed(
            f"cannot find where entry `{key}` ends in {BIBLIOGRAPHY_FILE}; "
            "run `dossier check` and fix the entry first"
        ) from None
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    write_as_one({target: data, bib_path: bom + edited.encode("utf-8")}, root)
    return Captured(key, relative, len(data), digest, list(values))


def _file_name(key: str) -> str:
    """The key as a file name: no slashes, no leading dot (a key may hold either)."""
    return re.sub(r"[^\w.+-]", "-", key).lstrip(".") or "snapshot"


def _confined(root: Path, relative: str) -> Path:
    """Where the snapshot goes, refused unless evidence/snapshots/ is a folder inside the
    workspace (not a link out of it) and the file, if there, a regular file."""
    folder = root / SNAPSHOTS_FOLDER
    inside = resolved(folder)
    if inside is None or not within(folder, root):
        raise CommandFailed(
            f"{SNAPSHOTS_FOLDER} leads outside the workspace (to {inside or 'a loop of links'}); "
            "nothing captured. Make it a folder inside the workspace"
        )
    if folder.exists() and not folder.is_dir():
        raise CommandFailed(f"{SNAPSHOTS_FOLDER} is not a folder; nothing captured")
    target = root / relative
    if (target.exists() or target.is_symlink()) and (
        target.is_symlink() or not is_regular_file(target)
    ):
        raise CommandFailed(f"{relative} is not a regular file; nothing captured. Remove it")
    return target


def _download(url: str, timeout: float, size_limit: int, allow_private: bool) -> tuple[bytes, str]:
    try:
        response = request(url, timeout=timeout, size_limit=size_limit, allow_private=allow_private)
    except FetchError as error:
        raise CommandFailed(f"{error}; nothing captured") from None
    if not 200 <= response.status < 300:
        raise CommandFailed(f"{url} answered {response.status} {response.reason}; nothing captured")
    suffix = _TYPES.get(response.content_type) or PurePosixPath(urlsplit(response.url).path).suffix
    if suffix.lower() not in SUFFIXES:
        raise CommandFailed(
            f"{url} is {response.content_type or 'of an unknown type'}; snapshots are HTML, "
            "PDF, plain text or Markdown"
        )
    return response.data, ".html" if suffix.lower() == ".htm" else suffix.lower()


def _read(name: str, size_limit: int) -> tuple[bytes, str]:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"no file {name}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{name}: snapshots are {', '.join(SUFFIXES)} files")
    if path.stat().st_size > size_limit:
        raise CommandFailed(
            f"{name} is {format_size(path.stat().st_size)}, over the snapshot limit of "
            f"{format_size(size_limit)} (--max-size)"
        )
    return path.read_bytes(), ".html" if suffix == ".htm" else suffix
