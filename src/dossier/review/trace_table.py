"""`dossier trace NAME`: one row per cited source of every citing sentence, with the
evidence, the quote and whether it was found, the snapshot, and the review state, as JSON
(the trace embedded in the PDF, extended with review data), CSV or a Markdown table. An
explanatory note (`[^label]`) has its rows too, with its label and text: one per source it
cites, or one alone when it cites none.

A trace is pasted where more people read it than the evidence: every restricted string in it
is masked (check/disclosure/masking.py), and each row says whether it had one masked (the
`restricted` flag of each source in JSON, the Restricted column). A CSV cell never starts a
spreadsheet formula, and a Markdown cell's HTML is escaped."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..base.phrasing import noun_for
from ..base.problems import Location, Problem, ProblemsFound, Severity
from ..check.all_checks import check_workspace
from ..check.disclosure.masking import Masker
from ..check.sources.snapshot_store import SnapshotStore
from ..cite.compile import CompiledDossier, compile_workspace
from ..load.workspace import load_workspace
from ..record.manifest import to_json
from ..record.trace import ReviewData, trace_document
from ..statement.notes import ExplanatoryNote
from ..statement.sentences import read_blocks
from .trace_signoff import statement_signoff

FORMATS = ("json", "csv", "markdown")
# Row field, and its heading in CSV and Markdown.
COLUMNS = {
    "footnote": "Note",
    "at": "Statement",
    "sentence": "Sentence",
    "evidence": "Evidence",
    "claim": "Claim",
    "key": "Source",
    "locator": "Locator",
    "quote": "Quote",
    "quoted_in": "Quoted in",
    "quote_verified": "Quote verified",
    "snapshot": "Snapshot",
    "sha256": "Snapshot sha256",
    "reliability": "Reliability",
    "review": "Review",
    "by": "Reviewed by",
    "on": "Reviewed on",
    "changed": "Changed since",
    "restricted": "Restricted",
    # Last, so that the columns before keep their places (`cut -d'|' -f15-17`).
    "explanatory_note": "Explanatory note",
    "note_text": "Note text",
    "signoff": "Statement sign-off",
    "signoff_by": "Signed off by",
}
# What a spreadsheet reads as the start of a formula (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def trace_of(root: Path, name: str) -> tuple[dict[str, Any], list[Problem]]:
    """The dossier's trace with review data, and the workspace's errors (a trace is given
    even then: it shows which quotes were not found)."""
    workspace, load_problems = load_workspace(root, [name])
    report = check_workspace(workspace, compile_workspace(workspace), load_problems)
    compiled = report.dossiers.get(name)
    if compiled is None:
        raise ProblemsFound(report.problems)
    review = ReviewData(workspace.bibliography, SnapshotStore(root))
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
    document = trace_document(compiled, review)
    starts = _sentence_starts(compiled)
    signoff = statement_signoff(compiled.loaded, root)
    for footnote, traced in zip(compiled.footnotes, document["footnotes"], strict=True):
        note = footnote.citation
        traced["explanatory_note"] = note.label if isinstance(note, ExplanatoryNote) else None
        if isinstance(note, ExplanatoryNote) and not traced["sentence"]:
            traced["sentence"] = _sentence_at(note.location, starts)
        traced["signoff"] = signoff.at(note.location, traced["explanatory_note"]).as_json()
    document["signoff"] = signoff.summary()
    document["facts"] = signoff.facts()
    return masked_trace(document, masker), errors


def _sentence_starts(compiled: CompiledDossier) -> list[tuple[tuple[int, int], str]]:
    """Where each sentence of the statement starts, and its text, in the order written."""
    starts = []
    for block in read_blocks(compiled.statement, compiled.loaded.config.language):
        for sentence in block.sentences:
            text = " ".join(sentence.text.split())
            if text:
                where = block.location(
                    sentence.start + len(sentence.text) - len(sentence.text.lstrip())
                )
                starts.append(((where.line, where.column), text))
    return sorted(starts, key=lambda pair: pair[0])


def _sentence_at(location: Location | None, starts: list[tuple[tuple[int, int], str]]) -> str:
    """The sentence a note's mark closes: the last one to start before the mark."""
    if location is None:
        return ""
    before = [text for start, text in starts if start < (location.line, location.column)]
    return before[-1] if before else ""


def masked_trace(document: dict[str, Any], masker: Masker) -> dict[str, Any]:
    """The trace with every restricted string masked; each footnote flagged `restricted`
    when something of it was, each source (a row) when something of it or its footnote was."""
    masked: dict[str, Any] = {}
    for key, value in document.items():
        if key not in ("footnotes", "facts"):
            masked[key] = masker.json(value)
    facts = []
    for fact in document.get("facts", []):
        shown, fact_masked = masker.json_flagged(fact)
        facts.append({**shown, "restricted": fact_masked})
    masked["facts"] = facts
    footnotes = []
    for footnote in document["footnotes"]:
        own = {k: v for k, v in footnote.items() if k != "sources"}
        shown, footnote_masked = masker.json_flagged(own)
        sources = []
        for source in footnote["sources"]:
            source_shown, source_masked = masker.json_flagged(source)
            sources.append({**source_shown, "restricted": footnote_masked or source_masked})
        footnotes.append({**shown, "sources": sources, "restricted": footnote_masked})
    masked["footnotes"] = footnotes
    return masked


