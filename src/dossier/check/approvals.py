"""Approvals of evidence items: what a reviewer approved, pinned as digests, and whether the
approval still holds; and what an item's review history amounts to now (`current_state`:
each reviewer's last entry counts; of those given to the item as it stands, a rejection
decides first, then approvals, then checks; one given to an earlier version is stale).

An approval covers the item's own fields (claim, date, reliability, confidential, restricted,
and each source's cite, locator, quote and quoted_in), the bibliography entry of every source
it names and the bytes of each entry's snapshot. Each of these parts has its own short digest,
stored in the review block beside the whole digest, so that a stale approval can say which
part changed: "the claim", "the quote of source 1 (`amnesty-2018`)", "snapshot
evidence/snapshots/x.txt".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..base.phrasing import joined, plural
from ..base.problem_codes import NOT_APPROVED, STALE_APPROVAL, UNVERIFIED_APPROVAL
from ..base.problems import Problem
from ..cite.compile import CompiledDossier
from ..load.bibtex.bibliography import Bibliography
from ..load.models import EvidenceItem, Review, ReviewPolicy
from .signing import verification_failure
from .sources.snapshot_store import SnapshotStore

PART_LENGTH = 12  # hex digits of a part's digest: enough to tell a change, short to read
_SOURCE_FIELDS = ("cite", "locator", "quote", "quoted_in")
# Covered by the snapshot's own part (its path and its bytes), so re-capturing a snapshot is
# reported once, as the snapshot, not also as a change of the entry.
_ENTRY_FIELDS_LEFT_OUT = frozenset({"snapshot", "sha256"})
_ITEM_FIELDS = {
    "claim": "the claim",
    "date": "the date",
    "reliability": "the reliability grade",
    "confidential": "`confidential`",
    "restricted": "the restricted strings",
}

_ABSENT = hashlib.sha256(b"null").hexdigest()[:PART_LENGTH]  # a source field left out

Status = Literal["draft", "checked", "approved", "stale", "rejected", "revoked"]
GIVEN = ("checked", "approved")  # the statuses that clear an item, as far as they go


@dataclass(frozen=True)
class ReviewDigest:
    """`digest`: "sha256:<hex>" of everything reviewed; `parts`: a short digest of each part."""

    digest: str
    parts: dict[str, str]


@dataclass(frozen=True)
class ReviewState:
    """Where an item's review stands now, derived from its history (`current_state` says
    how). `entries` are the entries that decide it, oldest first, and `numbers` their places
    in the history (from 0); `recorded` is the status they record (what a stale approval
    was); `changed` names what changed since, when they were given to an earlier version."""

    status: Status
    entries: tuple[Review, ...] = ()
    numbers: tuple[int, ...] = ()
    changed: list[str] = field(default_factory=list)
    recorded: str = "draft"

    @property
    def by(self) -> str | None:
        """Who gave the latest deciding entry."""
        return self.entries[-1].by if self.entries else None

    @property
    def on(self) -> dt.date | None:
        return self.entries[-1].on if self.entries else None

    def who(self) -> str:
        """What the deciding entries record: `approved by X on D and by Y on E`."""
        if not self.entries:
            return self.recorded
        return self.recorded + " and".join(_by_on(entry) for entry in self.entries)

    def describe(self) -> str:
        """In words: `a draft`, `approved by X on D`, `stale: approved by X on D; since then
        the claim changed`, `rejected by X on D (reason: R)`."""
        if self.status == "draft":
            return "a draft"
        since = f"; since then {joined(self.changed)} changed" if self.changed else ""
        if self.status == "stale":
            return f"stale: {self.who()}{since}"
        return self.who() + since


def _by_on(entry: Review) -> str:
    said = f" by {entry.by}" if entry.by else ""
    said += f" on {entry.on.isoformat()}" if entry.on else ""
    return said + (f" (reason: {entry.reason})" if entry.reason else "")


def describe_entry(entry: Review) -> str:
    """One entry of a history in words: `revoked by X on D (reason: R)`."""
    return entry.status + _by_on(entry)


def reviewed_parts(
    item: EvidenceItem, bibliography: Bibliography, store: SnapshotStore
) -> dict[str, Any]:
    """Everything a reviewer approves, by part name, as plain values."""
    parts: dict[str, Any] = {
        "claim": item.claim,
        "date": item.date.isoformat() if item.date else None,
        "reliability": item.reliability,
        "confidential": item.confidential,
        "restricted": list(item.restricted),
    }
    for number, source in enumerate(item.sources, start=1):
        for name in _SOURCE_FIELDS:
            parts[f"source {number} {name}"] = getattr(source, name)
    for source in item.sources:
        for key in (source.cite, source.quoted_in):
            if key is not None and f"entry {key}" not in parts:
                parts.update(_entry_parts(key, bibliography, store))
    return parts


def _entry_parts(key: str, bibliography: Bibliography, store: SnapshotStore) -> dict[str, Any]:
    entry = bibliography.entries.get(key)
    if entry is None:
        return {f"entry {key}": None}
    fields = {n: v for n, v in entry.fields.items() if n not in _ENTRY_FIELDS_LEFT_OUT}
    parts: dict[str, Any] = {f"entry {key}": {"type": entry.entry_type, "fields": fields}}
    path = entry.get("snapshot")
    if path:
        snapshot, _ = store.of(entry)
        parts[f"snapshot {path}"] = snapshot.digest if snapshot is not None else None
    return parts


def digest_of(value: Any) -> str:
    """The sha256 (hex) of a plain value, written as canonical JSON."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def review_digest(
    item: EvidenceItem, bibliography: Bibliography, store: SnapshotStore
) -> ReviewDigest:
    """The digest of everything a reviewer of `item` approves, and of each part of it."""
    parts = reviewed_parts(item, bibliography, store)
    return ReviewDigest(
        "sha256:" + digest_of(parts),
        {
            name: digest_of(value)[:PART_LENGTH]
            for name, value in parts.items()
            if value is not None or _source_number(name) is None  # no locator, no line
        },
    )


