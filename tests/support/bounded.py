"""The command in a process of its own, bounded in memory and time: for the cases there to
show the tool stays within bounds, so that a regression fails its test instead of taking the
test run down."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from conftest import Run

MEMORY_LIMIT = 1_500_000_000  # bytes of address space a check may use
TIME_LIMIT = 60  # seconds


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(root: Path, args: list[str]) -> Run:
    """The command in a process of its own, bounded in memory and time."""
    done = subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_bounded,
    )
    return Run(done.returncode, done.stdout, done.stderr)
