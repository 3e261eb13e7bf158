"""A manifest is hostile input: the one embedded in a PDF that `dossier verify` is given, or
the one in build/<name>/ that a workspace could hold. Its shape is checked before anything it
says is used, and a path it names is read only when it is relative, inside the workspace (or
the package, for a built-in file) and under the size limit.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..base.problem_codes import MALFORMED_MANIFEST, MANIFEST_PATH_OUTSIDE_WORKSPACE
from ..base.problems import Location, Problem
from ..base.settings import LAST_EPOCH, PDF_VARIANTS

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
_HINT = "this manifest was not written by `dossier build`; build the PDF again from its workspace"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ManifestOptions(_Strict):
    pdf_variant: Literal[tuple(PDF_VARIANTS)]  # type: ignore[valid-type]
    source_date_epoch: int | None = Field(ge=0, le=LAST_EPOCH)
    strict: bool
    edition: Literal["public", "review"] = "public"  # written only for the review edition


class GitState(_Strict):
    commit: str = Field(pattern=r"^[0-9a-f]{40,64}$")
    dirty: bool


class Manifest(_Strict):
    format: Literal[1]
    dossier: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$")
    versions: dict[str, str]
    options: ManifestOptions
    counts: dict[str, int]
    outputs: dict[str, Sha256]
    inputs: dict[str, Sha256]
    fonts: dict[str, Sha256]
    git: GitState | None = None  # only in the copy beside the PDF


def parse_manifest(data: bytes, shown: str) -> tuple[Manifest | None, list[Problem]]:
    """The manifest in `data`, or each way in which it is not one, at its line in `shown`."""
    text = data.decode("utf-8", "replace")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(shown, error.lineno, error.colno)
        return None, [
            Problem.of(MALFORMED_MANIFEST, where, f"the manifest is not JSON: {error.msg}", _HINT)
        ]
    except RecursionError:
        where = Location(shown)
        return None, [
            Problem.of(MALFORMED_MANIFEST, where, "the manifest is nested too deeply", _HINT)
        ]
    try:
        return Manifest.model_validate(document), []
    except ValidationError as error:
        return None, [
            Problem.of(
                MALFORMED_MANIFEST,
                located_key(text, shown, err["loc"]),
                f"the manifest's `{'.'.join(map(str, err['loc'])) or '(top)'}`: {err['msg']}",
                _HINT,
            )
            for err in error.errors()[:20]
        ]


def located_key(text: str, shown: str, loc: tuple[Any, ...]) -> Location:
    """The line of the last key of `loc` that the text holds (its keys are one to a line)."""
    for part in reversed(loc):
        if isinstance(part, str):
            found = re.search(re.escape(json.dumps(part, ensure_ascii=False)) + r"\s*:", text)
            if found:
                return Location.at_offset(shown, text, found.start())
    return Location(shown)


def refused_input(shown: str, where: Location) -> Problem:
    return Problem.of(
        MANIFEST_PATH_OUTSIDE_WORKSPACE,
        where,
        f"the manifest names `{shown}`, which is not a file inside the workspace or the "
        "package; it was not read",
        _HINT,
    )