def trace_rows(document: dict[str, Any]) -> list[dict[str, str]]:
    """One row per source of each footnote, every value as text; an explanatory note that
    cites nothing has a row of its own; then one row per fact of the dossier, for its
    sign-off."""
    rows = []
    for footnote in document["footnotes"]:
        label = footnote.get("explanatory_note")
        noted = {
            "explanatory_note": f"[^{label}]" if label else "",
            "note_text": footnote["note"] if label else "",
            **_signed_off(footnote.get("signoff")),
        }
        if label and not footnote["sources"]:
            rows.append(
                {
                    **dict.fromkeys(COLUMNS, ""),
                    "footnote": str(footnote["number"]),
                    "at": footnote["at"].rsplit(":", 1)[0],
                    "sentence": footnote["sentence"],
                    "restricted": _yes_no(footnote.get("restricted")),
                    **noted,
                }
            )
        for source in footnote["sources"]:
            evidence = source.get("evidence") or {}
            review = evidence.get("review") or {}
            checked_in = source.get("quoted_in") or source
            rows.append(
                {
                    "footnote": str(footnote["number"]),
                    "at": footnote["at"].rsplit(":", 1)[0],
                    "sentence": footnote["sentence"],
                    "evidence": evidence.get("id", ""),
                    "claim": evidence.get("claim", ""),
                    "key": source["key"],
                    "locator": source["locator"],
                    "quote": source["quote"],
                    "quoted_in": (source.get("quoted_in") or {}).get("key", ""),
                    "quote_verified": _yes_no(source.get("quote_verified")),
                    "snapshot": checked_in.get("snapshot") or "",
                    "sha256": checked_in.get("sha256") or "",
                    "reliability": evidence.get("reliability") or "",
                    "review": review.get("status", ""),
                    "by": ", ".join(r["by"] or "" for r in review.get("reviewers", [])),
                    "on": ", ".join(r["on"] or "" for r in review.get("reviewers", [])),
                    "changed": "; ".join(review.get("changed", [])),
                    "restricted": _yes_no(source.get("restricted")),
                    **noted,
                }
            )
    for fact in document.get("facts", []):
        rows.append(
            {
                **dict.fromkeys(COLUMNS, ""),
                "at": fact["at"],
                "sentence": f"{fact['fact']}: {fact['value']}",
                "restricted": _yes_no(fact.get("restricted")),
                **_signed_off(fact["signoff"]),
            }
        )
    return rows


def _signed_off(signoff: dict[str, str] | None) -> dict[str, str]:
    """The sign-off columns of a row."""
    if signoff is None:
        return {"signoff": "", "signoff_by": ""}
    return {"signoff": signoff["status"], "signoff_by": signoff["by"]}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def formatted(document: dict[str, Any], output_format: str) -> bytes:
    if output_format == "json":
        return to_json(document)
    if output_format == "csv":
        return as_csv(trace_rows(document))
    return as_markdown(document, trace_rows(document))


def as_csv(rows: list[dict[str, str]]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark: without one, Excel reads UTF-8 as its
    local code page and garbles every curly quote and accented name."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(COLUMNS.values())
    writer.writerows([_inert(row[name]) for name in COLUMNS] for row in rows)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (`=HYPERLINK(...)`)
    is prefixed with an apostrophe, as OWASP recommends."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def as_markdown(document: dict[str, Any], rows: list[dict[str, str]]) -> bytes:
    """A GitHub-flavoured table, fit for a pull-request comment."""
    notes = len(document["footnotes"])
    sources = sum(len(f["sources"]) for f in document["footnotes"])
    explanatory = sum(bool(f.get("explanatory_note")) for f in document["footnotes"])
    of_which = f" ({explanatory} explanatory)" if explanatory else ""
    signoff = document.get("signoff")
    signed = f"; statement sign-off: {_cell(signoff['described'])}" if signoff else ""
    lines = [
        f"Trace of `{document['dossier']}` ({_cell(document['statement'])}): "
        f"{notes} {noun_for(notes, 'footnote')}{of_which}, "
        f"{sources} {noun_for(sources, 'cited source')}{signed}",
        "",
        _markdown_row(list(COLUMNS.values())),
        _markdown_row(["---"] * len(COLUMNS)),
    ]
    lines += [_markdown_row([row[name] for name in COLUMNS]) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    """One line, its pipes escaped, so that a quote cannot break the table, and its HTML
    escaped, so that a claim cannot add markup (`<script>`, `<img>`) to a comment."""
    line = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return line.replace("\\", "\\\\").replace("|", "\\|")