def standing_entries(history: list[Review]) -> list[tuple[int, Review]]:
    """Each reviewer's latest entry (the last in the history that names them), with its
    place, in the order of the history. An empty `draft` block of an older file is none."""
    latest: dict[str | None, tuple[int, Review]] = {}
    for number, entry in enumerate(history):
        if entry.status != "draft":
            latest[entry.by] = (number, entry)
    return sorted(latest.values(), key=lambda pair: pair[0])


_RANK = {"checked": 1, "approved": 2}


@dataclass(frozen=True)
class NextEntry:
    """What a history's rules say of a reviewer's next entry, for an item or a statement:
    `record` it; it is `recorded` already (`entry`); or it is refused, because it would be
    `dated-before` the last dated entry, has `nothing-to-revoke`, or would `lower` a standing
    approval. `number` is the place of the entry it is about, if any."""

    verdict: Literal["record", "recorded", "dated-before", "nothing-to-revoke", "lower"]
    number: int | None = None
    entry: Review | None = None


def next_entry(
    history: list[Review],
    who: str,
    status: str,
    reason: str | None,
    on: dt.date,
    digest: str,
    resigning: Callable[[Review], bool],
) -> NextEntry:
    """The rules every history follows: entries are dated in order; only one's own approval
    or check is revoked; the same review is not recorded twice (unless `resigning` it, to
    add a signature that stands); a standing approval is never lowered."""
    dated = [(number, entry) for number, entry in enumerate(history) if entry.on is not None]
    if dated:
        number, last = max(dated, key=lambda pair: (pair[1].on, pair[0]))
        if last.on is not None and on < last.on:
            return NextEntry("dated-before", number, last)
    mine = dict((e.by, (n, e)) for n, e in standing_entries(history)).get(who)
    if status == "revoked" and (mine is None or mine[1].status not in GIVEN):
        return NextEntry("nothing-to-revoke", *(mine or (None, None)))
    if mine is not None and mine[1].digest == digest:
        number, given = mine
        same = given.status == status and (status in GIVEN or given.reason == reason)
        if same and not resigning(given):
            return NextEntry("recorded", number, given)
        if status in GIVEN and _RANK.get(given.status, 0) > _RANK[status]:
            return NextEntry("lower", number, given)
    return NextEntry("record")


