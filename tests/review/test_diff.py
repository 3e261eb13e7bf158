"""`dossier diff` on real git repositories built commit by commit: evidence items added,
removed and reworded, a quote changed, a snapshot re-captured, a statement sentence changed,
and the approval the changes made stale, in text, Markdown and JSON."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BIB, EVIDENCE, SNAPSHOT, SNAPSHOT_PATH, SNAPSHOT_SHA256, files, run_cli
from dossier.base.word_diff import Segment, hunks, word_diff
from dossier.cli import main
from support.gitrepo import commit, git, init_repository, write
from support.review_items import INQUIRY, ON_2025_11_20

DISPUTED = """\
- id: disputed
  claim: The number of persons executed can be disputed.
  sources:
    - cite: sr-2017
      locator: para. 109
      quote: the number of persons who disappeared and were executed can be disputed
"""
STATEMENT = """\
# Findings

Thousands were killed [@killings]. Amnesty called for an inquiry [@inquiry].
"""
RECAPTURED = SNAPSHOT.replace("a high number of reports have", "many reports have")


def _approve(root: Path, item_id: str, by: str) -> None:
    result = run_cli("approve", item_id, "--by", by, cwd=root, env=ON_2025_11_20)
    assert result.code == 0, result.err


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: two items approved; v2: a claim reworded and a quote changed; v3: the snapshot
    re-captured, one item removed and one added, a statement sentence changed."""
    root = tmp_path_factory.mktemp("diff") / "repo"
    init_repository(root)
    write(root, files({"dossiers/test/statement.md": STATEMENT}))
    write(root, {"evidence/claims.yaml": EVIDENCE + INQUIRY})
    _approve(root, "killings", "legal/ab")
    _approve(root, "inquiry", "legal/cd")
    commit(root, "First review round: killings and inquiry approved", tag="v1")
    evidence = (root / "evidence" / "claims.yaml").read_text(encoding="utf-8")
    evidence = evidence.replace(
        "were summarily killed in 1988", "were summarily executed in the summer of 1988"
    ).replace("quote: thousands", "quote: overwhelming evidence shows that thousands")
    write(root, {"evidence/claims.yaml": evidence})
    commit(root, "Reword the killings claim and quote more of the report", tag="v2")
    evidence = evidence[: evidence.index("- id: inquiry")] + DISPUTED
    new_sha = hashlib.sha256(RECAPTURED.encode()).hexdigest()
    write(
        root,
        {
            "evidence/claims.yaml": evidence,
            SNAPSHOT_PATH: RECAPTURED,
            "bibliography.bib": BIB.replace(SNAPSHOT_SHA256, new_sha),
            "dossiers/test/statement.md": STATEMENT.replace("were killed", "were executed").replace(
                "Amnesty called for an inquiry [@inquiry].",
                "The number executed can be disputed [@disputed].",
            ),
        },
    )
    commit(root, "Re-capture the report, drop the inquiry, add the disputed figure", tag="v3")
    return root


