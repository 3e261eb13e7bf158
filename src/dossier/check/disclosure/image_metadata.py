"""Restricted strings in the metadata of the images a public edition shows: the EXIF Artist of
a photograph, a PNG's text chunk, an SVG's title. Looked for before the metadata is dropped.

A warning (D815), not an error: a build re-encodes every image it embeds from its pixels
alone (base/reading/clean_images.py), so no public output carries the metadata and nothing
needs to be refused. But the image file itself, committed to the workspace and shared with
whoever gets the repository, still holds the name, and only its owner can clean it; with
`--strict` the warning stops the build.

The images looked at: those the statement shows, and every image in the workspace's
templates/ (a venue profile's logo), which the layout may load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...base.problem_codes import RESTRICTED_STRING_IN_IMAGE_METADATA
from ...base.problems import Location, Problem
from ...base.reading.clean_images import UnreadableImage, clean_image
from ...base.reading.read_input import current_limits, read_bytes
from ...base.settings import TEMPLATES_FOLDER
from ...cite.compile import CompiledDossier
from ...load.workspace import Workspace
from .restricted import (
    NormalisedText,
    Restricted,
    RestrictedValue,
    dossier_restricted_values,
    restricted_strings,
)

_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"})


def image_metadata_problems(compiled: CompiledDossier, workspace: Workspace) -> list[Problem]:
    """D815 for each restricted string in the metadata of each image the dossier may show,
    at the place that shows it (the statement's line, or the template's image file)."""
    restricted: list[Restricted | RestrictedValue] = [
        *restricted_strings(workspace.evidence.values()),
        *dossier_restricted_values(compiled.loaded),
    ]
    if not restricted:
        return []
    problems = []
    for shown, at in _images(compiled, workspace.root):
        data, _ = read_bytes(workspace.root / shown, shown, workspace.root, _limit())
        try:
            image = clean_image(data, shown) if data is not None else None
        except UnreadableImage:
            continue  # the layout reports an image it cannot use
        if image is None:
            continue
        for string in restricted:
            held = [
                what for what, text in image.metadata if NormalisedText(text).find(string.pattern)
            ]
            if held:
                problems.append(_problem(at, string.describe(), shown, held))
    return problems


def _limit() -> int:
    return current_limits().file_bytes


def _images(compiled: CompiledDossier, root: Path) -> Iterator[tuple[str, Location]]:
    seen = set()
    for image in compiled.statement.images:
        if image.path not in seen:
            seen.add(image.path)
            yield image.path, image.location
    templates = root / TEMPLATES_FOLDER
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            shown = path.relative_to(root).as_posix()
            if path.suffix.lower() in (*_IMAGE_SUFFIXES, ".svg") and shown not in seen:
                seen.add(shown)
                yield shown, Location(shown)


def _problem(at: Location, string: str, image: str, held: list[str]) -> Problem:
    return Problem.of(
        RESTRICTED_STRING_IN_IMAGE_METADATA,
        at,
        f"{string} is in the metadata of image {image} ({', '.join(dict.fromkeys(held))}); "
        "the public outputs carry the image without its metadata, but the file in the "
        "workspace still holds it",
        f"remove the metadata from {image} itself (e.g. `exiftool -all= {image}`), or "
        "replace the image with a copy that has none",
    )
