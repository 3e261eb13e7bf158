"""The trace of a dossier: each footnote, the citation that made it, the evidence it went
through and the sources behind it, with their snapshots' digests. It is embedded in the PDF
beside the manifest, so that the PDF itself says where every claim comes from."""

from __future__ import annotations

from typing import Any

from ..cite.compile import CompiledDossier
from ..cite.note_style import note_text
from ..cite.resolve import CitedSource


def trace_document(
    compiled: CompiledDossier, review: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The trace. `review`, for the internal review edition only: each evidence item's
    review-only data (reliability, confidentiality, review state) by its id. The public
    trace carries none of it."""
    return {
        "dossier": compiled.loaded.name,
        "statement": compiled.loaded.statement_shown,
        "footnotes": [
            {
                "number": footnote.number,
                "citation": footnote.citation.raw,
                "at": str(footnote.citation.location),
                "note": note_text(footnote.note),
                "sources": [_source(source, review) for source in footnote.sources],
            }
            for footnote in compiled.footnotes
        ],
    }


def _source(source: CitedSource, review: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
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
    if source.evidence is not None:
        traced["evidence"] = {
            "id": source.evidence.id,
            "claim": source.evidence.claim,
            "at": str(source.evidence.location),
        }
        if review is not None:
            traced["evidence"] |= review.get(source.evidence.id, {})
    return traced


def counts(compiled: CompiledDossier) -> dict[str, int]:
    """Words, footnotes, claims (evidence items cited) and sources (entries behind notes)."""
    sources = [source for footnote in compiled.footnotes for source in footnote.sources]
    return {
        "words": compiled.words.counted,
        "footnotes": len(compiled.footnotes),
        "claims": len({s.evidence.id for s in sources if s.evidence is not None}),
        "sources": len({s.entry.key for s in sources}),
    }
