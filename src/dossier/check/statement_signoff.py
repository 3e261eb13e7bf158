"""The sign-off of a dossier's statement: what `dossier approve --statement NAME` pins, and
whether it still holds.

A sign-off covers everything the dossier files besides its evidence, in parts:

- each block of the statement (`block N`, numbered from 1 in reading order): a paragraph, a
  heading, a list item (each item of a list is a block of its own), a quotation (`>`), a
  table or a code block. A sentence citing a bibliography entry directly (`[@key]`) is
  covered by its block's sign-off;
- each explanatory note (`note LABEL`, `[^LABEL]: text`);
- the lines no block or note holds (`rest`: link reference definitions, rules), as one;
- each of the dossier's facts (`fact NAME`): every value of dossier.yaml that the output
  prints or that decides how it reads (title, date, session, organizations...), all but
  `statement`, `require_approved` and `review` (which approvals count).

A part's text is its Markdown source with runs of spaces and line breaks made one space, so
that re-wrapping a paragraph changes nothing. Each part has a short digest; the sign-off
(dossiers/NAME/review.yaml, a history like an evidence item's `reviews`, decided by
check.approvals' `current_state`) keeps them with the text each part had, so that a changed
part is shown word by word against what was approved. Blocks are matched by their text, not
their number: a paragraph added before others makes only that paragraph new.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.problem_codes import (
    STALE_STATEMENT_SIGNOFF,
    STATEMENT_NOT_SIGNED_OFF,
    UNVERIFIED_APPROVAL,
)
from ..base.problems import Location, Problem
from ..base.reading.yaml_positions import YamlDocument, load_yaml
from ..base.settings import DOSSIERS_FOLDER, dossier_folder
from ..base.word_diff import marked, word_diff
from ..load.dossier import LoadedDossier
from ..load.models import Review, StatementReview, StatementReviews
from ..load.validate import validate
from .approvals import (
    PART_LENGTH,
    ReviewDigest,
    ReviewState,
    current_state,
    digest_of,
    policy_shortfall,
    standing_entries,
    unverified_approvals,
)

REVIEW_FILE = "review.yaml"
_NOT_FACTS = frozenset({"statement", "require_approved", "review"})
_BLOCKS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "blockquote_open": "quotation",
    "table_open": "table",
    "fence": "code block",
    "code_block": "code block",
    "html_block": "HTML block",
}
_LISTS = ("bullet_list_open", "ordered_list_open")


@dataclass(frozen=True)
class Part:
    """One part of what a sign-off covers: its name (`block 3`, `note a`, `fact title`), its
    kind (paragraph, heading, list item, quotation, note, fact), its text and where it is."""

    name: str
    kind: str
    text: str
    location: Location

    @property
    def digest(self) -> str:
        return digest_of(self.text)[:PART_LENGTH]


@dataclass(frozen=True)
class SignOff:
    """A dossier's statement sign-off history, as read from its review.yaml."""

    path: str  # dossiers/NAME/review.yaml
    history: list[StatementReview]
    document: YamlDocument | None = None

    def location(self, number: int | None) -> Location:
        if self.document is None:
            return Location(self.path)
        return self.document.location(("reviews", number) if number is not None else ())


def _normal(text: str) -> str:
    return " ".join(text.split())


def statement_parts(loaded: LoadedDossier) -> list[Part]:
    """The statement's blocks and notes, then the dossier's facts, in that order."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    source = loaded.statement_text.removeprefix("\ufeff")
    lines = source.splitlines()
    md = MarkdownIt("commonmark").use(footnote_plugin).enable("table")
    path = loaded.statement_shown
    blocks: list[Part] = []
    notes: list[Part] = []
    note_label: str | None = None
    note_lines: list[int] = []
    covered: set[int] = set()
    for token in md.parse(source):
        if token.type == "footnote_open":
            note_label, note_lines = str(token.meta.get("label", "")), []
        elif token.type == "footnote_close" and note_label is not None:
            if note_lines:
                start, end = min(note_lines), max(note_lines)
                text = _normal("\n".join(lines[start:end]))
                notes.append(Part(f"note {note_label}", "note", text, Location(path, start + 1)))
            note_label = None
        elif note_label is not None:
            if token.map:
                note_lines += token.map
        elif token.map and (
            (token.level == 0 and token.type in _BLOCKS)
            or (token.level == 1 and token.type == "list_item_open")
        ):
            kind = _BLOCKS.get(token.type, "list item")
            start, end = token.map
            text = _normal("\n".join(lines[start:end]))
            name = f"block {len(blocks) + 1}"
            blocks.append(Part(name, kind, text, Location(path, start + 1)))
        if token.map:
            covered.update(range(*token.map))
    return blocks + notes + _rest(lines, covered, path) + _facts(loaded)


def _rest(lines: list[str], covered: set[int], path: str) -> list[Part]:
    """The lines no block or note holds (link reference definitions, rules), as one part, so
    that no change to the statement goes unseen."""
    left = [n for n, line in enumerate(lines) if n not in covered and line.strip()]
    if not left:
        return []
    text = "\n".join(lines[n].strip() for n in left)
    return [Part("rest", "lines outside the blocks", text, Location(path, left[0] + 1))]


def _facts(loaded: LoadedDossier) -> list[Part]:
    values = loaded.config.model_dump(mode="json")
    facts = []
    for name, value in values.items():
        if name in _NOT_FACTS or value in (None, [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        facts.append(Part(f"fact {name}", "fact", text, loaded.field_location(name)))
    return facts


def signoff_digest(parts: list[Part]) -> ReviewDigest:
    """The digest of everything signed off, and each part's."""
    whole = digest_of([[p.name, p.text] for p in parts])
    return ReviewDigest("sha256:" + whole, {p.name: p.digest for p in parts})


