"""The trace of a dossier: each footnote, the citation that made it, the evidence it went
through and the sources behind it, with their snapshots' digests. It is embedded in the PDF
beside the manifest, so that the PDF itself says where every claim comes from."""

from __future__ import annotations

from typing import Any

from ..cite.compile import CompiledDossier
from ..cite.note_style import note_text
from ..cite.resolve import CitedSource


def trace_document(compiled: CompiledDossier) -> dict[str, Any]:
    return {
        "dossier": compiled.loaded.name,
        "statement": compiled.loaded.statement_shown,
        "footnotes": [
            {
                "number": footnote.number,
                "citation": footnote.citation.raw,
                "at": str(footnote.citation.location),
                "note": note_text(footnote.note),
                "sources": [_source(source) for source in footnote.sources],
            }
            for footnote in compiled.footnotes
        ],
    }


def _source(source: CitedSource) -> dict[str, Any]:
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
