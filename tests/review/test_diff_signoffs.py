"""`dossier diff` and statement sign-offs (issue 22): the sign-offs recorded and revoked in the
range, those a change made stale (at the newer end, or inside the range and given again), and
the signed approvals and sign-offs a change of allowed_signers no longer lets verify."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DOSSIER, files, run_cli
from support.gitrepo import commit, git, init_repository, write
from support.review_items import ON_2025_11_20


def _sign_off(root: Path, by: str, *more: str) -> None:
    result = run_cli(
        "approve", "--statement", "test", "--by", by, *more, cwd=root, env=ON_2025_11_20
    )
    assert result.code == 0, result.err


def _short(root: Path, name: str) -> str:
    return git(root, "rev-parse", "--short=10", name).strip()


def _reword(root: Path) -> None:
    statement = (root / "dossiers/test/statement.md").read_text(encoding="utf-8")
    write(root, {"dossiers/test/statement.md": statement.replace("were killed", "were executed")})


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: the statement signed off by legal/ab; v2: a sentence reworded (the sign-off
    stale); v3: signed off again by legal/cd, and legal/ab's revoked."""
    root = tmp_path_factory.mktemp("signoff-diff") / "repo"
    init_repository(root)
    write(root, files())
    commit(root, "Draft", tag="v0")
    _sign_off(root, "legal/ab")
    commit(root, "Statement signed off", tag="v1")
    _reword(root)
    commit(root, "Reword a sentence", tag="v2")
    _sign_off(root, "legal/cd")
    _sign_off(root, "legal/ab", "--revoke", "--reason", "not mine to judge")
    commit(root, "Signed off again", tag="v3")
    return root


def test_sign_offs_recorded_and_revoked_show_under_reviews(repository: Path) -> None:
    result = run_cli("diff", "v2", "v3", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert result.out.split("\nReviews: ")[1] == """\
2 recorded
  approved statement test  (dossiers/test/review.yaml:1:1)
      approved by legal/cd on 2025-11-20
  revoked  statement test  (dossiers/test/review.yaml:1:1)
      revoked by legal/ab on 2025-11-20 (reason: not mine to judge)
"""


def test_a_sign_off_stale_at_the_newer_end_shows(repository: Path) -> None:
    result = run_cli("diff", "v1", "v2", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert result.out.split("\nApprovals made stale: ")[1] == f"""\
1
  stale    statement test  (dossiers/test/statement.md:3:1)
      approved by legal/ab on 2025-11-20 at v1 ({_short(repository, "v1")}); changed since: \
the paragraph at line 3 (changed)
"""
    assert "inside the range" not in result.out


def test_a_sign_off_stale_inside_the_range_and_given_again_shows(repository: Path) -> None:
    result = run_cli("diff", "v1", "v3", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert "\nApprovals made stale:" not in result.out
    v2, v3 = _short(repository, "v2"), _short(repository, "v3")
    assert result.out.split("\nApprovals made stale inside the range")[1] == f"""\
: 1
  stale    statement test  (dossiers/test/statement.md:3:1)
      approved by legal/ab on 2025-11-20, stale at {v2}; changed: the paragraph at line 3 \
(changed)
      given again: approved by legal/cd on 2025-11-20 at {v3}
"""


def test_sign_offs_in_json(repository: Path) -> None:
    result = run_cli("diff", "v0..v3", "--format", "json", cwd=repository)
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out)
    assert [(r["id"], r["statement"], r["status"], r["by"]) for r in document["reviews"]] == [
        ("statement test", "test", "approved", "legal/ab"),
        ("statement test", "test", "approved", "legal/cd"),
        ("statement test", "test", "revoked", "legal/ab"),
    ]
    [event] = document["stale_inside_range"]["approvals"]
    assert (event["id"], event["statement"], event["stale_at"]) == (
        "statement test",
        "test",
        git(repository, "rev-parse", "v2").strip(),
    )


def test_a_stale_sign_off_in_json_names_its_dossier(repository: Path) -> None:
    """`statement` is the dossier (null for an evidence item's approval): a tool tells the
    two apart without reading the id."""
    result = run_cli("diff", "v1", "v2", "--format", "json", cwd=repository)
    [stale] = json.loads(result.out)["stale_approvals"]
    assert (stale["id"], stale["statement"], stale["path"]) == (
        "statement test",
        "test",
        "dossiers/test/statement.md",
    )


needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH) is not installed"
)


