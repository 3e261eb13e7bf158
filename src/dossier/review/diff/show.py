"""A workspace diff as a reader meets it: text for a terminal (coloured only when the terminal
shows colour: click drops the styles otherwise), Markdown for a pull-request comment. One
layout for both; a Style says how each part is marked."""

from __future__ import annotations

import re

import click

from ...base.phrasing import noun_for
from ...base.word_diff import Segment
from ...check.approvals import describe_entry
from .diff_revisions import WorkspaceDiff
from .notes_facts import ALLOWED_SIGNERS_FILE, FactChange, NoteChange
from .records import FieldChange, RecordChange
from .snapshot_changes import SnapshotChange
from .statement_changes import SentenceChange, StatementChange

_COLOURS = {
    "added": "green",
    "removed": "red",
    "changed": "yellow",
    "stale": "red",
    "approved": "green",
    "checked": "green",
    "rejected": "red",
    "revoked": "red",
    "erased": "red",
    "unsigned": "red",
}


class TextStyle:
    """Plain text, git's word-diff marks ([-removed-]{+added+}), colour via click.style."""

    def title(self, text: str) -> str:
        return click.style(text, bold=True)

    def section(self, text: str) -> str:
        return "\n" + click.style(text, bold=True)

    def entry(self, kind: str, name: str, where: str) -> str:
        label = click.style(f"{kind:<8}", fg=_COLOURS.get(kind))
        return f"  {label} {name}  {where}".rstrip()

    def detail(self, text: str) -> str:
        return f"      {text}"

    def text(self, text: str) -> str:
        return text

    def name(self, text: str) -> str:
        return text

    def removed(self, text: str) -> str:
        return click.style(f"[-{text}-]", fg="red")

    def added(self, text: str) -> str:
        return click.style(f"{{+{text}+}}", fg="green")


# Characters that Markdown (and GitHub's HTML) would read as markup.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _html_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MarkdownStyle:
    """GitHub-flavoured Markdown: headings, nested lists, <del> and <ins> for word changes.
    No text adds markup: HTML is escaped everywhere (a revision's name may hold `<`)."""

    def title(self, text: str) -> str:
        return f"### {_html_escaped(text)}"

    def section(self, text: str) -> str:
        return f"\n#### {_html_escaped(text)}\n"

    def entry(self, kind: str, name: str, where: str) -> str:
        return f"- **{kind}** {name} {self.text(where)}".rstrip()

    def detail(self, text: str) -> str:
        return f"  - {text}"

    def text(self, text: str) -> str:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", _html_escaped(text))

    def name(self, text: str) -> str:
        return f"`{text}`" if "`" not in text else self.text(text)

    def removed(self, text: str) -> str:
        return f"<del>{self.text(text)}</del>"

    def added(self, text: str) -> str:
        return f"<ins>{self.text(text)}</ins>"


Style = TextStyle | MarkdownStyle


def show_diff(diff: WorkspaceDiff, style: Style) -> str:
    lines = [style.title(f"Changes from {diff.old.shown} to {diff.new.shown}")]
    if diff.empty:
        lines.append(
            style.text(
                "No change to the evidence, bibliography, snapshots, statements, notes, "
                "dossier facts, allowed signers or reviews."
            )
        )
    lines += _records("Evidence", diff.evidence, style)
    lines += _records("Bibliography", diff.bibliography, style)
    lines += _snapshots(diff.snapshots, style)
    lines += _statements(diff.statements, style)
    lines += _notes(diff.notes, style)
    lines += _facts(diff.facts, style)
    lines += _signers(diff, style)
    lines += _reviews(diff, style)
    lines += _stale(diff, style)
    lines += _stale_on_the_way(diff, style)
    # Masked as the diff was made; what else names a restricted string (a path) masked here.
    return "\n".join(diff.masker.mask(line) for line in lines)


def _count(changes: list[str]) -> str:
    counts = {kind: changes.count(kind) for kind in ("added", "removed", "changed")}
    return ", ".join(f"{number} {kind}" for kind, number in counts.items() if number)


