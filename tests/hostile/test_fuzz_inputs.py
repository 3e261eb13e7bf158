"""Arbitrary text fed to every loader and to the citation parser: they may report problems,
and only problems of our own catalogue; they never raise."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BIB, DOSSIER, EVIDENCE, STATEMENT
from dossier.base.problems import CODES, Problem
from dossier.base.reading.read_input import read_text
from dossier.base.reading.yaml_positions import parse_yaml
from dossier.load.bibtex.bibliography import load_bibliography
from dossier.load.dossier import load_dossier
from dossier.load.evidence import load_evidence_file
from dossier.statement.citations import parse_citation
from dossier.statement.markdown import parse_statement, render_statement

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that mean something to YAML, BibTeX, Markdown or the citation syntax.
SYNTAX = "[]{}()@:;,-–—#*_`\\\"'<>!&|%$~^=+/.?\t\n\r \u00a0\u200b\ufeff"
text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(SYNTAX), max_size=300)


def mutated(valid: str) -> st.SearchStrategy[str]:
    """A valid file with a slice cut out and arbitrary text put in its place."""
    return st.tuples(
        st.integers(0, len(valid)), st.integers(0, 40), text
    ).map(lambda cut: valid[: cut[0]] + cut[2] + valid[cut[0] + cut[1] :])


def assert_ours(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.code in CODES.values(), problem
        assert problem.location.line >= 1 and problem.location.column >= 1, problem


@contextmanager
def written(relative: str, content: str | bytes) -> Iterator[tuple[Path, Path]]:
    """A temporary workspace holding one file: (its root, the file)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        yield root, path


@FUZZ
@given(text | mutated(EVIDENCE) | mutated(DOSSIER))
def test_yaml_parser_never_raises(source):
    _, problems = parse_yaml(source, "x.yaml")
    assert_ours(problems)


@FUZZ
@given(text | mutated(EVIDENCE))
def test_evidence_loader_never_raises(source):
    with written("evidence/claims.yaml", source) as (root, path):
        _, problems = load_evidence_file(path, "evidence/claims.yaml", root)
    assert_ours(problems)


@FUZZ
@given(text | mutated(DOSSIER))
def test_dossier_loader_never_raises(source):
    with written("dossiers/d/dossier.yaml", source) as (root, path):
        (path.parent / "statement.md").write_text(STATEMENT, encoding="utf-8")
        _, problems = load_dossier(root, "d")
    assert_ours(problems)


@FUZZ
@given(text | mutated(BIB))
def test_bibliography_loader_never_raises(source):
    with written("bibliography.bib", source) as (_, path):
        _, problems = load_bibliography(path, "bibliography.bib")
    assert_ours(problems)


@FUZZ
@given(text | mutated(STATEMENT), st.sampled_from(["en", "fr", "es"]))
def test_statement_parser_and_renderer_never_raise(source, language):
    statement = parse_statement(source, "statement.md", language)
    assert_ours(statement.problems)
    render_statement(statement, lambda citation, follows: "<sup>n</sup>")


@FUZZ
@given(text)
def test_citation_parser_never_raises(label):
    items = parse_citation(label)
    assert items is None or all(item.key for item in items)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_as_text_or_as_a_problem(raw):
    with written("evidence/claims.yaml", raw) as (root, path):
        text_read, problems = read_text(path, "evidence/claims.yaml", root)
    assert (text_read is None) == bool(problems)
    assert_ours(problems)
