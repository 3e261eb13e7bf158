"""Files that are not what they seem, and names and settings that point elsewhere: each is a
located error, never a hang, a traceback, or a file touched outside build/."""

from __future__ import annotations

import os
import queue
import socket
import threading
from pathlib import Path

import pytest

from conftest import BIB, STATEMENT, files, run_cli, run_process
from dossier.serve.watching import saves, watched_folders

HINT_NOT_A_FILE = "  hint: inputs are ordinary files: replace it by a file with the content meant\n"


@pytest.mark.parametrize(
    "relative, location",
    [
        ("evidence/pipe.yaml", "evidence/pipe.yaml:1:1"),
        ("bibliography.bib", "bibliography.bib:1:1"),
        ("dossiers/test/statement.md", "dossiers/test/dossier.yaml:10:12"),  # where it is named
    ],
)
def test_a_fifo_as_an_input_is_refused_without_being_opened(make_workspace, relative, location):
    root = make_workspace(files({relative: None}))
    os.mkfifo(root / relative)
    result = run_process("check", cwd=root, timeout=20)  # opening the FIFO would block for ever
    assert result.code == 1
    assert (
        f"{location}: error[D101]: {relative} is a named pipe (FIFO), not a file; "
        f"it was not read\n{HINT_NOT_A_FILE}"
    ) in result.problems, result.err


def test_a_socket_as_an_evidence_file_is_refused(make_workspace, tmp_path):
    root = make_workspace(files())
    listener = socket.socket(socket.AF_UNIX)
    os.chdir(root / "evidence")  # a socket's path is limited to about 100 bytes
    try:
        listener.bind("socket.yaml")
        result = run_process("check", cwd=root, timeout=20)
    finally:
        listener.close()
        os.chdir(tmp_path)
    assert (
        "evidence/socket.yaml:1:1: error[D101]: evidence/socket.yaml is a socket, not a file; "
        "it was not read\n"
    ) in result.err


def test_links_in_a_loop_are_located_errors(make_workspace):
    root = make_workspace(files({"dossiers/test/statement.md": None}))
    (root / "evidence/loop.yaml").symlink_to("loop.yaml")
    (root / "dossiers/test/statement.md").symlink_to("statement.md")
    result = run_process("check", cwd=root, timeout=20)
    assert result.code == 1
    for shown, at in (
        ("evidence/loop.yaml", "evidence/loop.yaml:1:1"),
        ("dossiers/test/statement.md", "dossiers/test/dossier.yaml:10:12"),  # where it is named
    ):
        assert (
            f"{at}: error[D101]: {shown} is a symbolic link that leads back to itself; "
            "it cannot be read\n  hint: replace the link by the file it should lead to\n"
        ) in result.problems, result.err


def test_build_name_that_is_a_file_or_a_loop_is_d704(make_workspace):
    root = make_workspace(files())
    (root / "build").mkdir()
    (root / "build/test").write_text("not a folder\n")
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert result.problems == (
        "build/test:1:1: error[D704]: build/test is not a folder; the outputs of `test` go in a "
        "folder there, so nothing was written\n"
        "  hint: remove build/test (build/ holds only what `dossier build` writes)\n"
        "1 error found\n"
    )
    assert (root / "build/test").read_text() == "not a folder\n"
    (root / "build/test").unlink()
    (root / "build/test").symlink_to("test")
    looped = run_cli("build", cwd=root)
    assert "error[D704]: build/test is a link that leads back to itself" in looped.err


def test_a_dossier_name_out_of_the_workspace_touches_nothing(make_workspace, tmp_path):
    root = make_workspace(files())
    marker = tmp_path / ".x.partial"  # what `build ../../x` deleted before refusing the name
    marker.write_text("not the tool's\n")
    (tmp_path / "x").mkdir()
    result = run_cli("build", "../../x", cwd=root)
    assert result.code == 2
    assert "no dossier named ../../x in" in result.err
    assert marker.read_text() == "not the tool's\n"
    assert not (root / "build").exists()


def test_a_source_date_epoch_past_the_year_9999_is_a_usage_error(make_workspace):
    root = make_workspace(files())
    result = run_cli_with_env({"SOURCE_DATE_EPOCH": "99999999999999999"}, "build", cwd=root)
    assert result.code == 2
    assert (
        "error[D001]: SOURCE_DATE_EPOCH is 99999999999999999, after the year 9999; it must be at "
        "most 253402300799 (9999-12-31 23:59:59 UTC)"
    ) in result.err
    assert not (root / "build").exists()


