"""Builds share a process, as they will in a live-preview server: two at once give the bytes
of two one after the other, and the library changes nothing process-wide (no logger level,
no umask) that another build, or the application embedding it, would notice."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from conftest import copy_examples
from dossier.base.libraries.library_logs import held
from dossier.base.settings import BuildSettings
from dossier.build import BuildRequest, build
from dossier.record.write_files import write_together

FIRST = "hrc-1988-massacre-accountability"
SECOND = "hrc-2025-third-committee-resolution"


def built_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file() and ".cache" not in p.parts  # the text cache: not an output
    }


def in_french(root: Path) -> Path:
    """The second example, written in French: the two builds use two languages' wording."""
    dossier = root / "dossiers" / SECOND / "dossier.yaml"
    text = dossier.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    dossier.write_text(text.replace("\nlanguage: en\n", "\nlanguage: fr\n"), encoding="utf-8")
    return root


def test_two_builds_at_once_give_the_bytes_of_two_in_turn(tmp_path):
    one_then_other = [copy_examples(tmp_path / "a"), in_french(copy_examples(tmp_path / "b"))]
    build(BuildRequest(one_then_other[0], (FIRST,), BuildSettings.from_environment()))
    build(BuildRequest(one_then_other[1], (SECOND,), BuildSettings.from_environment()))
    expected = [built_files(root) for root in one_then_other]
    assert [len(files) for files in expected] == [4, 4]  # PDF, Word, HTML, manifest

    assert "Conseil des droits de l’homme".encode() in expected[1][f"build/{SECOND}/{SECOND}.html"]
    at_once = [copy_examples(tmp_path / "c"), in_french(copy_examples(tmp_path / "d"))]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def run(root: Path, name: str) -> None:
        try:
            start.wait(timeout=30)
            build(BuildRequest(root, (name,), BuildSettings.from_environment()))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)

    threads = [
        threading.Thread(target=run, args=(root, name))
        for root, name in zip(at_once, [FIRST, SECOND], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert [built_files(root) for root in at_once] == expected


def test_importing_and_building_changes_no_logger(tmp_path):
    """In a fresh interpreter: every logger's level, propagation and handlers, and the root
    logger's, are the same after importing every module of dossier (and again after building
    a dossier) as they were with only the libraries it uses imported."""
    root = copy_examples(tmp_path / "ws")
    script = f"""
import importlib, logging, pkgutil, sys
from pathlib import Path

def state():
    loggers = {{"": logging.getLogger()}}
    loggers.update((n, logging.getLogger(n)) for n in logging.Logger.manager.loggerDict)
    return {{
        name: (logger.level, logger.propagate, logger.disabled, list(logger.handlers))
        for name, logger in loggers.items()
    }}

import bibtexparser, pypdf, weasyprint  # what a build uses, with their own loggers
before = state()
import dossier
for module in pkgutil.walk_packages(dossier.__path__, "dossier."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
imported = state()
from dossier.build import BuildRequest, build
build(BuildRequest(Path({str(root)!r}), ({FIRST!r},)))
built = state()
fresh = (logging.NOTSET, True, False, [])
for name, seen in (("import", imported), ("build", built)):
    changed = {{n: s for n, s in seen.items() if s != before.get(n, fresh)}}
    print(name, changed)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=root
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["import {}", "build {}"]
    assert (root / f"build/{FIRST}/{FIRST}.pdf").is_file()


def test_held_records_are_those_of_this_thread_only(caplog):
    """One thread holds pypdf's records while another logs through pypdf: the other's record
    reaches the handlers, the holder's does not, and the holder is given its own."""
    import pypdf  # noqa: F401 - its loggers exist once it is imported

    shown: list[str] = []

    class Show(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            shown.append(record.getMessage())

    handler = Show()
    logging.getLogger().addHandler(handler)
    holding, logged = threading.Event(), threading.Event()
    given: list[str] = []
    try:

        def holder() -> None:
            with held("pypdf") as records:
                holding.set()
                logging.getLogger("pypdf._reader").warning("held by the holder")
                logged.wait(timeout=30)
            given.extend(r.getMessage() for r in records)

        thread = threading.Thread(target=holder)
        thread.start()
        holding.wait(timeout=30)
        logging.getLogger("pypdf._reader").warning("from another thread")
        logged.set()
        thread.join(timeout=30)
        logging.getLogger("pypdf._writer").warning("after the block")
    finally:
        logging.getLogger().removeHandler(handler)
    assert shown == ["from another thread", "after the block"]
    assert given == ["held by the holder"]
    caplog.clear()  # the two records that reached the handlers were this test's own


def test_outputs_take_the_umask_without_the_process_changing_it(tmp_path):
    """A written file's mode is 0666 less the umask, as for any file the user makes; the
    tool reads the umask from no call that sets it."""
    previous = os.umask(0o027)
    try:
        write_together({tmp_path / "out/a.pdf": b"a", tmp_path / "out/b.html": b"b"})
        assert os.umask(0o002) == 0o027  # the umask the test set, untouched by the write
        write_together({tmp_path / "out/a.pdf": b"c"})
    finally:
        os.umask(previous)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == {"a.pdf": 0o664, "b.html": 0o640}
    assert (tmp_path / "out/a.pdf").read_bytes() == b"c"