def _short(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short=10", revision).strip()


OLD_SHA = SNAPSHOT_SHA256
NEW_SHA = hashlib.sha256(RECAPTURED.encode()).hexdigest()


def test_text_names_every_change_and_the_stale_approval(repository: Path) -> None:
    result = run_cli("diff", "v1", "v3", cwd=repository)
    assert (result.code, result.err) == (0, "")
    v1, v3 = _short(repository, "v1"), _short(repository, "v3")
    assert result.out.splitlines() == [
        f"Changes from v1 ({v1}) to v3 ({v3})",
        "",
        "Evidence: 1 added, 1 removed, 1 changed",
        "  changed  killings  (evidence/claims.yaml:1:3)",
        "      claim: Thousands of prisoners were summarily [-killed-] {+executed+} in "
        "{+the summer of+} 1988.",
        "      sources[sr-2017].quote: {+overwhelming evidence shows that+} thousands "
        "of persons were summarily killed",
        "  added    disputed  (evidence/claims.yaml:23:3)",
        "      claim: The number of persons executed can be disputed.",
        "      sources[sr-2017]: cited",
        "      sources[sr-2017].locator: para. 109",
        "      sources[sr-2017].quote: the number of persons who disappeared and were "
        "executed can be disputed",
        "  removed  inquiry  (was at evidence/claims.yaml:23:3)",
        "      claim: Amnesty International called for an independent inquiry.",
        "      sources[amnesty-2018]: cited",
        "      sources[amnesty-2018].locator: p. 12",
        "      reviews: approved by legal/cd on 2025-11-20",
        "",
        "Snapshots: 1 re-captured",
        "  changed  sr-2017  (evidence/snapshots/sr-2017.txt)",
        f"      sha256:{OLD_SHA} → sha256:{NEW_SHA}",
        "      109. Over the years, [-a high number of-] {+many+} reports have been "
        "issued about the …",
        "",
        "Statements: 3 sentences changed",
        "  changed  test  (dossiers/test/statement.md)",
        "      line 3: Thousands were [-killed.-] {+executed.+} [@killings]",
        "      line 3: {+The number executed can be disputed. [@disputed]+}",
        "      was line 3: [-Amnesty called for an inquiry. [@inquiry]-]",
        "",
        "Approvals made stale: 1",
        "  stale    killings  (evidence/claims.yaml:1:3)",
        f"      approved by legal/ab on 2025-11-20 at v1 ({v1}); changed since: the "
        "claim, the quote of source 1 (`sr-2017`), snapshot "
        "evidence/snapshots/sr-2017.txt",
    ]


def test_an_approval_already_stale_is_not_made_stale_again(repository: Path) -> None:
    """At v2 the killings approval was already stale: the diff from v2 names none."""
    result = run_cli("diff", "v2", "v3", "--format", "json", cwd=repository)
    assert result.code == 0
    assert json.loads(result.out)["stale_approvals"] == []


def test_markdown_for_a_pull_request_comment(repository: Path) -> None:
    result = run_cli("diff", "v1", "v2", "--format", "markdown", cwd=repository)
    assert (result.code, result.err) == (0, "")
    v1, v2 = _short(repository, "v1"), _short(repository, "v2")
    assert result.out == f"""\
### Changes from v1 ({v1}) to v2 ({v2})

#### Evidence: 1 changed

- **changed** `killings` (evidence/claims.yaml:1:3)
  - claim: Thousands of prisoners were summarily <del>killed</del> <ins>executed</ins> in \
<ins>the summer of</ins> 1988.
  - sources\\[sr-2017\\].quote: <ins>overwhelming evidence shows that</ins> thousands of \
persons were summarily killed

#### Approvals made stale: 1

- **stale** `killings` (evidence/claims.yaml:1:3)
  - approved by legal/ab on 2025-11-20 at v1 ({v1}); changed since: the claim, the quote of \
source 1 (\\`sr-2017\\`)
"""


def test_json_spells_out_each_change(repository: Path) -> None:
    result = run_cli("diff", "v1", "v3", "--format", "json", cwd=repository)
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out)
    commit_v1 = git(repository, "rev-parse", "v1").strip()
    assert document["from"] == {"revision": "v1", "commit": commit_v1, "working_tree": False}
    assert [(c["change"], c["id"], c["line"]) for c in document["evidence"]] == [
        ("changed", "killings", 1),
        ("added", "disputed", 23),
        ("removed", "inquiry", 23),
    ]
    claim = document["evidence"][0]["fields"][0]
    assert claim == {
        "field": "claim",
        "old": "Thousands of prisoners were summarily killed in 1988.",
        "new": "Thousands of prisoners were summarily executed in the summer of 1988.",
        "words": [
            {"op": "same", "text": "Thousands of prisoners were summarily"},
            {"op": "removed", "text": "killed"},
            {"op": "added", "text": "executed"},
            {"op": "same", "text": "in"},
            {"op": "added", "text": "the summer of"},
            {"op": "same", "text": "1988."},
        ],
        "restricted": False,
    }
    assert document["bibliography"] == []
    [snapshot] = document["snapshots"]
    assert (snapshot["key"], snapshot["path"], snapshot["line"]) == (
        "sr-2017",
        "bibliography.bib",
        6,
    )
    assert (snapshot["old_digest"], snapshot["new_digest"]) == (
        f"sha256:{OLD_SHA}",
        f"sha256:{NEW_SHA}",
    )
    [statement] = document["statements"]
    assert [(s["change"], (s["old"] or {}).get("keys"), (s["new"] or {}).get("keys"))
            for s in statement["sentences"]] == [
        ("changed", ["killings"], ["killings"]),
        ("added", None, ["disputed"]),
        ("removed", ["inquiry"], None),
    ]
    assert statement["sentences"][0]["new"] == {
        "line": 3,
        "text": "Thousands were executed.",
        "citations": ["[@killings]"],
        "keys": ["killings"],
    }
    assert document["stale_approvals"] == [
        {
            "id": "killings",
                "statement": None,
            "path": "evidence/claims.yaml",
            "line": 1,
            "column": 3,
            "status": "approved",
            "by": "legal/ab",
            "on": "2025-11-20",
            "changed": [
                "the claim",
                "the quote of source 1 (`sr-2017`)",
                "snapshot evidence/snapshots/sr-2017.txt",
            ],
        }
    ]
    assert document["problems"] == []


