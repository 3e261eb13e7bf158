"""Shared fixtures: workspaces written from a table of files; the CLI run in this process
(`run_cli`, click's CliRunner) or in a process of its own (`run_process`); the HTML golden
files; and a test fails on any warning or log record it did not expect."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import importlib
import logging
import os
import pkgutil
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import hypothesis
import pytest
from click.testing import CliRunner

import dossier
from dossier.cli import main

pytest_plugins = ["support.loopback"]  # the `server` fixture

# In CI the property tests draw the same examples every run, so that a run fails only for a
# change, never for the luck of the draw; locally they keep exploring.
hypothesis.settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis.settings.load_profile("ci")

# Import every module now, as `python -m dossier` does before it runs a command, so that what
# a module does to the process when imported (logger levels) happens once, before any test,
# and not during whichever in-process run happens to import it first.
for _module in pkgutil.walk_packages(dossier.__path__, "dossier."):
    if _module.name != "dossier.__main__":  # which would run the command
        importlib.import_module(_module.name)

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write tests/golden/ anew from this build instead of comparing with it",
    )
    parser.addoption(
        "--cli",
        choices=["in-process", "process"],
        default="in-process",
        help="where run_cli runs the command: in the test process (click's CliRunner), or "
        "in a process of its own for each command, as before (slower)",
    )


def pytest_configure(config: pytest.Config) -> None:
    global IN_PROCESS
    IN_PROCESS = config.getoption("--cli") == "in-process"


IN_PROCESS = True


def run_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> Run:
    """The installed command, in its own process, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """The command as a user runs it, its exit status, standard output and error, but run in
    this process by click's CliRunner: a new interpreter would spend most of its time
    importing. Nothing the command does to the process outlives it (see `_isolated`)."""
    if not IN_PROCESS:
        return run_process(*args, cwd=cwd, env=env)
    runner = CliRunner(env=env)
    with _isolated(cwd):
        result = contextvars.copy_context().run(
            runner.invoke, main, list(args), prog_name="dossier", catch_exceptions=True
        )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # where `python -m dossier` would have printed a traceback
    assert "Traceback" not in result.stderr, result.stderr
    return Run(result.exit_code, result.stdout, result.stderr)


def _logging_state() -> dict[str, tuple[object, ...]]:
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return {
        logger.name: (logger.level, logger.propagate, logger.disabled, tuple(logger.handlers))
        for logger in loggers
    }


@contextlib.contextmanager
def _isolated(cwd: Path) -> Iterator[None]:
    """Run in `cwd`, with logging as a new process has it, then put back the folder, the
    environment and the root logger, and fail if the command changed anything else that a
    later command in this process would see: other loggers, the umask, the environment.

    The root logger is the one exception, put back rather than failed on: the CLI configures
    it (logging.basicConfig, its handler writing to the command's standard error), as a
    program's entry point may; a new process starts without a handler for it to find."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    before = _logging_state()
    environment = dict(os.environ)
    umask = os.umask(0o022)
    os.umask(umask)
    folder = os.getcwd()
    root.handlers = []  # pytest's own capture stays out of the way, as in a new process
    root.setLevel(logging.WARNING)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(folder)
        root.handlers, root.level = handlers, level
        changed_umask = os.umask(umask)
        after = _logging_state()
        leaked = {
            name: (state, after.get(name))
            for name, state in before.items()
            if after.get(name) != state
        }
        assert not leaked, f"the command left loggers changed: {leaked}"
        assert changed_umask == umask, f"the command left the umask at {changed_umask:o}"
        assert dict(os.environ) == environment, "the command left the environment changed"


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


def _repository_workspace() -> dict[str, tuple[int, int]]:
    """The repository's own workspace and its build/: each file's size and time of change."""
    found = {}
    for name in ("bibliography.bib", "evidence", "dossiers", "build"):
        top = REPO / name
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(REPO).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def _the_repository_is_left_as_it_was() -> Iterator[None]:
    """No test writes into the repository's examples or its build/: a test that builds them
    builds a copy (copy_examples). Tests running side by side (pytest -n) cannot collide."""
    before = _repository_workspace()
    yield
    assert _repository_workspace() == before, "a test changed the repository's workspace"


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _no_unexpected_log_records(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like warnings (filterwarnings = error), a warning or error logged while a test runs,
    by dossier or a library it calls, fails the test; a test that expects one says so with
    caplog and clears what it checked (caplog.clear())."""
    yield
    unexpected = [
        f"{record.name} {record.levelname}: {record.getMessage()}"
        for when in ("setup", "call")
        for record in caplog.get_records(when)
        if record.levelno >= logging.WARNING
    ]
    assert not unexpected, f"unexpected log records: {unexpected}"