def review_file(root: Path, name: str) -> Path:
    return dossier_folder(root, name) / REVIEW_FILE


def read_signoff(root: Path, name: str) -> tuple[SignOff, list[Problem]]:
    """The sign-off history of dossier `name` (none when it has no review.yaml)."""
    path = review_file(root, name)
    shown = f"{DOSSIERS_FOLDER}/{name}/{REVIEW_FILE}"
    if not path.exists():
        return SignOff(shown, []), []
    document, problems = load_yaml(path, shown, root)
    if document is None:
        return SignOff(shown, []), problems
    data = document.data if document.data is not None else {}
    reviews, invalid = validate(StatementReviews, data, document)
    if reviews is None:
        return SignOff(shown, [], document), problems + invalid
    return SignOff(shown, reviews.reviews, document), problems


@dataclass(frozen=True)
class Change:
    """A part changed since it was signed off: `then` its approved text (None: added), `now`
    the part as it is (None: removed; then `location` is where it was)."""

    name: str
    kind: str
    location: Location
    then: str | None
    now: str | None

    def describe(self) -> str:
        """The part, as `check` names it: `the paragraph at line 7 (added)`."""
        return f"{self.what()} ({self.verb().split()[-1]})"

    def what(self) -> str:
        if self.now is None:
            return f"the {self.kind} approved as “{_start(self.then or '')}”"
        if self.kind == "fact":
            return f"the fact `{self.name.removeprefix('fact ')}`"
        if self.name == "rest":
            return "the lines outside the statement's blocks (link definitions, rules)"
        return f"the {self.kind} at line {self.location.line}"

    def verb(self) -> str:
        were = "were" if self.name == "rest" else "was"
        if self.then is None:
            return f"{were} added"
        return f"{were} removed" if self.now is None else "changed"

    def diff(self) -> str:
        if self.then is None or self.now is None:
            return self.now if self.then is None else self.then  # type: ignore[return-value]
        return marked(word_diff(self.then, self.now))


