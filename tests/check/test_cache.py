"""The caches a check keeps in build/.cache/: parsed evidence and bibliography, and each
snapshot's index (its pages, and what each quote looked up in it found). A check reports
the same with them as without them, sees any change of content (whatever the file's date),
and believes no entry it did not write itself under the code that reads it now."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import weakref
from pathlib import Path

import pytest

import dossier
from conftest import copy_examples, run_cli
from dossier.base.bulk import collector_paused
from dossier.base.content_cache import SealedFolder, code_files, content_digest
from dossier.base.content_cache import fingerprint as code_fingerprint
from dossier.check.sources import text_cache
from dossier.check.sources.extract_text import ExtractionError
from dossier.check.sources.snapshot_store import HELD_AT_ONCE, SnapshotStore
from dossier.check.sources.text_cache import CachedText, open_cache
from dossier.check.sources.text_cache import fingerprint as text_fingerprint
from dossier.load.bibtex.bibliography import load_bibliography
from dossier.load.evidence import CACHED_CODE, CACHED_LIBRARIES

CLAIMS = "evidence/third-committee-2025.yaml"
SNAPSHOT = "evidence/snapshots/iranfreedom-2025-third-committee.txt"
QUOTE = "The vote passed with 79 countries in favor, 28 against, and 63 abstentions"
INVENTED = "The vote passed with 97 countries in favor"
EXTRA = """
- id: mission-findings
  claim: Thousands of prisoners were executed in secret.
  sources:
    - cite: mission-2024
      locator: p. 2
      quote: thousands of prisoners were executed in secret
- id: mission-witnesses
  claim: The mission heard witnesses.
  sources:
    - cite: mission-2024
      locator: p. 2
      quote: The mission heard 210 witnesses
  colour: blue
"""
PAGES = [
    "<p>Introduction. The mission was mandated by the Council.</p>",
    "<p>The mission heard 120 witnesses over six weeks.</p>",
    "<p>Its final findings: thousands of prisoners were executed in secret.</p>",
]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example workspace, with a PDF snapshot and evidence that is wrong in several ways:
    a changed quote (D611, with its closest passage), a quote on another page than its
    locator's (D612), an unknown field (D104) and a source without an access date (D606)."""
    from weasyprint import HTML

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key
    workspace = copy_examples(tmp_path / "workspace")
    html = "".join(f"<section style='break-after: page'>{p}</section>" for p in PAGES)
    pdf = HTML(string=html).write_pdf()
    (workspace / "evidence/snapshots/mission.pdf").write_bytes(pdf)
    with (workspace / "bibliography.bib").open("a", encoding="utf-8") as bib:
        bib.write(
            "\n@report{mission-2024,\n  author = {{Fact-finding mission}},\n"
            "  title = {Report},\n  date = {2024},\n  url = {https://example.org/mission},\n"
            "  snapshot = {evidence/snapshots/mission.pdf},\n"
            f"  sha256 = {{{hashlib.sha256(pdf).hexdigest()}}},\n}}\n"
        )
    claims = workspace / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8").replace(QUOTE, INVENTED) + EXTRA)
    (workspace / "build").mkdir()  # as the first build leaves it
    return workspace


def checked(root: Path, *options: str) -> str:
    result = run_cli(*options, "check", cwd=root)
    assert result.code == 1, result.err
    return result.err


def cache_folder(root: Path, cache: str, fingerprint: str) -> Path:
    return root / "build" / ".cache" / cache / fingerprint


def evidence_entry(root: Path) -> Path:
    text = (root / CLAIMS).read_text(encoding="utf-8")
    name = f"{content_digest(CLAIMS)[:24]}.{content_digest(CLAIMS, text)}.pickle"
    return cache_folder(root, "evidence", code_fingerprint(CACHED_CODE, CACHED_LIBRARIES)) / name


def snapshot_indexes(root: Path) -> Path:
    """The indexes of the workspace's snapshots, all in one entry."""
    return cache_folder(root, "snapshot-index", text_fingerprint()) / "snapshots.json"


def signing_key(tmp_path: Path) -> bytes:
    return (tmp_path / "user-cache" / "dossier" / "cache-key").read_bytes()


def test_a_check_reports_the_same_with_a_cold_cache_a_warm_one_and_none(root: Path) -> None:
    cold = checked(root)
    for cache in ("evidence", "bibliography", "snapshot-text", "snapshot-index"):
        assert list((root / "build" / ".cache" / cache).glob("*/*")), cache
    assert checked(root) == cold
    assert checked(root, "--no-cache") == cold
    for expected in (
        f"{CLAIMS}:11:14: error[D611]: the quote of evidence `third-committee-vote-2025` is not "
        "in the snapshot of `iranfreedom-2025`",
        "hint: the closest passage reads “The vote passed with 79 countries in favor”; "
        "the source has “79” where the quote has “97”",
        "error[D612]: the quote of evidence `mission-findings` is on page 3 of "
        "evidence/snapshots/mission.pdf, not on p. 2",
        "error[D104]: unknown field `colour`",
        "warning[D606]: `mission-2024` gives a url but no urldate",
    ):
        assert expected in cold


