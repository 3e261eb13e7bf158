"""One answer to "is this path inside the workspace?", with real folders and symbolic links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, files, run_cli
from dossier.base.reading.paths import (
    contained,
    relative_within,
    shown_path,
    within,
    workspace_file,
)

PACKAGE = REPO / "src" / "dossier"


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """ws/ with a file, a link to it, a link out, and a folder outside beside it."""
    root = tmp_path / "ws"
    (root / "evidence").mkdir(parents=True)
    (root / "evidence" / "a.txt").write_text("a")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("s")
    (root / "evidence" / "in-link.txt").symlink_to(root / "evidence" / "a.txt")
    (root / "evidence" / "out-link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (root / "to-root").symlink_to(root)
    return root


def test_within_follows_links_unless_told_not_to(layout: Path) -> None:
    assert within(layout / "evidence" / "a.txt", layout)
    assert within(layout / "evidence" / "in-link.txt", layout)
    assert within(layout, layout)
    assert not within(layout / "evidence" / "out-link.txt", layout)
    assert within(layout / "evidence" / "out-link.txt", layout, follow_links=False)
    assert not within(layout / ".." / "outside" / "secret.txt", layout)
    assert not within(layout.parent / "outside", layout)


def test_relative_within_gives_the_path_from_the_root(layout: Path) -> None:
    assert relative_within(layout / "evidence" / "in-link.txt", layout) == "evidence/a.txt"
    assert relative_within(layout, layout) == "."
    assert relative_within(layout / "evidence" / "out-link.txt", layout) is None
    written = relative_within(layout / "evidence" / "out-link.txt", layout, follow_links=False)
    assert written == "evidence/out-link.txt"


def test_a_root_given_through_a_link_is_the_same_root(layout: Path) -> None:
    through = layout / "to-root"
    assert relative_within(through / "evidence" / "a.txt", through) == "evidence/a.txt"
    assert relative_within(layout / "evidence" / "a.txt", through) == "evidence/a.txt"


def test_contained_excludes_the_root_itself(layout: Path) -> None:
    folder = layout / "evidence"
    assert contained(folder / "a.txt", folder) == (folder / "a.txt").resolve()
    assert contained(folder / ".", folder) is None
    assert contained(folder / "../evidence/a.txt", folder) == (folder / "a.txt").resolve()
    assert contained(folder / "out-link.txt", folder) is None
    assert contained(Path("/etc/passwd"), folder) is None


@pytest.mark.parametrize(
    ("written", "inside"),
    [
        ("evidence/a.txt", True),
        ("evidence\\a.txt", True),
        ("evidence/in-link.txt", True),
        ("evidence/out-link.txt", False),
        ("evidence/../evidence/a.txt", False),  # no climbing, even back in
        ("/etc/passwd", False),
        ("", False),
    ],
)
def test_workspace_file_takes_only_relative_paths_that_stay_in(
    layout: Path, written: str, inside: bool
) -> None:
    found = workspace_file(written, layout)
    assert (found is not None) == inside
    if inside:
        assert found == (layout / "evidence" / "a.txt").resolve()


def test_shown_path_is_relative_inside_and_as_given_outside(layout: Path) -> None:
    assert shown_path(layout / "evidence" / "a.txt", layout) == "evidence/a.txt"
    outside = layout.parent / "outside" / "secret.txt"
    assert shown_path(outside, layout) == outside.as_posix()


def test_no_module_asks_the_question_itself() -> None:
    """Every containment check goes through base/reading/paths.py: no other module compares
    paths."""
    asking = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\bis_relative_to\(", path.read_text()) and path.name != "paths.py"
    )
    assert asking == []


def test_a_statement_named_through_a_link_out_is_refused(make_workspace, tmp_path) -> None:
    root = make_workspace(files())
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Elsewhere\n\nNothing here.\n")
    statement = root / "dossiers" / "test" / "statement.md"
    statement.unlink()
    statement.symlink_to(outside)
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert "error[D105]: `statement` must be a file inside dossiers/test/" in result.err
