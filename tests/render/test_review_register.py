"""What the review edition gives the legal team besides the evidence (issue 22): each item's
restricted strings, the sentences left without a source on purpose, the explanatory notes that
cite none, how many cited items stand in each review state, and the commit it reflects, with
or without changes not committed. Built twice from the same state it has the same bytes,
`dossier verify` (which rebuilds from a copy without .git) still matches it, and the public
edition carries none of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli
from support.gitrepo import commit, git, init_repository

QUOTE = "overwhelming evidence shows that thousands of persons were summarily killed"
STATES = ["approved", "checked", "stale", "rejected", "revoked", "draft"]
RESTRICTED = ["Witness Parvaneh K.", "+98 912 555 0101"]
REVIEW_PDF = "build/review/example/example-review.pdf"
REVIEW_HTML = "build/review/example/example-review.html"
EPOCH = {"SOURCE_DATE_EPOCH": "1765000000"}  # the day the reviews are dated

STATEMENT = """\
# A heading

The first claim is approved [@item-approved]. The second is checked [@item-checked].
The third went stale [@item-stale]. The fourth was rejected [@item-rejected].
The fifth was revoked [@item-revoked]. The sixth is a draft [@item-draft].

The two figures add up to twelve. [uncited: arithmetic from the figures above]

A note explains the count.[^count] Another cites its source.[^sourced]

[^count]: The count leaves out those released on bail.
[^sourced]: The Rapporteur said so [@item-approved].
"""


def _item(state: str) -> str:
    restricted = f"  restricted: {RESTRICTED!r}\n".replace("'", '"') if state == "draft" else ""
    return (
        f"- id: item-{state}\n"
        f"  claim: The Special Rapporteur said that thousands were killed ({state}).\n"
        f"  sources:\n    - cite: sr-iran-2017\n      quote: {QUOTE}\n"
        f"  reliability: A1\n{restricted}"
    )


def _approve(root: Path, *args: str) -> None:
    result = run_cli("approve", *args, "--by", "Legal A", cwd=root, env=EPOCH)
    assert result.code == 0, result.err


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace in git: six cited items, one in each review state, the draft with
    restricted strings; an uncited sentence; a note citing nothing and one citing a source."""
    base = tmp_path_factory.mktemp("register")
    assert run_cli("init", "ws", cwd=base).code == 0
    root = base / "ws"
    (root / "evidence" / "claims.yaml").write_text("".join(_item(s) for s in STATES))
    (root / "dossiers" / "example" / "statement.md").write_text(STATEMENT)
    init_repository(root)
    commit(root, "Draft")
    _approve(root, "item-approved")
    _approve(root, "item-checked", "--status", "checked")
    _approve(root, "item-stale")
    _approve(root, "item-rejected", "--status", "rejected", "--reason", "source too thin")
    _approve(root, "item-revoked")
    _approve(root, "item-revoked", "--revoke", "--reason", "withdrawn")
    claims = root / "evidence" / "claims.yaml"
    claims.write_text(claims.read_text().replace("killed (stale)", "killed, it said (stale)"))
    commit(root, "Reviews, and a claim changed since its approval")
    return root


def _copy(reviewed: Path, into: Path, with_git: bool = True) -> Path:
    left_out = ("build",) if with_git else ("build", ".git")
    ignore = shutil.ignore_patterns(*left_out)
    return Path(shutil.copytree(reviewed, into / "ws", ignore=ignore))


def _build_review(root: Path, *more: str) -> None:
    result = run_cli("build", "--edition", "review", *more, cwd=root)
    assert result.code == 0, result.err


def _pdf_text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages).split())


def _html_text(html: Path) -> str:
    return " ".join(html.read_text(encoding="utf-8").split())


