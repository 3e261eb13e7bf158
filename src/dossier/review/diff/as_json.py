"""A workspace diff as one JSON document, for CI and other tools: the same changes the text
shows, every value and every word-level difference spelled out, restricted strings masked and
each field, sentence and snapshot that had one masked flagged `restricted`."""

from __future__ import annotations

from typing import Any

from ...base.problems import Location
from ...base.word_diff import Segment
from .diff_revisions import WorkspaceDiff
from .records import FieldChange, RecordChange
from .revisions import Revision
from .snapshot_changes import SnapshotChange
from .statement_changes import SentenceChange, StatementChange, WrittenSentence


def diff_as_json(diff: WorkspaceDiff) -> dict[str, Any]:
    """Restricted strings were masked as the diff was made; what else names one (a path, a
    revision) is masked here."""
    document = {
        "from": _revision(diff.old),
        "to": _revision(diff.new),
        "evidence": [_record(c, "id") for c in diff.evidence],
        "bibliography": [_record(c, "key") for c in diff.bibliography],
        "snapshots": [_snapshot(c) for c in diff.snapshots],
        "statements": [_statement(c) for c in diff.statements],
        "notes": [
            {
                "dossier": n.dossier,
                "change": n.kind,
                "path": n.path,
                "line": n.line,
                "label": n.label,
                "old": n.old.text if n.old else None,
                "new": n.new.text if n.new else None,
                "words": _words(n.words),
                "restricted": n.restricted,
            }
            for n in diff.notes
        ],
        "facts": [
            {
                "dossier": f.dossier,
                "change": f.kind,
                "key": f.key,
                **_location(f.location),
                "old": f.old,
                "new": f.new,
                "words": _words(f.words),
                "restricted": f.restricted,
            }
            for f in diff.facts
        ],
        "allowed_signers": None
        if diff.signers is None
        else {
            "change": diff.signers.kind,
            "added": diff.signers.added,
            "removed": diff.signers.removed,
            "too_long": diff.signers.too_long,
            "no_longer_verify": [
                {
                    "id": u.id,
                    "statement": u.statement,
                    **_location(u.location),
                    "status": u.entry.status,
                    "by": u.entry.by,
                    "on": u.entry.on.isoformat() if u.entry.on else None,
                    "why": u.why,
                }
                for u in diff.unverified
            ],
        },
        "reviews": [
            {
                "id": r.id,
                "statement": r.statement,
                **_location(r.location),
                "change": r.change,
                "status": r.entry.status,
                "by": r.entry.by,
                "on": r.entry.on.isoformat() if r.entry.on else None,
                "reason": r.entry.reason,
            }
            for r in diff.reviews
        ],
        "stale_approvals": [
            {
                "id": s.id,
                "statement": s.statement,
                **_location(s.location),
                "status": s.status,
                "by": s.by,
                "on": s.on,
                "changed": s.changed,
            }
            for s in diff.stale
        ],
        "stale_inside_range": {
            "commits": diff.walk.steps,
            "walked": diff.walk.walked,
            "capped": diff.walk.capped,
            "approvals": [
                {
                    "id": e.id,
                    "statement": e.statement,
                    **_location(e.location),
                    "stale_at": e.commit,
                    "status": e.status,
                    "by": e.by,
                    "on": e.on,
                    "changed": e.changed,
                    "given_again": e.given_again,
                    "given_again_at": e.again_at,
                    "removed_at": e.removed_at,
                }
                for e in diff.walk.found
            ],
        },
        "problems": [p.as_json() for p in diff.problems],
    }
    masked: dict[str, Any] = diff.masker.json(document)
    return masked


def _revision(revision: Revision) -> dict[str, Any]:
    if revision.commit is None:
        return {"revision": None, "commit": None, "working_tree": True}
    return {"revision": revision.name, "commit": revision.commit, "working_tree": False}


def _location(location: Location) -> dict[str, Any]:
    return {"path": location.path, "line": location.line, "column": location.column}


def _words(segments: list[Segment] | None) -> list[dict[str, str]] | None:
    return None if segments is None else [s.as_json() for s in segments]


def _record(change: RecordChange, name: str) -> dict[str, Any]:
    return {
        "change": change.kind,
        name: change.name,
        **_location(change.location),
        "fields": [_field(f) for f in change.fields],
    }


def _field(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.name,
        "old": change.old,
        "new": change.new,
        "words": _words(change.words),
        "restricted": change.restricted,
    }


def _snapshot(change: SnapshotChange) -> dict[str, Any]:
    return {
        "key": change.key,
        **_location(change.location),
        "old_path": change.old_path,
        "new_path": change.new_path,
        "old_digest": change.old_digest,
        "new_digest": change.new_digest,
        "hunks": [_words(hunk) for hunk in change.hunks],
        "more_hunks": change.more_hunks,
        "unreadable": change.unreadable or None,
        "restricted": change.restricted,
    }


def _statement(change: StatementChange) -> dict[str, Any]:
    return {
        "dossier": change.dossier,
        "change": change.kind,
        "path": change.path,
        "sentences": [_sentence(s) for s in change.sentences],
    }


def _sentence(change: SentenceChange) -> dict[str, Any]:
    return {
        "change": change.kind,
        "old": _written(change.old),
        "new": _written(change.new),
        "words": _words(change.words),
        "restricted": change.restricted,
    }


def _written(sentence: WrittenSentence | None) -> dict[str, Any] | None:
    if sentence is None:
        return None
    return {
        "line": sentence.line,
        "text": sentence.text,
        "citations": list(sentence.citations),
        "keys": list(sentence.keys),
    }