def _key(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
        check=True,
        timeout=30,
    )
    kind, blob = key.with_suffix(".pub").read_text().split()[:2]
    return key, f"{kind} {blob}"


@needs_ssh_keygen
def test_a_change_of_allowed_signers_names_the_approvals_it_affects(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files({"dossiers/test/dossier.yaml": DOSSIER + "review:\n  signed: true\n"}))
    ab, ab_public = _key(tmp_path, "ab")
    cd, cd_public = _key(tmp_path, "cd")
    write(root, {"allowed_signers": f"legal/ab {ab_public}\nlegal/cd {cd_public}\n"})
    approved = run_cli(
        "approve", "killings", "--by", "legal/ab", "--sign", str(ab), cwd=root, env=ON_2025_11_20
    )
    assert approved.code == 0, approved.err
    _sign_off(root, "legal/ab", "--sign", str(ab))
    _sign_off(root, "legal/cd", "--sign", str(cd))
    commit(root, "Signed approvals")
    assert "[D806]" not in run_cli("check", cwd=root).err

    # legal/ab's key replaced by another one: both of legal/ab's signatures stop verifying.
    _, other_public = _key(tmp_path, "other")
    write(root, {"allowed_signers": f"legal/ab {other_public}\nlegal/cd {cd_public}\n"})
    check = run_cli("check", cwd=root)
    warned = [line for line in check.err.splitlines() if "[D806]" in line]
    not_allowed = "its signer is not allowed to sign as `legal/ab` in allowed_signers"
    assert [line.split(": warning[D806]: ")[1] for line in warned] == [
        "the sign-off of the statement of `test` by legal/ab on 2025-11-20 does not count, as "
        f"`review: {{signed: true}}` in dossiers/test/dossier.yaml asks: {not_allowed}",
        "the approval of `killings` by legal/ab on 2025-11-20 does not count, as "
        f"`review: {{signed: true}}` in dossiers/test/dossier.yaml asks: {not_allowed}",
    ]

    result = run_cli("diff", "HEAD", cwd=root)
    assert (result.code, result.err) == (0, "")
    section = result.out.split("\nAllowed signers (allowed_signers, changed): ")[1]
    assert section == f"""\
1 line added, 1 line removed
      [-legal/ab {ab_public}-]
      {{+legal/ab {other_public}+}}
  unsigned killings  (evidence/claims.yaml:8:7)
      approved by legal/ab on 2025-11-20 no longer verifies: {not_allowed}
  unsigned statement test  (dossiers/test/review.yaml:4:5)
      approved by legal/ab on 2025-11-20 no longer verifies: {not_allowed}
"""

    # legal/cd's line removed instead: only legal/cd's sign-off is affected.
    write(root, {"allowed_signers": f"legal/ab {ab_public}\n"})
    warned = [line for line in run_cli("check", cwd=root).err.splitlines() if "[D806]" in line]
    assert len(warned) == 1 and warned[0].endswith(
        "the sign-off of the statement of `test` by legal/cd on 2025-11-20 does not count, as "
        "`review: {signed: true}` in dossiers/test/dossier.yaml asks: its signer is not "
        "allowed to sign as `legal/cd` in allowed_signers"
    )
    document = json.loads(run_cli("diff", "HEAD", "--format", "json", cwd=root).out)
    assert [
        (u["id"], u["statement"], u["by"], u["why"])
        for u in document["allowed_signers"]["no_longer_verify"]
    ] == [
        (
            "statement test",
            "test",
            "legal/cd",
            "its signer is not allowed to sign as `legal/cd` in allowed_signers",
        )
    ]