def review_state(
    item: EvidenceItem, bibliography: Bibliography, store: SnapshotStore
) -> ReviewState:
    """Where the item's review stands, from its history and what it says and cites now."""
    standing = standing_entries(item.history)
    if not standing:
        return ReviewState("draft")
    current = review_digest(item, bibliography, store)
    return current_state(
        standing, current, lambda entry: changed_parts(entry.parts, current.parts, item)
    )


# What changed since an entry was given, in words (from its part digests, `Review.parts`).
NameChanges = Callable[[Review], list[str]]


def current_state(
    standing: list[tuple[int, Review]], current: ReviewDigest, name_changes: NameChanges
) -> ReviewState:
    """Of the reviewers' latest entries (`standing`), those given to the item as it is now
    (their digest is the current one) decide first: a rejection, else approvals, else checks.
    When none of those holds: an approval or check given to an earlier version is stale; else
    a rejection of an earlier version still stands (naming what changed since); else a revoked
    approval is `revoked`. `name_changes` names the parts changed since an entry's digests
    (an evidence item's, or a statement's: check.statement_signoff)."""
    holding = [(n, e) for n, e in standing if e.digest == current.digest]
    for status in ("rejected", "approved", "checked"):
        deciding = [(n, e) for n, e in holding if e.status == status]
        if deciding:
            return _state(status, deciding, status)
    earlier = [(n, e) for n, e in standing if e.digest != current.digest]
    given = [(n, e) for n, e in earlier if e.status in GIVEN]
    if given:
        recorded = "approved" if any(e.status == "approved" for _, e in given) else "checked"
        deciding = [(n, e) for n, e in given if e.status == recorded]
        return _state("stale", deciding, recorded, _changed(deciding[-1][1], name_changes))
    rejected = [(n, e) for n, e in earlier if e.status == "rejected"]
    if rejected:
        changed = _changed(rejected[-1][1], name_changes)
        return _state("rejected", rejected[-1:], "rejected", changed)
    revoked = [(n, e) for n, e in standing if e.status == "revoked"]
    return _state("revoked", revoked[-1:], "revoked") if revoked else ReviewState("draft")


def _state(
    status: Status,
    deciding: list[tuple[int, Review]],
    recorded: str,
    changed: list[str] | None = None,
) -> ReviewState:
    numbers = tuple(n for n, _ in deciding)
    entries = tuple(e for _, e in deciding)
    return ReviewState(status, entries, numbers, changed or [], recorded)


def _changed(entry: Review, name_changes: NameChanges) -> list[str]:
    if entry.digest is None:
        return ["everything (no digest was recorded: it was not written by `dossier approve`)"]
    return name_changes(entry)


