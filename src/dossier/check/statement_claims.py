"""Check what a statement asserts against what its citations stand on: quotations, figures,
untraced claims, deliberate exceptions and UN document symbols."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.problem_codes import (
    FIGURE_NOT_IN_CITED_EVIDENCE,
    MALFORMED_SYMBOL_IN_STATEMENT,
    QUOTATION_NOT_IN_CITED_SOURCE,
    UNCITED_CLAIM,
    UNCITED_ON_PURPOSE,
    UNCITED_WITHOUT_REASON,
)
from ..base.problems import Location, Problem
from ..load.bibtex.bibliography import BibEntry, Bibliography
from ..load.models import EvidenceItem
from ..statement.citations import Citation
from ..statement.markdown import Statement
from ..statement.sentences import Block, Sentence, read_blocks
from ..statement.symbols import symbol_error, symbols_in
from .figures import Figure, figures_in, values_in
from .sources.match_quote import Closest, Quote, canonical, closest_passage, readable, shorten
from .sources.snapshot_store import Snapshot, SnapshotStore

# A quotation: “…” or "…" (single quotation marks are quotations within it, or scare quotes).
_QUOTATION = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_FRENCH_QUOTATION = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|«\s*([^«»]+?)\s*»")  # « » are French
_EDGE_PUNCTUATION = " .,;:!?"
# Figures not in the evidence listed one by one in a statement; past this, one problem counts
# the rest (a statement of thousands of them would otherwise print, and look up, each).
MOST_FIGURE_PROBLEMS = 50


@dataclass
class Support:
    """What the citations behind a sentence can vouch for."""

    labels: list[str] = field(default_factory=list)  # the evidence cited
    places: list[str] = field(default_factory=list)  # where figures are looked for
    quotes: list[tuple[str, str]] = field(default_factory=list)  # evidence quotes: canonical, shown
    snapshots: dict[str, Snapshot] = field(default_factory=dict)  # by bibliography key
    values: set[str] = field(default_factory=set)
    unchecked: bool = False  # a cited source whose text we do not have: figures not checked
    unresolved: bool = False  # a key that names nothing: its own error says so, nothing more
    claims: list[str] = field(default_factory=list)  # the claims' and quotes' text


@dataclass
class _FiguresShown:
    """How many figures not in the evidence were listed, and where the first unlisted one is."""

    listed: int = 0
    unlisted: int = 0
    first_unlisted: Location | None = None

    def wanted(self, where: Location) -> bool:
        if self.listed < MOST_FIGURE_PROBLEMS:
            self.listed += 1
            return True
        self.unlisted += 1
        self.first_unlisted = self.first_unlisted or where
        return False

    def rest(self) -> list[Problem]:
        if not self.unlisted:
            return []
        return [
            Problem.of(
                FIGURE_NOT_IN_CITED_EVIDENCE,
                self.first_unlisted,
                f"{self.unlisted:,} more figures, from here on, are not in the evidence their "
                f"sentences cite (the first {MOST_FIGURE_PROBLEMS} are listed one by one)",
                "correct the figures listed, then check again to see the next ones",
            )
        ]


def verify_statement(
    statement: Statement,
    language: str,
    evidence: dict[str, EvidenceItem],
    bibliography: Bibliography,
    store: SnapshotStore,
) -> list[Problem]:
    problems: list[Problem] = []
    supports: dict[tuple[int, ...], Support] = {}
    figures_shown = _FiguresShown()

    def support_of(citations: list[Citation]) -> Support:
        """Worked out once for the citations a paragraph's sentences share."""
        key = tuple(id(c) for c in citations)
        if key not in supports:
            supports[key] = _support(citations, evidence, bibliography, store)
        return supports[key]

    for block in read_blocks(statement, language):
        problems += _symbol_problems(block)
        for sentence in block.sentences:
            problems += [
                Problem.of(
                    UNCITED_ON_PURPOSE,
                    mark.location,
                    f"left without a source on purpose: {mark.reason}",
                )
                if mark.reason
                else Problem.of(
                    UNCITED_WITHOUT_REASON,
                    mark.location,
                    "[uncited] gives no reason for leaving this sentence without a source",
                    "say why, for the reviewers, e.g. [uncited: arithmetic from the figures above]",
                )
                for mark in sentence.own.uncited
            ]
            if block.kind != "heading":  # a heading names a part; it claims nothing
                problems += _sentence_problems(
                    block, sentence, support_of, language, figures_shown
                )
    return problems + figures_shown.rest()


