"""`dossier approve --statement NAME [--by WHO]`: sign off dossier NAME's statement as it
stands (its blocks, its explanatory notes and the facts of its dossier.yaml, as
check.statement_signoff divides them), as a new entry of its history in
dossiers/NAME/review.yaml.

The rules are those of evidence approvals (review.approve): an entry is appended, never
overwritten; `--status rejected --reason` and `--revoke` are entries of their own; an
approval holding is not lowered to checked; `--revoke` withdraws only the reviewer's own
standing check or approval; an entry is never dated before the last one; the same review
already recorded is not written again. A statement whose dossier has errors (in dossier.yaml
or in the statement) cannot be checked or approved.
"""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from ..base.problem_codes import REVIEW_REFUSED
from ..base.problems import CommandFailed, Problem, Severity, UsageError
from ..base.reading.read_input import current_limits, read_bytes
from ..base.reading.yaml_positions import parse_yaml
from ..base.settings import recording_day
from ..check.all_checks import check_workspace
from ..check.approvals import GIVEN, describe_entry, next_entry
from ..check.disclosure.masking import Masker, masking_errors
from ..check.signing import message, sign, signature_wanted
from ..check.statement_signoff import (
    REVIEW_FILE,
    SignOff,
    entry_data,
    read_signoff,
    review_file,
    signoff_digest,
    statement_parts,
)
from ..cite.compile import compile_workspace
from ..load.dossier import selected_names
from ..load.workspace import Workspace, load_workspace
from ..record.write_files import write_together
from .approve import NotApproved, Recorded, reviewer
from .edit_review import CannotEdit, append_signoff

_HEADER = (
    "# The sign-offs of this dossier's statement, oldest first: each entry's digests and text\n"
    "# are what was reviewed. Written by `dossier approve --statement NAME`; not by hand.\n"
)


def approve_statement(
    root: Path,
    name: str,
    by: str | None = None,
    status: str = "approved",
    reason: str | None = None,
    sign_key: Path | None = None,
) -> Recorded:
    """Append a sign-off entry to dossier `name`'s review.yaml; signed with the SSH private
    key `sign_key` when given (its message's subject is `statement NAME`)."""
    if status == "rejected" and not (reason or "").strip():
        raise UsageError("--status rejected needs --reason: say why the statement is rejected")
    if reason is not None and status in GIVEN:
        raise UsageError("--reason goes with --status rejected or --revoke")
    reason = reason.strip() if reason and reason.strip() else None
    selected_names(root, [name])
    who = reviewer(root, by)
    on = recording_day()
    workspace, load_problems = load_workspace(root, [name])
    masker = Masker.of(workspace.evidence.values(), workspace.dossiers.values())
    with masking_errors(masker, root):
        recorded = _record(root, workspace, load_problems, name, who, status, reason, on, sign_key)
    return recorded.masked(masker)


def _record(
    root: Path,
    workspace: Workspace,
    load_problems: list[Problem],
    name: str,
    who: str,
    status: str,
    reason: str | None,
    on: dt.date,
    sign_key: Path | None,
) -> Recorded:
    """approve_statement()'s work, once the workspace is loaded."""
    loaded = workspace.dossiers.get(name)
    if loaded is None:
        raise CommandFailed(
            f"dossier `{name}` could not be read: `dossier check {name}` says why; "
            "nothing was recorded"
        )
    if status in GIVEN:
        compiled = compile_workspace(workspace)
        report = check_workspace(workspace, compiled, load_problems)
        mine = {loaded.statement_shown, loaded.document.path}
        blocking = [
            p
            for p in report.problems
            if p.severity is Severity.ERROR and p.location is not None and p.location.path in mine
        ]
        if blocking:
            raise NotApproved(
                f"the statement of `{name}` cannot be {status}: the errors above must be fixed "
                "first; nothing was recorded",
                blocking,
            )
    signoff, problems = read_signoff(root, name)
    if problems:
        raise NotApproved(f"{signoff.path} cannot be read; nothing was recorded", problems)
    parts = statement_parts(loaded)
    where = f"{signoff.path}"
    digest = signoff_digest(parts).digest
    plan = _plan(signoff, name, who, status, reason, on, digest, root, sign_key is not None)
    if isinstance(plan, Problem):
        raise NotApproved(
            f"the statement of `{name}` cannot be {status}; nothing was recorded", [plan]
        )
    if isinstance(plan, Recorded):
        return plan
    plan.update(entry_data(parts))
    if sign_key is not None:
        signed = message(f"statement {name}", status, who, on, plan.get("digest"))
        plan["signature"] = LiteralScalarString(sign(sign_key, signed))
    path = review_file(root, name)
    before = _read(root, path, signoff.path)
    try:
        after = append_signoff(before, plan, _HEADER)
    except CannotEdit as error:
        raise CommandFailed(f"{signoff.path}: the sign-off cannot be added: {error}") from None
    _confirm(before, after, signoff.path, plan)
    write_together({path: after.encode("utf-8")})
    return Recorded(name, where, status, who, on, reason)


