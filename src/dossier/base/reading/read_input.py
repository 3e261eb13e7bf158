"""Read an input file: no bigger than its limit, inside the workspace, and UTF-8 if text.

Every file a command reads from the workspace comes through here, so that a link out of the
workspace, a file too large to be an input and a file in the wrong encoding all get the same
clear problem, whichever loader meets them first.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ... import PACKAGE_DIR
from ..problem_codes import FILE_LINKS_OUTSIDE_WORKSPACE, FILE_TOO_LARGE, UNREADABLE_FILE
from ..problems import Location, Problem
from .paths import resolved, resolved_within, within, workspace_file

_UNITS = {"": 1, "B": 1, "KB": 1_000, "MB": 1_000_000, "GB": 1_000_000_000}
# What no input file should hold, since no Word file or PDF can: the invisible C0 and C1
# controls (tabs and line ends are fine; C1 is most often cp1252 text taken for Latin-1), and
# U+FFFE and U+FFFF, which are not characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?B?)\s*$", re.I)


@dataclass(frozen=True)
class Limits:
    """The largest file each kind of input may be, in bytes."""

    file_bytes: int = 10_000_000  # YAML, BibTeX, Markdown, templates
    snapshot_bytes: int = 200_000_000  # captured copies of sources, PDFs included


_limits: ContextVar[Limits | None] = ContextVar("limits", default=None)
# While a build is recorded: every file read, resolved, with its bytes' sha256.
_reads: ContextVar[dict[Path, str] | None] = ContextVar("reads", default=None)


def current_limits() -> Limits:
    return _limits.get() or Limits()


@contextmanager
def limits_in_force(limits: Limits) -> Iterator[None]:
    token = _limits.set(limits)
    try:
        yield
    finally:
        _limits.reset(token)


def file_digest(data: bytes) -> str:
    """The sha256 of a file's bytes, as snapshots, manifests and verify record it."""
    return hashlib.sha256(data).hexdigest()


SHA256_HEX = re.compile(r"[0-9a-f]{64}")  # what file_digest gives: to be matched whole


@contextmanager
def recording_reads() -> Iterator[dict[Path, str]]:
    """Record every input file read inside the block, for a build's manifest."""
    reads: dict[Path, str] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def parse_size(text: str) -> int:
    """ "10MB", "500 KB", "2GB" or a number of bytes; ValueError otherwise."""
    found = _SIZE.match(text)
    if not found:
        raise ValueError(f"{text!r} is not a size; write it as 500KB, 10MB or 1GB")
    unit = found.group(2).upper()
    unit = unit if unit.endswith("B") or not unit else unit + "B"
    return int(float(found.group(1)) * _UNITS[unit])


