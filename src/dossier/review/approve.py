"""`dossier approve ID... [--by WHO]`: record a review of evidence items, pinned to the digest
of what the reviewer saw (check.approvals), as a new entry of each item's review history.

An entry is appended, never overwritten: a second approver adds theirs beside the first, and
a rejection (`--status rejected --reason`) or a revocation (`--revoke`) is an entry of its
own. What an item's history amounts to now is check.approvals' `current_state`.

Before anything is written, each item is held to what its entry may say:

- only an item that checks clean can be checked or approved: a quote not found in its
  snapshot, a missing snapshot or a broken bibliography entry is named (D611, D601...);
- a lower status never replaces a higher one: `--status checked` by someone whose approval of
  the item as it stands holds is refused (D803); they revoke it first;
- `--revoke` withdraws the reviewer's own standing check or approval, and is refused when
  there is none (D803);
- an entry is dated the day it is recorded (SOURCE_DATE_EPOCH's day when set, never a day to
  come), and never before the item's last entry (D803).

The same review already recorded (same reviewer, status and digest) is not written again.
Several items (the IDs given, or every item dossier NAME cites) are recorded together or not
at all; every evidence file touched is written atomically.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..base.git import git_identity
from ..base.phrasing import noun_for
from ..base.problem_codes import DUPLICATE_EVIDENCE_ID, REVIEW_REFUSED
from ..base.problems import CommandFailed, Problem, Severity, UsageError, did_you_mean
from ..base.reading.read_input import current_limits, read_bytes
from ..base.reading.yaml_positions import parse_yaml
from ..base.settings import recording_day
from ..check.all_checks import check_workspace
from ..check.approvals import GIVEN, describe_entry, next_entry, review_digest
from ..check.disclosure.masking import Masker, masking_errors
from ..check.signing import message, sign, signature_wanted
from ..check.sources.snapshot_store import SnapshotStore
from ..cite.compile import CompiledDossier, compile_workspace
from ..load.bibtex.bibliography import BibEntry
from ..load.dossier import selected_names
from ..load.models import EvidenceItem
from ..load.workspace import Workspace, load_workspace
from ..record.write_files import write_together
from .edit_review import CannotEdit, add_review

STATUSES = ("checked", "approved", "rejected", "revoked")


class NotApproved(CommandFailed):
    """Items that cannot be reviewed as asked: the problems that stand in the way, then why
    nothing was recorded."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems + self.problems


@dataclass(frozen=True)
class Recorded:
    """One item's review: `written` False when the same review was already recorded (then
    `on` is that entry's day) and nothing was written for it."""

    id: str
    at: str  # where the item is written, path:line:col
    status: str
    by: str
    on: dt.date
    reason: str | None = None
    written: bool = True

    def line(self) -> str:
        """What the command prints for the item."""
        why = f" (reason: {self.reason})" if self.reason else ""
        said = f"{self.status} `{self.id}` ({self.at}) by {self.by} on {self.on.isoformat()}{why}"
        return said if self.written else f"already {said}; nothing recorded"

    def masked(self, masker: Masker) -> Recorded:
        """The review as it may be printed: an id, a reviewer or a reason can name a
        witness."""
        return replace(
            self,
            id=masker.mask(self.id),
            at=masker.mask(self.at),
            by=masker.mask(self.by),
            reason=self.reason and masker.mask(self.reason),
        )


def reviewer(root: Path, by: str | None) -> str:
    """`--by`, else git's user.name and user.email in the workspace."""
    if by is not None:
        if not by.strip():
            raise UsageError("--by must name who reviewed the items, e.g. --by legal/jd")
        return by.strip()
    found = git_identity(root)
    if found is None:
        raise UsageError(
            "who is reviewing? give --by NAME, or set git's identity: "
            '`git config --global user.name "Your Name"` and '
            "`git config --global user.email you@example.org`"
        )
    return found


def approve(
    root: Path,
    ids: list[str],
    by: str | None = None,
    status: str = "approved",
    reason: str | None = None,
    cited_by: str | None = None,
    sign_key: Path | None = None,
) -> list[Recorded]:
    """Append a review entry to each item `ids` names (and each item dossier `cited_by`
    cites), all of them or none; signed with the SSH private key `sign_key` when given."""
    if status == "rejected" and not (reason or "").strip():
        raise UsageError("--status rejected needs --reason: say why the item is rejected")
    if reason is not None and status in GIVEN:
        raise UsageError("--reason goes with --status rejected or --revoke")
    reason = reason.strip() if reason and reason.strip() else None
    if not ids and cited_by is None:
        raise UsageError("name the evidence items to review (IDS), or give --cited-by NAME")
    if cited_by is not None:
        selected_names(root, [cited_by])  # an unknown dossier, before anything is read
    who = reviewer(root, by)
    on = recording_day()
    workspace, load_problems = load_workspace(root)
    masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
    with masking_errors(masker, root):
        done = _record(
            root, workspace, load_problems, ids, cited_by, who, status, reason, on, sign_key
        )
    return [recorded.masked(masker) for recorded in done]


