"""Every command runs under the time limit (--time-limit, DOSSIER_TIME_LIMIT): a template that
loops for ever stops each of them with D705, in a process of its own that a generous outer
timeout would end if it hung. `watch` and `serve` bound each check and build, and go on."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import files, run_cli, run_process
from support.overrides import override
from support.streams import lines_of, until

# One line of template, 10^10 steps: each range is within the sandbox's bound.
LOOP = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
SLOW = "{% for i in range(3000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
D705 = "error[D705]: stopped after 2 seconds, the time limit, while "
OUTER = 120  # seconds: only a hung command comes near it


@pytest.fixture
def looping(make_workspace) -> Path:
    root = make_workspace(files())
    override(root, body=LOOP)
    return root


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_looping_template_stops_the_command_at_its_time_limit(looping, command):
    result = run_process("--time-limit", "2", command, cwd=looping, timeout=OUTER)
    assert result.code == 1, result.err
    assert D705 in result.err
    assert "hint: look for what makes this input so slow to process" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["trace", "test"],
        ["approve", "--cited-by", "test", "--by", "legal/jd", "--no-sign"],
        ["diff", "HEAD"],
    ],
)
def test_the_review_commands_run_under_the_time_limit(tmp_path, args):
    """What they do is not slow for a template; a limit shorter than any work shows that
    they keep it, and leave nothing half-written (approve)."""
    from support.gitrepo import commit, init_repository, write

    root = tmp_path / "ws"
    init_repository(root)
    write(root, files())
    commit(root, "first")
    result = run_process("--time-limit", "0.001", *args, cwd=root, timeout=OUTER)
    assert result.code == 1, result.err
    assert "error[D705]: stopped after 0.001 seconds, the time limit, while " in result.err
    assert "status:" not in (root / "evidence/claims.yaml").read_text(encoding="utf-8")


def test_verify_stops_at_its_time_limit_when_building_again(make_workspace):
    """verify builds again from the inputs the manifest lists, a template among them: one
    that took its time in the build takes it again, and the limit stops it."""
    root = make_workspace(files())
    override(root, body=SLOW)
    assert run_cli("build", cwd=root).code == 0
    result = run_process(
        "--time-limit", "1", "verify", "build/test/test.pdf", cwd=root, timeout=OUTER
    )
    assert result.code == 1, result.err
    assert "error[D705]: stopped after 1 second, the time limit, while " in result.err


def _started(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", "--time-limit", "2", *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_watch_stops_each_build_at_the_time_limit_and_goes_on_watching(looping):
    process = _started(looping, "watch")
    assert process.stdout is not None and process.stderr is not None
    try:
        errors = lines_of(process.stderr)
        said = until(errors, "(took ", OUTER)
        assert any(D705 in line for line in said), said
        assert process.poll() is None  # still watching
    finally:
        process.terminate()
        process.communicate(timeout=15)


def test_serve_answers_at_once_and_shows_the_time_limit_on_the_page(looping):
    process = _started(looping, "serve", "test", "--port", "0", "--no-browser")
    assert process.stdout is not None and process.stderr is not None
    try:
        said = until(lines_of(process.stdout), "previewing test at ", OUTER)[-1]
        url = re.search(r"http://\S+/", said)
        assert url is not None
        with urllib.request.urlopen(url.group(0), timeout=10) as answer:
            first = answer.read().decode("utf-8")
        assert "being checked…" in first  # listening before the first check has ended
        deadline = time.monotonic() + OUTER
        page = first
        while "D705" not in page or "PDF not rebuilt" not in page:
            assert time.monotonic() < deadline, page
            time.sleep(0.5)
            with urllib.request.urlopen(url.group(0), timeout=10) as answer:
                page = answer.read().decode("utf-8")
        assert "error[D705]</span>: stopped after 2 seconds, the time limit, while " in page
        assert "PDF not rebuilt: out of time" in page
        assert process.poll() is None
    finally:
        process.terminate()
        process.communicate(timeout=15)