def _same_date(path: Path, change: tuple[str, str]) -> None:
    """Change the file's content, and give it back the date it had."""
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


@pytest.mark.parametrize(
    ("changed", "change", "seen"),
    [
        (CLAIMS, (INVENTED, QUOTE), "is not in the snapshot of `iranfreedom-2025`"),
        (CLAIMS, ("locator: p. 2\n      quote: thousands", "locator: p. 3\n      quote: thousands"),
         "is on page 3 of evidence/snapshots/mission.pdf"),
        ("bibliography.bib", ("url = {https://example.org/mission},", "urldate = {2024-01-01},"),
         "gives a url but no urldate"),
        (SNAPSHOT, ("79 countries", "97 countries"), "is not in the snapshot of `iranfreedom"),
    ],
)  # fmt: skip
def test_a_changed_file_is_seen_on_the_next_check_though_its_date_is_not(
    root: Path, changed: str, change: tuple[str, str], seen: str
) -> None:
    before = checked(root)
    assert seen in before
    _same_date(root / changed, change)
    after = checked(root)
    assert seen not in after
    assert after == checked(root, "--no-cache")


def _forge_evidence(root: Path, key: bytes, folder: Path | None = None) -> None:
    """An evidence entry saying the file holds one item fewer and no problem, sealed with
    `key`, in the cache's folder (or `folder`)."""
    entry = evidence_entry(root)
    body = SealedFolder(entry.parent, signing_key(root.parent)).read(entry.name)
    assert body is not None
    items, _ = pickle.loads(body)
    forged = pickle.dumps((items[:-1], []))
    SealedFolder(folder or entry.parent, key).write(entry.name, forged)


def test_a_sealed_evidence_entry_is_believed_which_is_why_entries_are_sealed(
    root: Path, tmp_path: Path
) -> None:
    """The control for the tests below: the cache is really read."""
    assert "unknown field `colour`" in checked(root)
    _forge_evidence(root, signing_key(tmp_path))
    assert "unknown field `colour`" not in run_cli("check", cwd=root).err


def test_an_evidence_entry_sealed_with_another_key_is_not_believed(
    root: Path, tmp_path: Path
) -> None:
    expected = checked(root)
    _forge_evidence(root, b"another user's key, or none at all" * 2)
    assert checked(root) == expected


def test_an_entry_made_by_another_version_is_not_read_and_is_removed(
    root: Path, tmp_path: Path
) -> None:
    """Sealed by this user, but in the folder of another fingerprint (another version of
    dossier, other code, other libraries): not read, and the folder is thrown away."""
    expected = checked(root)
    older = root / "build" / ".cache" / "evidence" / "made-by-an-older-dossier"
    _forge_evidence(root, signing_key(tmp_path), older)
    evidence_entry(root).unlink()
    assert checked(root) == expected
    assert not older.exists()


def test_an_entry_not_sealed_by_this_user_is_never_unpickled(root: Path, tmp_path: Path) -> None:
    """A pickle in a workspace is code: one that would write a file when loaded, put where
    the evidence's entry goes but not sealed with this user's key, is never loaded."""
    expected = checked(root)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (open, (str(marker), "w"))

    entry = evidence_entry(root)
    entry.write_bytes(entry.read_bytes()[:12] + pickle.dumps(Payload()))
    assert checked(root) == expected
    assert not marker.exists()


@pytest.mark.parametrize("sign", [True, False])
def test_a_snapshot_index_is_believed_only_when_sealed_by_this_user(
    root: Path, tmp_path: Path, sign: bool
) -> None:
    """Indexes saying that every quote not found was found: sealed by this user, they are
    believed (the indexes are really read); sealed with another key (or not at all:
    committed to the repository, say), they are not."""
    assert "error[D611]" in checked(root)
    index = snapshot_indexes(root)
    body = SealedFolder(index.parent, signing_key(tmp_path)).read(index.name)
    assert body is not None
    forged = body.replace(b"null", b"[0, 10]")
    assert forged != body
    key = signing_key(tmp_path) if sign else b"another user's key" * 4
    SealedFolder(index.parent, key).write(index.name, forged)
    assert ("error[D611]" in run_cli("check", cwd=root).err) is not sign


def _many_snapshots(root: Path, count: int) -> list[str]:
    (root / "evidence/snapshots").mkdir(parents=True, exist_ok=True)
    bib = []
    for number in range(count):
        data = f"Snapshot number {number}: the text of one source.\n".encode()
        (root / f"evidence/snapshots/s{number}.txt").write_bytes(data)
        bib.append(
            f"@online{{s{number},\n  title = {{S}},\n  snapshot = {{evidence/snapshots/s{number}"
            f".txt}},\n  sha256 = {{{hashlib.sha256(data).hexdigest()}}},\n}}\n"
        )
    (root / "bibliography.bib").write_text("".join(bib), encoding="utf-8")
    return [f"s{number}" for number in range(count)]