def _symbol_problems(block: Block) -> list[Problem]:
    problems = []
    for found in symbols_in(block.text):
        error = symbol_error(found.group(0))
        if error:
            problems.append(
                Problem.of(
                    MALFORMED_SYMBOL_IN_STATEMENT,
                    block.location(found.start()),
                    f"`{found.group(0)}` is not a valid UN document symbol: {error}",
                    "copy the symbol as the document prints it, e.g. A/HRC/37/24",
                )
            )
    return problems


def _sentence_problems(
    block: Block,
    sentence: Sentence,
    support_of: Callable[[list[Citation]], Support],
    language: str,
    figures_shown: _FiguresShown,
) -> list[Problem]:
    text = sentence.text
    quotation = _FRENCH_QUOTATION if language == "fr" else _QUOTATION
    quotations = list(quotation.finditer(text))
    quoted = [m.span() for m in quotations]
    citations = sentence.backing.citations
    if not citations:
        if sentence.backing.uncited or sentence.recommendation:
            return []
        figures = figures_in(text, quoted, event_names=False)
        if not figures and not quotations:
            return []
        return [_untraced(block, sentence, figures, quotations)]
    support = support_of(citations)
    if support.unresolved:  # reported once, as D301 (or the unreadable file's own error)
        return []
    problems = []
    for match in quotations:
        problems += _quotation_problems(block, sentence, match, support)
    if not support.unchecked:
        for figure in figures_in(text, quoted):
            if figure.value in support.values:
                continue
            if figures_shown.wanted(block.location(sentence.start + figure.start)):
                problems.append(_unsupported_figure(block, sentence, figure, support))
    return problems


def _support(
    citations: list[Citation],
    evidence: dict[str, EvidenceItem],
    bibliography: Bibliography,
    store: SnapshotStore,
) -> Support:
    support = Support()
    entries = bibliography.entries
    for citation in citations:
        for item in citation.items:
            if item.key in evidence:
                claim = evidence[item.key]
                support.labels.append(f"evidence `{claim.id}`")
                support.places.append(f"the claim or quotes of evidence `{claim.id}`")
                support.claims.append(" ".join(claim.claim.split()))
                support.values |= values_in(claim.claim)
                if claim.date:
                    support.values |= {str(claim.date.day), str(claim.date.year)}
                for source in claim.sources:
                    if source.quote:
                        support.quotes.append((canonical(source.quote), readable(source.quote)))
                        support.claims.append(readable(source.quote))
                        support.values |= values_in(source.quote)
                    for key in (source.cite, source.quoted_in):
                        _add_snapshot(support, entries.get(key or ""), store, checks_figures=False)
            elif item.key in entries:
                support.places.append(f"the snapshot of `{item.key}`")
                _add_snapshot(support, entries[item.key], store, checks_figures=True)
            else:
                support.unresolved = True
    return support


def _add_snapshot(
    support: Support, entry: BibEntry | None, store: SnapshotStore, checks_figures: bool
) -> None:
    if entry is None:
        return
    snapshot, _ = store.of(entry)
    if snapshot is None:
        support.unchecked = support.unchecked or checks_figures
        return
    support.snapshots[entry.key] = snapshot
    if checks_figures:
        support.values |= snapshot.figures()


