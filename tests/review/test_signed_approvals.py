"""Signed approvals (issue 22): `approve --sign KEY` signs the entry with ssh-keygen, and a
dossier with `review: {signed: true}` counts only approvals that verify against the
workspace's allowed_signers for their `by`; `approvals: N` asks for N distinct approvers.
Real ed25519 keys made by ssh-keygen in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import DOSSIER, EVIDENCE, files, run_cli
from dossier.check.signing import verification_failure
from dossier.load.models import Review
from support.gitrepo import init_repository, write
from support.review_items import INQUIRY, ON_2025_11_20

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH) is not installed"
)

STATEMENT = """\
# Findings

Thousands were killed [@killings]. Amnesty called for an inquiry [@inquiry].
"""


def _key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
        check=True,
        timeout=30,
    )
    return key


def _allowed(root: Path, signers: dict[str, Path]) -> None:
    lines = [
        f"{who} {key.with_suffix('.pub').read_text().split(' ', 2)[0]} "
        f"{key.with_suffix('.pub').read_text().split(' ', 2)[1]}"
        for who, key in signers.items()
    ]
    (root / "allowed_signers").write_text("\n".join(lines) + "\n")


def _workspace(root: Path, policy: str) -> Path:
    init_repository(root)
    write(
        root,
        files(
            {
                "evidence/claims.yaml": EVIDENCE + INQUIRY,
                "dossiers/test/dossier.yaml": DOSSIER + policy,
                "dossiers/test/statement.md": STATEMENT,
            }
        ),
    )
    return root


def _approve(root: Path, item: str, by: str, key: Path | None) -> None:
    signing = ["--sign", str(key)] if key is not None else ["--no-sign"]
    done = run_cli("approve", item, "--by", by, *signing, cwd=root, env=ON_2025_11_20)
    assert (done.code, done.err) == (0, ""), done.err


def _items() -> list[str]:
    return ["killings", "inquiry"]


def _codes(text: str, code: str) -> list[str]:
    return [line for line in text.splitlines() if f"[{code}]" in line]


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {name: _key(folder, name) for name in ("ab", "cd", "eve")}


def test_a_signed_approval_counts_and_an_unsigned_one_does_not(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"]})
    items = _items()
    _approve(root, items[0], "legal/ab", keys["ab"])
    for item in items[1:]:
        _approve(root, item, "legal/ab", None)
    text = (root / "evidence/claims.yaml").read_text()
    assert "      signature: |\n        -----BEGIN SSH SIGNATURE-----\n" in text

    check = run_cli("check", cwd=root)
    warned = _codes(check.err, "D806")
    assert all(items[0] + "`" not in line for line in warned)
    assert len(warned) == len(items) - 1
    assert warned[0].endswith(
        "warning[D806]: the approval of `inquiry` by legal/ab on 2025-11-20 does not count, "
        "as `review: {signed: true}` in dossiers/test/dossier.yaml asks: it has no signature"
    )

    build = run_cli("build", "--require-approved", cwd=root)
    assert build.code == 1
    refused = _codes(build.err, "D802")
    assert refused and all(f"`{items[0]}`" not in line for line in refused)
    assert "the approval by legal/ab does not count: it has no signature" in refused[0]


def test_an_entry_edited_by_hand_after_signing_does_not_verify(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"], "legal/cd": keys["cd"]})
    item = _items()[0]
    _approve(root, item, "legal/ab", keys["ab"])
    path = root / "evidence/claims.yaml"
    path.write_text(path.read_text().replace("by: legal/ab", "by: legal/cd"))

    warned = _codes(run_cli("check", cwd=root).err, "D806")
    mine = [line for line in warned if f"`{item}`" in line]
    assert len(mine) == 1
    assert mine[0].endswith(
        f"warning[D806]: the approval of `{item}` by legal/cd on 2025-11-20 does not count, "
        "as `review: {signed: true}` in dossiers/test/dossier.yaml asks: its signer is not "
        "allowed to sign as `legal/cd` in allowed_signers"
    )

    path.write_text(path.read_text().replace("by: legal/cd", "by: legal/ab"))
    path.write_text(path.read_text().replace("on: 2025-11-20", "on: 2025-11-19", 1))
    warned = _codes(run_cli("check", cwd=root).err, "D806")
    mine = [line for line in warned if f"`{item}`" in line]
    assert mine[0].endswith(
        f"warning[D806]: the approval of `{item}` by legal/ab on 2025-11-19 does not count, "
        "as `review: {signed: true}` in dossiers/test/dossier.yaml asks: its signature does "
        "not match the entry (its by, date, status or digest was edited after it was signed)"
    )


def test_a_signer_not_in_allowed_signers_does_not_count(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"]})
    item = _items()[0]
    _approve(root, item, "legal/ab", keys["eve"])  # eve signs as legal/ab
    mine = [line for line in _codes(run_cli("check", cwd=root).err, "D806") if item in line]
    assert len(mine) == 1
    assert mine[0].endswith("its signer is not allowed to sign as `legal/ab` in allowed_signers")


def test_two_approvals_need_two_distinct_signers(tmp_path: Path, keys: dict[str, Path]) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n  approvals: 2\n")
    _allowed(root, {"legal/ab": keys["ab"], "legal/cd": keys["cd"]})
    items = _items()
    for item in items:
        _approve(root, item, "legal/ab", keys["ab"])
    build = run_cli("build", "--require-approved", cwd=root)
    assert build.code == 1
    refused = _codes(build.err, "D802")
    assert refused
    assert (
        "it has 1, and `review:` in dossiers/test/dossier.yaml asks for 2 distinct approvers "
        "with verified signatures (it is approved by legal/ab)" in refused[0]
    )
    _approve(root, items[0], "legal/ab", keys["ab"])  # the same approver again: still one
    assert run_cli("build", "--require-approved", cwd=root).code == 1

    for item in items:
        _approve(root, item, "legal/cd", keys["cd"])
    build = run_cli("build", "--require-approved", cwd=root)
    assert _codes(build.err, "D802") == [] and _codes(build.err, "D806") == []


def test_without_a_policy_unsigned_approvals_count_as_before(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "repo", "")
    for item in _items():
        _approve(root, item, "legal/ab", None)
    build = run_cli("build", "--require-approved", cwd=root)
    assert _codes(build.err, "D802") == [] and _codes(build.err, "D806") == []


def test_git_ssh_signing_key_signs_by_default_and_no_sign_does_not(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"]})
    for name, value in (("gpg.format", "ssh"), ("user.signingkey", str(keys["ab"]))):
        subprocess.run(["git", "config", name, value], cwd=root, check=True, timeout=30)
    signed = run_cli("approve", "killings", "--by", "legal/ab", cwd=root, env=ON_2025_11_20)
    assert (signed.code, signed.err) == (0, "")  # signed with git's key
    unsigned = run_cli(
        "approve", "inquiry", "--by", "legal/ab", "--no-sign", cwd=root, env=ON_2025_11_20
    )
    assert (unsigned.code, unsigned.err) == (0, "")
    warned = _codes(run_cli("check", cwd=root).err, "D806")
    assert (
        len(warned) == 1 and "`inquiry`" in warned[0] and warned[0].endswith("it has no signature")
    )


def test_a_missing_key_records_nothing(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "repo", "")
    before = (root / "evidence/claims.yaml").read_text()
    missing = tmp_path / "nokey"
    done = run_cli("approve", "killings", "--by", "legal/ab", "--sign", str(missing), cwd=root)
    assert done.code != 0
    assert f"the signing key {missing} does not exist" in done.err
    assert (root / "evidence/claims.yaml").read_text() == before


def test_signing_an_unsigned_approval_again_records_a_signed_entry(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"]})
    for item in _items():
        _approve(root, item, "legal/ab", None)
    assert len(_codes(run_cli("check", cwd=root).err, "D806")) == 2
    for item in _items():  # as D806's hint says: approve it again with the key
        _approve(root, item, "legal/ab", keys["ab"])
    assert _codes(run_cli("check", cwd=root).err, "D806") == []
    again = run_cli(
        "approve",
        "killings",
        "--by",
        "legal/ab",
        "--sign",
        str(keys["ab"]),
        cwd=root,
        env=ON_2025_11_20,
    )
    assert again.out.startswith("already approved `killings`")  # signed and verified: once


def test_a_statement_sign_off_is_signed(tmp_path: Path, keys: dict[str, Path]) -> None:
    root = _workspace(tmp_path / "repo", "")
    done = run_cli(
        "approve", "--statement", "test", "--by", "legal/ab", "--sign", str(keys["ab"]),
        cwd=root, env=ON_2025_11_20,
    )  # fmt: skip
    assert (done.code, done.err) == (0, "")
    text = (root / "dossiers/test/review.yaml").read_text()
    assert "    signature: |\n      -----BEGIN SSH SIGNATURE-----\n" in text
    _allowed(root, {"legal/ab": keys["ab"]})
    entry = YAML(typ="safe").load(text)["reviews"][0]  # YAML 1.2: `on` is a key, not True
    fields = {k: entry[k] for k in ("status", "by", "on", "digest", "signature")}
    assert verification_failure(root, "statement test", Review(**fields)) is None
    fields["by"] = "legal/cd"
    assert verification_failure(root, "statement test", Review(**fields)) is not None


def test_an_unsigned_statement_sign_off_does_not_count_under_signed(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n")
    _allowed(root, {"legal/ab": keys["ab"]})
    for item in _items():
        _approve(root, item, "legal/ab", keys["ab"])
    unsigned = run_cli(
        "approve",
        "--statement",
        "test",
        "--by",
        "legal/ab",
        "--no-sign",
        cwd=root,
        env=ON_2025_11_20,
    )
    assert unsigned.code == 0, unsigned.err
    warned = _codes(run_cli("check", cwd=root).err, "D806")
    assert len(warned) == 1 and warned[0].endswith(
        "the sign-off of the statement of `test` by legal/ab on 2025-11-20 does not count, as "
        "`review: {signed: true}` in dossiers/test/dossier.yaml asks: it has no signature"
    )
    build = run_cli("build", "--require-approved", cwd=root)
    assert _codes(build.err, "D802") == []
    refused = _codes(build.err, "D805")
    assert len(refused) == 1 and refused[0].endswith(
        "it has 0, and `review:` in dossiers/test/dossier.yaml asks for 1 distinct approver "
        "with verified signatures; the sign-off by legal/ab does not count: it has no signature"
    )
    signed = run_cli(
        "approve", "--statement", "test", "--by", "legal/ab", "--sign", str(keys["ab"]),
        cwd=root, env=ON_2025_11_20,
    )  # fmt: skip
    assert signed.code == 0, signed.err
    build = run_cli("build", "--require-approved", cwd=root)
    assert _codes(build.err, "D805") == [] and _codes(build.err, "D806") == []


def _sign_off(root: Path, by: str, key: Path | None) -> None:
    signing = ["--sign", str(key)] if key is not None else ["--no-sign"]
    done = run_cli(
        "approve", "--statement", "test", "--by", by, *signing, cwd=root, env=ON_2025_11_20
    )
    assert (done.code, done.err) == (0, ""), done.err


def test_two_approvals_apply_to_the_statement_sign_off(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  signed: true\n  approvals: 2\n")
    _allowed(root, {"legal/ab": keys["ab"], "legal/cd": keys["cd"]})
    for item in _items():
        for by, key in (("legal/ab", keys["ab"]), ("legal/cd", keys["cd"])):
            _approve(root, item, by, key)
    _sign_off(root, "legal/ab", keys["ab"])
    _sign_off(root, "legal/cd", None)
    build = run_cli("build", "--require-approved", cwd=root)
    assert build.code == 1 and _codes(build.err, "D802") == []
    assert _codes(build.err, "D805") == [
        "dossiers/test/statement.md:1:1: error[D805]: the statement of `test` is not signed "
        "off, as --require-approved asks: it has 1, and `review:` in dossiers/test/dossier.yaml "
        "asks for 2 distinct approvers with verified signatures (it is approved by legal/ab); "
        "the sign-off by legal/cd does not count: it has no signature"
    ]
    assert (
        "  hint: read it again, then sign the statement off: `dossier approve --statement test "
        "--sign KEYFILE`\n" in build.err
    )
    _sign_off(root, "legal/cd", keys["cd"])
    build = run_cli("build", "--require-approved", cwd=root)
    assert build.code == 0, build.err


def test_two_unsigned_approvals_of_the_statement_count_without_signed(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "repo", "review:\n  approvals: 2\n")
    for item in _items():
        for by in ("legal/ab", "legal/cd"):
            _approve(root, item, by, None)
    _sign_off(root, "legal/ab", None)
    refused = _codes(run_cli("build", "--require-approved", cwd=root).err, "D805")
    assert len(refused) == 1 and refused[0].endswith(
        "it has 1, and `review:` in dossiers/test/dossier.yaml asks for 2 distinct approvers "
        "(it is approved by legal/ab)"
    )
    _sign_off(root, "legal/cd", None)
    assert run_cli("build", "--require-approved", cwd=root).code == 0


def test_the_not_approved_hint_asks_for_a_signature_only_under_signed(tmp_path: Path) -> None:
    hints = {}
    for policy in ("review:\n  signed: true\n", ""):
        root = _workspace(tmp_path / f"repo{len(hints)}", policy)
        build = run_cli("build", "--require-approved", cwd=root)
        hints[policy] = [
            line for line in build.err.splitlines() if "dossier approve killings" in line
        ]
    assert hints["review:\n  signed: true\n"] == [
        "  hint: have evidence/claims.yaml:1:3 reviewed, then `dossier approve killings --by "
        "NAME --sign KEYFILE`"
    ]
    assert hints[""] == [
        "  hint: have evidence/claims.yaml:1:3 reviewed, then `dossier approve killings --by NAME`"
    ]
