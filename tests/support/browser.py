"""A page in a real browser: `dossier serve` run as the user runs it, in its own process, and
Debian's Chromium, driven by Playwright, launched headless, as root, with no network of its
own and a fresh profile."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Chromium is not installed; `make test` installs it",
)


def launch(playwright: Any, profile: Path, **options: Any) -> Any:
    """A Chromium browser context with a fresh profile in `profile`."""
    return playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options
    )


@contextmanager
def serving(root: Path, name: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`dossier serve NAME` on any free port of 127.0.0.1, until the block ends: its address
    and its process."""
    command = [sys.executable, "-m", "dossier", "--workspace", str(root), "serve", name]
    process = subprocess.Popen(
        [*command, "--port", "0", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    said = rf"previewing {re.escape(name)} at (http://127\.0\.0\.1:\d+/) \(Ctrl-C stops\)\n"
    found = re.fullmatch(said, first)
    try:
        assert found, first + (process.stderr.read() if process.stderr else "")
        yield found.group(1), process
    finally:
        process.terminate()
        process.communicate(timeout=15)