def _quotation_problems(
    block: Block, sentence: Sentence, match: re.Match[str], support: Support
) -> list[Problem]:
    words = _quoted(match).strip(_EDGE_PUNCTUATION)
    quote = Quote(words)
    if quote.is_empty:
        return []
    haystacks = [q for q, _ in support.quotes] + [s.text for s in support.snapshots.values()]
    if any(quote.find(text) for text in haystacks):
        return []
    searched = " or ".join(
        ([f"the quotes of {', '.join(support.labels)}"] if support.labels else [])
        + [f"the snapshot of `{key}`" for key in support.snapshots]
    )
    closest = _closest(quote, support)
    hint = (
        closest.hint()
        if closest
        else "copy the quotation exactly, or add the words as the `quote` of the evidence"
    )
    return [
        Problem.of(
            QUOTATION_NOT_IN_CITED_SOURCE,
            block.location(sentence.start + match.start()),
            f"the quotation “{shorten(words, 60)}” is not in "
            + (searched or "what its sentence cites, which has no quote and no snapshot"),
            hint,
        )
    ]


def _quoted(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def _closest(quote: Quote, support: Support) -> Closest | None:
    needle = " ".join(group.shown for group in quote.groups)
    shown = [s for _, s in support.quotes] + [s.shown for s in support.snapshots.values()]
    found = [closest_passage(needle, text) for text in shown]
    candidates = [c for c in found if c is not None]
    return max(candidates, key=lambda c: c.score) if candidates else None


def _unsupported_figure(
    block: Block, sentence: Sentence, figure: Figure, support: Support
) -> Problem:
    nearest = _nearest_figure(figure, support.claims)
    return Problem.of(
        FIGURE_NOT_IN_CITED_EVIDENCE,
        block.location(sentence.start + figure.start),
        f"the figure {figure.written} is not in {' or '.join(support.places)}"
        + _cited_where(sentence),
        (f"the evidence says “{nearest}”; " if nearest else "")
        + "correct the figure, or cite the evidence that gives it",
    )


def _cited_where(sentence: Sentence) -> str:
    """Which citation a sentence's figures were held to, when it is not the sentence's own."""
    citation = sentence.backing.citations[0]
    if sentence.backed_by == "closing":
        return f", cited at the end of its paragraph ({citation.location})"
    if sentence.backed_by == "introducing":
        return f", cited by the paragraph that introduces it ({citation.location})"
    return ""


def _nearest_figure(figure: Figure, texts: list[str]) -> str:
    """The words around the evidence's figure most like `figure` (1,650 for 1,560)."""
    from rapidfuzz.distance import OSA  # imported when a figure is not found

    best: tuple[tuple[bool, float], str] | None = None
    for text in texts:
        for candidate in figures_in(text):
            # The same digits in another order first (a transposition), then the fewest edits.
            distance = (
                sorted(figure.value) != sorted(candidate.value),
                OSA.normalized_distance(figure.value, candidate.value),
            )
            if best is None or distance < best[0]:
                best = (distance, _around(text, candidate.start, candidate.end))
    return best[1] if best else ""


def _around(text: str, start: int, end: int, reach: int = 40) -> str:
    left = text.rfind(" ", 0, max(start - reach, 0)) + 1 if start > reach else 0
    right = text.find(" ", end + reach)
    right = len(text) if right < 0 else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _untraced(
    block: Block, sentence: Sentence, figures: list[Figure], quotations: list[re.Match[str]]
) -> Problem:
    if quotations:
        what = f"a quotation (“{shorten(_quoted(quotations[0]), 40)}”)"
        offset = quotations[0].start()
    else:
        what = f"the figure {figures[0].written}"
        offset = figures[0].start
    return Problem.of(
        UNCITED_CLAIM,
        block.location(sentence.start + offset),
        f"this sentence states {what} but cites nothing",
        "cite the evidence for it, e.g. [@evidence-id], at the end of the sentence or of the "
        "paragraph; if it needs no source, say why with [uncited: reason]",
    )
