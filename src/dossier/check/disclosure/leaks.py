"""No restricted string leaves in a public build, found twice over:
- before any layout, by the check (`input_leak_problems`): each input a public edition is
  made from (the statement, each dossier.yaml value, each field of a cited bibliography entry,
  each locator of a cited evidence item's sources, which its notes print, the dossier's
  folder name) is searched, so that `dossier check`, `serve` and `build` report it alike, at
  its place. What a public edition never prints of an evidence item (its claim, quotes, id)
  is not searched: a public file carries no trace of it;
- after rendering and before anything is written, by the build (`leak_problems`): the outputs
  are scanned in memory and each hit traced back to the input that put it there (the same
  inputs, and the templates and the files whose names the manifest lists), so that a leak
  the check cannot see (one only in the laid-out output) is still refused. A leak the check
  found stops the build before the layout, so it is never reported twice.

Every evidence item's restricted strings apply to every public output, whether or not the
item is cited. The messages name a string by its item and place, never by its text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ...base.problem_codes import RESTRICTED_STRING_IN_OUTPUT
from ...base.problems import Location, Problem
from ...base.reading.read_input import read_leniently
from ...base.reading.yaml_positions import YamlDocument, YamlPath, parse_yaml
from ...base.settings import BIBLIOGRAPHY_FILE
from ...cite.compile import CompiledDossier
from ...load.bibtex.bibliography import BibEntry
from ...load.models import EvidenceItem
from ...load.workspace import Workspace
from .output_text import OutputText, output_texts
from .restricted import (
    NormalisedText,
    Restricted,
    RestrictedValue,
    dossier_restricted_values,
    restricted_strings,
)


@dataclass
class _Source:
    """An input file's text, normalised once, with its line starts."""

    path: str
    text: NormalisedText
    line_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, path: str, text: str) -> _Source:
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        return cls(path, NormalisedText(text), starts)

    def offset(self, location: Location) -> int:
        if location.line > len(self.line_starts):
            return len(self.text.original)
        return self.line_starts[location.line - 1] + location.column - 1

    def location(self, offset: int) -> Location:
        line = bisect.bisect_right(self.line_starts, offset)
        return Location(self.path, line, offset - self.line_starts[line - 1] + 1)


@dataclass(frozen=True)
class Origin:
    """A value an output was made from: what it is, and the part of its file it is written
    in (from `start` to `end`, offsets in the file's text)."""

    label: str
    source: _Source
    start: int = 0
    end: int | None = None
    value: str = ""  # the value as loaded, when the file's text may spell it otherwise

    def find(self, restricted: Restricted | RestrictedValue) -> list[Location]:
        hits = self.source.text.find(restricted.pattern, self.start, self.end)
        if hits:
            return [self.source.location(hit) for hit in hits]
        if self.value and NormalisedText(self.value).find(restricted.pattern):
            return [self.source.location(self.start)]  # spelt otherwise: {\'e} for é...
        return []


def input_leak_problems(compiled: CompiledDossier, workspace: Workspace) -> list[Problem]:
    """D812 at each place in the inputs of a dossier's public edition that holds a restricted
    string: what a build of it would refuse, found before any layout."""
    restricted = _restricted(compiled, workspace)
    if not restricted:
        return []
    origins = _origins(compiled, workspace, {}, ())
    return [
        _problem(at, f"{string.describe()} is in {origin.label}")
        for string in restricted
        for origin in origins
        for at in origin.find(string)
    ]


def _restricted(
    compiled: CompiledDossier, workspace: Workspace
) -> list[Restricted | RestrictedValue]:
    return [
        *restricted_strings(workspace.evidence.values()),
        *dossier_restricted_values(compiled.loaded),
    ]