def _plan(
    signoff: SignOff,
    name: str,
    who: str,
    status: str,
    reason: str | None,
    on: dt.date,
    digest: str,
    root: Path,
    signing: bool = False,
) -> dict[str, Any] | Recorded | Problem:
    verdict = next_entry(
        list(signoff.history),
        who,
        status,
        reason,
        on,
        digest,
        lambda given: signature_wanted(root, f"statement {name}", given, signing),
    )
    last = verdict.entry
    if verdict.verdict == "dated-before" and last is not None and last.on is not None:
        return _refused(
            signoff,
            verdict.number,
            f"the statement of `{name}` cannot be {status} on {on.isoformat()}: its last "
            f"review ({last.status} by {last.by}) is dated {last.on.isoformat()}",
            "record it on the day it is made: leave SOURCE_DATE_EPOCH unset, or set it "
            "to a later day",
        )
    if verdict.verdict == "nothing-to-revoke":
        return _refused(
            signoff,
            verdict.number,
            f"the statement of `{name}` has no sign-off by {who} to revoke",
            f"to refuse it: `dossier approve --statement {name} --status rejected --reason TEXT`",
        )
    if verdict.verdict == "recorded" and last is not None:
        return Recorded(name, signoff.path, status, who, last.on or on, reason, False)
    if verdict.verdict == "lower" and last is not None:
        return _refused(
            signoff,
            verdict.number,
            f"the statement of `{name}` is {describe_entry(last)}, and it still holds: "
            f"--status {status} would lower it",
            f"revoke it first: `dossier approve --statement {name} --revoke "
            f"--by {shlex.quote(who)}`",
        )
    entry: dict[str, Any] = {"status": status, "by": who, "on": on}
    if reason is not None:
        entry["reason"] = reason
    return entry


def _refused(signoff: SignOff, number: int | None, message: str, hint: str) -> Problem:
    return Problem.of(REVIEW_REFUSED, signoff.location(number), message, hint)


def _read(root: Path, path: Path, shown: str) -> str | None:
    if not path.exists():
        return None
    data, problems = read_bytes(path, shown, root, current_limits().file_bytes)
    if data is None:
        raise CommandFailed(problems[0].message if problems else f"{shown} cannot be read")
    return data.decode("utf-8")


def _confirm(before: str | None, after: str, path: str, entry: dict[str, Any]) -> None:
    """Read the edited file back: its history is what it was with `entry` after it, and
    every other value is what it was."""
    expected = _data(before, path) if before is not None else None
    expected = dict(expected) if isinstance(expected, dict) else {}
    expected["reviews"] = [*(expected.get("reviews") or []), entry]
    if _data(after, path) != expected:
        raise CommandFailed(f"{path}: the sign-off could not be written safely")


def _data(text: str, path: str) -> Any:
    document, _ = parse_yaml(text.removeprefix("\ufeff"), path)
    return document.data if document is not None else None


__all__ = ["REVIEW_FILE", "approve_statement"]