def _records(heading: str, changes: list[RecordChange], style: Style) -> list[str]:
    if not changes:
        return []
    lines = [style.section(f"{heading}: {_count([c.kind for c in changes])}")]
    for change in changes:
        was = "was at " if change.kind == "removed" else ""
        where = f"({was}{change.location})"
        lines.append(style.entry(change.kind, style.name(change.name), where))
        lines += [style.detail(_field(f, change.kind, style)) for f in change.fields]
    return lines


def _field(change: FieldChange, kind: str, style: Style) -> str:
    label = style.text(f"{change.name}:")
    if kind != "changed":
        return f"{label} {style.text(change.new if change.new is not None else change.old or '')}"
    if change.old is None:
        return f"{label} {style.added(change.new or '')}"
    if change.new is None:
        return f"{label} {style.removed(change.old)}"
    words = change.words
    if words is not None:
        return f"{label} {_segments(words, style)}"
    return f"{label} {style.text(change.old)} → {style.text(change.new)}"


def _segments(segments: list[Segment], style: Style) -> str:
    shown = {"=": style.text, "-": style.removed, "+": style.added}
    return " ".join(shown[s.op](s.text) for s in segments)


def _snapshots(changes: list[SnapshotChange], style: Style) -> list[str]:
    if not changes:
        return []
    lines = [style.section(f"Snapshots: {len(changes)} re-captured")]
    for change in changes:
        moved = "" if change.old_path == change.new_path else f"{change.old_path} → "
        where = f"({moved}{change.new_path})"
        lines.append(style.entry("changed", style.name(change.key), where))
        lines.append(style.detail(style.text(f"{change.old_digest} → {change.new_digest}")))
        lines += [style.detail(_segments(hunk, style)) for hunk in change.hunks]
        if change.more_hunks:
            lines.append(style.detail(style.text(f"and {change.more_hunks} more changes")))
        if change.unreadable:
            lines.append(style.detail(style.text(change.unreadable)))
    return lines


def _statements(changes: list[StatementChange], style: Style) -> list[str]:
    if not changes:
        return []
    count = sum(len(c.sentences) for c in changes)
    lines = [style.section(f"Statements: {count} {noun_for(count, 'sentence')} changed")]
    for change in changes:
        if change.kind != "changed":
            lines.append(style.entry(change.kind, style.name(change.dossier), f"({change.path})"))
            continue
        lines.append(style.entry("changed", style.name(change.dossier), f"({change.path})"))
        lines += [style.detail(_sentence(s, style)) for s in change.sentences]
    return lines


def _sentence(change: SentenceChange, style: Style) -> str:
    if change.old is not None and change.new is not None:
        return f"line {change.new.line}: {_segments(change.words or [], style)}"
    if change.new is not None:
        return f"line {change.new.line}: {style.added(change.new.written)}"
    assert change.old is not None
    return f"was line {change.old.line}: {style.removed(change.old.written)}"


def _notes(changes: list[NoteChange], style: Style) -> list[str]:
    if not changes:
        return []
    lines = [style.section(f"Explanatory notes: {_count([c.kind for c in changes])}")]
    for change in changes:
        was = "was at " if change.kind == "removed" else ""
        where = f"({was}{change.path}:{change.line})"
        lines.append(style.entry(change.kind, style.name(f"[^{change.label}]"), where))
        old, new = (
            (change.old.text if change.old else None),
            (change.new.text if change.new else None),
        )
        lines.append(_words_changed(old, new, change.words, style))
    return lines


def _facts(changes: list[FactChange], style: Style) -> list[str]:
    if not changes:
        return []
    lines = [style.section(f"Dossier facts: {_count([c.kind for c in changes])}")]
    for change in changes:
        was = "was at " if change.kind == "removed" else ""
        where = f"({was}{change.location})"
        name = style.name(f"{change.dossier}: {change.key}")
        lines.append(style.entry(change.kind, name, where))
        lines.append(_words_changed(change.old, change.new, change.words, style))
    return lines