def changed_parts(
    recorded: dict[str, str], current: dict[str, str], item: EvidenceItem
) -> list[str]:
    """Readable names of the parts whose digests differ, in the item's order."""
    if not recorded:
        return ["what was reviewed (no part digests were recorded)"]
    numbers_then = {_source_number(name) for name in recorded} - {None}
    numbers_now = {_source_number(name) for name in current} - {None}
    changed: list[str] = []
    for name, digest in current.items():
        number = _source_number(name)
        if number is not None and number not in numbers_then:
            if name.endswith(" cite"):
                changed.append(f"source {number} (`{item.sources[number - 1].cite}`), added")
        elif number is not None and recorded.get(name, _ABSENT) != digest:
            changed.append(_readable(name, item))
        elif number is None and name not in recorded:
            changed.append(f"{_readable(name, item)} ({_added_or_gone(name, added=True)})")
        elif number is None and recorded[name] != digest:
            changed.append(_readable(name, item))
    for name, digest in recorded.items():
        number = _source_number(name)
        if number is not None and number not in numbers_now:
            if name.endswith(" cite"):
                changed.append(f"source {number}, removed")
        elif number is not None and name not in current and digest != _ABSENT:
            changed.append(_readable(name, item) + ", removed")
        elif number is None and name not in current:
            changed.append(f"{_readable(name, item)} ({_added_or_gone(name, added=False)})")
    return changed or ["something the digest covers"]


def _added_or_gone(name: str, added: bool) -> str:
    """An entry is newly cited or no longer cited; a snapshot is new or no longer used (a
    re-capture under another file name is both)."""
    if name.startswith("snapshot "):
        return "new" if added else "no longer used"
    return "newly cited" if added else "no longer cited"


def _source_number(name: str) -> int | None:
    words = name.split(" ")
    return int(words[1]) if words[0] == "source" and len(words) == 3 else None


def _readable(name: str, item: EvidenceItem) -> str:
    if name in _ITEM_FIELDS:
        return _ITEM_FIELDS[name]
    kind, _, rest = name.partition(" ")
    if kind == "entry":
        return f"the bibliography entry `{rest}`"
    if kind == "snapshot":
        return name
    number = _source_number(name) or 0
    field_name = name.rsplit(" ", 1)[1]
    cite = item.sources[number - 1].cite if 0 < number <= len(item.sources) else "?"
    if field_name == "cite":
        return f"the source cited as source {number} (now `{cite}`)"
    return f"the {field_name} of source {number} (`{cite}`)"


def _not_approved(state: ReviewState) -> str:
    if state.status == "draft":
        return "it is a draft, never approved"
    if state.status == "stale":
        return f"its review is stale: {state.describe().removeprefix('stale: ')}"
    if state.status == "revoked":
        return f"its approval was {state.describe()}"
    if state.status == "rejected":
        return f"it was {state.describe()}"
    return f"it was only {state.who()}"


def stale_approval_problems(
    evidence: Iterable[EvidenceItem], bibliography: Bibliography, store: SnapshotStore
) -> list[Problem]:
    """D801 for every review whose digest no longer matches what it covers."""
    problems = []
    for item in evidence:
        state = review_state(item, bibliography, store)
        if state.status != "stale":
            continue
        problems.append(
            Problem.of(
                STALE_APPROVAL,
                item.review_location(state.numbers[-1]),
                f"the review of `{item.id}` is {state.describe()}",
                f"review the item again, then record it: `dossier approve {item.id} --by NAME`"
                + (" --status checked" if state.recorded == "checked" else ""),
                subject=item.id,
            )
        )
    return problems


@dataclass(frozen=True)
class Unverified:
    """An approval that holds but does not count under `signed: true`, and why."""

    number: int  # its place in the item's history, from 0
    entry: Review
    why: str


def unverified_approvals(
    subject: str, state: ReviewState, policy: ReviewPolicy, root: Path | None
) -> list[Unverified]:
    """The approvals deciding `state` whose signatures do not verify (none unless `signed`);
    `subject` is what they sign: an item's id, or `statement NAME`."""
    if not policy.signed or state.status != "approved" or root is None:
        return []
    found = []
    for number, entry in zip(state.numbers, state.entries, strict=True):
        why = verification_failure(root, subject, entry)
        if why is not None:
            found.append(Unverified(number, entry, why))
    return found