@pytest.mark.parametrize("with_cache", [True, False])
def test_only_a_few_snapshots_texts_are_held_at_once_and_read_again_when_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_cache: bool
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "many"
    if with_cache:
        (root / "build").mkdir(parents=True)
    keys = _many_snapshots(root, HELD_AT_ONCE + 4)
    bibliography, _ = load_bibliography(root / "bibliography.bib", "bibliography.bib")
    store = SnapshotStore(root)
    snapshots = [store.of(bibliography.entries[key])[0] for key in keys]
    held = [s for s in snapshots if s is not None and s.text_in_memory]
    assert len(held) == HELD_AT_ONCE
    first = snapshots[0]
    assert first is not None and not first.text_in_memory
    assert first.text == "Snapshot number 0: the text of one source."
    if not with_cache:  # read from the file again: it must still be the file digested
        (root / "evidence/snapshots/s1.txt").write_text("Changed since.")
        second = snapshots[1]
        assert second is not None
        with pytest.raises(ExtractionError, match="changed while it was being checked"):
            _ = second.text


def test_a_snapshot_text_comes_back_from_the_cache_as_it_went_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    (tmp_path / "build").mkdir()
    cache = open_cache(tmp_path)
    assert cache is not None
    text = CachedText(["i", "2"], "é — x\n…", [0, 4], "é — x \ud800 “y”", [0, 5])
    cache.put("ab" * 32, "pdf", text)
    assert cache.get("ab" * 32, "pdf") == text
    assert cache.get("ab" * 32, "txt") is None


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_collector_runs_again_after_a_pause_and_frees_the_cycles_made_in_it() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        node = _Node()
        freed = weakref.ref(node)
        del node
    assert gc.isenabled()  # and nothing left out of its passes (gc.freeze would leak cycles)
    gc.collect()
    assert freed() is None
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_a_file_saved_again_and_again_leaves_one_entry_not_one_a_save(root: Path) -> None:
    checked(root)
    claims = root / CLAIMS
    for edit in range(3):
        claims.write_text(claims.read_text(encoding="utf-8") + f"\n# edit {edit}\n")
        checked(root)
    folder = evidence_entry(root).parent
    assert list(folder.glob(f"{content_digest(CLAIMS)[:24]}.*")) == [evidence_entry(root)]
    assert len(list(folder.iterdir())) == 2  # and the other evidence file's


@pytest.mark.parametrize("cache", ["bibliography", "evidence", "snapshot-text", "snapshot-index"])
def test_a_cache_folder_that_is_a_link_is_not_used_and_nothing_through_it_is_removed(
    root: Path, tmp_path: Path, cache: str
) -> None:
    """Old folders of a cache are removed: through a link planted in build/.cache/, that
    would remove whatever it leads to, outside the workspace or inside it."""
    expected = checked(root, "--no-cache")
    outside = tmp_path / "someone-else"
    (outside / "project" / "src").mkdir(parents=True)
    (outside / "project" / "src" / "main.c").write_text("precious\n")
    (root / "build" / ".cache").mkdir(parents=True, exist_ok=True)
    (root / "build" / ".cache" / cache).symlink_to(outside)
    assert checked(root) == expected
    assert (outside / "project" / "src" / "main.c").read_text() == "precious\n"
    assert [p.name for p in outside.iterdir()] == ["project"]  # nothing written there either

    (root / "build" / ".cache" / cache).unlink()
    (root / "build" / ".cache" / cache).symlink_to(Path("..") / "..")  # the workspace itself
    assert checked(root) == expected
    assert (root / "dossiers").is_dir() and (root / "evidence").is_dir()


def test_a_cache_that_is_a_link_out_of_the_workspace_is_not_written(
    root: Path, tmp_path: Path
) -> None:
    expected = checked(root, "--no-cache")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
    (root / "build" / ".cache").symlink_to(outside)
    assert checked(root) == expected
    assert list(outside.iterdir()) == []


def test_an_entry_that_is_a_fifo_or_a_device_is_not_read(root: Path) -> None:
    """Read, a FIFO would block the check and /dev/zero would fill the memory."""
    expected = checked(root)  # fills the caches
    entries = [p for p in (root / "build" / ".cache").rglob("*") if p.is_file()]
    assert entries
    for number, entry in enumerate(entries):
        entry.unlink()
        if number % 2:
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    assert checked(root) == expected



@pytest.mark.parametrize(
    ("cache_code", "folders"),
    [(CACHED_CODE, ["base", "load"]), (text_cache.CACHED_CODE, ["check/sources"])],
    ids=["evidence-and-bibliography", "snapshot-text-and-index"],
)
def test_every_module_of_the_code_a_cache_depends_on_is_in_its_fingerprint(
    cache_code: tuple[str, ...], folders: list[str]
) -> None:
    """Every module below the folders a cache's entries depend on changes its fingerprint when
    it changes, those of subpackages (load/bibtex/) included, or the cache would serve what
    the old code made."""
    package = Path(dossier.__file__).parent
    expected = {p for folder in folders for p in (package / folder).rglob("*.py")}
    assert package / "load" / "bibtex" / "bib_names.py" in code_files(CACHED_CODE)
    assert set(code_files(cache_code)) == expected
