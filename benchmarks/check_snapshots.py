"""How long `dossier check` takes on a large evidence base, the issue's: 10,000 evidence items
citing 5,000 sources of bibliography.bib, 1,000 of them captured in snapshots of 100 KB each
(nine in ten plain text, one in ten HTML). Each item quotes its snapshot (one quote in
twenty with an ellipsis, one in fifty changed so that the closest-passage search runs too);
four in five also cite a report that has no snapshot.

    .venv/bin/python benchmarks/check_snapshots.py [--rounds N] [--scale N] [--snapshots N]

Each check runs as a user runs it, `python -m dossier check` in a process of its own, so the
benchmark's own writing of the workspace is not counted; its peak memory is the child's
(os.wait4). A round runs, on the base workspace and on one `--scale` times larger (2 by
default: twice the items, sources and snapshots), a check with a cold cache (build/.cache
emptied), one with a warm cache and one with `--no-cache`, taking turns so that a busy
machine slows them all alike; the figures are medians. It prints each figure with its
target and asserts nothing but that every run finds the same problems: speed is reported,
not tested.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SNAPSHOT_BYTES = 100_000
ITEMS_PER_SNAPSHOT = 10
SOURCES_PER_SNAPSHOT = 5  # the snapshot's own entry and four reports without one
TARGETS = {"cold": 5.0, "warm": 1.0, "memory": 300.0, "ratio": 2.2}


def build_workspace(root: Path, snapshots: int) -> int:
    """Write the workspace; return how many quotes were changed (each a D611)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(REPO.glob("evidence/snapshots/*.txt"))]
    words = " ".join(seeds).split()
    rng = random.Random(1988)
    (root / "dossiers").mkdir(parents=True)
    folder = root / "evidence" / "snapshots"
    folder.mkdir(parents=True)
    reports = snapshots * (SOURCES_PER_SNAPSHOT - 1)
    bib, evidence, changed = [], [], 0
    for number in range(snapshots):
        text = _snapshot_text(words, rng)
        html = number % 10 == 9
        name = f"source-{number:05d}.{'html' if html else 'txt'}"
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
        content = (f"<html><body>{paragraphs}</body></html>" if html else text).encode()
        (folder / name).write_bytes(content)
        title = f"Source {number}" if number % 5 else f"R{{\\'e}}sum{{\\'e}} of source {number}"
        bib.append(
            f"@online{{source-{number:05d},\n  author = {{{{Organisation {number % 97}}}}},\n"
            f"  title = {{{title}}},\n  date = {{2020-05-{number % 28 + 1:02d}}},\n"
            f"  url = {{https://example.org/source/{number}}},\n  urldate = {{2024-01-02}},\n"
            f"  snapshot = {{evidence/snapshots/{name}}},\n"
            f"  sha256 = {{{hashlib.sha256(content).hexdigest()}}},\n}}\n"
        )
        lines = text.split("\n")
        for index in range(ITEMS_PER_SNAPSHOT):
            item = number * ITEMS_PER_SNAPSHOT + index
            quote = _whole_words(lines, rng, ellipsis=item % 20 == 7)
            if item % 50 == 0:
                quote += " invented"
                changed += 1
            safe = quote.replace("'", "''")
            evidence.append(
                f"- id: claim-{item:06d}\n  claim: Claim number {item}, in a sentence.\n"
                f"  date: 2019-03-{item % 28 + 1:02d}\n  reliability: B2\n  sources:\n"
                f"    - cite: source-{number:05d}\n      quote: '{safe}'\n"
            )
            if item % 5 != 4:  # items 5k to 5k + 3 cite reports 4k to 4k + 3
                report = (item - item // 5) % reports
                evidence.append(f"    - cite: report-{report:05d}\n      locator: para. 3\n")
    for number in range(reports):
        bib.append(
            f"@report{{report-{number:05d},\n  author = {{{{Rights Group {number % 53}}}}},\n"
            f"  title = {{Report {number} on the \\mkbibquote{{situation}}}},\n"
            f"  institution = {{Rights Group {number % 53}}},\n  date = {{2018}},\n}}\n"
        )
    (root / "bibliography.bib").write_text("".join(bib), encoding="utf-8")
    (root / "evidence" / "claims.yaml").write_text("".join(evidence), encoding="utf-8")
    return changed


def _snapshot_text(words: list[str], rng: random.Random) -> str:
    start = rng.randrange(len(words))
    text_words: list[str] = []
    while sum(len(w) + 1 for w in text_words) < SNAPSHOT_BYTES:
        text_words += words[start:] + words[:start]
    lines = (" ".join(text_words[i : i + 12]) for i in range(0, len(text_words), 12))
    return "\n".join(lines)[:SNAPSHOT_BYTES]


def _whole_words(lines: list[str], rng: random.Random, ellipsis: bool) -> str:
    """Eight words from one line: whole words (not the tail of one hyphenated across a line,
    not opening or closing on a dash) and no editorial marks of the source's own ([...], …);
    with `ellipsis`, a word left out in the middle and an ellipsis in its place."""
    while True:
        words = lines[rng.randrange(1, len(lines) - 2)].split()
        quote = " ".join(words[2:10])
        whole = len(words) > 10 and not words[1].endswith("-") and quote[0].isalnum()
        whole &= not (ellipsis and words[5].endswith("-"))  # nor cut at the ellipsis
        if whole and not quote.endswith(("-", "–", "—")):
            if not any(mark in quote for mark in ("[", "]", "…", "...")):
                if ellipsis:
                    return " ".join(words[2:5]) + " … " + " ".join(words[6:10])
                return quote


def run_check(root: Path, *options: str) -> tuple[float, float, list[dict[str, object]]]:
    """Seconds, peak resident memory (MiB) and the problems of one `dossier check`."""
    command = [sys.executable, "-m", "dossier", "--time-limit", "0", *options]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([*command, "check", "--format", "json"], cwd=root,
                                   stdout=out, stderr=errors)  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        errors.seek(0)
        if process.returncode not in (0, 1):
            raise SystemExit(f"dossier check failed:\n{errors.read().decode()}")
        problems = json.loads(out.read())["problems"]
    return seconds, usage.ru_maxrss / 1024, problems


def measure(root: Path, case: str) -> tuple[float, float, list[dict[str, object]]]:
    if case == "cold":
        shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
    return run_check(root, "--no-cache") if case == "no-cache" else run_check(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snapshots", type=int, default=1000)
    parser.add_argument("--scale", type=int, default=2, help="the larger workspace, × the base")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    cases = ("cold", "warm", "no-cache")
    with tempfile.TemporaryDirectory() as folder:
        roots, changed = {}, {}
        for scale in (1, options.scale):
            root = roots[scale] = Path(folder) / f"x{scale}"
            started = time.perf_counter()
            changed[scale] = build_workspace(root, options.snapshots * scale)
            (root / "build").mkdir()  # where the cache goes, as a first build makes it
            megabytes = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6
            print(f"×{scale}: {options.snapshots * scale * ITEMS_PER_SNAPSHOT:,} items, "
                  f"{options.snapshots * scale * SOURCES_PER_SNAPSHOT:,} sources, "
                  f"{options.snapshots * scale:,} snapshots ({megabytes:,.1f} MB), "
                  f"{changed[scale]:,} quotes changed; written in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        seconds: dict[tuple[int, str], list[float]] = {}
        memory: dict[tuple[int, str], float] = {}
        found: dict[int, list[dict[str, object]]] = {}
        for _ in range(options.rounds):
            for scale, root in roots.items():
                for case in cases:  # warm after cold: the cold run fills the cache
                    took, peak, problems = measure(root, case)
                    seconds.setdefault((scale, case), []).append(took)
                    memory[scale, case] = max(memory.get((scale, case), 0.0), peak)
                    if found.setdefault(scale, problems) != problems:
                        raise SystemExit(f"×{scale}, {case}: other problems than the first run")
    for scale, problems in found.items():
        missed = sum(p["code"] == "D611" for p in problems)
        other = len(problems) - missed
        print(f"×{scale}: {missed:,} quotes not found (expected {changed[scale]:,}), "
              f"{other} other problems, the same in every run")  # fmt: skip
    median = {key: statistics.median(values) for key, values in seconds.items()}
    print(f"\nmedian of {options.rounds} rounds, each check in its own process:")
    print(f"{'':10} {'×1 s':>7} {'×1 MiB':>7} {f'×{options.scale} s':>7} "
          f"{f'×{options.scale} MiB':>7} {'ratio':>6}")  # fmt: skip
    for case in cases:
        base, big = median[1, case], median[options.scale, case]
        print(f"{case:10} {base:7.2f} {memory[1, case]:7.0f} {big:7.2f} "
              f"{memory[options.scale, case]:7.0f} {big / base:6.2f}")  # fmt: skip
    print("\ntargets (×1; the ratio for twice the data):")
    peak = max(memory[1, case] for case in cases)
    figures = [
        ("check, cold cache", median[1, "cold"], TARGETS["cold"], "s"),
        ("check, warm cache", median[1, "warm"], TARGETS["warm"], "s"),
        ("peak memory, any run", peak, TARGETS["memory"], "MiB"),
    ]
    if options.scale == 2:
        for case in ("cold", "warm"):
            ratio = median[2, case] / median[1, case]
            figures.append((f"×2 data / ×1, {case}", ratio, TARGETS["ratio"], "×"))
    for name, value, target, unit in figures:
        verdict = "met" if value <= target else f"NOT met, {value / target:.2f}× the target"
        print(f"  {name:22} {value:8.2f} {unit:3} target ≤ {target:g} {unit}: {verdict}")


if __name__ == "__main__":
    main()