def _record(
    root: Path,
    workspace: Workspace,
    load_problems: list[Problem],
    ids: list[str],
    cited_by: str | None,
    who: str,
    status: str,
    reason: str | None,
    on: dt.date,
    sign_key: Path | None,
) -> list[Recorded]:
    """approve()'s work, once the workspace is loaded: check, plan every entry, then write
    them all or none."""
    compiled = compile_workspace(workspace)
    report = check_workspace(workspace, compiled, load_problems)
    if cited_by is not None:
        ids = [*ids, *_cited(compiled.dossiers.get(cited_by), cited_by)]
    items = [_item(workspace, item_id) for item_id in dict.fromkeys(ids)]
    if status in GIVEN:
        _refuse_errors(items, workspace, report.problems, status)
    store = SnapshotStore(root)
    plans = [_plan(item, who, status, reason, on, workspace, store, sign_key) for item in items]
    refusals = [p for p in plans if isinstance(p, Problem)]
    if refusals:
        names = ", ".join(f"`{p.subject}`" for p in refusals)
        count = len(refusals)
        raise NotApproved(
            f"{names} cannot be {status}: see the {noun_for(count, 'problem')} above; "
            "nothing was recorded",
            refusals,
        )
    texts: dict[str, str] = {}
    done: list[Recorded] = []
    for item, plan in zip(items, plans, strict=True):
        assert not isinstance(plan, Problem)
        if isinstance(plan, Recorded):  # already recorded
            done.append(plan)
            continue
        path = item.location.path
        if path not in texts:
            texts[path] = _read(root, path)
        earlier = _earlier(texts[path], path, item.id)
        try:
            edited = add_review(texts[path], item.id, plan, earlier)
        except CannotEdit as error:
            where = f"{item.location}: `{item.id}`"
            raise CommandFailed(f"{where} cannot be {status}: {error}") from None
        _confirm(texts[path], edited, path, item.id, plan)
        texts[path] = edited
        done.append(Recorded(item.id, str(item.location), status, who, on, reason))
    if texts:
        write_together({root / path: text.encode("utf-8") for path, text in texts.items()})
    return done


def _cited(compiled: CompiledDossier | None, name: str) -> list[str]:
    """The evidence items dossier `name` cites, in the order first cited."""
    if compiled is None:
        raise CommandFailed(
            f"dossier `{name}` could not be read: `dossier check {name}` says why; "
            "nothing was recorded"
        )
    cited = [
        source.evidence.id
        for footnote in compiled.footnotes
        for source in footnote.sources
        if source.evidence is not None
    ]
    if not cited:
        raise CommandFailed(f"dossier `{name}` cites no evidence item; nothing was recorded")
    return list(dict.fromkeys(cited))


def _refuse_errors(
    items: list[EvidenceItem], workspace: Workspace, problems: list[Problem], status: str
) -> None:
    blocking = [p for item in items for p in _errors_of(item, workspace, problems)]
    if blocking:
        blocked = [i for i in items if any(concerns(i, p, workspace) for p in blocking)]
        names = ", ".join(f"`{i.id}`" for i in blocked)
        count = len(blocking)
        raise NotApproved(
            f"{names} cannot be {status}: {count} {noun_for(count, 'error')} above must be "
            "fixed first; nothing was recorded",
            blocking,
        )


def _plan(
    item: EvidenceItem,
    who: str,
    status: str,
    reason: str | None,
    on: dt.date,
    workspace: Workspace,
    store: SnapshotStore,
    sign_key: Path | None = None,
) -> dict[str, Any] | Recorded | Problem:
    """The entry to append to the item's history; or, when the same review is already
    recorded, what it was; or the problem that refuses it."""
    digest = review_digest(item, workspace.bibliography, store)
    verdict = next_entry(
        item.history,
        who,
        status,
        reason,
        on,
        digest.digest,
        lambda given: signature_wanted(workspace.root, item.id, given, sign_key is not None),
    )
    last = verdict.entry
    if verdict.verdict == "dated-before" and last is not None and last.on is not None:
        return _refused(
            item,
            verdict.number,
            f"`{item.id}` cannot be {status} on {on.isoformat()}: its last review "
            f"({last.status} by {last.by}) is dated {last.on.isoformat()}, and a review is "
            "never dated before the one it follows",
            "record it on the day it is made: leave SOURCE_DATE_EPOCH unset, or set it "
            "to a later day",
        )
    if verdict.verdict == "nothing-to-revoke":
        what = f"; the last entry by {who} is `{last.status}`" if last else ""
        what += f", on {last.on.isoformat()}" if last and last.on else ""
        return _refused(
            item,
            verdict.number,
            f"`{item.id}` has no approval or check by {who} to revoke{what}",
            f"--revoke withdraws the reviewer's own approval; to refuse the item, "
            f"`dossier approve {item.id} --status rejected --reason TEXT`",
        )
    if verdict.verdict == "recorded" and last is not None:
        return Recorded(item.id, str(item.location), status, who, last.on or on, reason, False)
    if verdict.verdict == "lower" and last is not None:
        return _refused(
            item,
            verdict.number,
            f"`{item.id}` is {describe_entry(last)}, and it still holds: --status "
            f"{status} would lower it",
            f"to lower it, revoke the approval first: `dossier approve {item.id} --revoke "
            f"--by {shlex.quote(who)}`, then record --status {status}",
        )
    entry: dict[str, Any] = {"status": status, "by": who, "on": on}
    if reason is not None:
        entry["reason"] = reason
    entry["digest"] = digest.digest
    entry["parts"] = digest.parts
    if sign_key is not None:
        signed = message(item.id, status, who, on, digest.digest)
        entry["signature"] = LiteralScalarString(sign(sign_key, signed))
    return entry