def leak_problems(
    outputs: Mapping[str, bytes],
    compiled: CompiledDossier,
    workspace: Workspace,
    templates: Mapping[str, str] | None = None,
    file_names: Iterable[str] = (),
) -> list[Problem]:
    """D812 for each restricted string found in `outputs` (by shown path), at each input that
    put it there: the loaded ones, the `templates` used (shown path: text) and the files
    whose names the manifest lists."""
    restricted = _restricted(compiled, workspace)
    if not restricted:
        return []
    texts = [text for shown, content in outputs.items() for text in output_texts(shown, content)]
    found: dict[Restricted | RestrictedValue, list[OutputText]] = {}
    for text in texts:
        normalised = NormalisedText(text.text)
        for string in restricted:
            if _sent_to_ohchr(string, text, compiled):
                continue
            if normalised.find(string.pattern):
                found.setdefault(string, []).append(text)
    if not found:
        return []
    origins = _origins(compiled, workspace, templates or {}, file_names)
    problems = []
    for string, places in found.items():
        shown = _outputs_named(places)
        located = [(origin, at) for origin in origins for at in origin.find(string)]
        for origin, at in located:
            problems.append(_problem(at, f"{string.describe()} is in {origin.label}", shown))
        if not located:
            first = places[0]
            problems.append(
                _problem(
                    Location(first.output),
                    f"{string.describe()} is in {first.describe()}, from no input that could "
                    "be traced",
                    shown,
                )
            )
    return problems


def _sent_to_ohchr(
    string: Restricted | RestrictedValue, text: OutputText, compiled: CompiledDossier
) -> bool:
    """Whether `text` is the Word file of a communication, which names its submitter because
    OHCHR considers no anonymous one (the profile's `word.submitter`): sent to OHCHR, which
    keeps it confidential, and never published. An evidence item's restricted strings stay
    restricted there too."""
    return (
        isinstance(string, RestrictedValue)
        and PurePosixPath(text.output).suffix == ".docx"
        and compiled.profile.settings.word.submitter
    )


def _problem(at: Location, message: str, outputs: str | None = None) -> Problem:
    """D812: with `outputs`, found in them; without, found in an input before any layout."""
    consequence = (
        f"it would appear in {outputs}, so nothing was written"
        if outputs is not None
        else "a public edition would carry it, so nothing is written while it is there"
    )
    return Problem.of(
        RESTRICTED_STRING_IN_OUTPUT,
        at,
        f"{message}; {consequence}",
        "remove or reword it in every place reported; restricted strings may appear only in "
        "the internal review edition (`dossier build --edition review`)",
    )


def _outputs_named(places: list[OutputText]) -> str:
    """The outputs, and for a PDF where in it: "x.pdf (page 1, metadata), x.html"."""
    by_output: dict[str, list[str]] = {}
    for place in places:
        wheres = by_output.setdefault(place.output, [])
        if place.output.endswith(".pdf") and place.where not in wheres:
            wheres.append(place.where)
    return ", ".join(
        f"{output} ({', '.join(wheres)})" if wheres else output
        for output, wheres in by_output.items()
    )


def _origins(
    compiled: CompiledDossier,
    workspace: Workspace,
    templates: Mapping[str, str],
    file_names: Iterable[str],
) -> list[Origin]:
    """The inputs a dossier's outputs are made from, each value on its own."""
    loaded = compiled.loaded
    statement = _Source.of(loaded.statement_shown, loaded.statement_text)
    origins = [Origin("the statement", statement)]
    dossier_text = _read(workspace.root, loaded.document.path)
    origins += [  # a communication's submitter is never printed: it is what is looked for
        origin
        for origin in _yaml_origins(
            loaded.document, dossier_text, (), "the dossier's ", leaving_out={"submitter"}
        )
    ]
    name_file = _Source.of(f"dossiers/{loaded.name}", loaded.name)
    origins.append(Origin("the dossier's folder name, which names its outputs", name_file))
    sources = [s for footnote in compiled.footnotes for s in footnote.sources]
    origins += _bibliography_origins(workspace, {s.entry.key: s.entry for s in sources})
    cited = {s.evidence.id: s.evidence for s in sources if s.evidence is not None}
    origins += _evidence_origins(workspace.root, cited.values())
    origins += [
        Origin(f"the template {path}", _Source.of(path, t)) for path, t in templates.items()
    ]
    for path in file_names:  # found by name: the file's text may well be something else
        origins.append(
            Origin(
                f"the name of {path}, which the manifest lists", _Source.of(path, ""), value=path
            )
        )
    return origins