def _words_changed(
    old: str | None, new: str | None, words: list[Segment] | None, style: Style
) -> str:
    """A text changed (word by word), added or removed, as one detail line."""
    if old is not None and new is not None:
        return style.detail(_segments(words or [], style))
    if new is not None:
        return style.detail(style.added(new))
    assert old is not None
    return style.detail(style.removed(old))


def _signers(diff: WorkspaceDiff, style: Style) -> list[str]:
    change = diff.signers
    if change is None:
        return []
    if change.too_long:
        told = "too long to compare line by line"
    else:
        told = ", ".join(
            f"{len(lines)} {noun_for(len(lines), 'line')} {kind}"
            for kind, lines in (("added", change.added), ("removed", change.removed))
            if lines
        )
    lines = [style.section(f"Allowed signers ({ALLOWED_SIGNERS_FILE}, {change.kind}): {told}")]
    lines += [style.detail(style.removed(line)) for line in change.removed]
    lines += [style.detail(style.added(line)) for line in change.added]
    for approval in diff.unverified:
        where = f"({approval.location})"
        lines.append(style.entry("unsigned", style.name(approval.id), where))
        said = f"{describe_entry(approval.entry)} no longer verifies: {approval.why}"
        lines.append(style.detail(style.text(said)))
    return lines


def _reviews(diff: WorkspaceDiff, style: Style) -> list[str]:
    if not diff.reviews:
        return []
    counts = {c: sum(r.change == c for r in diff.reviews) for c in ("recorded", "erased")}
    told = ", ".join(f"{number} {change}" for change, number in counts.items() if number)
    lines = [style.section(f"Reviews: {told}")]
    for review in diff.reviews:
        kind = review.entry.status if review.change == "recorded" else "erased"
        lines.append(style.entry(kind, style.name(review.id), f"({review.location})"))
        said = describe_entry(review.entry)
        erased = "erased from the history: " if review.change == "erased" else ""
        lines.append(style.detail(style.text(erased + said)))
    return lines


def _stale(diff: WorkspaceDiff, style: Style) -> list[str]:
    if not diff.stale:
        return []
    lines = [style.section(f"Approvals made stale: {len(diff.stale)}")]
    for stale in diff.stale:
        lines.append(style.entry("stale", style.name(stale.id), f"({stale.location})"))
        given = f"{stale.status} by {stale.by} on {stale.on} at {diff.old.shown}"
        changed = f"; changed since: {', '.join(stale.changed)}" if stale.changed else ""
        lines.append(style.detail(style.text(given + changed)))
    return lines


def _at(commit: str | None) -> str:
    return "the working tree" if commit is None else commit[:10]


def _stale_on_the_way(diff: WorkspaceDiff, style: Style) -> list[str]:
    walk = diff.walk
    capped = (
        f"only {walk.walked} of the range's {walk.steps} commits were walked (the first "
        f"{walk.walked - 1} and the last): an approval made stale at another may be missing"
    )
    if not walk.found and not walk.capped:
        return []
    lines = [style.section(f"Approvals made stale inside the range: {len(walk.found)}")]
    if walk.capped:
        lines.append(style.text(capped))
    for event in walk.found:
        where = f"({event.location})"
        lines.append(style.entry("stale", style.name(event.id), where))
        given = f"{event.status} by {event.by} on {event.on}, stale at {_at(event.commit)}"
        changed = f"; changed: {', '.join(event.changed)}" if event.changed else ""
        lines.append(style.detail(style.text(given + changed)))
        if event.given_again is not None:
            again = f"given again: {event.given_again} at {_at(event.again_at)}"
        elif event.removed_at is not None:
            removed = "dossier" if event.statement is not None else "item"
            again = f"not given again: the {removed} was removed at {_at(event.removed_at)}"
        else:
            again = f"not given again by {diff.new.shown}"
        lines.append(style.detail(style.text(again)))
    return lines
