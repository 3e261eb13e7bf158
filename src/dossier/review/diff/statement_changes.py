"""Statement sentences changed between two revisions, each with the citations written in it:
the sentences of each dossier's statement.md are read as every check reads them, then lined
up, so that a reworded sentence shows as one change, word by word, not as a line removed and
a line added."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Literal

from ...base.word_diff import Segment, word_diff
from ...check.disclosure.masking import Masker
from ...load.dossier import LoadedDossier
from ...statement.markdown import parse_statement
from ...statement.sentences import read_blocks

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class WrittenSentence:
    """A sentence of a statement with its citations as written, and the line it starts on."""

    text: str
    citations: tuple[str, ...]  # each bracketed citation, e.g. "[@killings; @sr-2017, p. 3]"
    keys: tuple[str, ...]  # the keys cited, in order
    line: int
    restricted: bool = False  # a restricted string was masked in it

    @property
    def written(self) -> str:
        return " ".join([self.text, *self.citations])


@dataclass
class SentenceChange:
    kind: Kind
    old: WrittenSentence | None
    new: WrittenSentence | None

    @property
    def restricted(self) -> bool:
        """Whether a restricted string was masked in either sentence."""
        return any(s.restricted for s in (self.old, self.new) if s is not None)

    @property
    def words(self) -> list[Segment] | None:
        if self.old is None or self.new is None:
            return None
        return word_diff(self.old.written, self.new.written)


@dataclass
class StatementChange:
    """A dossier's statement: added, removed, or with sentences changed."""

    dossier: str
    kind: Kind
    path: str  # statement.md's path in the newer revision (the older one for a removal)
    sentences: list[SentenceChange] = field(default_factory=list)


def compare_statements(
    old: dict[str, LoadedDossier], new: dict[str, LoadedDossier], masker: Masker
) -> list[StatementChange]:
    """Each statement's sentences, restricted strings masked before they are compared."""
    changes = []
    for name in sorted({*old, *new}):
        before, after = old.get(name), new.get(name)
        if after is None:
            assert before is not None
            changes.append(StatementChange(name, "removed", before.statement_shown))
        elif before is None:
            changes.append(StatementChange(name, "added", after.statement_shown))
        else:
            sentences = compare_sentences(
                _masked(written_sentences(before), masker),
                _masked(written_sentences(after), masker),
            )
            if sentences:
                changes.append(StatementChange(name, "changed", after.statement_shown, sentences))
    return changes


def written_sentences(dossier: LoadedDossier) -> list[WrittenSentence]:
    language = dossier.config.language
    statement = parse_statement(dossier.statement_text, dossier.statement_shown, language)
    sentences = []
    for block in read_blocks(statement, language):
        for sentence in block.sentences:
            text = sentence.text.strip()
            if not text and not sentence.own.citations:
                continue
            leading = len(sentence.text) - len(sentence.text.lstrip())
            citations = tuple(c.raw for c in sentence.own.citations)
            keys = tuple(item.key for c in sentence.own.citations for item in c.items)
            line = block.location(sentence.start + leading).line
            sentences.append(WrittenSentence(text, citations, keys, line))
    return sentences


def _masked(sentences: list[WrittenSentence], masker: Masker) -> list[WrittenSentence]:
    masked = []
    for sentence in sentences:
        parts = [masker.masked(t) for t in (sentence.text, *sentence.citations, *sentence.keys)]
        if not any(p.restricted for p in parts):
            masked.append(sentence)
            continue
        count = len(sentence.citations)
        shown = [p.text for p in parts]
        masked.append(
            replace(
                sentence,
                text=shown[0],
                citations=tuple(shown[1 : 1 + count]),
                keys=tuple(shown[1 + count :]),
                restricted=True,
            )
        )
    return masked


def compare_sentences(
    old: list[WrittenSentence], new: list[WrittenSentence]
) -> list[SentenceChange]:
    """Sentences added, removed or changed; a changed one is paired with the old sentence it
    most resembles in the same place."""
    matcher = difflib.SequenceMatcher(
        a=[s.written for s in old], b=[s.written for s in new], autojunk=False
    )
    changes: list[SentenceChange] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            continue
        changes += _paired(old[a1:a2], new[b1:b2])
    return changes


def _paired(old: list[WrittenSentence], new: list[WrittenSentence]) -> list[SentenceChange]:
    """Pair each new sentence with a resembling old one, in order; the rest are added or
    removed."""
    changes: list[SentenceChange] = []
    start = 0
    for sentence in new:
        match = next(
            (
                index
                for index in range(start, len(old))
                if _resemble(old[index].written, sentence.written)
            ),
            None,
        )
        if match is None:
            changes.append(SentenceChange("added", None, sentence))
            continue
        changes += [SentenceChange("removed", s, None) for s in old[start:match]]
        changes.append(SentenceChange("changed", old[match], sentence))
        start = match + 1
    changes += [SentenceChange("removed", s, None) for s in old[start:]]
    return changes


def _resemble(old: str, new: str) -> bool:
    """Whether two sentences are one sentence reworded: half their words are shared."""
    return difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio() >= 0.5
