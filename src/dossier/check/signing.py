"""Signed approvals, as git signs commits with SSH keys: `ssh-keygen -Y sign` over a
canonical text of the entry (what was reviewed, its status, who, when, the digest), checked
with `ssh-keygen -Y verify` against the workspace's `allowed_signers` for the entry's `by`.

ssh-keygen runs without a shell, with a timeout, in a temporary folder; nothing of the
workspace's configuration chooses what runs.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..base.problems import CommandFailed
from ..base.time_limit import run_program
from ..load.models import Review

NAMESPACE = "dossier-approval"
ALLOWED_SIGNERS = "allowed_signers"
_TIMEOUT = 30.0


def message(subject: str, status: str, by: str, on: dt.date | None, digest: str | None) -> bytes:
    """The text a signature covers: `subject` is an item's id or `statement NAME`."""
    lines = [
        "dossier approval v1",
        f"subject: {subject}",
        f"status: {status}",
        f"by: {by}",
        f"on: {on.isoformat() if on else ''}",
        f"digest: {digest or ''}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def entry_message(subject: str, entry: Review) -> bytes:
    return message(subject, entry.status, entry.by or "", entry.on, entry.digest)


def _keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise CommandFailed("ssh-keygen is not installed: OpenSSH's ssh-keygen signs approvals")
    return found


def _ssh_keygen(
    arguments: list[str], folder: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """`ssh-keygen -Y ARGUMENTS` in `folder`, no shell, within the time limit; None when it
    did not answer in time."""
    try:
        return run_program([_keygen(), "-Y", *arguments], folder, stdin or b"", _TIMEOUT)
    except subprocess.TimeoutExpired:
        return None


def sign(key: Path, text: bytes) -> str:
    """The armored SSH signature of `text` with the private key file `key`."""
    if not key.is_file():
        raise CommandFailed(
            f"the signing key {key} does not exist (--sign KEYFILE, else git's "
            "user.signingkey); --no-sign records the entry unsigned"
        )
    with tempfile.TemporaryDirectory(prefix="dossier-sign-") as folder:
        path = Path(folder) / "message"
        path.write_bytes(text)
        done = _ssh_keygen(["sign", "-f", str(key.resolve()), "-n", NAMESPACE, str(path)], folder)
        if done is None:
            raise CommandFailed(f"ssh-keygen did not sign within {_TIMEOUT:.0f}s")
        signature = Path(folder) / "message.sig"
        if done.returncode != 0 or not signature.is_file():
            said = done.stderr.decode("utf-8", "replace").strip()
            raise CommandFailed(
                f"ssh-keygen could not sign with {key}: {said}; nothing was recorded "
                "(--no-sign records the entry unsigned)"
            )
        return signature.read_text("ascii")


def signature_wanted(root: Path, subject: str, entry: Review, signing: bool) -> bool:
    """Whether a review the same as `entry` should be recorded again, because it is being
    signed and `entry` has no signature that stands: none, or one that does not verify
    against allowed_signers (with no allowed_signers, any signature stands)."""
    if not signing:
        return False
    if not entry.signature:
        return True
    allowed = (root / ALLOWED_SIGNERS).is_file()
    return allowed and verification_failure(root, subject, entry) is not None


def verification_failure(root: Path, subject: str, entry: Review) -> str | None:
    """None when the entry's signature verifies against root/allowed_signers for its `by`;
    else why not, in words."""
    if not entry.signature:
        return "it has no signature"
    allowed = root / ALLOWED_SIGNERS
    if not allowed.is_file():
        return f"the workspace has no {ALLOWED_SIGNERS} file to check its signature against"
    by = entry.by or ""
    key = (allowed.read_bytes(), by, entry_message(subject, entry), entry.signature)
    if key not in _VERIFIED:
        if len(_VERIFIED) >= _CACHE_SIZE:
            _VERIFIED.clear()
        _VERIFIED[key] = _verify(allowed, by, subject, entry)
    return _VERIFIED[key]


# What ssh-keygen said of each (allowed_signers, principal, message, signature): a dossier
# cites an item many times, and check, build and approve ask of the same entries.
_VERIFIED: dict[tuple[bytes, str, bytes, str], str | None] = {}
_CACHE_SIZE = 4096


def _verify(allowed: Path, by: str, subject: str, entry: Review) -> str | None:
    assert entry.signature is not None
    if shutil.which("ssh-keygen") is None:
        return "ssh-keygen (OpenSSH) is not installed here to verify its signature"
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as folder:
        sig = Path(folder) / "message.sig"
        sig.write_text(entry.signature, "ascii", errors="replace")
        common = ["-f", str(allowed.resolve()), "-I", by, "-n", NAMESPACE, "-s", str(sig)]
        done = _ssh_keygen(["verify", *common], folder, entry_message(subject, entry))
        if done is None:
            return f"ssh-keygen did not verify its signature within {_TIMEOUT:.0f}s"
        if done.returncode == 0:
            return None
        # Why: the signer's key is allowed for `by`, or the signature does not match.
        if not _allowed_for(allowed, by, entry.signature, folder):
            return f"its signer is not allowed to sign as `{by}` in {ALLOWED_SIGNERS}"
        return (
            "its signature does not match the entry (its by, date, status or digest "
            "was edited after it was signed)"
        )


def _allowed_for(allowed: Path, by: str, signature: str, folder: str) -> bool:
    """Whether the signature's key is one allowed_signers gives for `by`."""
    signature_file = str(Path(folder) / "message.sig")
    done = _ssh_keygen(
        ["find-principals", "-f", str(allowed.resolve()), "-s", signature_file], folder
    )
    if done is None:
        return False
    principals = done.stdout.decode("utf-8", "replace").split()
    return done.returncode == 0 and by in principals