def _read(root: Path, shown: str) -> str:
    return read_leniently(root / shown, root)


def _yaml_origins(
    document: YamlDocument,
    text: str,
    within: YamlPath,
    prefix: str = "",
    printed: Callable[[YamlPath], bool] | None = None,
    leaving_out: set[str] | frozenset[str] = frozenset(),
) -> list[Origin]:
    """One origin per string value of `document` under path `within` (and, with `printed`,
    only where it says the path under `within` is printed; never under a key in
    `leaving_out`), each the part of the file from where it starts to where the next key or
    value starts."""
    source = _Source.of(document.path, text)
    marks = [*document.values.values(), *document.keys.values()]
    starts = sorted({source.offset(at) for at in marks})
    origins = []
    for path, at in document.values.items():
        value = _value_at(document.data, path)
        if path[: len(within)] != within or not isinstance(value, str):
            continue
        inner = path[len(within) :]
        if printed is not None and not printed(inner):
            continue
        if inner and inner[0] in leaving_out:
            continue
        start = source.offset(at)
        following = bisect.bisect_right(starts, start)
        end = starts[following] if following < len(starts) else None
        label = prefix + _label(inner)
        origins.append(Origin(label, source, start, end, value))
    return origins


def _value_at(data: Any, path: YamlPath) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _label(path: YamlPath) -> str:
    """`title`, `shared_by` entry 3, `sources` entry 1 `quote`: a value as the user wrote it."""
    return " ".join(f"entry {step + 1}" if isinstance(step, int) else f"`{step}`" for step in path)


def _bibliography_origins(workspace: Workspace, entries: dict[str, BibEntry]) -> list[Origin]:
    """Each field of each bibliography entry the dossier cites, from its line to the next
    field's (or entry's)."""
    if not entries:
        return []
    source = _Source.of(BIBLIOGRAPHY_FILE, _read(workspace.root, BIBLIOGRAPHY_FILE))
    entry_lines = sorted(e.location.line for e in workspace.bibliography.entries.values())
    origins = []
    for key, entry in entries.items():
        following = bisect.bisect_right(entry_lines, entry.location.line)
        entry_end = entry_lines[following] if following < len(entry_lines) else None
        lines = sorted(at.line for at in entry.field_locations.values())
        head = source.offset(entry.location)
        head_end = source.offset(Location(BIBLIOGRAPHY_FILE, entry.location.line + 1, 1))
        origins.append(Origin(f"the key of bibliography entry `{key}`", source, head, head_end))
        for name, value in entry.fields.items():
            at = entry.field_locations.get(name)
            if at is None:
                continue
            line = at.line
            after = [n for n in lines if n > line]
            end_line = after[0] if after else entry_end
            start = source.offset(Location(BIBLIOGRAPHY_FILE, line, 1))
            end = source.offset(Location(BIBLIOGRAPHY_FILE, end_line, 1)) if end_line else None
            label = f"field `{name}` of bibliography entry `{key}`"
            origins.append(Origin(label, source, start, end, value))
    return origins


def _printed_in_notes(path: YamlPath) -> bool:
    """Whether a public output prints the value at `path` of an evidence item: only its
    sources' locators, in the notes. Its claim, quotes, id and dates are the team's work,
    which only the review edition carries."""
    return len(path) == 3 and path[0] == "sources" and path[2] == "locator"


def _evidence_origins(root: Path, items: Iterable[EvidenceItem]) -> list[Origin]:
    """Each value of each cited evidence item that a public output prints: its sources'
    locators."""
    origins = []
    by_file: dict[str, list[EvidenceItem]] = {}
    for item in items:
        by_file.setdefault(item.location.path, []).append(item)
    for path, cited in by_file.items():
        text = _read(root, path)
        document, _ = parse_yaml(text, path)
        if document is None:
            continue
        for item in cited:
            index = next(
                (p[0] for p, at in document.values.items() if len(p) == 1 and at == item.location),
                None,
            )
            if index is not None:
                prefix = f"evidence `{item.id}`'s "
                origins += _yaml_origins(document, text, (index,), prefix, _printed_in_notes)
    return origins
