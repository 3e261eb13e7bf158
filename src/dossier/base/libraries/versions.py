"""The installed version of a Python distribution, as `importlib.metadata.version` gives it,
read without that module's machinery: importing it (with the e-mail parser it reads metadata
with) and parsing each distribution's whole METADATA costs an up-to-date build a third of its
time. Only what that module would find is read, in the order it would find it: the first
folder on sys.path holding one `NAME-VERSION.dist-info` (or `.egg-info`) for the name, and the
`Version:` among the headers of its METADATA (or PKG-INFO). Wherever the answer could differ
(another finder of distributions installed, a zip file on sys.path, two candidates in one
folder, no metadata file, no Version header), importlib.metadata answers instead.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

NOT_INSTALLED = "not installed"
_HEADERS_READ = 65_536  # the headers come first; a METADATA's long description does not matter


def versions(names: Iterable[str]) -> dict[str, str]:
    """Each distribution's version, or NOT_INSTALLED, by the name asked for."""
    folders = _folders() if _only_the_path_finder() else None
    found = {}
    for name in names:
        version = _from_folders(folders, _normalized(name)) if folders is not None else None
        found[name] = version if version is not None else _from_importlib(name)
    return found


def _normalized(name: str) -> str:
    """importlib.metadata's `Prepared.normalize`: `Markdown_It.py` is `markdown_it_py`."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _only_the_path_finder() -> bool:
    """Whether importlib.metadata would look at sys.path's folders only."""
    import importlib.machinery

    return all(
        finder is importlib.machinery.PathFinder
        for finder in sys.meta_path
        if hasattr(finder, "find_distributions")
    )


def _folders() -> list[dict[str, list[str]]] | None:
    """For each folder on sys.path, its metadata folders by normalised name, in listing order
    (as importlib.metadata's `Lookup` holds them); None when an entry is a file (a zip)."""
    folders = []
    for entry in sys.path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except NotADirectoryError:
            return None
        except OSError:
            continue
        infos: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                name = low.rpartition(".")[0].partition("-")[0]
                infos.setdefault(_normalized(name), []).append(os.path.join(root, child))
            elif low == "egg-info" or low.endswith(".egg"):
                return None  # eggs: importlib.metadata's own rules
        folders.append(infos)
    return folders


def _from_folders(folders: list[dict[str, list[str]]], name: str) -> str | None:
    for infos in folders:
        candidates = infos.get(name)
        if candidates:
            return _version_in(candidates[0]) if len(candidates) == 1 else None
    return None


def _version_in(folder: str) -> str | None:
    """The first `Version:` header of METADATA, else PKG-INFO, as the e-mail parser reads it."""
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(folder, file), "rb") as opened:
                head = opened.read(_HEADERS_READ)
        except OSError:
            continue
        text = head.decode("utf-8", "surrogateescape")
        headers = re.split(r"\r?\n\r?\n", text, maxsplit=1)[0]
        for line in headers.splitlines():
            key, colon, value = line.partition(":")
            if colon and key.lower() == "version":
                return value.lstrip(" \t").rstrip("\r\n")
        return None
    return None


def _from_importlib(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED
