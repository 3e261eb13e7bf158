"""Load evidence/*.yaml: lists of evidence items, each remembering where it was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.content_cache import fingerprint, remembered
from ..base.problem_codes import DUPLICATE_EVIDENCE_ID, INVALID_FIELD_VALUE
from ..base.problems import UNREADABLE_CODES, Location, Problem
from ..base.reading.paths import shown_path
from ..base.reading.read_input import read_leniently, read_text
from ..base.reading.yaml_positions import YamlDocument, parse_yaml
from ..base.settings import EVIDENCE_FOLDER
from ..base.time_limit import stage
from .bibtex.bibliography import key_words
from .models import EvidenceItem
from .validate import validate

# What the loaded items depend on besides the file: the loaders, the models, the problems.
CACHED_CODE = ("base", "load")
CACHED_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML")


@dataclass
class LoadedEvidence:
    items: list[EvidenceItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Every word of the evidence files that failed to load in part or whole: the ids and keys
    # they name are not reported again as unknown or uncited.
    unloaded: set[str] = field(default_factory=set)
    every_file_read: bool = True  # False when a file could not be read or parsed at all


def load_evidence(root: Path) -> LoadedEvidence:
    """Every evidence item of the workspace, in file then line order."""
    loaded = LoadedEvidence()
    folder = root / EVIDENCE_FOLDER
    if not folder.is_dir():
        return loaded
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        shown = shown_path(path, root)
        with stage(f"reading {shown}", shown):
            found, found_problems = load_evidence_file(path, shown, root)
        loaded.items.extend(found)
        loaded.problems.extend(found_problems)
        if found_problems:
            text = read_leniently(path, root)
            loaded.unloaded |= key_words(text)
            # A file that does not parse names nothing that can be known: no key is reported
            # as unknown, and no entry as uncited, until it does.
            parsed = not any(p.code in UNREADABLE_CODES for p in found_problems)
            loaded.every_file_read &= bool(text) and parsed
    return loaded


def load_evidence_file(
    path: Path, shown_as: str, root: Path | None = None
) -> tuple[list[EvidenceItem], list[Problem]]:
    """The file's items and problems; once read, kept in the workspace's cache (when `root`
    has one) by the digest of the file's text."""
    text, problems = read_text(path, shown_as, root)
    if text is None:
        return [], problems
    return remembered(
        root,
        "evidence",
        fingerprint(CACHED_CODE, CACHED_LIBRARIES),
        shown_as,
        text,
        lambda: _evidence_items(text, shown_as),
    )


def _evidence_items(text: str, shown_as: str) -> tuple[list[EvidenceItem], list[Problem]]:
    document, problems = parse_yaml(text, shown_as)
    if document is None or document.data is None:
        return [], problems
    if not isinstance(document.data, list):
        problems.append(
            Problem.of(
                INVALID_FIELD_VALUE,
                document.location(()),
                "an evidence file must be a list of items",
                "start each item with `- id: ...`",
            )
        )
        return [], problems
    items = []
    last_lines: dict[int, int] = {}  # by item: the line of its last value
    for yaml_path, at in document.values.items():
        if yaml_path and isinstance(yaml_path[0], int):
            last_lines[yaml_path[0]] = max(last_lines.get(yaml_path[0], 0), at.line)
    for index, data in enumerate(document.data):
        item, item_problems = validate(EvidenceItem, data, document, (index,))
        problems.extend(item_problems)
        if item is not None:
            _place(item, document, index)
            item._last_line = last_lines.get(index, 0)
            items.append(item)
    return items, problems


def _place(item: EvidenceItem, document: YamlDocument, index: int) -> None:
    """Record where the item and each of its sources stand in the file."""
    item._location = document.location((index,))
    item._field_locations["claim"] = document.location((index, "claim"))
    key = "reviews" if item.reviews else "review"
    item._field_locations["review"] = document.key_location((index, key))
    if item.reviews:
        item._review_locations = [
            document.location((index, "reviews", number)) for number in range(len(item.reviews))
        ]
    elif item.review is not None:
        item._review_locations = [document.key_location((index, "review"))]
    item._restricted_locations = [
        document.location((index, "restricted", number)) for number in range(len(item.restricted))
    ]
    for number, source in enumerate(item.sources):
        source._location = document.location((index, "sources", number))
        source._cite_location = document.location((index, "sources", number, "cite"))
        for name in ("quote", "quoted_in", "locator"):
            source._field_locations[name] = document.location((index, "sources", number, name))


def duplicate_id_problems(items: list[EvidenceItem]) -> list[Problem]:
    first: dict[str, Location] = {}
    problems = []
    for item in items:
        if item.id in first:
            problems.append(
                Problem.of(
                    DUPLICATE_EVIDENCE_ID,
                    item.location,
                    f"duplicate evidence id `{item.id}` (first at {first[item.id]})",
                    "ids are unique across all evidence files: rename one of them",
                    subject=item.id,
                )
            )
        else:
            first[item.id] = item.location
    return problems
