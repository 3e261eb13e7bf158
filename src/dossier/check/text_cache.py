"""A cache of snapshots' text, extracted and brought to canonical form, so that a snapshot
is read into text once, not on every check.

It is never wrong, or it is not used:
- an entry is found by the sha256 of the snapshot's bytes (read and digested on every run
  anyway, to catch a changed snapshot) and the kind of file, never by a date;
- the folder it lives in is named by a fingerprint of everything else that decides the text:
  the cache's format, dossier's version, the source of the code that extracts and
  normalises, and the versions of the libraries that parse HTML and PDF. When any changes,
  the old folder is removed and the cache starts empty;
- each entry is signed with a key kept outside the workspace (in the user's cache folder),
  so that a cache committed to the repository or written by anyone else is ignored, not
  believed;
- each entry is written whole (a temporary file renamed into place), so two builds at once,
  or a build killed half way, leave an entry complete or absent.

It lives in build/.cache/, once a build has made build/: a check never creates folders in a
workspace, and a failed first build leaves none behind (a build/ that leads outside the
workspace is not used). Anything
that goes wrong with it (a read-only folder, a damaged entry) only means the text is
extracted again. `--no-cache` leaves it alone for a command.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from .. import PACKAGE_DIR, __version__
from ..load.paths import within
from ..load.versions import NOT_INSTALLED, versions

FORMAT = 1
CACHE_FOLDER = Path("build") / ".cache"
_FOLDER = CACHE_FOLDER / "snapshot-text"
# The code whose behaviour the cached text depends on.
_CODE = ("check/extract_text.py", "check/match_quote.py", "check/snapshots.py")
_LIBRARIES = ("lxml", "pypdf")

_enabled: ContextVar[bool] = ContextVar("text_cache_enabled", default=True)


@contextmanager
def cache_disabled(disabled: bool = True) -> Iterator[None]:
    """No cache is read or written inside the block (`--no-cache`)."""
    token = _enabled.set(not disabled)
    try:
        yield
    finally:
        _enabled.reset(token)


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
    def __init__(self, folder: Path, key: bytes):
        self.folder = folder
        self._key = key

    def get(self, digest: str, kind: str) -> CachedText | None:
        try:
            signed = (self.folder / _name(digest, kind)).read_bytes()
        except OSError:
            return None
        mac, _, body = signed.partition(b"\n")
        if not hmac.compare_digest(mac, self._sign(digest, kind, body)):
            return None
        try:
            return CachedText(**json.loads(body))
        except (ValueError, TypeError):
            return None

    def put(self, digest: str, kind: str, value: CachedText) -> None:
        body = json.dumps(value.__dict__, ensure_ascii=False).encode("utf-8")
        content = self._sign(digest, kind, body) + b"\n" + body
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(content)
            os.replace(temporary, self.folder / _name(digest, kind))
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def _sign(self, digest: str, kind: str, body: bytes) -> bytes:
        message = f"{digest}\0{kind}\0".encode() + body
        return hmac.new(self._key, message, hashlib.sha256).hexdigest().encode()


def open_cache(root: Path) -> TextCache | None:
    """The workspace's cache, or None when it is disabled or cannot be used."""
    if not _enabled.get():
        return None
    base = root / _FOLDER
    build = base.parent.parent
    if not build.is_dir() or not within(build, root):
        return None  # no build yet, or build/ leads out of the workspace
    key = _signing_key()
    if key is None:
        return None
    folder = base / fingerprint()
    _remove_others(base, folder.name)
    return TextCache(folder, key)


def fingerprint() -> str:
    """What the cached text depends on, besides the snapshot's bytes."""
    parts = [f"format {FORMAT}", f"dossier {__version__}"]
    for name, version in versions(_LIBRARIES).items():
        parts.append(f"{name} {'none' if version == NOT_INSTALLED else version}")
    for module in _CODE:
        parts.append(hashlib.sha256((PACKAGE_DIR / module).read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _name(digest: str, kind: str) -> str:
    return f"{digest.lower()}.{kind}.json"


def _remove_others(base: Path, keep: str) -> None:
    """Folders written under another fingerprint: nothing will read them again."""
    try:
        others = [p for p in base.iterdir() if p.name != keep and p.is_dir()]
    except OSError:
        return
    for other in others:
        shutil.rmtree(other, ignore_errors=True)


def _signing_key() -> bytes | None:
    """This user's key, created on first use in their cache folder (never in a workspace)."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(home) / "dossier" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(32).encode()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(fresh)
        return fresh
    except FileExistsError:  # another process made it first: use theirs
        try:
            key = path.read_bytes()
        except OSError:
            return None
        return key if len(key) >= 32 else None
    except OSError:
        return None
