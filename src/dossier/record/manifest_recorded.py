"""What a build left in build/<name>/manifest.json, read for the question "is it up to date?"
without pydantic: the schema in manifest_schema.py costs 60 ms of imports, most of what an
up-to-date build would otherwise take. The manifest is the workspace's to write, so it is
hostile input here too: its shape is checked as strictly as the schema checks it (a test holds
the two to the same answers), and anything else is no manifest at all, so the dossier is built
again. `dossier verify`, which must say what is wrong with a manifest, uses the schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..base.settings import LAST_EPOCH, PDF_VARIANTS

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DOSSIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,200}")
_COMMIT = re.compile(r"[0-9a-f]{40,64}")


@dataclass(frozen=True)
class Recorded:
    """The parts of a manifest an up-to-date build compares with the workspace."""

    dossier: str
    versions: dict[str, str]
    options: dict[str, Any]
    outputs: dict[str, str]
    inputs: dict[str, str]
    fonts: dict[str, str]  # the package's fonts the layout drew with, by file name


def recorded(data: bytes) -> Recorded | None:
    """The manifest in `data`, or None when it is not one the schema would accept."""
    try:
        document = json.loads(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    if not _is_manifest(document):
        return None
    return Recorded(
        document["dossier"],
        document["versions"],
        document["options"],
        document["outputs"],
        document["inputs"],
        document["fonts"],
    )


def _is_manifest(document: Any) -> bool:
    fields: dict[str, Callable[[Any], bool]] = {
        "format": lambda v: v == 1,  # as the schema's Literal[1]: true and 1.0 are 1 too
        "dossier": lambda v: _is_str(v) and _DOSSIER.fullmatch(v) is not None,
        "versions": lambda v: _is_mapping(v, _is_str),
        "options": _is_options,
        "counts": lambda v: _is_mapping(v, _is_int),
        "outputs": lambda v: _is_mapping(v, _is_sha256),
        "inputs": lambda v: _is_mapping(v, _is_sha256),
        "fonts": lambda v: _is_mapping(v, _is_sha256),
        "git": lambda v: v is None or _is_git(v),
    }
    return _has_fields(document, fields, optional={"git"})


def _is_options(value: Any) -> bool:
    fields: dict[str, Callable[[Any], bool]] = {
        "pdf_variant": lambda v: _is_str(v) and v in PDF_VARIANTS,
        "source_date_epoch": lambda v: v is None or (_is_int(v) and 0 <= v <= LAST_EPOCH),
        "strict": lambda v: type(v) is bool,
        "edition": lambda v: _is_str(v) and v in ("public", "review"),
    }
    return _has_fields(value, fields, optional={"edition"})


def _is_git(value: Any) -> bool:
    fields: dict[str, Callable[[Any], bool]] = {
        "commit": lambda v: _is_str(v) and _COMMIT.fullmatch(v) is not None,
        "dirty": lambda v: type(v) is bool,
    }
    return _has_fields(value, fields, optional=set())


def _has_fields(value: Any, fields: dict[str, Callable[[Any], bool]], optional: set[str]) -> bool:
    """A mapping with every field that is not optional, no other, each of the right kind."""
    if type(value) is not dict or not set(fields) - optional <= set(value) <= set(fields):
        return False
    return all(fields[key](item) for key, item in value.items())


def _is_mapping(value: Any, valid: Callable[[Any], bool]) -> bool:
    return type(value) is dict and all(valid(item) for item in value.values())


def _is_str(value: Any) -> bool:
    return type(value) is str


def _is_int(value: Any) -> bool:
    return type(value) is int  # strict, as the schema: true is not 1


def _is_sha256(value: Any) -> bool:
    return _is_str(value) and _SHA256.fullmatch(value) is not None