def _start(text: str, words: int = 6) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def changes(entry: StatementReview, parts: list[Part]) -> list[Change]:
    """What changed in `parts` since `entry` signed them off, in the statement's order."""
    then_parts = entry.parts
    texts = entry.text
    found: list[Change] = []
    then_blocks = [n for n in then_parts if n.startswith("block ")]
    now_blocks = [p for p in parts if p.name.startswith("block ")]
    matcher = difflib.SequenceMatcher(
        None, [then_parts[n] for n in then_blocks], [p.digest for p in now_blocks], False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = then_blocks[i1:i2], now_blocks[j1:j2]
        for k in range(max(len(old), len(new))):
            if k < len(old) and k < len(new):
                part = new[k]
                found.append(
                    Change(part.name, part.kind, part.location, texts.get(old[k], ""), part.text)
                )
            elif k < len(new):
                part = new[k]
                found.append(Change(part.name, part.kind, part.location, None, part.text))
            else:
                at = new[-1].location if new else _where_removed(now_blocks, j1, parts)
                text = texts.get(old[k], old[k])
                found.append(Change(old[k], _kind_of(text), at, text, None))
    others_now = {p.name: p for p in parts if not p.name.startswith("block ")}
    for part in others_now.values():
        digest = then_parts.get(part.name)
        if digest is None:
            found.append(Change(part.name, part.kind, part.location, None, part.text))
        elif digest != part.digest:
            then = texts.get(part.name, "")
            found.append(Change(part.name, part.kind, part.location, then, part.text))
    for name in then_parts:
        if not name.startswith("block ") and name not in others_now:
            kind = name.split(" ", 1)[0]
            at = parts[0].location if parts else Location("")
            found.append(Change(name, kind, at, texts.get(name, name), None))
    return found


def _kind_of(text: str) -> str:
    """What kind of block an approved block's text was (for a block since removed)."""
    if text.startswith("#"):
        return "heading"
    if text.startswith(">"):
        return "quotation"
    if text.startswith(("```", "~~~")):
        return "code block"
    if text.startswith("|"):
        return "table"
    if re.match(r"^(?:[-*+]|\d{1,9}[.)])(?:\s|$)", text):
        return "list item"
    return "paragraph"


def _where_removed(blocks: list[Part], index: int, parts: list[Part]) -> Location:
    """Where a removed block stood: at the block that now follows it, else the last one."""
    if index < len(blocks):
        return blocks[index].location
    if blocks:
        return blocks[-1].location
    return parts[0].location if parts else Location("")


def signoff_state(signoff: SignOff, parts: list[Part]) -> tuple[ReviewState, list[Change]]:
    """Where the statement's sign-off stands, and (when it was given to an earlier version)
    what changed since."""
    standing = standing_entries(list(signoff.history))
    if not standing:
        return ReviewState("draft"), []
    current = signoff_digest(parts)
    found: list[Change] = []

    def name_changes(entry: Review) -> list[str]:
        assert isinstance(entry, StatementReview)  # the history of a review.yaml
        found[:] = changes(entry, parts)
        return [c.describe() for c in found] or ["something the digest covers"]

    state = current_state(standing, current, name_changes)
    return state, found if state.status in ("stale", "rejected") else []


def _hint(name: str, sign: str = "") -> str:
    return (
        f"read it again, then sign the statement off: `dossier approve --statement {name}{sign}`"
    )


def stale_signoff_problems(loaded: LoadedDossier, root: Path) -> list[Problem]:
    """D804 at each part changed since the statement's sign-off."""
    signoff, problems = read_signoff(root, loaded.name)
    state, found = signoff_state(signoff, statement_parts(loaded))
    if state.status != "stale":
        return problems
    who = state.who()
    for change in found:
        problems.append(
            Problem.of(
                STALE_STATEMENT_SIGNOFF,
                change.location,
                f"the statement of `{loaded.name}` was {who}; since then "
                f"{change.what()} {change.verb()}: {change.diff()}",
                _hint(loaded.name),
                subject=loaded.name,
            )
        )
    return problems


def unsigned_statement_problems(loaded: LoadedDossier, root: Path, why: str) -> list[Problem]:
    """D805 when the statement is not signed off, at each part changed since when its
    sign-off is stale; `why` says what asks for approval."""
    signoff, problems = read_signoff(root, loaded.name)
    state, found = signoff_state(signoff, statement_parts(loaded))
    if state.status == "approved":
        policy, where = loaded.config.review, loaded.document.path
        short = policy_shortfall(_subject(loaded), state, policy, root, where, "sign-off")
        if short is None:
            return problems
        sign = " --sign KEYFILE" if policy.signed else ""
        return problems + [
            Problem.of(
                STATEMENT_NOT_SIGNED_OFF,
                Location(loaded.statement_shown, 1),
                f"the statement of `{loaded.name}` is not signed off, as {why} asks: {short}",
                _hint(loaded.name, sign),
                subject=loaded.name,
            )
        ]
    if state.status == "stale":
        return problems + [
            Problem.of(
                STATEMENT_NOT_SIGNED_OFF,
                change.location,
                f"the statement of `{loaded.name}` is not signed off as it stands, as {why} "
                f"asks: {change.what()} {change.verb()} since it was {state.who()}",
                _hint(loaded.name),
                subject=loaded.name,
            )
            for change in found
        ]
    said = {
        "draft": "it was never signed off",
        "revoked": f"its sign-off was {state.describe()}",
        "rejected": f"it was {state.describe()}",
    }.get(state.status, f"it was only {state.who()}")
    return problems + [
        Problem.of(
            STATEMENT_NOT_SIGNED_OFF,
            Location(loaded.statement_shown, 1),
            f"the statement of `{loaded.name}` is not signed off, as {why} asks: {said}",
            _hint(loaded.name),
            subject=loaded.name,
        )
    ]


def _subject(loaded: LoadedDossier) -> str:
    """What a sign-off of the statement signs (check.signing's subject)."""
    return f"statement {loaded.name}"


def unverified_signoff_problems(loaded: LoadedDossier, root: Path) -> list[Problem]:
    """D806 for each sign-off of the statement that does not verify, under `signed: true`."""
    signoff, _ = read_signoff(root, loaded.name)
    state, _ = signoff_state(signoff, statement_parts(loaded))
    problems = []
    unverified = unverified_approvals(_subject(loaded), state, loaded.config.review, root)
    for number, entry, why in ((u.number, u.entry, u.why) for u in unverified):
        on = f" on {entry.on.isoformat()}" if entry.on else ""
        problems.append(
            Problem.of(
                UNVERIFIED_APPROVAL,
                signoff.location(number),
                f"the sign-off of the statement of `{loaded.name}` by {entry.by}{on} does not "
                f"count, as `review: {{signed: true}}` in {loaded.document.path} asks: {why}",
                f"have {entry.by} sign it off again with their key: `dossier approve "
                f"--statement {loaded.name} --sign KEYFILE`",
                subject=loaded.name,
            )
        )
    return problems


def entry_data(parts: list[Part]) -> dict[str, Any]:
    """What a sign-off entry records of `parts`: the digests and the text of each."""
    digest = signoff_digest(parts)
    return {
        "digest": digest.digest,
        "parts": digest.parts,
        "text": {p.name: p.text for p in parts},
    }
