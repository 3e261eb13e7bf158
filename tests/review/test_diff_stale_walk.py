"""`dossier diff` walks the commits of its range for approvals made stale in between: an item
approved at v1, changed at v2 and approved again at v3 shows, with where it became stale and
who approved it again; the walk is capped, and says so."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from conftest import EVIDENCE, files, run_cli
from dossier.review.diff import stale_walk
from dossier.review.diff.diff_revisions import diff_revisions
from dossier.review.diff.show import TextStyle, show_diff
from support.gitrepo import commit, git, init_repository, write
from support.review_items import ON_2025_11_20


def _approve(root: Path, item_id: str, by: str) -> None:
    result = run_cli("approve", item_id, "--by", by, cwd=root, env=ON_2025_11_20)
    assert result.code == 0, result.err


def _short(root: Path, name: str) -> str:
    return git(root, "rev-parse", "--short=10", name).strip()


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: `killings` approved; v2: its claim reworded (the approval stale); v3: approved
    again by someone else; v4: an unrelated commit."""
    root = tmp_path_factory.mktemp("stale-walk") / "repo"
    init_repository(root)
    write(root, files())
    write(root, {"evidence/claims.yaml": EVIDENCE})
    _approve(root, "killings", "legal/ab")
    commit(root, "killings approved", tag="v1")
    evidence = (root / "evidence" / "claims.yaml").read_text(encoding="utf-8")
    write(root, {"evidence/claims.yaml": evidence.replace("killed in 1988", "executed in 1988")})
    commit(root, "Shorten the killings claim", tag="v2")
    _approve(root, "killings", "legal/cd")
    commit(root, "killings approved again", tag="v3")
    write(root, {"README.txt": "notes\n"})
    commit(root, "A note beside the workspace", tag="v4")
    return root


def test_an_approval_stale_in_between_and_given_again_shows(repository: Path) -> None:
    result = run_cli("diff", "v1", "v4", cwd=repository)
    assert (result.code, result.err) == (0, "")
    v2, v3 = _short(repository, "v2"), _short(repository, "v3")
    assert result.out.split("\nApprovals made stale inside the range")[1] == f"""\
: 1
  stale    killings  (evidence/claims.yaml:1:3)
      approved by legal/ab on 2025-11-20, stale at {v2}; changed: the claim
      given again: approved by legal/cd on 2025-11-20 at {v3}
"""


def test_comparing_the_ends_alone_found_nothing_stale(repository: Path) -> None:
    result = run_cli("diff", "v1", "v4", cwd=repository)
    assert "\nApprovals made stale:" not in result.out


def test_still_stale_at_the_end_is_said_once(repository: Path) -> None:
    """Stale from v2 on: comparing the ends shows it; the walk does not repeat it."""
    result = run_cli("diff", "v1", "v2", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert "\nApprovals made stale: 1\n" in result.out
    assert "inside the range" not in result.out


def test_in_json(repository: Path) -> None:
    result = run_cli("diff", "v1..v4", "--format", "json", cwd=repository)
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out)
    assert document["stale_approvals"] == []
    assert document["stale_inside_range"] == {
        "commits": 3,
        "walked": 3,
        "capped": False,
        "approvals": [
            {
                "id": "killings",
                "statement": None,
                "path": "evidence/claims.yaml",
                "line": 1,
                "column": 3,
                "stale_at": git(repository, "rev-parse", "v2").strip(),
                "status": "approved",
                "by": "legal/ab",
                "on": "2025-11-20",
                "changed": ["the claim"],
                "given_again": "approved by legal/cd on 2025-11-20",
                "given_again_at": git(repository, "rev-parse", "v3").strip(),
                "removed_at": None,
            }
        ],
    }


def test_the_walk_is_capped_and_says_so(
    repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Capped at 2: v2 (the first) and v4 (the last) are walked, v3 is not; the approval
    made stale at v2 is then not seen given again."""
    monkeypatch.setattr(stale_walk, "MOST_COMMITS", 2)
    diff = diff_revisions(repository, "v1", "v4")
    assert (diff.walk.steps, diff.walk.walked, diff.walk.capped) == (3, 2, True)
    shown = click.unstyle(show_diff(diff, TextStyle()))
    assert shown.split("\nApprovals made stale inside the range")[1] == (
        ": 1\n"
        "only 2 of the range's 3 commits were walked (the first 1 and the last): an approval "
        "made stale at another may be missing\n"
        "  stale    killings  (evidence/claims.yaml:1:3)\n"
        f"      approved by legal/ab on 2025-11-20, stale at {_short(repository, 'v2')}; "
        "changed: the claim\n"
        "      given again: approved by legal/cd on 2025-11-20 at "
        f"{_short(repository, 'v4')}"
    )


def test_the_working_tree_is_the_last_step(repository: Path) -> None:
    result = run_cli("diff", "v1", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert result.out.endswith(
        f"      given again: approved by legal/cd on 2025-11-20 at {_short(repository, 'v3')}\n"
    )


def test_an_item_removed_after_its_approval_went_stale(
    repository: Path, tmp_path: Path
) -> None:
    """Approved at v3, reworded at v5, removed at v6: comparing the ends finds no item to
    call stale; the walk says the approval went stale, then the item went."""
    root = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repository), str(root))
    git(root, "config", "user.name", "Test Reviewer")
    git(root, "config", "user.email", "reviewer@example.org")
    evidence = (root / "evidence" / "claims.yaml").read_text(encoding="utf-8")
    write(root, {"evidence/claims.yaml": evidence.replace("executed in 1988", "executed")})
    v5 = commit(root, "Drop the year")
    write(root, {"evidence/claims.yaml": "[]\n"})
    write(root, {"dossiers/test/statement.md": "# Findings\n\nNothing cited.\n"})
    v6 = commit(root, "Remove the item")
    result = run_cli("diff", "v3", "HEAD", cwd=root)
    assert (result.code, result.err) == (0, "")
    assert result.out.split("\nApprovals made stale inside the range")[1] == f"""\
: 1
  stale    killings  (evidence/claims.yaml:1:3)
      approved by legal/cd on 2025-11-20, stale at {v5}; changed: the claim
      not given again: the item was removed at {v6}
"""
