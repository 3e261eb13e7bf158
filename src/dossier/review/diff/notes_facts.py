"""Explanatory notes, dossier facts and the workspace's allowed signers changed between two
revisions: what `dossier diff` would otherwise call "No change" although a footnote's words,
a session number or a signing key changed.

- a note (`[^label]: text` in statement.md) is compared by its label, word by word, at the
  line its definition starts;
- a fact (a value of dossier.yaml) is compared by its key path (`session.number`,
  `submitted_by[0].name`), old value → new value;
- allowed_signers (ssh-keygen's ALLOWED SIGNERS file at the workspace's root) line by line.

Every text is masked before it is compared, as the statements' sentences are."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ...base.problems import Location
from ...base.word_diff import Segment, word_diff
from ...check.disclosure.masking import Masker
from ...load.dossier import LoadedDossier

Kind = Literal["added", "removed", "changed"]
ALLOWED_SIGNERS_FILE = "allowed_signers"
# As statement/notes.py finds a note's definition.
_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_MOST_SIGNER_LINES = 2_000  # beyond this many lines on either side, say only that it changed
_MOST_SIGNER_BYTES = 1_000_000


@dataclass(frozen=True)
class WrittenNote:
    label: str
    text: str  # its words, spacing normalised
    line: int  # where its definition starts
    restricted: bool = False


@dataclass
class NoteChange:
    dossier: str
    kind: Kind
    path: str  # statement.md (of the newer revision, the older one for a removal)
    label: str
    old: WrittenNote | None
    new: WrittenNote | None

    @property
    def line(self) -> int:
        shown = self.new or self.old
        assert shown is not None
        return shown.line

    @property
    def restricted(self) -> bool:
        return any(n.restricted for n in (self.old, self.new) if n is not None)

    @property
    def words(self) -> list[Segment] | None:
        if self.old is None or self.new is None:
            return None
        return word_diff(self.old.text, self.new.text)


@dataclass
class FactChange:
    dossier: str
    kind: Kind
    key: str  # the key path: `session.number`, `submitted_by[0].name`
    location: Location  # in dossier.yaml (of the newer revision, the older for a removal)
    old: str | None
    new: str | None
    restricted: bool = False

    @property
    def words(self) -> list[Segment] | None:
        if self.old is None or self.new is None:
            return None
        return word_diff(self.old, self.new)


@dataclass
class SignersChange:
    """The lines of allowed_signers added and removed (each masked), in file order."""

    added: list[str]
    removed: list[str]
    kind: Kind = "changed"
    too_long: bool = False  # more lines than are compared: only that it changed is said


def written_notes(text: str) -> list[WrittenNote]:
    """Each note's definition: its first line, the lines that run on from it, and the
    paragraphs indented under it after a blank line (as Markdown footnotes read them)."""
    lines = text.split("\n")
    notes = []
    index = 0
    while index < len(lines):
        found = _DEFINITION.match(lines[index])
        if found is None:
            index += 1
            continue
        start, words = index, [found.group(2)]
        index += 1
        while index < len(lines):
            line = lines[index]
            if _DEFINITION.match(line):
                break
            if line.strip():
                words.append(line)
                index += 1
                continue
            following = next((n for n in lines[index:] if n.strip()), None)
            if following is None or not _INDENTED.match(following):
                break
            index += 1
        notes.append(WrittenNote(found.group(1), " ".join(" ".join(words).split()), start + 1))
    return notes


def compare_notes(
    old: dict[str, LoadedDossier], new: dict[str, LoadedDossier], masker: Masker
) -> list[NoteChange]:
    """Each dossier's notes (of dossiers in both revisions: one added or removed is said
    once, with its statement), in the order written in the newer revision, then those
    removed."""
    changes = []
    for name in sorted(old.keys() & new.keys()):
        before = {n.label: n for n in _masked(written_notes(old[name].statement_text), masker)}
        after = _masked(written_notes(new[name].statement_text), masker)
        path = new[name].statement_shown
        for note in after:
            was = before.get(note.label)
            if was is None:
                changes.append(NoteChange(name, "added", path, note.label, None, note))
            elif was.text.split() != note.text.split():
                changes.append(NoteChange(name, "changed", path, note.label, was, note))
        labels = {n.label for n in after}
        changes += [
            NoteChange(name, "removed", old[name].statement_shown, n.label, n, None)
            for n in before.values()
            if n.label not in labels
        ]
    return changes


def _masked(notes: list[WrittenNote], masker: Masker) -> list[WrittenNote]:
    shown = []
    for note in notes:
        label, text = masker.masked(note.label), masker.masked(note.text)
        restricted = label.restricted or text.restricted
        shown.append(WrittenNote(label.text, text.text, note.line, restricted))
    return shown


def compare_facts(
    old: dict[str, LoadedDossier], new: dict[str, LoadedDossier], masker: Masker
) -> list[FactChange]:
    """Each value of dossier.yaml that changed, by its key path, in the order of the newer
    revision's keys, then those removed."""
    changes = []
    for name in sorted(old.keys() & new.keys()):
        before, after = _facts(old[name]), _facts(new[name])
        for key, (value, path) in after.items():
            was = before.get(key)
            if was is not None and was[0] == value:
                continue
            old_value = was[0] if was is not None else None
            location = new[name].document.location(path)
            changes.append(_fact(name, key, location, old_value, value, masker))
        for key, (value, path) in before.items():
            if key not in after:
                location = old[name].document.location(path)
                changes.append(_fact(name, key, location, value, None, masker))
    return changes