def run_cli_with_env(env: dict[str, str], *args: str, cwd):
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return run_cli(*args, cwd=cwd)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_an_at_string_defined_by_itself_is_a_located_error(make_workspace):
    loop = "@string{c = c # c}\n@online{looped, title = c, url = {https://example.org}}\n"
    cited = STATEMENT.replace("[@amnesty-2018, p. 12]", "[@looped]")
    # cited, so that its problem is an error (an entry nobody cites only warns)
    statement = "dossiers/test/statement.md"
    root = make_workspace(files({"bibliography.bib": BIB + loop, statement: cited}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert (
        "bibliography.bib:17:25: error[D109]: `looped` uses `c`, an @string defined in terms of "
        "itself\n  hint: give @string{c = {...}} a value that does not name `c` again\n"
    ) in result.problems, result.err
    assert "c # c" not in result.err.replace("@string{c = ", "")


def test_a_command_past_its_time_limit_stops_with_d705(make_workspace):
    root = make_workspace(files())
    result = run_cli("--time-limit", "0.05", "build", cwd=root)
    assert result.code == 1
    assert "error[D705]: stopped after 0.05 seconds, the time limit, while " in result.err
    assert "hint: look for what makes this input so slow to process" in result.err
    assert not list(root.glob("build/test/*"))  # stopped before anything was written


def outside_with_marker(tmp_path: Path) -> Path:
    """A folder outside the workspace, holding a file whose reading or watching would show."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "marker.txt").write_text("outside the workspace\n", encoding="utf-8")
    return outside


def test_a_link_under_dossiers_out_of_the_workspace_is_an_error_never_followed(
    make_workspace, tmp_path
):
    root = make_workspace(files())
    outside = outside_with_marker(tmp_path)
    (root / "dossiers" / "x").symlink_to(outside)
    (root / "dossiers" / "everything").symlink_to("/")
    (root / "dossiers" / "inside").symlink_to(root / "dossiers" / "test")  # stays inside
    result = run_cli("check", cwd=root)
    assert result.code == 1
    hint = (
        "  hint: copy the dossier's folder into dossiers/ instead of linking to it, or remove "
        "the link\n"
    )
    assert result.err == (
        "dossiers/everything:1:1: error[D111]: dossiers/everything leads outside the workspace "
        f"(to /); it was not read\n{hint}"
        f"dossiers/x:1:1: error[D111]: dossiers/x leads outside the workspace (to {outside}); "
        f"it was not read\n{hint}"
        "2 errors found\n"
    )


def test_watch_never_enters_a_link_out_of_the_workspace(make_workspace, tmp_path):
    """A recursive watch follows links to folders: `dossiers/x -> /` walked the whole file
    system and died on /proc. The folders are found without following links, so a change
    behind the link is never reported, while one in the workspace is."""
    root = make_workspace(files())
    outside = outside_with_marker(tmp_path)
    (root / "dossiers" / "x").symlink_to(outside)
    (root / "dossiers" / "everything").symlink_to("/")
    assert watched_folders(root) == [
        root.resolve() / relative
        for relative in ("", "dossiers", "dossiers/test", "evidence", "evidence/snapshots")
    ]
    batches: queue.Queue[list[str]] = queue.Queue()
    stop = threading.Event()

    def watch() -> None:
        for saved in saves(root, stop):
            batches.put(saved)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        seen = _saved_until_seen(root, "ready.txt", batches)
        (outside / "marker.txt").write_text("changed behind the link\n", encoding="utf-8")
        (root / "evidence" / "new").mkdir()  # a new folder is watched too
        seen += _saved_until_seen(root, "evidence/new/after.txt", batches)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert not [path for batch in seen for path in batch if path.startswith("dossiers/")]


def _saved_until_seen(
    root: Path, relative: str, batches: queue.Queue[list[str]]
) -> list[list[str]]:
    """Save the file until the watcher reports it (it may not be watching yet, or not yet
    this folder); every batch reported until then, in order."""
    seen: list[list[str]] = []
    for attempt in range(60):
        (root / relative).write_text(f"save {attempt}\n", encoding="utf-8")
        try:
            while True:
                seen.append(batches.get(timeout=0.5))
                if relative in seen[-1]:
                    return seen
        except queue.Empty:
            continue
    pytest.fail(f"no save of {relative} was seen")
