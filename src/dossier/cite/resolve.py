"""Resolve a statement's citations to evidence and sources, and number its footnotes."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from ..base.problem_codes import LOCATOR_ON_EVIDENCE_CITATION, UNKNOWN_CITATION_KEY
from ..base.problems import Problem, did_you_mean
from ..load.bibtex.bib_inheritance import entryset_keys
from ..load.bibtex.bibliography import BibEntry, Bibliography
from ..load.models import EvidenceItem, EvidenceSource, NoteStyle
from ..load.wording import Wording
from ..statement.citations import Citation, CitationItem
from ..statement.notes import ExplanatoryNote
from .explanatory import explanatory_note
from .note_style import Note, Segment, format_compact, format_ibid, format_source
from .pinpoints import merge_pinpoints


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
    language: str = "en",
    style: NoteStyle = "full",
) -> tuple[list[Footnote], list[Problem]]:
    """One footnote per citation or explanatory note, numbered in order, worded in the
    dossier's language and its note `style`; unknown keys become problems, except those named
    in an evidence file that could not be loaded: its own errors say why."""
    footnotes: list[Footnote] = []
    problems: list[Problem] = []
    previous: list[_Cited] = []
    for citation in citations:
        inner = citation.inner if isinstance(citation, ExplanatoryNote) else [citation]
        resolved: list[tuple[Citation, list[_Group]]] = []
        for written in inner:
            groups: list[_Group] = []
            for item in written.items:
                sources, item_problems = _sources_of(item, written, evidence, bibliography)
                if item.key in unloaded:
                    item_problems = [p for p in item_problems if p.code != UNKNOWN_CITATION_KEY]
                problems.extend(item_problems)
                groups.append((item, sources))
            resolved.append((written, groups))
        sources = [s for _, groups in resolved for _, found in groups for s in found]
        notes = {
            id(w): _note(groups, previous, wording, language, style) for w, groups in resolved
        }
        if isinstance(citation, ExplanatoryNote):
            note = explanatory_note(citation, {i: n for i, (n, _) in notes.items()})
        else:
            note = notes[id(citation)][0]
        footnotes.append(Footnote(len(footnotes) + 1, citation, sources, note))
        previous = notes[id(inner[-1])][1] if inner else []
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
                    LOCATOR_ON_EVIDENCE_CITATION,
                    citation.location,
                    f"`{item.key}` is an evidence item; its pinpoints come from its sources, "
                    f"so the locator `{item.locator}` here would be ambiguous",
                    f"move `{item.locator}` to the `locator` of the source in {claim.location}, "
                    "or cite the bibliography entry directly",
                    subject=item.key,
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
            members = entryset_keys(entry)
            return [CitedSource(entries[m]) for m in members if m in entries], []
        return [CitedSource(entry, item.locator)], []
    return [], [
        Problem.of(
            UNKNOWN_CITATION_KEY,
            citation.location,
            f"`@{item.key}` is neither an evidence id nor a bibliography key",
            did_you_mean(
                item.key,
                [*evidence, *entries],
                noun="keys",
                otherwise="add an evidence item or a bibliography entry with this key",
            ),
            subject=item.key,
        )
    ]


@dataclass(frozen=True)
class _Cited:
    """A source as one note gives it: its pinpoints merged."""

    entry: BibEntry
    locator: str
    prefix: str


_Group = tuple[CitationItem, list[CitedSource]]


def _note(
    groups: list[_Group],
    previous: list[_Cited],
    wording: Wording,
    language: str,
    style: NoteStyle,
) -> tuple[Note, list[_Cited]]:
    """The note's text, each source once with its pinpoints merged ("paras. 2 and 4"), and
    "Ibid." (or "Ibid., para. 4.") for the one source of the note before; and what it cited.
    Compact notes give the address again, as circulated statements do, not "Ibid."."""
    cited = _merged(groups, wording, language)
    alone = len(cited) == 1 and len(previous) == 1 and style == "full"
    format_cited = format_compact if style == "compact" else format_source
    sentences: list[Note] = []
    for source in cited:
        if alone and previous[0].entry.key == source.entry.key:
            locator = "" if source.locator == previous[0].locator else source.locator
            sentences.append(format_ibid(wording, locator, source.prefix))
        else:
            sentences.append(format_cited(source.entry, wording, source.locator, source.prefix))
    note: Note = []
    for index, sentence in enumerate(sentences):
        if index:
            note.append(Segment(" "))
        note.extend(sentence)
    return note, cited


def _merged(groups: list[_Group], wording: Wording, language: str) -> list[_Cited]:
    """Each source once, in the order first cited, with all its pinpoints in this note."""
    order: dict[str, tuple[BibEntry, str, list[str]]] = {}
    for item, sources in groups:
        for index, source in enumerate(sources):
            key = source.entry.key
            if key not in order:
                order[key] = (source.entry, item.prefix if index == 0 else "", [])
            order[key][2].append(source.locator)
    return [
        _Cited(entry, merge_pinpoints(locators, wording.notes, language), prefix)
        for entry, prefix, locators in order.values()
    ]
