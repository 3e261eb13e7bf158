"""Whether a dossier is still a draft: every fact left unfilled and every placeholder left in
its dossier.yaml or its statement, each with where it is written. A draft's outputs say Draft
and carry nothing that makes them look issued by the UN; `--final` refuses one.

Placeholders are: the facts listed under `unstated:` (the dossier's and each organisation's),
values written «between guillemets» (as `dossier new` writes them), text in square brackets
such as `[Example submitting organization]` or `[Cycle: …]`, and the words "to be filled in"
(or, in dossier.yaml, "not stated"). Square brackets that Markdown gives a meaning are not
placeholders: `[@key]` citations, `[^note]` marks, links and `[uncited: …]` are tokens of their
own by the time the statement's text is read here; nor are an editor's brackets: `[…]` (an
omission), `[sic]`, `[T]he` (a letter changed) and any bracket inside a quotation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..base.problem_codes import FACT_LEFT_UNSTATED, PLACEHOLDER_LEFT_IN_TEXT
from ..base.problems import Location, Problem, Severity
from ..base.reading.yaml_positions import YamlPath
from ..load.dossier import LoadedDossier
from ..statement.markdown import Statement
from ..statement.positions import InlineSource
from .venue_rules import Placeholder, marked_placeholders, placeholders

# A bracket that no Markdown construct took: its text, with no other bracket inside, nor a
# citation or note mark (\u2063 stands for one: brackets around a citation are D308's).
_BRACKETED = re.compile(r"\[([^\[\]\n\u2063]{1,200})\]")
_PHRASES_IN_TEXT = re.compile(r"\bto be filled in\b", re.I)
_PHRASES_IN_FACTS = re.compile(r"\b(?:to be filled in|not stated)\b", re.I)
_EDITORIAL = re.compile(
    r"(?:…|\.\.\.|sic|emphasis (?:added|in original)|footnote omitted|citations? omitted)\.?",
    re.I,
)
_OPENING_QUOTES = "“«‘"
_CLOSING_QUOTES = "”»’"
# Fields of dossier.yaml that are not facts a reader is given.
_NOT_FACTS = {"profile", "statement", "language", "notes", "unstated", "review"}
# The codes of the problems that make a dossier a draft: warnings, errors with --final.
DRAFT_CODES = (FACT_LEFT_UNSTATED, PLACEHOLDER_LEFT_IN_TEXT)


def unfilled(loaded: LoadedDossier, statement: Statement) -> list[Placeholder]:
    """Everything that makes the dossier a draft, in file order: its facts left unstated,
    its placeholder values, then the placeholders in its statement."""
    found = placeholders(loaded) + marked_placeholders(loaded) + _text_in_facts(loaded)
    return sorted(found, key=lambda p: p.location) + _text_in_statement(statement)


def placeholder_text_problems(loaded: LoadedDossier, statement: Statement) -> list[Problem]:
    """The placeholders written in text (brackets, "to be filled in"), as warnings; the facts
    left unstated and the «marked» values are reported by venue_rules.placeholder_problems."""
    return [
        Problem.of(
            PLACEHOLDER_LEFT_IN_TEXT,
            found.location,
            f"{found.name} is a placeholder: {found.sentence}",
            "write the real text in its place before filing; until then the outputs say Draft",
            subject=loaded.name,
        )
        for found in _text_in_facts(loaded) + _text_in_statement(statement)
    ]


def as_final(problems: list[Problem]) -> list[Problem]:
    """The problems as `--final` sees them: every placeholder an error, with what to do."""
    return [
        replace(
            p,
            severity=Severity.ERROR,
            hint=f"{p.hint}; `--final` refuses a draft" if p.hint else "`--final` refuses a draft",
        )
        if p.code in DRAFT_CODES
        else p
        for p in problems
    ]


def placeholders_in(text: str, phrases: re.Pattern[str] = _PHRASES_IN_FACTS) -> list[str]:
    """The placeholders in `text`, in order: bracketed parts, and phrases outside them."""
    brackets = [m for m in _BRACKETED.finditer(text) if _placeholder_bracket(text, m)]
    found = [(m.start(), m.group(0)) for m in brackets]
    found += [
        (m.start(), m.group(0))
        for m in phrases.finditer(text)
        if not any(b.start() <= m.start() < b.end() for b in brackets)
    ]
    return [placeholder for _, placeholder in sorted(found)]


def _placeholder_bracket(text: str, match: re.Match[str]) -> bool:
    inside = match.group(1).strip()
    after = text[match.end() : match.end() + 1]
    if not inside or _EDITORIAL.fullmatch(inside) or inside.startswith(("@", "-@", "^")):
        return False
    if after.isalnum() or after == "(" or len(inside) == 1:  # [T]he; a link's text
        return False
    before = text[: match.start()]
    opened = sum(before.count(q) for q in _OPENING_QUOTES)
    closed = sum(before.count(q) for q in _CLOSING_QUOTES)
    return opened <= closed  # not an editor's insertion inside a quotation


def _text_in_facts(loaded: LoadedDossier) -> list[Placeholder]:
    """Values of dossier.yaml holding a placeholder, but for the «marked» ones (reported
    already) and the fields that are not facts."""
    document = loaded.document
    found = []
    for path, at in document.values.items():
        if not path or path[0] in _NOT_FACTS or "unstated" in path:
            continue
        value = _value_at(document.data, path)
        if not isinstance(value, str) or (value.startswith("«") and value.endswith("»")):
            continue
        if placeholders_in(value):
            found.append(Placeholder(f"`{_field_name(path)}`", value.strip(), at))
    return found


def _text_in_statement(statement: Statement) -> list[Placeholder]:
    lines = statement.source.split("\n")
    found = []
    for block in statement.tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        source, cursor = InlineSource(statement.path, lines, block), 0
        text = "".join(t.content if t.type == "text" else "\u2063" for t in block.children)
        for placeholder in placeholders_in(text, _PHRASES_IN_TEXT):
            at = source.find(placeholder, cursor)
            cursor = at + len(placeholder) if at >= 0 else cursor
            where = source.location(at) if at >= 0 else Location(statement.path, block.map[0] + 1)
            found.append(Placeholder("the statement's text", placeholder, where))
    return found


def _value_at(data: Any, path: YamlPath) -> Any:
    value = data
    for step in path:
        value = value[step]
    return value


def _field_name(path: YamlPath) -> str:
    return ".".join(f"{s + 1}" if isinstance(s, int) else str(s) for s in path)