def test_the_working_tree_is_the_default_and_no_change_says_so(repository: Path) -> None:
    result = run_cli("diff", "v3", cwd=repository / "dossiers" / "test")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"Changes from v3 ({_short(repository, 'v3')}) to the working tree\n"
        "No change to the evidence, bibliography, snapshots, statements, notes, dossier facts, "
        "allowed signers or reviews.\n"
    )


def test_colour_only_when_the_terminal_shows_it(repository: Path) -> None:
    arguments = ["--workspace", str(repository), "diff", "v1", "v2"]
    coloured = CliRunner().invoke(main, arguments, color=True).output
    assert "\x1b[31m[-killed-]\x1b[0m \x1b[32m{+executed+}\x1b[0m" in coloured
    plain = CliRunner().invoke(main, arguments).output
    assert "\x1b" not in plain and "[-killed-] {+executed+}" in plain


def test_an_unknown_revision_is_named(repository: Path) -> None:
    result = run_cli("diff", "v1", "v9", cwd=repository)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        f"error[D001]: unknown revision `v9`: no commit of that name in the repository at "
        f"{repository} (`git log --oneline` lists its commits)\n"
    )


def test_outside_a_git_repository(make_workspace) -> None:
    root = make_workspace(files())
    result = run_cli("diff", "HEAD", cwd=root)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        f"error[D001]: the workspace {root} is not in a git repository (no .git found); dossier "
        "diff compares two commits of it: run `git init` there and commit the workspace\n"
    )


def test_a_workspace_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    init_repository(top)
    workspace = top / "advocacy" / "iran"
    write(workspace, files())
    write(top, {"README.md": "Not part of the workspace.\n"})
    commit(top, "Add the workspace")
    write(workspace, {"evidence/claims.yaml": EVIDENCE.replace("in 1988", "in July 1988")})
    write(top, {"README.md": None, "evidence/claims.yaml": "not the workspace's evidence\n"})
    result = run_cli("diff", "HEAD", cwd=workspace / "dossiers")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[2:] == [
        "Evidence: 1 changed",
        "  changed  killings  (evidence/claims.yaml:1:3)",
        "      claim: Thousands of prisoners were summarily killed in {+July+} 1988.",
    ]


