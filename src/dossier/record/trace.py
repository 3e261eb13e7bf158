"""The trace of a dossier: each footnote, the citation that made it and the sentence it
closes, the evidence it went through and the sources behind it, with their snapshots'
digests. It is embedded in the review edition's PDF beside the manifest, so that the PDF
itself says where every claim comes from; never in a public file, which carries nothing of
the team's work beyond what it prints.

The same builder gives `dossier trace`'s document, extended for the legal team with what the
public PDF does not carry: each evidence item's reliability grade and review state, and
whether each quote was found in its snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..check.approvals import review_state
from ..check.sources.snapshot_store import SnapshotStore
from ..check.sources.source_checks import quote_verified
from ..cite.compile import CompiledDossier
from ..cite.note_style import note_text
from ..cite.resolve import CitedSource
from ..load.bibtex.bibliography import Bibliography
from ..statement.sentences import read_blocks


@dataclass(frozen=True)
class ReviewData:
    """What the review extension reads: the bibliography and the snapshots, for approvals
    and quotes."""

    bibliography: Bibliography
    store: SnapshotStore


def trace_document(compiled: CompiledDossier, review: ReviewData | None = None) -> dict[str, Any]:
    """The trace; with `review`, extended with review-only data (embedded only in the internal
    review edition's PDF, never in the public one)."""
    sentences = _sentences(compiled)
    return {
        "dossier": compiled.loaded.name,
        "statement": compiled.loaded.statement_shown,
        "footnotes": [
            {
                "number": footnote.number,
                "citation": footnote.citation.raw,
                "at": str(footnote.citation.location),
                "sentence": sentences.get(id(footnote.citation), ""),
                "note": note_text(footnote.note),
                "sources": [_source(source, review) for source in footnote.sources],
            }
            for footnote in compiled.footnotes
        ],
    }


def _sentences(compiled: CompiledDossier) -> dict[int, str]:
    """The sentence each citation closes, by the citation's identity."""
    found: dict[int, str] = {}
    for block in read_blocks(compiled.statement, compiled.loaded.config.language):
        for sentence in block.sentences:
            for citation in sentence.own.citations:
                found[id(citation)] = " ".join(sentence.text.split())
    return found


def _source(source: CitedSource, review: ReviewData | None) -> dict[str, Any]:
    entry = source.entry
    traced: dict[str, Any] = {
        "key": entry.key,
        "title": entry.get("title"),
        "locator": source.locator,
        "quote": source.quote,
    }
    for name in ("symbol", "url", "urldate", "snapshot", "sha256"):
        if entry.get(name):
            traced[name] = entry.get(name)
    item = source.evidence
    if item is not None:
        traced["evidence"] = {"id": item.id, "claim": item.claim, "at": str(item.location)}
    if review is None:
        return traced
    entries = review.bibliography.entries
    verified = None
    if item is not None and source.source is not None:
        verified = quote_verified(item, source.source, entries, review.store)
    traced["quote_verified"] = verified
    quoted_in = entries.get(source.source.quoted_in or "") if source.source else None
    if quoted_in is not None:  # the quote was checked against this source's snapshot
        traced["quoted_in"] = {n: quoted_in.get(n) for n in ("snapshot", "sha256")}
        traced["quoted_in"]["key"] = quoted_in.key
    if item is not None:
        state = review_state(item, review.bibliography, review.store)
        traced["evidence"]["reliability"] = item.reliability
        traced["evidence"]["confidential"] = item.confidential
        traced["evidence"]["review"] = {
            "status": state.status,
            "recorded": state.recorded,
            "by": state.by,
            "on": state.on.isoformat() if state.on else None,
            "changed": state.changed,
            "reviewers": [
                {
                    "status": entry.status,
                    "by": entry.by,
                    "on": entry.on.isoformat() if entry.on else None,
                    "reason": entry.reason,
                }
                for entry in state.entries
            ],
        }
    return traced


def counts(compiled: CompiledDossier) -> dict[str, int]:
    """Words, footnotes and sources (entries behind notes): what the outputs print. Not how
    many evidence items the notes went through, which is the team's work."""
    sources = [source for footnote in compiled.footnotes for source in footnote.sources]
    return {
        "words": compiled.words.counted,
        "footnotes": len(compiled.footnotes),
        "sources": len({s.entry.key for s in sources}),
    }