def _refused(item: EvidenceItem, number: int | None, message: str, hint: str) -> Problem:
    where = item.review_location(number) if number is not None else item.location
    return Problem.of(REVIEW_REFUSED, where, message, hint, subject=item.id)


def _item(workspace: Workspace, item_id: str) -> EvidenceItem:
    item = workspace.evidence.get(item_id)
    if item is None:
        hint = did_you_mean(
            item_id, workspace.evidence, noun="ids", otherwise="evidence/ holds no items yet"
        )
        raise CommandFailed(f"no evidence item `{item_id}` in evidence/*.yaml; {hint}")
    return item


def _errors_of(item: EvidenceItem, workspace: Workspace, problems: list[Problem]) -> list[Problem]:
    """The errors in the item, in the bibliography entries it cites, and in their snapshots."""
    return [p for p in problems if p.severity is Severity.ERROR and concerns(item, p, workspace)]


def concerns(item: EvidenceItem, problem: Problem, workspace: Workspace) -> bool:
    """Whether `problem` stands in the way of approving `item`: it is in the item, in an
    entry the item cites, or it is a second item of the same id."""
    if problem.location is None:
        return False
    if item.holds(problem.location):
        return True
    if problem.code == DUPLICATE_EVIDENCE_ID and problem.subject == item.id:
        return True  # a second item with the same id: which one is approved would be unclear
    entries = workspace.bibliography.entries
    keys = {s.cite for s in item.sources} | {s.quoted_in for s in item.sources if s.quoted_in}
    return any(_entry_holds(entries[k], problem) for k in keys if k in entries)


def _entry_holds(entry: BibEntry, problem: Problem) -> bool:
    where = problem.location
    last = max([entry.location.line, *(at.line for at in entry.field_locations.values())])
    return (
        where is not None
        and where.path == entry.location.path
        and entry.location.line <= where.line <= last
    )


def _read(root: Path, path: str) -> str:
    """The evidence file as it is, byte-order mark and line endings included."""
    data, problems = read_bytes(root / path, path, root, current_limits().file_bytes)
    if data is None:
        raise CommandFailed(problems[0].message if problems else f"{path} cannot be read")
    return data.decode("utf-8")


def _item_data(data: Any, item_id: str) -> dict[str, Any] | None:
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict) and entry.get("id") == item_id:
            return entry
    return None


def _history_data(item: dict[str, Any]) -> list[Any]:
    """The item's history as written: `reviews`, or the older `review` block as its one
    entry (none when that block is an empty draft, which records no review)."""
    if item.get("reviews"):
        return list(item["reviews"])
    block = item.get("review")
    empty_draft = isinstance(block, dict) and set(block) <= {"status"}
    if not isinstance(block, dict) or (empty_draft and block.get("status") in (None, "draft")):
        return []
    return [block]


def _earlier(text: str, path: str, item_id: str) -> list[dict[str, Any]]:
    """The entries already recorded for the item, as written, for a history written anew."""
    item = _item_data(_data(text, path), item_id)
    return _history_data(item) if item is not None else []


def _confirm(before: str, after: str, path: str, item_id: str, entry: dict[str, Any]) -> None:
    """Read the edited file back as `check` will: the item's history is what it was with
    `entry` after it, and every other value of the file is what it was."""
    expected, now = _data(before, path), _data(after, path)
    item = _item_data(expected, item_id)
    if item is not None:
        item["reviews"] = [*_history_data(item), entry]
        item.pop("review", None)
    if now is None or now != expected:
        raise CommandFailed(f"{path}: the review of `{item_id}` could not be written safely")


def _data(text: str, path: str) -> Any:
    document, _ = parse_yaml(text.removeprefix("\ufeff"), path)
    return document.data if document is not None else None
