"""`dossier snapshot` and `dossier links` against hostile addresses and a hostile workspace,
each test asserting the effect that must not happen: a file outside read or written, a
request reaching the loopback server, a capture recorded, a download past its deadline."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import BIB, SNAPSHOT, SNAPSHOT_PATH, files, run_cli, run_process
from support.loopback import PAGE, Handler


def _unchanged(root, bib_before):
    assert (root / "bibliography.bib").read_bytes() == bib_before
    assert sorted(p.name for p in (root / "evidence/snapshots").iterdir()) == ["sr-2017.txt"]


@pytest.mark.parametrize(
    "path, message",
    [
        ("/to-file", "/to-file redirects to file:///etc/passwd; only http(s) is followed"),
        ("/to-ftp", "/to-ftp redirects to ftp://127.0.0.1/x.txt; only http(s) is followed"),
        ("/empty.txt", "/empty.txt is empty; nothing captured"),
    ],
)
def test_a_redirect_off_http_or_an_empty_body_records_nothing(
    make_workspace, server, path, message
):
    root = make_workspace(files())
    before = (root / "bibliography.bib").read_bytes()
    result = run_cli("snapshot", "amnesty-2018", f"{server}{path}", "--allow-private", cwd=root)
    assert result.code == 1, result.err
    assert result.err.startswith("error[D002]: ") and message in result.err, result.err
    _unchanged(root, before)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_without_allow_private_and_no_request_is_made(
    make_workspace, server, host
):
    root = make_workspace(files())
    before = (root / "bibliography.bib").read_bytes()
    port = server.rsplit(":", 1)[1]
    result = run_cli("snapshot", "amnesty-2018", f"http://{host}:{port}/release.html", cwd=root)
    assert result.code == 1
    named = "" if host == "127.0.0.1" else " (localhost)"
    assert (
        f"error[D002]: refused to connect to 127.0.0.1{named}: it is a loopback address, "
        "not on the public internet (pass --allow-private to reach it); nothing captured"
    ) in result.err, result.err
    assert Handler.requests == []  # the name was resolved, and the address refused: no request
    _unchanged(root, before)


def test_links_refuse_loopback_unless_allowed(make_workspace, server):
    url = f"{server}/release.html"
    entry = f"@online{{local, title = {{T}}, url = {{{url}}}, urldate = {{2025-01-01}}}}\n"
    root = make_workspace(files({"bibliography.bib": BIB + entry}))
    refused = run_cli("links", "local", cwd=root)
    assert refused.code == 1
    assert (
        "warning[D610]: `local` is unreachable (not allowed): refused to connect to 127.0.0.1: "
        "it is a loopback address"
    ) in refused.err
    assert Handler.requests == []
    allowed = run_cli("links", "local", "--allow-private", cwd=root)
    assert allowed.code == 0, allowed.err
    assert ("HEAD", "/release.html") in Handler.requests


def test_a_server_dribbling_bytes_is_cut_off_at_the_deadline(make_workspace, server):
    root = make_workspace(files())
    before = (root / "bibliography.bib").read_bytes()
    started = time.monotonic()
    result = run_process(  # a process of its own, so that a hang is cut at 30 s
        "snapshot",
        "amnesty-2018",
        f"{server}/dribble",
        "--allow-private",
        "--timeout",
        "2",
        cwd=root,
        timeout=30,
    )
    elapsed = time.monotonic() - started
    assert result.code == 1
    assert f"error[D002]: no answer from {server}/dribble within 2 seconds; nothing captured" in (
        result.err
    )
    assert elapsed < 15  # the server would take 60 s; each byte came well within 2 s of the last
    _unchanged(root, before)


def test_a_snapshot_folder_linked_outside_is_not_written_to(make_workspace, server, tmp_path):
    root = make_workspace(files())
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "evidence/snapshots/sr-2017.txt").rename(outside / "sr-2017.txt")
    (root / "evidence/snapshots").rmdir()
    (root / "evidence/snapshots").symlink_to(outside)
    before = (root / "bibliography.bib").read_bytes()
    result = run_cli(
        "snapshot", "amnesty-2018", f"{server}/release.html", "--allow-private", cwd=root
    )
    assert result.code == 1
    assert (
        f"error[D002]: evidence/snapshots leads outside the workspace (to {outside}); nothing "
        "captured. Make it a folder inside the workspace"
    ) in result.err, result.err
    assert sorted(p.name for p in outside.iterdir()) == ["sr-2017.txt"]
    assert (root / "bibliography.bib").read_bytes() == before


# Runs `dossier snapshot` in a process that kills itself (SIGKILL, uncatchable) as it is about
# to make the third rename of the capture: the journal's and the snapshot's are made, the
# bibliography's is not. The kill is real; only its moment is chosen.
_KILLED_BETWEEN_RENAMES = """
import os, signal, sys
real_replace, calls = os.replace, []
def replace(*args, **kwargs):
    calls.append(args)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(*args, **kwargs)
