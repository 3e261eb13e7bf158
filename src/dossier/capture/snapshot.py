"""`dossier snapshot KEY FILE|URL`: capture a copy of a source into evidence/snapshots/ and
record `snapshot`, `sha256` and `urldate` in its bibliography entry, changing nothing else."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..check.extract_text import SUFFIXES, ExtractionError, extract_text
from ..load.bibliography import load_bibliography
from ..load.read_input import file_digest, format_size
from ..load.workspace import BIBLIOGRAPHY_FILE
from ..problems import CommandFailed, UsageError, did_you_mean
from ..record.write_files import write_together
from .edit_bibliography import EntryNotFound, set_fields
from .fetch import DEFAULT_SIZE_LIMIT, DEFAULT_TIMEOUT, FetchError, request

SNAPSHOT_FOLDER = "evidence/snapshots"
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
) -> Captured:
    bib_path = root / BIBLIOGRAPHY_FILE
    bibliography, _ = load_bibliography(bib_path, BIBLIOGRAPHY_FILE)
    if key not in bibliography.entries:
        raise UsageError(
            f"no entry `{key}` in {BIBLIOGRAPHY_FILE}; "
            + did_you_mean(key, bibliography.entries, "keys", "add the entry first")
        )
    online = source.lower().startswith(("http://", "https://"))
    data, suffix = _download(source, timeout, size_limit) if online else _read(source, size_limit)
    try:
        extract_text(Path(f"snapshot{suffix}"), data)
    except ExtractionError as error:
        raise CommandFailed(f"{source} cannot be used as a snapshot: {error}") from None
    relative = f"{SNAPSHOT_FOLDER}/{_file_name(key)}{suffix}"
    target = root / relative
    if target.exists() and target.read_bytes() != data and not replace:
        raise CommandFailed(
            f"{relative} already exists with other content; pass --replace to overwrite it "
            "(the old capture stays in git's history if it was committed)"
        )
    digest = file_digest(data)
    values = {"snapshot": relative, "sha256": digest}
    if online or accessed:
        values["urldate"] = (accessed or dt.date.today()).isoformat()
    raw = bib_path.read_bytes()
    text = raw.decode("utf-8-sig")
    try:
        edited = set_fields(text, key, values)
    except EntryNotFound:
        raise CommandFailed(
            f"cannot find where entry `{key}` ends in {BIBLIOGRAPHY_FILE}; "
            "run `dossier check` and fix the entry first"
        ) from None
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    write_together({target: data, bib_path: bom + edited.encode("utf-8")})
    return Captured(key, relative, len(data), digest, list(values))


def _file_name(key: str) -> str:
    """The key as a file name: no slashes, no leading dot (a key may hold either)."""
    return re.sub(r"[^\w.+-]", "-", key).lstrip(".") or "snapshot"


def _download(url: str, timeout: float, size_limit: int) -> tuple[bytes, str]:
    try:
        response = request(url, timeout=timeout, size_limit=size_limit)
    except FetchError as error:
        raise CommandFailed(f"{error}; nothing captured") from None
    if response.status >= 400:
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
