"""Resolve a statement's citations to evidence and sources, and number its footnotes."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from ..load.bibliography import BibEntry, Bibliography
from ..load.models import EvidenceItem, EvidenceSource
from ..load.wording import Wording
from ..problems import Problem, did_you_mean
from ..statement.citations import Citation, CitationItem
from .note_style import Note, Segment, format_ibid, format_source


@dataclass(frozen=True)
class CitedSource:
    """A source behind a footnote: the entry, the pinpoint, and the evidence it came through."""

    entry: BibEntry
    locator: str = ""
    quote: str = ""
    evidence: EvidenceItem | None = None
    source: EvidenceSource | None = None  # the evidence's own record of this source


@dataclass
class Footnote:
    number: int
    citation: Citation
    sources: list[CitedSource]
    note: Note


def resolve_citations(
    citations: list[Citation],
    evidence: dict[str, EvidenceItem],
    bibliography: Bibliography,
    wording: Wording,
    unloaded: Container[str] = frozenset(),
) -> tuple[list[Footnote], list[Problem]]:
    """One footnote per citation, numbered in order, worded in the dossier's language;
    unknown keys become problems, except those named in an evidence file that could not be
    loaded: its own errors say why."""
    footnotes: list[Footnote] = []
    problems: list[Problem] = []
    previous: list[CitedSource] = []
    for citation in citations:
        groups: list[tuple[CitationItem, list[CitedSource]]] = []
        for item in citation.items:
            sources, item_problems = _sources_of(item, citation, evidence, bibliography)
            if item.key in unloaded:
                item_problems = [p for p in item_problems if p.code != "D301"]
            problems.extend(item_problems)
            groups.append((item, sources))
        sources = [s for _, s_list in groups for s in s_list]
        note = _note(groups, previous, wording)
        footnotes.append(Footnote(len(footnotes) + 1, citation, sources, note))
        previous = sources
    return footnotes, problems


def _sources_of(
    item: CitationItem,
    citation: Citation,
    evidence: dict[str, EvidenceItem],
    bibliography: Bibliography,
) -> tuple[list[CitedSource], list[Problem]]:
    entries = bibliography.entries
    if item.key in evidence:
        claim = evidence[item.key]
        problems = []
        if item.locator:
            problems.append(
                Problem.of(
                    "D302",
                    citation.location,
                    f"`{item.key}` is an evidence item; its pinpoints come from its sources, "
                    f"so the locator `{item.locator}` here would be ambiguous",
                    f"move `{item.locator}` to the `locator` of the source in {claim.location}, "
                    "or cite the bibliography entry directly",
                )
            )
        found = [
            CitedSource(entries[s.cite], s.locator or "", s.quote or "", claim, s)
            for s in claim.sources
            if s.cite in entries
        ]
        return found, problems
    if item.key in entries:
        entry = entries[item.key]
        if entry.entry_type == "set":  # a BibLaTeX set cites each of its members
            members = [m.strip() for m in entry.get("entryset").split(",")]
            return [CitedSource(entries[m]) for m in members if m in entries], []
        return [CitedSource(entry, item.locator)], []
    return [], [
        Problem.of(
            "D301",
            citation.location,
            f"`@{item.key}` is neither an evidence id nor a bibliography key",
            did_you_mean(
                item.key,
                [*evidence, *entries],
                noun="keys",
                otherwise="add an evidence item or a bibliography entry with this key",
            ),
        )
    ]


def _note(
    groups: list[tuple[CitationItem, list[CitedSource]]],
    previous: list[CitedSource],
    wording: Wording,
) -> Note:
    """The note's text: each source in UN style, "Ibid." for the one just cited alone."""
    sentences: list[Note] = []
    alone = sum(len(s) for _, s in groups) == 1
    written: set[tuple[str, str]] = set()
    for item, sources in groups:
        for index, source in enumerate(sources):
            if (source.entry.key, source.locator) in written:  # two quotes from one place
                continue
            written.add((source.entry.key, source.locator))
            prefix = item.prefix if index == 0 else ""
            same = alone and len(previous) == 1 and previous[0].entry.key == source.entry.key
            if same:
                sentences.append(format_ibid(wording, source.locator, prefix))
            else:
                sentences.append(format_source(source.entry, wording, source.locator, prefix))
    note: Note = []
    for index, sentence in enumerate(sentences):
        if index:
            note.append(Segment(" "))
        note.extend(sentence)
    return note
