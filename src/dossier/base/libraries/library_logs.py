"""What the libraries dossier calls (bibtexparser, pypdf, WeasyPrint) log, held for one call.

Those libraries report through the `logging` module what dossier reports itself, better
located and with a hint. Silencing them by a logger level, or by switching a logger's
propagation off and on, would change logging for the whole process: a server running two
builds at once, or an application embedding dossier, would lose or gain messages depending
on which build last touched the switch. Instead `held("pypdf")` holds, for the current
thread and context only, every record of the named library while the block runs, and gives
them to the caller; records emitted elsewhere, at the same time, pass through untouched.

The mechanism is a filter on each logger of the library, installed on first use and never
removed: outside a `held` block it lets every record through, so it changes nothing that
anyone can observe, and no logger's level or propagation is ever set.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The blocks open in this context, innermost last: (library, records held for that block).
_open_blocks: ContextVar[tuple[tuple[str, list[logging.LogRecord]], ...]] = ContextVar(
    "held_library_logs", default=()
)
_installing = threading.Lock()
_installed: set[str] = set()  # logger names that carry the filter


class _HoldInThisContext(logging.Filter):
    """Keep a record from its logger's handlers when the context that emits it holds it."""

    def filter(self, record: logging.LogRecord) -> bool:
        for library, records in reversed(_open_blocks.get()):
            if record.name == library or record.name.startswith(library + "."):
                records.append(record)
                return False
        return True


_FILTER = _HoldInThisContext()


@contextmanager
def held(library: str) -> Iterator[list[logging.LogRecord]]:
    """Within the block, and only in the current thread and context, records of the logger
    `library` and its children are collected into the list yielded instead of being shown.
    Import the library before entering the block, so that its loggers exist."""
    _install(library)
    records: list[logging.LogRecord] = []
    token = _open_blocks.set((*_open_blocks.get(), (library, records)))
    try:
        yield records
    finally:
        _open_blocks.reset(token)


def _install(library: str) -> None:
    """Put the filter on the library's logger and on each logger below it: those that exist,
    and those named after its modules (pypdf names the logger of a warning after the module
    that gives it, and creates it only then). A logger's filters see only the records that
    logger emits, not those its children pass up, hence one filter on each."""
    names = {library}
    names |= {n for n in logging.Logger.manager.loggerDict if n.startswith(library + ".")}
    names |= {n for n in list(sys.modules) if n.startswith(library + ".")}
    with _installing:
        for name in sorted(names - _installed):
            logging.getLogger(name).addFilter(_FILTER)
            _installed.add(name)
