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

A signal reaches only the main thread. A budget taken in another thread (`serve`'s preview
and PDF builds) is kept by a timer that raises `OutOfTime` in that thread through
PyThreadState_SetAsyncExc, delivered between bytecodes as a signal is; it has no backstop,
which would end the whole server.
"""

from __future__ import annotations

import ctypes
import faulthandler
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TextIO

from .phrasing import noun_for
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
    over: bool = False  # the time ran out (a thread's timer fired, or the block ended)


class _Budgets(threading.local):
    current: _Budget | None = None


_budgets = _Budgets()  # each thread's own budget
_timers_lock = threading.Lock()  # a thread's timer against the end of its block


class OutOfTime(BaseException):
    """The command ran past its time limit. A BaseException, so that no `except Exception`
    on the way up can swallow it."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


def _ring(signum: int, frame: FrameType | None) -> None:
    budget = _budgets.current
    if budget is None or budget.holding:
        return
    raise OutOfTime(_problem(budget))


def _problem(budget: _Budget) -> Problem:
    return Problem.of(
        TIME_LIMIT_EXCEEDED,
        Location(budget.where),
        f"stopped after {budget.seconds:g} {noun_for(budget.seconds, 'second')}, the time limit, "
        f"while {budget.stage}",
        "look for what makes this input so slow to process; if it is only large, raise the "
        "limit with --time-limit SECONDS (or DOSSIER_TIME_LIMIT)",
    )


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the block with a budget of `seconds` (None or 0: no limit)."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_budget(seconds):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _ring)
    _budgets.current = _Budget(seconds, time.monotonic())
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
        _budgets.current = None


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """A budget for a thread other than the main one: a timer raises OutOfTime in it."""
    budget = _Budget(seconds, time.monotonic())
    thread = threading.get_ident()

    def ring() -> None:
        with _timers_lock:
            if budget.over or budget.holding:
                return
            budget.over = True
            _raise_in(thread, _problem(budget))

    _budgets.current = budget
    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with _timers_lock:
            if budget.over:  # fired as the block ended: take back what it has not delivered
                _raise_in(thread, None)
            budget.over = True
        _budgets.current = None


def _raise_in(thread: int, problem: Problem | None) -> None:
    """Raise OutOfTime(problem) in `thread` at its next bytecode (None: cancel it)."""
    error: object = ctypes.c_void_p(None)  # NULL: cancel
    if problem is not None:
        found: Problem = problem

        class OutOfTimeInThread(OutOfTime):
            def __init__(self) -> None:  # Python makes it with no arguments
                super().__init__(found)

        error = ctypes.py_object(OutOfTimeInThread)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), error)


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
    budget = _budgets.current
    if budget is None:
        yield
        return
    before = (budget.stage, budget.where)
    budget.stage, budget.where = description, where
    try:
        yield
    finally:
        budget.stage, budget.where = before


@contextmanager
def not_interrupted() -> Iterator[None]:
    """Run the block to its end even if the time runs out in it."""
    budget = _budgets.current
    if budget is None:
        yield
        return
    with _timers_lock:
        budget.holding = True
    try:
        yield
    finally:
        budget.holding = False


def run_program(
    command: list[str],
    cwd: str | Path,
    stdin: bytes = b"",
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """`subprocess.run` with its output captured, except that whatever stops the wait (the
    command's time limit running out, its own `timeout`) kills the program and reaps it
    before going on: no program of ours is left running, or unreaped, behind a command the
    limit stopped."""
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        try:
            out, err = process.communicate(stdin, timeout=timeout)
        except BaseException:
            process.kill()
            with not_interrupted():
                process.wait()
            raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)
