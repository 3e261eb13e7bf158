"""How long `dossier check` takes on a large evidence base: 1,000 snapshots of 100 KB each
(nine in ten plain text, one in ten HTML) and 5,000 quotes taken from them, one in fifty of
them changed so that the closest-passage search runs too.

    .venv/bin/python benchmarks/check_snapshots.py [--snapshots N] [--quotes-per-snapshot N]

It builds the workspace in a temporary folder from the project's seed texts, then times the
whole check (loading, digests, text extraction, matching) in this process, first with an
empty cache, then again with the snapshots' text in build/.cache/, and prints the figures. It
asserts nothing but that both runs find the same problems: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

from dossier.build import check

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT_BYTES = 100_000


def build_workspace(root: Path, snapshots: int, quotes_per_snapshot: int) -> int:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("evidence/snapshots/*.txt"))]
    words = " ".join(seeds).split()
    rng = random.Random(1988)
    (root / "dossiers").mkdir(parents=True)
    folder = root / "evidence" / "snapshots"
    folder.mkdir(parents=True)
    bib, evidence, changed = [], [], 0
    for number in range(snapshots):
        start = rng.randrange(len(words))
        text_words: list[str] = []
        while sum(len(w) + 1 for w in text_words) < SNAPSHOT_BYTES:
            text_words += words[start:] + words[:start]
        text = "\n".join(
            " ".join(text_words[i : i + 12]) for i in range(0, len(text_words), 12)
        )[:SNAPSHOT_BYTES]
        html = number % 10 == 9
        name = f"source-{number:04d}.{'html' if html else 'txt'}"
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
        content = (f"<html><body>{paragraphs}</body></html>" if html else text).encode()
        (folder / name).write_bytes(content)
        bib.append(
            f"@online{{source-{number:04d},\n  title = {{Source {number}}},\n"
            f"  snapshot = {{evidence/snapshots/{name}}},\n"
            f"  sha256 = {{{hashlib.sha256(content).hexdigest()}}},\n}}\n"
        )
        lines = text.split("\n")
        for index in range(quotes_per_snapshot):
            quote = _whole_words(lines, rng)
            if (number * quotes_per_snapshot + index) % 50 == 0:
                quote += " invented"
                changed += 1
            safe = quote.replace("'", "''")
            evidence.append(
                f"- id: claim-{number:04d}-{index}\n  claim: A claim.\n"
                f"  sources:\n    - cite: source-{number:04d}\n      quote: '{safe}'\n"
            )
    (root / "bibliography.bib").write_text("".join(bib), encoding="utf-8")
    (root / "evidence" / "claims.yaml").write_text("".join(evidence), encoding="utf-8")
    return changed


def _whole_words(lines: list[str], rng: random.Random) -> str:
    """Eight words from one line: whole words (not the tail of one hyphenated across a line,
    not opening or closing on a dash) and no editorial marks of the source's own ([...], …)."""
    while True:
        words = lines[rng.randrange(1, len(lines) - 2)].split()
        quote = " ".join(words[2:10])
        whole = len(words) > 10 and not words[1].endswith("-") and quote[0].isalnum()
        if whole and not quote.endswith(("-", "–", "—")):
            if not any(mark in quote for mark in ("[", "]", "…", "...")):
                return quote


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=int, default=1000)
    parser.add_argument("--quotes-per-snapshot", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        changed = build_workspace(root, options.snapshots, options.quotes_per_snapshot)
        built = time.perf_counter() - started
        megabytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
        (root / "build").mkdir()  # where the cache goes, as a first build makes it
        started = time.perf_counter()
        report = check(root)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        warm_report = check(root)  # the snapshots' text now comes from build/.cache/
        warm = time.perf_counter() - started
        assert warm_report.problems == report.problems
    quotes = options.snapshots * options.quotes_per_snapshot
    missed = sum(p.code == "D611" for p in report.problems)
    other = [p for p in report.problems if p.code != "D611"]
    print(f"workspace: {options.snapshots:,} snapshots, {megabytes:,.1f} MB, {quotes:,} quotes "
          f"({changed:,} of them changed); written in {built:.1f} s")
    print(f"dossier check: {seconds:.2f} s "
          f"({megabytes / seconds:,.1f} MB/s, {quotes / seconds:,.0f} quotes/s), cold cache")
    print(f"dossier check again: {warm:.2f} s, warm cache")
    print(f"quotes not found: {missed:,} (expected {changed:,}); other problems: {len(other)}")


if __name__ == "__main__":
    main()
