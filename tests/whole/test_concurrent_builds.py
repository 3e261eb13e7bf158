"""Two builds of one dossier at once, as real processes: neither crashes the other, the second
waits or says why it stopped, and no temporary file is left behind."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time

from conftest import files, run_cli
from dossier.record.write_files import remove_leftovers


def _start(root, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "build", "--force", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process):
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err, err
    return process.returncode, out, err


def test_concurrent_builds_with_wait_all_succeed_and_leave_no_partial_file(make_workspace):
    root = make_workspace(files())
    for _ in range(3):  # pairs started together
        pair = [_start(root, "--wait"), _start(root, "--wait")]
        for code, out, err in map(_finish, pair):
            assert code == 0, err
            assert out.startswith("wrote build/test/test.pdf (1 page, 2 footnotes")
        assert sorted(p.name for p in (root / "build/test").iterdir()) == [
            "manifest.json",
            "test.docx",
            "test.html",
            "test.pdf",
        ]
        assert (root / "build/test/test.pdf").read_bytes().startswith(b"%PDF-")
    # no lock left; beside the outputs only the checks' text cache
    assert sorted(p.name for p in (root / "build").iterdir()) == [".cache", "test"]


def test_a_second_build_without_wait_fails_with_a_clear_message(make_workspace):
    root = make_workspace(files())
    (root / "build").mkdir()
    holder = os.open(root / "build/.test.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)  # held as a running build holds it
    os.write(holder, b"4242\n")
    try:
        result = run_cli("build", cwd=root)
        waiting = _start(root, "--wait")
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        os.close(holder)
    assert result.code == 1
    assert result.err == (
        "error[D002]: another build of `test` is running (process 4242); wait for it to finish, "
        "or pass --wait to start when it has\n"
    )
    assert not (root / "build/test").exists()
    code, out, err = _finish(waiting)
    assert code == 0, err


def test_leftovers_are_removed_only_once_their_process_is_gone(tmp_path):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    try:
        being_written = tmp_path / f".test.pdf.{alive.pid}.abc123.partial"
        left_over = tmp_path / f".test.pdf.{dead.stdout.strip()}.def456.partial"
        old_style = tmp_path / ".test.pdf.ghi789.partial"  # before the names held a process id
        for path in (being_written, left_over, old_style):
            path.write_bytes(b"%PDF-")
        remove_leftovers(tmp_path)
        assert being_written.exists()
        assert not left_over.exists() and not old_style.exists()
    finally:
        alive.kill()
        alive.wait()