def test_a_revision_whose_files_have_errors_says_where(tmp_path: Path) -> None:
    """A file that cannot be loaded is named at its revision, as git names a file there;
    a link out of the workspace is refused and a file over the size limit is not read."""
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files({"evidence/more.yaml": "- id: [unclosed\n"}))
    (root / "evidence" / "passwords.yaml").symlink_to("/etc/passwd")
    write(root, {"evidence/large.yaml": "# " + "x" * 2_000 + "\n"})
    commit(root, "Broken", tag="broken")
    write(root, {"evidence/more.yaml": None, "evidence/large.yaml": None})
    (root / "evidence" / "passwords.yaml").unlink()
    result = run_cli("--max-file-size", "1KB", "diff", "broken", cwd=root)
    assert result.code == 1
    assert result.err.splitlines()[::2] == [
        "broken:evidence/large.yaml:1:1: error[D110]: evidence/large.yaml is 2 KB, over the "
        "1 KB limit",
        "broken:evidence/more.yaml:1:7: error[D102]: YAML syntax error: the `[` opened here "
        "is never closed",
        "broken:evidence/passwords.yaml:1:1: error[D111]: evidence/passwords.yaml leads outside "
        "the workspace (to /etc/passwd); it was not read",
        "3 errors found",
    ]


def test_word_diff_keeps_a_few_words_around_each_change() -> None:
    old = " ".join(f"w{n}" for n in range(40))
    new = old.replace("w3 ", "").replace("w30", "W30")
    found = hunks(word_diff(old, new), context=2)
    assert found == [
        [Segment("=", "… w1 w2"), Segment("-", "w3"), Segment("=", "w4 w5 …")],
        [
            Segment("=", "… w28 w29"),
            Segment("-", "w30"),
            Segment("+", "W30"),
            Segment("=", "w31 w32 …"),
        ],
    ]
    assert word_diff("a  b\nc", "a b c") == [Segment("=", "a b c")]


def test_a_range_of_two_dots_is_the_two_revisions(repository: Path) -> None:
    assert run_cli("diff", "v1..v3", cwd=repository) == run_cli("diff", "v1", "v3", cwd=repository)
    assert run_cli("diff", "v3..", cwd=repository).out.startswith(
        f"Changes from v3 ({_short(repository, 'v3')}) to HEAD ({_short(repository, 'v3')})\n"
    )


def test_three_dots_show_only_what_the_branch_changed(tmp_path: Path) -> None:
    """`main...review` as on a pull request: what the branch changed since it left main, not
    what main has done since."""
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files())
    commit(root, "Draft")
    git(root, "checkout", "-q", "-b", "review")
    evidence = (root / "evidence/claims.yaml").read_text(encoding="utf-8")
    write(root, {"evidence/claims.yaml": evidence.replace("summarily killed", "executed")})
    commit(root, "Reword the claim")
    git(root, "checkout", "-q", "main")
    statement = (root / "dossiers/test/statement.md").read_text(encoding="utf-8")
    write(root, {"dossiers/test/statement.md": statement.replace("Thousands", "Many thousands")})
    commit(root, "Main moves on")
    base = git(root, "merge-base", "main", "review").strip()[:10]

    three = run_cli("diff", "main...review", cwd=root)
    assert (three.code, three.err) == (0, "")
    review = _short(root, "review")
    assert three.out.splitlines()[0] == (
        f"Changes from the merge base of main and review ({base}) to review ({review})"
    )
    assert "Evidence: 1 changed" in three.out and "Statements" not in three.out
    two = run_cli("diff", "main..review", cwd=root)
    assert "Evidence: 1 changed" in two.out and "Statements: 1 sentence changed" in two.out


def test_a_range_and_a_second_revision_is_a_usage_error(repository: Path) -> None:
    result = run_cli("diff", "v1..v2", "v3", cwd=repository)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "error[D001]: `v1..v2` is already a range of two revisions: give it alone, or give two "
        "revisions without `..`\n"
    )


def test_three_dots_between_unrelated_histories(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files())
    commit(root, "Draft")
    git(root, "checkout", "-q", "--orphan", "elsewhere")
    commit(root, "Another history")
    result = run_cli("diff", "main...elsewhere", cwd=root)
    assert (result.code, result.out) == (2, "")
    assert result.err.endswith(
        "error[D001]: `main` and `elsewhere` have no commit in common, so `main...elsewhere` "
        "compares nothing: give `main..elsewhere` to compare the two as they are\n"
    )
