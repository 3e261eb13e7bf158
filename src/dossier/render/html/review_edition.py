"""The review edition: what a legal team reads before anything is filed, never what is filed.

Beside each footnote, the evidence behind it (id, reliability grade, review state, a mark on
confidential items); after the statement, the evidence register: the commit the build
reflects, how many cited items stand in each review state, every cited item with its
sources, locators, quotes, snapshots' digests, approvals and restricted strings, the
sentences left without a source on purpose (`[uncited: reason]`) and the explanatory notes
that cite none. The venue template prints the band that says, on every page, that this
edition is not for submission.

Nothing here reaches the public edition: `_page` makes a ReviewEdition only for the review
edition, and a public build's outputs are still read back for restricted strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ...base.git import GitState
from ...check.approvals import ReviewState, Status, review_state
from ...check.sources.snapshot_store import SnapshotStore
from ...cite.compile import CompiledDossier
from ...cite.note_style import format_source, note_text
from ...cite.resolve import CitedSource, Footnote
from ...load.models import EvidenceItem
from ...load.wording import Wording
from ...load.workspace import Workspace
from ...statement.notes import ExplanatoryNote
from ...statement.sentences import read_blocks

BAND = "Review edition \u2013 not for submission"
_DOT = " \u00b7 "


@dataclass(frozen=True)
class RegisterSource:
    key: str
    reference: str  # the source as its footnote cites it
    locator: str
    quote: str
    quoted_in: str
    snapshot: str
    sha256: str  # as the bibliography records it
    snapshot_digest: str  # of the snapshot as it is now ("" when there is none)


@dataclass(frozen=True)
class RegisterItem:
    id: str
    claim: str
    at: str  # where the item is written
    reliability: str
    confidential: bool
    state: ReviewState
    footnotes: list[int]
    sources: list[RegisterSource]
    restricted: list[str]  # strings that must never appear in a public output


@dataclass(frozen=True)
class UncitedSentence:
    """A sentence the writer left without a source on purpose: `[uncited: reason]`."""

    line: int
    sentence: str
    reason: str  # "" when the mark gives none


@dataclass(frozen=True)
class UnsourcedNote:
    """An explanatory note (`[^label]: text`) that cites no source."""

    label: str
    line: int
    text: str


# The review states, in the order the summary counts them.
STATES: tuple[Status, ...] = ("approved", "checked", "stale", "rejected", "revoked", "draft")


@dataclass(frozen=True)
class ReviewEdition:
    band: str
    items: list[RegisterItem]  # every cited evidence item, in the order first cited
    direct: list[RegisterSource]  # bibliography entries cited without an evidence item
    store: SnapshotStore  # the snapshots as this edition read them
    uncited: list[UncitedSentence]  # in the statement's order
    unsourced_notes: list[UnsourcedNote]  # in the statement's order
    git: GitState | None  # None: not asked (a preview), so nothing is printed

    @property
    def summary(self) -> list[tuple[Status, int]]:
        """How many cited items stand in each review state, every state listed."""
        return [(s, sum(item.state.status == s for item in self.items)) for s in STATES]

    @property
    def built_from(self) -> str:
        """What the edition says of git: "built from commit abc1234567[, with uncommitted
        changes]", "not in a git repository", or "" when the build did not ask git."""
        return self.git.describe() if self.git is not None else ""

    def tags_html(self, footnote: Footnote) -> str:
        """What the review edition prints after a footnote: each evidence item behind it."""
        by_id = {item.id: item for item in self.items}
        seen: list[str] = []
        for source in footnote.sources:
            if source.evidence is not None and source.evidence.id not in seen:
                seen.append(source.evidence.id)
        tags = []
        for item in (by_id[i] for i in seen):
            parts = [item.id, item.reliability or "not graded", item.state.status]
            text = escape(_DOT.join(parts))
            mark = f'<b class="confidential">CONFIDENTIAL</b>{_DOT}' if item.confidential else ""
            tags.append(f'<span class="review-tag">[{mark}{text}]</span>')
        return (" " + " ".join(tags)) if tags else ""


def review_edition(
    compiled: CompiledDossier, workspace: Workspace, git: GitState | None = None
) -> ReviewEdition:
    store = SnapshotStore(workspace.root)
    wording = compiled.profile.wording.in_language(compiled.loaded.config.language)
    cited: dict[str, tuple[EvidenceItem, list[int]]] = {}
    direct: dict[tuple[str, str], RegisterSource] = {}
    for footnote in compiled.footnotes:
        for source in footnote.sources:
            if source.evidence is None:
                direct.setdefault(
                    (source.entry.key, source.locator), _register_source(source, store, wording)
                )
                continue
            item, numbers = cited.setdefault(source.evidence.id, (source.evidence, []))
            if footnote.number not in numbers:
                numbers.append(footnote.number)
    items = [
        _register_item(item, numbers, workspace, store, wording)
        for item, numbers in cited.values()
    ]
    return ReviewEdition(
        BAND,
        items,
        list(direct.values()),
        store,
        _uncited(compiled),
        _unsourced_notes(compiled),
        git,
    )


def _uncited(compiled: CompiledDossier) -> list[UncitedSentence]:
    language = compiled.loaded.config.language
    return [
        UncitedSentence(mark.location.line, sentence.text.strip(), mark.reason)
        for block in read_blocks(compiled.statement, language)
        for sentence in block.sentences
        for mark in sentence.own.uncited
    ]


def _unsourced_notes(compiled: CompiledDossier) -> list[UnsourcedNote]:
    notes = []
    for footnote in compiled.footnotes:
        note = footnote.citation
        if isinstance(note, ExplanatoryNote) and not note.inner and not footnote.sources:
            text = note_text(footnote.note)
            notes.append(UnsourcedNote(note.label, note.location.line, text))
    return notes


def _register_item(
    item: EvidenceItem,
    footnotes: list[int],
    workspace: Workspace,
    store: SnapshotStore,
    wording: Wording,
) -> RegisterItem:
    entries = workspace.bibliography.entries
    sources = [
        _register_source(
            CitedSource(entries[s.cite], s.locator or "", s.quote or "", item),
            store,
            wording,
            s.quoted_in or "",
        )
        for s in item.sources
        if s.cite in entries
    ]
    return RegisterItem(
        item.id,
        item.claim,
        str(item.location),
        item.reliability or "",
        item.confidential,
        review_state(item, workspace.bibliography, store),
        footnotes,
        sources,
        list(item.restricted),
    )


def _register_source(
    source: CitedSource, store: SnapshotStore, wording: Wording, quoted_in: str = ""
) -> RegisterSource:
    entry = source.entry
    snapshot, _ = store.of(entry)
    return RegisterSource(
        entry.key,
        note_text(format_source(entry, wording)),
        source.locator,
        source.quote,
        quoted_in,
        entry.get("snapshot"),
        entry.get("sha256"),
        snapshot.digest if snapshot is not None else "",
    )
