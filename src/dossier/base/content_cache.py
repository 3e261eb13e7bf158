"""Caches under build/.cache/ that are never wrong, or are not used: the machinery every cache
of dossier's shares (the snapshots' text, the parsed evidence and bibliography).

- an entry is found by a digest of the content it was made from (never by a date);
- each cache lives in a folder named by a fingerprint of everything else that decides its
  entries: the cache's format, dossier's version, Python's, the source of the code that
  makes them and the versions of the libraries it uses. When any changes, the old folder is
  removed and the cache starts empty;
- each entry is sealed (encrypted and authenticated, AES-GCM) with a key kept outside the
  workspace (in the user's cache folder): a cache committed to the repository or written
  by anyone else is ignored, not believed (which is also why an entry may hold a pickle:
  only what this user's dossier wrote is ever unpickled); and build/, which a CI job may
  publish, holds nothing readable of the evidence, not even a restricted string;
- each entry is written whole (a temporary file renamed into place), so two builds at once,
  or a build killed half way, leave an entry complete or absent.

It lives in build/.cache/, once a build has made build/: a check never creates folders in a
workspace, and a failed first build leaves none behind (a build/ that leads outside the
workspace is not used). Anything that goes wrong with it (a read-only folder, a damaged
entry) only means the work is done again. `--no-cache` leaves every cache alone for a
command.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TypeVar

from .. import PACKAGE_DIR, __version__
from .libraries.versions import NOT_INSTALLED, versions
from .reading.paths import within
from .reading.read_input import current_limits, read_regular_file
from .settings import CACHE_FOLDER

FORMAT = 2  # 2: entries sealed with AES-GCM, not signed with HMAC
_NONCE = 12

_T = TypeVar("_T")
_enabled: ContextVar[bool] = ContextVar("cache_enabled", default=True)


@contextmanager
def cache_disabled(disabled: bool = True) -> Iterator[None]:
    """No cache is read or written inside the block (`--no-cache`)."""
    token = _enabled.set(not disabled)
    try:
        yield
    finally:
        _enabled.reset(token)


class SealedFolder:
    """One cache's folder of sealed entries, each found by a name made of content digests."""

    def __init__(self, folder: Path, key: bytes):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.folder = folder
        self._cipher = AESGCM(hashlib.sha256(key).digest())

    def read(self, name: str) -> bytes | None:
        """The entry's body, or None when it is missing, damaged or not sealed by this user
        (under this name)."""
        from cryptography.exceptions import InvalidTag

        limit = 2 * current_limits().snapshot_bytes  # the text of the largest snapshot
        path = self.folder / name
        if path.is_symlink():
            return None  # an entry is a file dossier wrote, never a link to one elsewhere
        try:  # a FIFO or a device put in an entry's place is not read: it would never end
            sealed = read_regular_file(path, limit)
        except OSError:
            return None
        if sealed is None or len(sealed) > limit:
            return None
        try:
            return self._cipher.decrypt(sealed[:_NONCE], sealed[_NONCE:], name.encode())
        except (InvalidTag, ValueError):
            return None

    def write(self, name: str, body: bytes) -> None:
        """Write the entry whole, or not at all."""
        nonce = secrets.token_bytes(_NONCE)
        content = nonce + self._cipher.encrypt(nonce, body, name.encode())
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(content)
            os.replace(temporary, self.folder / name)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def remove_others(self, prefix: str, keep: str) -> None:
        """Remove the entries whose name starts with `prefix`, but `keep`."""
        with contextlib.suppress(OSError):
            for other in self.folder.glob(f"{prefix}*"):
                if other.name != keep and not other.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        other.unlink()


def open_folder(root: Path, cache: str, fingerprint: str) -> SealedFolder | None:
    """The workspace's folder for `cache` under `fingerprint`, or None when caches are
    disabled or cannot be used; folders of other fingerprints are removed."""
    if not _enabled.get():
        return None
    base = root / CACHE_FOLDER / cache
    build = base.parent.parent
    if not build.is_dir() or not within(build, root):
        return None  # no build yet, or build/ leads out of the workspace
    if not all(_real_folder_or_none(f) for f in (base.parent, base, base / fingerprint)):
        return None  # a link, to be followed when old folders are removed: never used
    key = _user_key()
    if key is None:
        return None
    _remove_others(base, fingerprint)
    return SealedFolder(base / fingerprint, key)


def remembered(
    root: Path | None,
    cache: str,
    fingerprint: str,
    source: str,
    content: str | bytes,
    make: Callable[[], _T],
) -> _T:
    """What `make` returns from `content`, the text of the file `source` (all it depends on,
    with the code `fingerprint` names): kept in the workspace's cache `cache`, as a pickle,
    for the next run. Only the entry of the file's latest content is kept: a file saved a
    hundred times leaves one entry, not a hundred."""
    folder = open_folder(root, cache, fingerprint) if root is not None else None
    if folder is None:
        return make()
    prefix = content_digest(source)[:24] + "."
    name = prefix + content_digest(source, content) + ".pickle"
    body = folder.read(name)
    if body is not None:
        try:
            found: _T = pickle.loads(body)  # noqa: S301 - sealed: written by this user's dossier
            return found
        except Exception:  # noqa: BLE001 - a damaged entry is made again
            pass
    value = make()
    folder.write(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    folder.remove_others(prefix, name)
    return value


def fingerprint(code: Iterable[str], libraries: Iterable[str]) -> str:
    """What a cache's entries depend on besides their content: `code`, paths of modules (or
    of whole subpackages) inside the package, and the versions of `libraries`."""
    return _fingerprint(tuple(code), tuple(libraries))


@functools.cache
def _fingerprint(code: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    parts = [f"format {FORMAT}", f"dossier {__version__}", f"python {sys.version}"]
    for name, version in versions(libraries).items():
        parts.append(f"{name} {'none' if version == NOT_INSTALLED else version}")
    for source in code_files(code):
        parts.append(hashlib.sha256(source.read_bytes()).hexdigest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def code_files(code: Iterable[str]) -> list[Path]:
    """The modules a fingerprint of `code` reads: each path named, and every module below a
    folder named, in its subpackages too."""
    files = []
    for module in code:
        path = PACKAGE_DIR / module
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def content_digest(*parts: str | bytes) -> str:
    """The sha256 of `parts`, kept apart from one another: the name of an entry made from them."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _real_folder_or_none(path: Path) -> bool:
    """Whether `path` is a folder that is not a symbolic link, or nothing yet."""
    if path.is_symlink():
        return False
    return path.is_dir() or not path.exists()


def _remove_others(base: Path, keep: str) -> None:
    """Folders written under another fingerprint: nothing will read them again. (A link
    among them is not followed: shutil.rmtree refuses one, and it is left.)"""
    try:
        others = [p for p in base.iterdir() if p.name != keep and _real_folder_or_none(p)]
    except OSError:
        return
    for other in others:
        shutil.rmtree(other, ignore_errors=True)


def _user_key() -> bytes | None:
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
