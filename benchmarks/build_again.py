"""How long an unchanged rebuild takes next to the first build of the example workspace.

Run: .venv/bin/python benchmarks/build_again.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_build(root: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dossier", "build", *args], cwd=root, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("bibliography.bib", "evidence", "dossiers"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
        first = timed_build(root)
        again = [timed_build(root) for _ in range(5)]
        forced = timed_build(root, "--force")
    best = min(again)
    print(f"first build:            {first:6.2f} s")
    print(f"forced rebuild:         {forced:6.2f} s")
    print(f"unchanged, up to date:  {best:6.2f} s (best of 5), {best / first:.0%} of the first")


if __name__ == "__main__":
    main()
