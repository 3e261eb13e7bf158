"""The corpus of broken inputs: each case under tests/broken/ is a change to a valid workspace
(files/ laid over it, `delete` listing files to remove), run through the CLI. `expected` is
the whole of what the user is told.

Each case must fail with exit status 1, never with a traceback, and every problem must name
a file and a line. Cases too large to keep in git (a 50 MB file) are made by the tests below.

The cases that are there to show the tool stays within bounds (a 50 MB file, deep nesting,
an alias bomb, ten thousand items) run in a process of their own, bounded in memory and time,
so that a regression fails the test instead of taking the test run down; the rest run in
this process (conftest.run_cli).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import (
    DOSSIER,
    EVIDENCE,
    REPO,
    SNAPSHOT,
    SNAPSHOT_PATH,
    STATEMENT,
    Run,
    files,
    run_cli,
    without_excerpts,
)
from support.bounded import run_bounded

CORPUS = REPO / "tests" / "broken"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
BOUNDED_CASES = {"yaml-alias-bomb"}  # what it would take without the guard is the point
PROBLEM = re.compile(r"^(\S.*?):(\d+):(\d+): (error|warning|note)\[D\d{3}\]: \S")


def lay_out(root: Path, case: Path) -> None:
    """The valid workspace of conftest.files(), with the case's changes applied."""
    for relative, text in files().items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    if (case / "files").is_dir():  # git keeps no empty folder: a case may only delete
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    deleted = case / "delete"
    for relative in deleted.read_text().split() if deleted.exists() else []:
        (root / relative).unlink()


def run_case(case: Path, root: Path) -> Run:
    lay_out(root, case)
    given = case / "args"
    args = given.read_text().split() if given.exists() else ["check"]
    if case.name in BOUNDED_CASES:
        return run_bounded(root, args)
    return run_cli(*args, cwd=root)


def assert_clear_failure(done: Run) -> list[str]:
    """Exit 1, no traceback, and each problem at a path and line; returns the problem lines."""
    assert done.code == 1, done.err
    assert "Traceback" not in done.err and "Error:" not in done.err, done.err
    told = without_excerpts(done.err)
    problems = [line for line in told.splitlines() if not line.startswith("  hint: ")]
    summary = problems.pop()
    assert re.fullmatch(r"\d+ errors? (and \d+ warnings? )?found( \(\d+ notes?\))?", summary)
    assert problems
    for line in problems:
        assert PROBLEM.match(line), line
    return problems


@pytest.mark.parametrize("name", CASES)
def test_broken_input_gets_one_clear_line_per_problem(name, tmp_path):
    case = CORPUS / name
    done = run_case(case, tmp_path)
    assert_clear_failure(done)
    assert done.err == (case / "expected").read_text(encoding="utf-8")


def test_the_corpus_has_enough_cases():
    assert len(CASES) >= 80


FIFTY_MB = 50_000_000


@pytest.mark.parametrize(
    ("relative", "line", "where"),
    [
        ("evidence/claims.yaml", "# padding\n", "evidence/claims.yaml:1:1"),
        ("bibliography.bib", "% padding\n", "bibliography.bib:1:1"),
        # the statement: at the line of dossier.yaml that names it
        ("dossiers/test/statement.md", "Padding.\n", "dossiers/test/dossier.yaml:10:12"),
        ("dossiers/test/dossier.yaml", "# padding\n", "dossiers/test/dossier.yaml:1:1"),
    ],
)
def test_a_fifty_megabyte_input_is_refused_before_it_is_read(tmp_path, relative, line, where):
    for path, text in files().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    with (tmp_path / relative).open("a", encoding="utf-8") as stream:
        stream.write(line * (FIFTY_MB // len(line)))
    done = run_bounded(tmp_path, ["check"])
    problems = assert_clear_failure(done)
    assert problems[0] == (
        f"{where}: error[D110]: {relative} is 50 MB, over the 10 MB limit"
    ), done.err
    assert "raise the limit with --max-file-size (e.g. --max-file-size 100MB)" in done.err


def test_the_size_limit_can_be_raised_or_lowered(tmp_path):
    for path, text in files().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    done = run_cli("--max-file-size", "100", "check", cwd=tmp_path)
    problems = assert_clear_failure(done)
    assert f"dossiers/test/dossier.yaml:1:1: error[D110]: dossiers/test/dossier.yaml is " \
        f"{len(DOSSIER)} bytes, over the 100 bytes limit" in problems
    done = run_cli("--max-snapshot-size", "10", "check", cwd=tmp_path)
    assert (
        f"bibliography.bib:6:3: error[D110]: {SNAPSHOT_PATH} is {len(SNAPSHOT)} bytes, "
        "over the 10 bytes limit\n  hint: raise the limit with --max-snapshot-size "
        "(e.g. --max-snapshot-size 1MB)\n"
    ) in without_excerpts(done.err)
    done = run_cli("--max-file-size", "lots", "check", cwd=tmp_path)
    assert done.code == 2
    assert "'lots' is not a size; write it as 500KB, 10MB or 1GB" in done.err


@pytest.mark.parametrize(
    ("nested", "column"),
    [("[" * 100_000 + "]" * 100_000, 101), ("- " * 100_000 + "x", 201), ("{a: " * 50_000, 401)],
)
def test_deep_nesting_is_an_error_not_a_crash(tmp_path, nested, column):
    for path, text in files({"evidence/claims.yaml": nested}).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    problems = assert_clear_failure(run_bounded(tmp_path, ["check"]))
    assert [p for p in problems if p.startswith("evidence/")] == [
        f"evidence/claims.yaml:1:{column}: error[D102]: YAML nested too deeply to read"
    ]


def test_ten_thousand_evidence_items_are_checked_within_bounds(tmp_path):
    item = EVIDENCE.replace("id: killings", "id: killings-{n}")
    many = "".join(item.replace("{n}", str(n)) for n in range(10_000))
    statement = STATEMENT.replace("[@killings]", "[@killings-7]")
    for path, text in files(
        {"evidence/claims.yaml": many, "dossiers/test/statement.md": statement}
    ).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    done = run_bounded(tmp_path, ["--max-file-size", "50MB", "check"])
    assert done.code == 0, done.err[-2000:]
