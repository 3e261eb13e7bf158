"""A time budget for a whole command, so that no input can make it run for ever.

One budget covers the command (`--time-limit`, or DOSSIER_TIME_LIMIT); the stages of the
pipeline say which one is running (`stage`), so that a command stopped at its limit says
where it was: D705 at the file being worked on. Writing outputs is never cut short
(`not_interrupted`): a build whose time runs out while its files are renamed into place
finishes them, so it never stops between two renames.

The limit is a SIGALRM whose handler raises `OutOfTime`, which Python delivers between
bytecodes. Code that holds the interpreter for long in C (a regular expression, say) would
delay it; every pattern run on the user's text is linear for that reason, and as a last
resort faulthandler's watchdog thread, which needs no interpreter, ends the process
`BACKSTOP` seconds after the limit. Where SIGALRM does not exist (Windows) there is no limit.
"""

from __future__ import annotations

import faulthandler
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import TextIO

from .problem_codes import TIME_LIMIT_EXCEEDED
from .problems import Location, Problem

DEFAULT_SECONDS = 600.0
BACKSTOP = 30.0


@dataclass
class _Budget:
    seconds: float
    started: float
    stage: str = "starting"
    where: str = "dossiers"
    holding: bool = False  # writing: the alarm is ignored


_budget: _Budget | None = None


class OutOfTime(BaseException):
    """The command ran past its time limit. A BaseException, so that no `except Exception`
    on the way up can swallow it."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _ring(signum: int, frame: FrameType | None) -> None:
    if _budget is None:
        return
    if _budget.holding:
        return
    raise OutOfTime(_problem(_budget))


def _problem(budget: _Budget) -> Problem:
    return Problem.of(
        TIME_LIMIT_EXCEEDED,
        Location(budget.where),
        f"stopped after {budget.seconds:g} seconds, the time limit, while {budget.stage}",
        "look for what makes this input so slow to process; if it is only large, raise the "
        "limit with --time-limit SECONDS (or DOSSIER_TIME_LIMIT)",
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with a budget of `seconds` (None or 0: no limit)."""
    global _budget
    # A signal can only be handled by the main thread: a build run by a server's worker
    # thread has no budget of this kind (the server bounds its own requests).
    main_thread = threading.current_thread() is threading.main_thread()
    if not seconds or not hasattr(signal, "setitimer") or not main_thread:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _ring)
    _budget = _Budget(seconds, time.monotonic())
    signal.setitimer(signal.ITIMER_REAL, seconds)
    backstop = _process_stderr()
    if backstop is not None:
        faulthandler.dump_traceback_later(seconds + BACKSTOP, exit=True, file=backstop)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if backstop is not None:
            faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)
        _budget = None


def _process_stderr() -> TextIO | None:
    """The process's own standard error, for the last-resort dump: faulthandler writes to a
    file descriptor, which a captured stream (a test's, an embedding program's) may not have."""
    stream = sys.__stderr__
    try:
        if stream is not None:
            stream.fileno()
            return stream
    except (OSError, ValueError):
        pass
    return None


@contextmanager
def stage(description: str, where: str) -> Iterator[None]:
    """Name what the command is doing (`rendering dossier x`) and the file it is at."""
    if _budget is None:
        yield
        return
    before = (_budget.stage, _budget.where)
    _budget.stage, _budget.where = description, where
    try:
        yield
    finally:
        _budget.stage, _budget.where = before


@contextmanager
def not_interrupted() -> Iterator[None]:
    """Run the block to its end even if the time runs out in it."""
    if _budget is None:
        yield
        return
    _budget.holding = True
    try:
        yield
    finally:
        _budget.holding = False