os.replace = replace
from dossier.cli import main
main(sys.argv[1:])
"""


def test_a_snapshot_killed_between_its_renames_is_finished_by_the_next_command(
    make_workspace, tmp_path
):
    root = make_workspace(files())
    bib_before = (root / "bibliography.bib").read_bytes()
    replacement = tmp_path / "sr-2017.txt"
    replacement.write_text(SNAPSHOT + "A paragraph added since.\n")
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_BETWEEN_RENAMES,
            "snapshot",
            "sr-2017",
            str(replacement),
            "--replace",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -9, killed.stderr
    # The state the kill left: the new snapshot beside the old sha256, and the journal.
    assert (root / SNAPSHOT_PATH).read_bytes() == replacement.read_bytes()
    assert (root / "bibliography.bib").read_bytes() == bib_before
    journal = json.loads((root / ".dossier-journal.json").read_text())
    [[temporary, target]] = [pair for pair in journal["renames"] if pair[1] == "bibliography.bib"]
    assert (root / temporary).is_file()
    # The next command, whatever it is, finishes the renames before it reads anything.
    result = run_cli("check", cwd=root)
    assert "finished writing bibliography.bib, which a stopped `dossier snapshot` left" in (
        result.err
    )
    digest = hashlib.sha256(replacement.read_bytes()).hexdigest()
    assert f"sha256 = {{{digest}}}" in (root / "bibliography.bib").read_text()
    assert not (root / ".dossier-journal.json").exists()
    assert not list(root.glob(".*.partial")) and not list(root.glob("evidence/snapshots/.*"))
    assert "D602" not in result.err  # the snapshot and its digest agree again


def test_a_forged_journal_moves_nothing_outside_its_rules(make_workspace, tmp_path):
    root = make_workspace(files())
    outside = tmp_path / "victim.txt"
    outside.write_text("keep me\n")
    (root / ".evil.partial").write_text("overwrite\n")
    (root / ".bibliography.bib.1.x.partial").symlink_to(outside)
    forged = {
        "pid": 1 << 22,  # no such process
        "renames": [
            [".evil.partial", "../victim.txt"],
            [".evil.partial", str(outside)],
            [".bibliography.bib.1.x.partial", "bibliography.bib"],
            [".evil.partial", "dossiers/test/statement.md"],
        ],
    }
    (root / ".dossier-journal.json").write_text(json.dumps(forged))
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
    result = run_cli("check", cwd=root)
    assert "finished writing" not in result.err
    assert outside.read_text() == "keep me\n"
    after = {p: p.read_bytes() for p in before if p.exists()}
    assert after == {p: b for p, b in before.items() if p.name != ".dossier-journal.json"}
    assert not (root / ".dossier-journal.json").exists()
    assert os.path.islink(root / ".bibliography.bib.1.x.partial")


def test_a_capture_of_a_loopback_page_with_allow_private_still_works(make_workspace, server):
    root = make_workspace(files())
    result = run_cli(
        "snapshot", "amnesty-2018", f"{server}/release.html", "--allow-private", cwd=root
    )
    assert result.code == 0, result.err
    assert (root / "evidence/snapshots/amnesty-2018.html").read_bytes() == PAGE
    assert not (root / ".dossier-journal.json").exists()
