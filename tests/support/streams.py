"""A running command's output, line by line, for tests that must stop waiting: a thread reads
the stream into a queue, and `until` takes lines from it up to the one wanted."""

from __future__ import annotations

import queue
import threading
from typing import IO

import pytest


def lines_of(stream: IO[str]) -> queue.Queue[str]:
    """The stream's lines as they come, read by a thread."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def until(lines: queue.Queue[str], start: str, seconds: float = 30.0) -> list[str]:
    """The lines up to and including the first that starts with `start`; the test fails
    when `seconds` pass without a line."""
    said: list[str] = []
    while not said or not said[-1].startswith(start):
        try:
            said.append(lines.get(timeout=seconds))
        except queue.Empty:
            pytest.fail(f"no line starting {start!r} in {seconds} s; said: {said}")
    return said