def test_the_register_gives_the_summary_restricted_strings_uncited_sentences_and_notes(
    reviewed: Path, tmp_path: Path
) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    head = git(root, "rev-parse", "HEAD").strip()
    text = _pdf_text(root / REVIEW_PDF)
    html = _html_text(root / REVIEW_HTML)
    assert f"Workspace: built from commit {head[:10]}." in text
    assert "uncommitted" not in text
    # the summary, at the top of the annex, before the first item
    summary = "Cited items 6 Approved 1 Checked 1 Stale 1 Rejected 1 Revoked 1 Draft 1"
    assert summary in text
    assert text.index("Evidence register") < text.index(summary) < text.index("item-approved The")
    assert "Review stale: approved by Legal A on 2025-12-06; since then the claim changed" in text
    assert "Restricted “Witness Parvaneh K.”; “+98 912 555 0101” (never in the public edition)" in (
        text
    )
    assert (
        "Sentences left without a source line 7 The two figures add up to twelve. "
        "Reason: arithmetic from the figures above" in text
    )
    assert (
        "Explanatory notes citing no source [^count], line 9 "
        "The count leaves out those released on bail." in text
    )
    assert "[^sourced]" not in text  # it cites a source
    assert '<tr class="restricted"><th>Restricted</th>' in html
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())  # the HTML's text, as the PDF's
    for found in [
        f"Workspace: built from commit {head[:10]}.",
        "Restricted “Witness Parvaneh K.”; “+98 912 555 0101”",
        "line 7 The two figures add up to twelve. Reason: arithmetic from the figures above",
        "[^count], line 9 The count leaves out those released on bail.",
        summary,
    ]:
        assert found in words


def test_two_builds_from_the_same_state_give_the_same_bytes_and_verify_matches(
    reviewed: Path, tmp_path: Path
) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    first = {p: (root / p).read_bytes() for p in (REVIEW_PDF, REVIEW_HTML)}
    _build_review(root, "--force")
    assert {p: (root / p).read_bytes() for p in first} == first
    result = run_cli("verify", REVIEW_PDF, cwd=root)
    assert result.code == 0, result.out + result.err
    assert "rebuilt in a temporary folder: identical" in result.out


def test_verify_at_build_commit_matches_the_review_edition(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    result = run_cli("verify", "--at-build-commit", REVIEW_PDF, cwd=root)
    assert result.code == 0, result.out + result.err
    head = git(root, "rev-parse", "--short=10", "HEAD").strip()
    assert f"rebuilt from commit {head} in a temporary folder: identical" in result.out


def test_changes_not_committed_are_said_and_still_verify(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    statement = root / "dossiers" / "example" / "statement.md"
    statement.write_text(statement.read_text().replace("twelve", "thirteen"))
    _build_review(root)  # not up to date: the statement changed, and so did the git state
    head = git(root, "rev-parse", "HEAD").strip()
    text = _pdf_text(root / REVIEW_PDF)
    assert f"Workspace: built from commit {head[:10]}, with uncommitted changes." in text
    result = run_cli("verify", REVIEW_PDF, cwd=root)
    assert result.code == 0, result.out + result.err


def test_a_new_commit_makes_the_review_edition_out_of_date(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    git(root, "commit", "-q", "--allow-empty", "-m", "Nothing changed but the commit")
    _build_review(root)
    head = git(root, "rev-parse", "HEAD").strip()
    assert f"built from commit {head[:10]}." in _pdf_text(root / REVIEW_PDF)


def test_outside_git_it_says_so_and_verifies(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path, with_git=False)
    _build_review(root)
    assert "Workspace: not in a git repository." in _pdf_text(root / REVIEW_PDF)
    result = run_cli("verify", REVIEW_PDF, cwd=root)
    assert result.code == 0, result.out + result.err


def test_the_public_edition_carries_none_of_it(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path)
    _build_review(root)
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    folder = root / "build" / "example"
    texts = {
        "pdf": _pdf_text(folder / "example.pdf"),
        "html": (folder / "example.html").read_text(encoding="utf-8"),
        "manifest": (folder / "manifest.json").read_text(encoding="utf-8"),
    }
    for name, text in texts.items():
        for absent in [*RESTRICTED, "Workspace:", "uncommitted", "Evidence register", "Reason:"]:
            assert absent not in text, (name, absent)
    assert '"edition"' not in texts["manifest"]


def test_a_public_build_still_refuses_a_restricted_string(reviewed: Path, tmp_path: Path) -> None:
    root = _copy(reviewed, tmp_path)
    statement = root / "dossiers" / "example" / "statement.md"
    statement.write_text(statement.read_text().replace("A note", f"{RESTRICTED[0]} said a note"))
    assert run_cli("build", cwd=root).code != 0
    assert not (root / "build" / "example" / "example.pdf").exists()
