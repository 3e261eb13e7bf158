"""The statement's sign-off in a trace: for each footnote, where the sign-off of the paragraph
that cites it (or of the explanatory note it is) stands, and the same for each of the
dossier's facts. check/statement_signoff.py decides; this only says it part by part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.problems import Location
from ..check.approvals import ReviewState
from ..check.statement_signoff import Part, read_signoff, signoff_state, statement_parts
from ..load.dossier import LoadedDossier


@dataclass(frozen=True)
class PartSignOff:
    """Where one part's sign-off stands: `approved` (the part as it was signed off), `changed`
    or `added` since the sign-off, or the statement's own state when it has no standing
    sign-off (`draft`, `revoked`, `rejected`); `by`: who signed it off, and when."""

    status: str
    by: str

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "by": self.by}


@dataclass(frozen=True)
class StatementSignOff:
    """The statement's sign-off, as a trace shows it."""

    state: ReviewState
    parts: list[Part]
    of_part: dict[str, PartSignOff]  # by part name

    def at(self, location: Location | None, note: str | None) -> PartSignOff:
        """The sign-off of the explanatory note `note`, else of the block at `location`."""
        if note is not None and f"note {note}" in self.of_part:
            return self.of_part[f"note {note}"]
        line = location.line if location is not None and location.line else 0
        blocks = [p for p in self.parts if p.name.startswith("block ")]
        holding = [p for p in blocks if (p.location.line or 0) <= line] or blocks[:1]
        if not holding:
            return PartSignOff(self.state.status, "")
        return self.of_part[holding[-1].name]

    def facts(self) -> list[dict[str, Any]]:
        """Each fact of dossier.yaml, where it is written and its sign-off."""
        return [
            {
                "fact": part.name.removeprefix("fact "),
                "at": f"{part.location.path}:{part.location.line}",
                "value": part.text,
                "signoff": self.of_part[part.name].as_json(),
            }
            for part in self.parts
            if part.kind == "fact"
        ]

    def summary(self) -> dict[str, Any]:
        """The statement's own state: `approved`, `stale` (naming what changed), ..."""
        return {
            "status": self.state.status,
            "described": self.state.describe(),
        }


def statement_signoff(loaded: LoadedDossier, root: Path) -> StatementSignOff:
    signoff, _ = read_signoff(root, loaded.name)
    parts = statement_parts(loaded)
    state, changes = signoff_state(signoff, parts)
    by = ", ".join(
        f"{entry.by or '?'}" + (f" on {entry.on.isoformat()}" if entry.on else "")
        for entry in state.entries
    )
    changed = {c.name: ("added" if c.then is None else "changed") for c in changes if c.now}
    of_part = {}
    for part in parts:
        if state.status == "stale":
            of_part[part.name] = PartSignOff(changed.get(part.name, state.recorded), by)
        elif state.status in ("approved", "checked"):
            of_part[part.name] = PartSignOff(state.status, by)
        else:
            of_part[part.name] = PartSignOff(state.status, by if state.entries else "")
    return StatementSignOff(state, parts, of_part)
