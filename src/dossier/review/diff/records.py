"""What changed in the evidence and the bibliography between two loaded workspaces: items and
entries added, removed and changed, field by field, with claims and quotes diffed word by
word. An item's restricted strings (a witness's name) are counted, never shown, and masked
wherever else they appear (`masked_records`): a diff is meant to be pasted into a pull
request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from ...base.phrasing import noun_for
from ...base.problems import Location
from ...base.word_diff import Segment, changed, word_diff
from ...check.approvals import describe_entry
from ...check.disclosure.masking import Masker
from ...load.bibtex.bibliography import Bibliography
from ...load.models import EvidenceItem

Kind = Literal["added", "removed", "changed"]
# Fields whose change is shown word by word; any other field shows its old and new value.
_WORDED = ("claim", "quote", "title", "abstract", "note")


@dataclass(frozen=True)
class FieldChange:
    """One field of an item or entry: its value before and after (None: not there)."""

    name: str
    old: str | None
    new: str | None
    restricted: bool = False  # a restricted string was masked in the old or new value

    @property
    def words(self) -> list[Segment] | None:
        """The word-level diff, for a claim, a quote or a title changed in place."""
        worded = self.name.rsplit(".", 1)[-1] in _WORDED
        if not worded or self.old is None or self.new is None:
            return None
        return word_diff(self.old, self.new)


@dataclass
class RecordChange:
    """An evidence item or a bibliography entry added, removed or changed, and where it is
    written (in the newer revision; in the older one for a removal)."""

    kind: Kind
    name: str
    location: Location
    fields: list[FieldChange] = field(default_factory=list)


def compare_evidence(
    old: Mapping[str, EvidenceItem], new: Mapping[str, EvidenceItem]
) -> list[RecordChange]:
    """Every item added, removed or changed, in the order they are written (removed last)."""
    new_fields = {id_: (item.location, evidence_fields(item)) for id_, item in new.items()}
    for id_, (_, fields) in new_fields.items():
        if id_ in old and sorted(old[id_].restricted) != sorted(new[id_].restricted):
            if fields.get("restricted") == evidence_fields(old[id_]).get("restricted"):
                fields["restricted"] += ", other ones"
    changes = _compare(
        {id_: (item.location, evidence_fields(item)) for id_, item in old.items()}, new_fields
    )
    for change in changes:  # the reviews an item removed had, since no other section shows them
        if change.kind != "removed":
            continue
        history = [e for e in old[change.name].history if e.status != "draft"]
        if history:
            told = "; ".join(describe_entry(entry) for entry in history)
            change.fields.append(FieldChange("reviews", told, None))
    return changes


def compare_bibliography(old: Bibliography, new: Bibliography) -> list[RecordChange]:
    """Every entry added, removed or changed; a field's value as decoded from its LaTeX."""
    return _compare(
        {
            key: (entry.location, {"type": entry.entry_type, **entry.fields})
            for key, entry in old.entries.items()
        },
        {
            key: (entry.location, {"type": entry.entry_type, **entry.fields})
            for key, entry in new.entries.items()
        },
    )


def _compare(
    old: dict[str, tuple[Location, dict[str, str]]],
    new: dict[str, tuple[Location, dict[str, str]]],
) -> list[RecordChange]:
    changes: list[RecordChange] = []
    for name, (location, fields) in sorted(new.items(), key=lambda pair: pair[1][0]):
        if name not in old:
            changes.append(RecordChange("added", name, location, _field_changes({}, fields)))
            continue
        differences = _field_changes(old[name][1], fields)
        if old[name][0].path != location.path:
            differences.insert(0, FieldChange("file", old[name][0].path, location.path))
        if differences:
            changes.append(RecordChange("changed", name, location, differences))
    for name, (location, fields) in sorted(old.items(), key=lambda pair: pair[1][0]):
        if name not in new:
            changes.append(RecordChange("removed", name, location, _field_changes(fields, {})))
    return changes


def _field_changes(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    names = [*new, *(name for name in old if name not in new)]
    return [
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) is None or new.get(name) is None or changed(old[name], new[name])
    ]


def evidence_fields(item: EvidenceItem) -> dict[str, str]:
    """The item as named fields, in the order they are written: `sources[KEY]` for a source
    cited, `sources[KEY].quote` for its quote (`sources[KEY#2]` for a second source citing
    the same key)."""
    fields = {"claim": item.claim}
    if item.date is not None:
        fields["date"] = item.date.isoformat()
    seen: dict[str, int] = {}
    for source in item.sources:
        seen[source.cite] = seen.get(source.cite, 0) + 1
        name = source.cite if seen[source.cite] == 1 else f"{source.cite}#{seen[source.cite]}"
        fields[f"sources[{name}]"] = "cited"
        for part in ("locator", "quote", "quoted_in"):
            value = getattr(source, part)
            if value is not None:
                fields[f"sources[{name}].{part}"] = value
    if item.reliability is not None:
        fields["reliability"] = item.reliability
    if item.confidential:
        fields["confidential"] = "true"
    if item.restricted:
        fields["restricted"] = _restricted(item.restricted)
    return fields  # its reviews are compared on their own (stale.reviews_recorded)


def _restricted(strings: list[str]) -> str:
    """How many restricted strings an item has, never the strings themselves."""
    return f"{len(strings)} {noun_for(len(strings), 'string')} (not shown)"


def masked_records(changes: list[RecordChange], masker: Masker) -> list[RecordChange]:
    """The changes with every restricted string masked in names and values, before any word
    diff is made of them (a name split between words kept and added is masked whole)."""
    masked = []
    for change in changes:
        fields = []
        for f in change.fields:
            old = masker.masked(f.old) if f.old is not None else None
            new = masker.masked(f.new) if f.new is not None else None
            fields.append(
                replace(
                    f,
                    name=masker.mask(f.name),
                    old=old.text if old else None,
                    new=new.text if new else None,
                    restricted=bool(old and old.restricted) or bool(new and new.restricted),
                )
            )
        masked.append(replace(change, name=masker.mask(change.name), fields=fields))
    return masked
