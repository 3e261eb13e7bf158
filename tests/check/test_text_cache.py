"""The cache of snapshots' text: used when it is right, ignored when it cannot be trusted,
thrown away when what it was made with changes, and never in the way of two checks at once."""

from __future__ import annotations

import dataclasses
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_examples
from dossier.base.content_cache import SealedFolder
from dossier.build import CheckRequest, check
from dossier.check.sources.text_cache import TextCache, fingerprint, open_cache

SNAPSHOT = "evidence/snapshots/iranfreedom-2025-third-committee.txt"
QUOTE = "The vote passed with 79 countries in favor, 28 against, and 63 abstentions"
INVENTED = "The vote passed with 97 countries in favor"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key
    workspace = copy_examples(tmp_path / "workspace")
    (workspace / "build").mkdir()  # as the first build leaves it
    return workspace


def entry_path(root: Path) -> Path:
    digest = hashlib.sha256((root / SNAPSHOT).read_bytes()).hexdigest()
    return root / "build" / ".cache" / "snapshot-text" / fingerprint() / f"{digest}.txt.text"


def index_path(root: Path) -> Path:
    """The snapshots' indexes: their pages and what each quote looked up in them found."""
    return root / "build" / ".cache" / "snapshot-index" / fingerprint() / "snapshots.json"


def formatted(root: Path) -> list[str]:
    return [p.format() for p in check(CheckRequest(root)).problems]


def quote_invented(root: Path) -> None:
    evidence = root / "evidence" / "third-committee-2025.yaml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace(QUOTE, INVENTED))


def test_a_warm_check_reports_what_a_cold_one_does(root: Path) -> None:
    quote_invented(root)
    cold = formatted(root)
    assert entry_path(root).is_file()
    assert formatted(root) == cold
    assert sum("error[D611]" in p for p in cold) == 1


def test_no_cache_reads_and_writes_none(root: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "dossier", "--no-cache", "check"], cwd=root, capture_output=True
    )
    assert ran.returncode == 0, ran.stderr
    assert list((root / "build").iterdir()) == []


def test_a_check_before_any_build_creates_no_folder(root: Path) -> None:
    (root / "build").rmdir()
    expected = formatted(root)
    assert not (root / "build").exists()
    (root / "build").mkdir()
    assert formatted(root) == expected
    assert entry_path(root).is_file()


def _forge(root: Path, sign: bool) -> None:
    """An entry saying the snapshot holds the invented quote: signed with this user's key
    (as if the cache were wrong), or not (as if committed to the repository). The index,
    which remembers that the quote was not found, is removed: the text is read again."""
    index_path(root).unlink()
    path = entry_path(root)
    digest = path.name.split(".")[0]
    cache = open_cache(root)
    assert cache is not None
    cached = cache.get(digest, "txt")
    assert cached is not None
    forged = dataclasses.replace(cached, text=cached.text + " " + INVENTED)
    if sign:
        cache.put(digest, "txt", forged)
    else:  # sealed with another key: as if written by someone else, or committed
        other = SealedFolder(path.parent, b"another user's key" * 4)
        TextCache(other, other).put(digest, "txt", forged)


def test_an_entry_not_signed_with_this_users_key_is_not_believed(root: Path) -> None:
    quote_invented(root)
    formatted(root)
    _forge(root, sign=False)
    assert sum("error[D611]" in p for p in formatted(root)) == 1


def test_a_signed_entry_is_believed_which_is_why_entries_are_signed(root: Path) -> None:
    """The control for the test above: the cache is really read."""
    quote_invented(root)
    formatted(root)
    _forge(root, sign=True)
    assert sum("error[D611]" in p for p in formatted(root)) == 0


def test_a_damaged_entry_is_extracted_again(root: Path) -> None:
    expected = formatted(root)
    entry_path(root).write_bytes(b"\x00half a line")
    assert formatted(root) == expected
    cache = open_cache(root)
    assert cache is not None
    assert cache.get(entry_path(root).name.split(".")[0], "txt") is not None


def test_a_cache_made_under_another_fingerprint_is_removed(root: Path) -> None:
    old = root / "build" / ".cache" / "snapshot-text" / "made-by-an-older-dossier"
    old.mkdir(parents=True)
    (old / "entry.txt.json").write_text("{}")
    formatted(root)
    assert not old.exists()
    assert entry_path(root).is_file()


def test_a_build_folder_leading_outside_the_workspace_holds_no_cache(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "build").rmdir()
    (root / "build").symlink_to(elsewhere)
    formatted(root)
    assert list(elsewhere.iterdir()) == []


def test_two_checks_at_once_both_report_and_leave_whole_entries(root: Path) -> None:
    quote_invented(root)
    command = [sys.executable, "-m", "dossier", "check"]
    runs = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0][1] == outputs[1][1]
    assert b"error[D611]" in outputs[0][1]
    folder = entry_path(root).parent
    assert sorted(p.suffix for p in folder.iterdir()) == [".text"] * 5  # no temporary left
    cache = open_cache(root)
    assert cache is not None
    for entry in folder.iterdir():
        assert cache.get(entry.name.split(".")[0], "txt") is not None