def format_size(size: int) -> str:
    for unit in ("GB", "MB", "KB"):
        if size >= _UNITS[unit]:
            return f"{size / _UNITS[unit]:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def read_bytes(
    path: Path,
    shown_as: str,
    root: Path | None,
    limit: int,
    option: str = "--max-file-size",
    named_at: Location | None = None,
) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, or why they were not read. With `root`, the file must resolve inside
    it: a symbolic link that leads out of the workspace is refused, not followed. A file
    that cannot be read at all is reported `named_at` the place that names it, if any."""
    where = named_at or Location(shown_as)
    target = resolved(path)
    if target is None:
        return None, [_looping(shown_as, where)]
    if root is not None and not resolved_within(target, root):
        return None, [
            Problem.of(
                FILE_LINKS_OUTSIDE_WORKSPACE,
                where,
                f"{shown_as} leads outside the workspace (to {target}); it was not read",
                "copy the file into the workspace instead of linking to it",
            )
        ]
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # looked at before it is opened: a FIFO blocks
            return None, [_not_a_file(shown_as, status.st_mode, where)]
        data = read_regular_file(path, limit) if status.st_size <= limit else None
        size = len(data) if data is not None else status.st_size  # it may have grown since
        if size > limit:
            return None, [
                Problem.of(FILE_TOO_LARGE, where, *_too_large(shown_as, size, limit, option))
            ]
        if data is None:  # replaced by something else since it was looked at
            return None, [_not_a_file(shown_as, 0, where)]
    except FileNotFoundError:
        return None, [Problem.of(UNREADABLE_FILE, where, f"file not found: {shown_as}")]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Problem.of(UNREADABLE_FILE, where, f"cannot read {shown_as}: {reason}")]
    reads = _reads.get()
    if reads is not None:
        reads[target] = file_digest(data)
    return data, []


def is_regular_file(path: Path) -> bool:
    """Whether `path` is a regular file (links followed): not a folder, FIFO, device or socket,
    which reading could block on or never finish."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def read_regular_file(path: Path, limit: int) -> bytes | None:
    """The file's bytes, at most `limit` of them, or None if it is no longer a regular file:
    opened without blocking (a FIFO put in its place would not block it either), then
    checked again on the open file itself."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return stream.read(limit + 1)


def _looping(shown_as: str, where: Location) -> Problem:
    return Problem.of(
        UNREADABLE_FILE,
        where,
        f"{shown_as} is a symbolic link that leads back to itself; it cannot be read",
        "replace the link by the file it should lead to",
    )


def _not_a_file(shown_as: str, mode: int, where: Location) -> Problem:
    kinds = {
        stat.S_IFIFO: "a named pipe (FIFO)",
        stat.S_IFCHR: "a device",
        stat.S_IFBLK: "a device",
        stat.S_IFSOCK: "a socket",
        stat.S_IFDIR: "a folder",
    }
    kind = kinds.get(stat.S_IFMT(mode), "not a regular file")
    return Problem.of(
        UNREADABLE_FILE,
        where,
        f"{shown_as} is {kind}, not a file; it was not read",
        "inputs are ordinary files: replace it by a file with the content meant",
    )


def _too_large(shown_as: str, size: int, limit: int, option: str) -> tuple[str, str]:
    megabytes = max(1, round(size * 2 / 1_000_000))  # about twice the file, in whole MB
    if megabytes * 1_000_000 <= size:
        megabytes = math.ceil(size / 1_000_000) + 1
    suggestion = f"{option} {megabytes}MB"
    split = "split it into smaller files, or " if option == "--max-file-size" else ""
    return (
        f"{shown_as} is {format_size(size)}, over the {format_size(limit)} limit",
        f"{split}raise the limit with {option} (e.g. {suggestion})",
    )


def read_text(
    path: Path, shown_as: str, root: Path | None = None, named_at: Location | None = None
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file (a byte-order mark is allowed), or say why it cannot be read:
    at the place in it that is wrong, or (unread) `named_at` the place that names it."""
    # The package's own templates and tables are not inputs a user sizes: no limit of theirs
    # applies (a lowered --max-file-size must not refuse the built-in wording).
    limit = current_limits().file_bytes
    if root is None and within(path, PACKAGE_DIR) and path.is_file():
        limit = max(limit, path.stat().st_size)
    raw, problems = read_bytes(path, shown_as, root, limit, named_at=named_at)
    if raw is None:
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        valid = raw[: error.start].decode("utf-8-sig")
        return None, [
            Problem.of(
                UNREADABLE_FILE,
                Location.at_offset(shown_as, valid, len(valid)),
                f"{shown_as} is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
            )
        ]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        return None, [
            Problem.of(
                UNREADABLE_FILE,
                Location.at_offset(shown_as, text, control.start()),
                f"{shown_as} holds " + _unwritable(control.group()),
                "retype the character meant (a quotation mark or a dash, most often): "
                "it stands for one in Windows-1252 text that was taken for Latin-1"
                if "\x80" <= control.group() <= "\x9f"
                else "delete it; it often comes with text copied from a PDF",
            )
        ]
    return text, []


def _unwritable(character: str) -> str:
    if character in "\ufffe\uffff":
        return f"U+{ord(character):04X}, which is not a character"
    return f"the control character U+{ord(character):04X}, which no editor shows"


def read_leniently(path: Path, root: Path | None) -> str:
    """The file's text with undecodable bytes replaced, or "" when it may not be read at all
    (too large, outside the workspace, missing): to learn what a file that failed to load
    was about, never to load it."""
    raw, _ = read_bytes(path, path.name, root, current_limits().file_bytes)
    return raw.decode("utf-8", "replace") if raw is not None else ""


class SourceLines:
    """The lines of the workspace's files, each file read once, for the excerpt a problem
    shows under its location. A file that may not be read (outside the workspace, over its
    size limit, gone) gives no lines; undecodable bytes show as �."""

    def __init__(self, root: Path | None):
        self.root = root
        self._files: dict[str, list[str]] = {}

    def line(self, location: Location | None) -> str | None:
        """The text of the location's line, unless it is blank or cannot be read."""
        if location is None or self.root is None:
            return None
        if location.path not in self._files:
            path = workspace_file(location.path, self.root)
            raw = (
                read_bytes(path, location.path, self.root, current_limits().file_bytes)[0]
                if path is not None and path.is_file()
                else None
            )
            text = raw.decode("utf-8-sig", "replace") if raw is not None else ""
            self._files[location.path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        lines = self._files[location.path]
        found = lines[location.line - 1] if 0 < location.line <= len(lines) else ""
        return found if found.strip() else None
