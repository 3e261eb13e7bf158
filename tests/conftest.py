"""Shared fixtures: workspaces written from a table of files, and the real CLI in a subprocess."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["loopback"]  # the `server` fixture

REPO = Path(__file__).resolve().parent.parent

# A captured copy of the report the evidence quotes, as text extracted from its PDF.
SNAPSHOT_PATH = "evidence/snapshots/sr-2017.txt"
SNAPSHOT = """\
109. Over the years, a high number of reports have been issued about the 1988
massacres. If the number of persons who disappeared and were executed can be
disputed, overwhelming evidence shows that thousands of persons were summa-
rily killed.
"""
SNAPSHOT_SHA256 = hashlib.sha256(SNAPSHOT.encode()).hexdigest()

BIB = f"""\
@report{{sr-2017,
  author = {{{{Special Rapporteur on Iran}}}},
  title = {{Situation of human rights in the Islamic Republic of Iran}},
  date = {{2017}},
  symbol = {{A/72/322}},
  snapshot = {{{SNAPSHOT_PATH}}},
  sha256 = {{{SNAPSHOT_SHA256}}},
}}
@online{{amnesty-2018,
  author = {{{{Amnesty International}}}},
  title = {{Blood-soaked secrets}},
  date = {{2018-12-04}},
  url = {{https://www.amnesty.org/en/documents/mde13/9421/2018/en/}},
  urldate = {{2025-11-20}},
}}
"""

EVIDENCE = """\
- id: killings
  claim: Thousands of prisoners were summarily killed in 1988.
  sources:
    - cite: sr-2017
      locator: para. 109
      quote: thousands of persons were summarily killed
"""

DOSSIER = """\
profile: hrc-written-statement
title: A test statement
language: en
date: 2025-12-01
session: {number: 61, start: 2026-02-23, end: 2026-04-02}
agenda_item: 4
submitted_by:
  - name: Test Association
    status: special
statement: statement.md
"""

STATEMENT = """\
# Findings

Thousands were killed [@killings]. Amnesty called for an inquiry.[@amnesty-2018, p. 12]
"""


def files(changes: dict[str, str | None] | None = None) -> dict[str, str]:
    """A valid one-dossier workspace; `changes` replaces files, or drops those set to None."""
    base = {
        "bibliography.bib": BIB,
        "evidence/claims.yaml": EVIDENCE,
        "dossiers/test/dossier.yaml": DOSSIER,
        "dossiers/test/statement.md": STATEMENT,
        SNAPSHOT_PATH: SNAPSHOT,
    }
    for path, text in (changes or {}).items():
        if text is None:
            base.pop(path, None)
        else:
            base[path] = text
    return base


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    def make(contents: dict[str, str]) -> Path:
        root = tmp_path / "ws"
        (root / "dossiers").mkdir(parents=True, exist_ok=True)
        for relative, text in contents.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def problems(self) -> str:
        """Standard error without the excerpts under each problem: the locations, messages,
        hints and summary, for tests about those."""
        return without_excerpts(self.err)


def without_excerpts(text: str) -> str:
    """`text` without the two lines (source line, caret) a problem shows its place with."""
    return "".join(line for line in text.splitlines(True) if not line.startswith("    "))


def run_cli(*args: str, cwd: Path, timeout: float = 120) -> Run:
    """The installed command, in its own process, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def copy_examples(root: Path) -> Path:
    """The repository's example workspace, copied to `root`, its files writable."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("bibliography.bib", "evidence", "dossiers"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return root


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A fresh copy of the example workspace, for one test to change."""
    return copy_examples(tmp_path / "examples")


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's example workspace, built once for the PDF tests."""
    root = copy_examples(tmp_path_factory.mktemp("examples"))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root