def _fact(
    dossier: str, key: str, location: Location, old: str | None, new: str | None, masker: Masker
) -> FactChange:
    kind: Kind = "added" if old is None else "removed" if new is None else "changed"
    shown = [masker.masked(v) if v is not None else None for v in (old, new)]
    return FactChange(
        dossier,
        kind,
        masker.mask(key),
        location,
        shown[0].text if shown[0] else None,
        shown[1].text if shown[1] else None,
        any(s.restricted for s in shown if s is not None),
    )


def _facts(loaded: LoadedDossier) -> dict[str, tuple[str, tuple[str | int, ...]]]:
    """Every value of the dossier's settings as loaded (defaults left out, as unwritten),
    as text, by its key path; with the YAML path it stands at."""
    found: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    data = loaded.config.model_dump(mode="json", exclude_defaults=True)
    _flatten(data, (), found)
    return found


def _flatten(
    value: Any, path: tuple[str | int, ...], into: dict[str, tuple[str, tuple[str | int, ...]]]
) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, (*path, key), into)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _flatten(inner, (*path, index), into)
        if not value:
            into[_key(path)] = ("[]", path)
    elif value is not None:
        shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
        into[_key(path)] = (shown, path)


def _key(path: tuple[str | int, ...]) -> str:
    key = ""
    for part in path:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
    return key


def compare_signers(old_root: Path, new_root: Path, masker: Masker) -> SignersChange | None:
    """The lines of allowed_signers added and removed; None when it did not change."""
    before, after = _lines(old_root / ALLOWED_SIGNERS_FILE), _lines(new_root / ALLOWED_SIGNERS_FILE)
    if before == after:
        return None
    kind: Kind = "added" if before is None else "removed" if after is None else "changed"
    old, new = before or [], after or []
    if max(len(old), len(new)) > _MOST_SIGNER_LINES:
        return SignersChange([], [], kind, too_long=True)
    added: list[str] = []
    removed: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation != "equal":
            removed += old[a1:a2]
            added += new[b1:b2]
    return SignersChange(
        [masker.mask(line) for line in added], [masker.mask(line) for line in removed], kind
    )


def _lines(path: Path) -> list[str] | None:
    """The file's lines that are not blank; None when there is no such file (a link is
    not followed). A file too large to be an allowed-signers file is read only in part."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        with open(path, "rb") as file:
            text = file.read(_MOST_SIGNER_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    return [line.rstrip() for line in text.splitlines() if line.strip()]
