"""A dossier's outputs always agree: a build writes them into a staging folder and switches
it for build/<name>/ in one step, so that a build killed at any moment leaves the previous
set or the new one (the manifest's digests are the files' own), never a mix; the next build
removes what the killed one left."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import files, run_cli
from dossier.record import switch_folder
from dossier.record.switch_folder import recover, write_folders

OUTPUTS = ["manifest.json", "test.docx", "test.html", "test.pdf"]


def _agree(root: Path) -> str:
    """The PDF's sha256, once build/test/ is checked to hold one build's outputs: each file
    the manifest lists is the one it describes, and nothing else is there."""
    folder = root / "build/test"
    assert sorted(p.name for p in folder.iterdir()) == OUTPUTS
    manifest = json.loads((folder / "manifest.json").read_bytes())
    for shown, digest in manifest["outputs"].items():
        assert hashlib.sha256((root / shown).read_bytes()).hexdigest() == digest, shown
    return str(manifest["outputs"]["build/test/test.pdf"])


def _build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        # --wait: the layout's process, which a killed build leaves, holds the lock a while
        [sys.executable, "-m", "dossier", "build", "--force", "--wait"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_build_killed_at_any_moment_leaves_outputs_that_agree(make_workspace):
    root = make_workspace(files())
    statement = root / "dossiers/test/statement.md"
    text = statement.read_text(encoding="utf-8")
    started = time.monotonic()
    assert _build(root).wait(timeout=300) == 0
    whole = time.monotonic() - started  # the kills fall anywhere within a build's time
    pdfs = {_agree(root)}
    chance = random.Random(7)
    for attempt in range(6):
        # Each build writes other bytes: a mix of two builds could not pass for one.
        statement.write_text(f"{text}\nLine {attempt}.[uncited: a test]\n", encoding="utf-8")
        build = _build(root)
        time.sleep(chance.uniform(0.5, 1.1) * whole)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=300)
        pdfs.add(_agree(root))
    assert run_cli("build", "--wait", cwd=root).code == 0
    pdfs.add(_agree(root))
    assert len(pdfs) > 1  # some builds did replace the outputs
    # What the killed builds left (staging folders, their locks) is gone.
    assert sorted(p.name for p in (root / "build").iterdir()) == [".cache", "test"]


# A build that stops at one moment of its write, as a real process, for the test to kill
# there: the moments a kill at random seldom falls on, the write taking milliseconds.
_PAUSED = """
import os, sys, time
from dossier.record import switch_folder as switch

def pause():
    print("paused", flush=True)
    time.sleep(600)

moment = sys.argv[1]
write_all, do_switch, remove = switch._write_all, switch._switch, switch._remove
if moment == "half written":
    def _write_all(staging, files):
        write_all(staging, dict(list(files.items())[:2]))
        pause()
    switch._write_all = _write_all
elif moment == "before the switch":
    switch._switch = lambda staging, folder: pause()
elif moment == "after the switch":
    switch._remove = lambda path: pause()
elif moment == "between two renames":
    switch._exchange = lambda first, second: False
    class _Os:
        renames = 0
        def __getattr__(self, name):
            return getattr(os, name)
        def rename(self, source, target):
            self.renames += 1
            if self.renames == 2:
                pause()
            os.rename(source, target)
    switch.os = _Os()
from dossier.cli import main
main(["build", "--force", "--wait"])
"""


@pytest.mark.parametrize(
    ("moment", "replaced"),
    [
        ("half written", False),
        ("before the switch", False),
        ("between two renames", False),
        ("after the switch", True),
    ],
)
def test_a_build_killed_at_each_moment_of_its_write(make_workspace, moment, replaced):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    before = _agree(root)
    statement = root / "dossiers/test/statement.md"
    statement.write_text(statement.read_text() + "\nA new line.[uncited: a test]\n")
    with subprocess.Popen(
        [sys.executable, "-c", _PAUSED, moment], cwd=root, stdout=subprocess.PIPE, text=True
    ) as build:
        assert build.stdout is not None and build.stdout.readline() == "paused\n"
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
    if moment == "between two renames":
        assert not (root / "build/test").exists()  # until the next build puts it back
        recover(root / "build/test")
    now = _agree(root)
    assert (now != before) is replaced
    assert run_cli("build", "--wait", cwd=root).code == 0
    assert _agree(root) != before
    assert sorted(p.name for p in (root / "build").iterdir()) == [".cache", "test"]


def test_a_build_that_writes_new_outputs_leaves_nothing_of_the_previous_set(make_workspace):
    """A folder made from the previous outputs (`dossier package` writes build/<name>/
    package/) describes them: it goes with them. An up-to-date build keeps it."""
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    package = root / "build/test/package"
    package.mkdir()
    (package / "cover.txt").write_text("made from the outputs of the first build\n")
    assert run_cli("build", cwd=root).code == 0  # up to date
    assert (package / "cover.txt").is_file()
    assert run_cli("build", "--force", cwd=root).code == 0
    _agree(root)


def test_without_an_exchange_the_folder_is_switched_by_two_renames(tmp_path, monkeypatch):
    """Where the file system cannot swap two folders in one step."""
    monkeypatch.setattr(switch_folder, "_exchange", lambda first, second: False)
    folder = tmp_path / "build/test"
    write_folders({folder: {"a.pdf": b"one", "manifest.json": b"1"}})
    write_folders({folder: {"a.pdf": b"two", "manifest.json": b"2"}})
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "a.pdf": b"two",
        "manifest.json": b"2",
    }
    assert sorted(p.name for p in folder.parent.iterdir()) == ["test"]


@pytest.fixture
def dead_pid() -> int:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


def test_a_kill_between_two_renames_is_undone_by_the_next_build(tmp_path, dead_pid):
    """The previous folder taken away, the new one not yet in place: the previous is put
    back, and the staging folder of the killed build removed."""
    build = tmp_path / "build"
    previous = build / f".test.{dead_pid}.3.previous"
    staging = build / f".test.{dead_pid}.2.staging"
    for folder, content in ((previous, b"old"), (staging, b"new")):
        folder.mkdir(parents=True)
        (folder / "test.pdf").write_bytes(content)
    other = build / f".other.{dead_pid}.1.staging"  # another dossier's: not this build's
    other.mkdir()
    recover(build / "test")
    assert (build / "test/test.pdf").read_bytes() == b"old"
    assert sorted(p.name for p in build.iterdir()) == [other.name, "test"]


def test_a_staging_folder_still_being_written_is_left_alone(tmp_path):
    build = tmp_path / "build"
    writing = build / f".test.{os.getpid()}.0.staging"  # this process: it runs
    writing.mkdir(parents=True)
    recover(build / "test")
    assert writing.is_dir()


def test_a_review_edition_left_beside_the_public_files_goes_with_the_next_build(
    make_workspace,
):
    """Written there by a build of before the review edition had a folder of its own: the
    public folder is not up to date while it holds one, so that publishing it cannot
    publish the review edition."""
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    (root / "build/test/test-review.pdf").write_bytes(b"%PDF- the review edition")
    (root / "build/test/manifest-review.json").write_text("{}")
    result = run_cli("build", cwd=root)
    assert result.code == 0 and result.out.startswith("wrote build/test/test.pdf")
    _agree(root)