def policy_shortfall(
    subject: str,
    state: ReviewState,
    policy: ReviewPolicy,
    root: Path | None,
    where: str,
    noun: str = "approval",
) -> str | None:
    """Why an approved `state` falls short of the dossier's `review:` policy (distinct
    approvers, verified signatures), naming who counted and each `noun` that did not; None
    when it meets it."""
    unverified = unverified_approvals(subject, state, policy, root)
    left_out = {u.number for u in unverified}
    counted = {e.by for n, e in zip(state.numbers, state.entries, strict=True) if n not in left_out}
    if len(counted) >= policy.approvals:
        return None
    asked = f"`review:` in {where} asks for {plural(policy.approvals, 'distinct approver')}"
    if policy.signed:
        asked += " with verified signatures"
    said = f"it has {len(counted)}, and {asked}"
    if counted:
        said += f" (it is approved by {joined(sorted(b or '?' for b in counted))})"
    for u in unverified:
        said += f"; the {noun} by {u.entry.by} does not count: {u.why}"
    return said


def _short_of_policy(
    item: EvidenceItem,
    state: ReviewState,
    policy: ReviewPolicy,
    root: Path | None,
    where: str,
) -> str | None:
    """Why the item's approvals fall short of the dossier's `review:` policy; None if not."""
    if state.status != "approved":
        return _not_approved(state)
    return policy_shortfall(item.id, state, policy, root, where)


def unverified_approval_problems(
    compiled: CompiledDossier,
    bibliography: Bibliography,
    store: SnapshotStore,
    policy: ReviewPolicy,
    root: Path,
    where: str,
) -> list[Problem]:
    """D806 for each approval of an item the dossier cites that does not verify, under
    `review: {signed: true}` (`where`: the dossier.yaml that says so)."""
    problems = []
    seen: set[str] = set()
    for footnote in compiled.footnotes:
        for source in footnote.sources:
            item = source.evidence
            if item is None or item.id in seen:
                continue
            seen.add(item.id)
            state = review_state(item, bibliography, store)
            for u in unverified_approvals(item.id, state, policy, root):
                on = f" on {u.entry.on.isoformat()}" if u.entry.on else ""
                problems.append(
                    Problem.of(
                        UNVERIFIED_APPROVAL,
                        item.review_location(u.number),
                        f"the approval of `{item.id}` by {u.entry.by}{on} does not count, as "
                        f"`review: {{signed: true}}` in {where} asks: {u.why}",
                        f"have {u.entry.by} approve it again with their key: `dossier approve "
                        f"{item.id} --sign KEYFILE`, and name their public key in "
                        "allowed_signers",
                        subject=item.id,
                    )
                )
    return problems


def unapproved_citation_problems(
    compiled: CompiledDossier,
    bibliography: Bibliography,
    store: SnapshotStore,
    why: str,
    policy: ReviewPolicy | None = None,
    root: Path | None = None,
) -> list[Problem]:
    """D802 at each citation of an evidence item that is not approved, or whose approval is
    stale, or short of the dossier's `review:` policy (distinct approvers, verified
    signatures); `why` says what asks for approval (the option, or dossier.yaml)."""
    policy = policy or ReviewPolicy(signed=False, approvals=1)
    where = compiled.loaded.document.path
    problems = []
    for footnote in compiled.footnotes:
        cited = {s.evidence.id: s.evidence for s in footnote.sources if s.evidence is not None}
        for item in cited.values():
            state = review_state(item, bibliography, store)
            short = _short_of_policy(item, state, policy, root, where)
            if short is None:
                continue
            problems.append(
                Problem.of(
                    NOT_APPROVED,
                    footnote.citation.location,
                    f"`{item.id}` is not approved, as {why} asks: {short}",
                    _approve_hint(item, policy),
                    subject=item.id,
                )
            )
    return problems


def _approve_hint(item: EvidenceItem, policy: ReviewPolicy) -> str:
    """D802's hint: how to approve the item so that it counts under the dossier's policy."""
    sign = " --sign KEYFILE" if policy.signed else ""
    return f"have {item.location} reviewed, then `dossier approve {item.id} --by NAME{sign}`"
