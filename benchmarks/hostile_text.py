"""How long `dossier check` takes on statements and evidence written to be slow: one long word,
a run of punctuation, thousands of brackets, nested links, citations or years on one line,
long runs of spaces inside a citation, a quote or an uncited mark.

    .venv/bin/python benchmarks/hostile_text.py [--size N] [--case NAME]

Each case is checked at N and at 2N characters (default 100,000) in a workspace made by
`dossier init` in a temporary folder, in this process. A linear case takes about twice as
long at 2N; a quadratic one four times. It prints the figures and asserts nothing: the
tests (tests/hostile/test_text.py) only guard against a hang.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dossier.build import CheckRequest, check
from dossier.scaffold import init_workspace

INTRO = "# Findings\n\nThousands were killed [@sr-1988-reports].\n\n"
STATEMENT = "dossiers/example/statement.md"


def _statement(body: Callable[[int], str]) -> Callable[[int], dict[str, str]]:
    return lambda n: {STATEMENT: INTRO + body(n) + "\n"}


def _quote(n: int) -> dict[str, str]:
    quote = "thousands" + " " * n + "x"
    evidence = (
        "- id: spaced\n  claim: A claim.\n  sources:\n"
        f"    - cite: sr-iran-2017\n      quote: '{quote}'\n"
    )
    return {"evidence/spaced.yaml": evidence}


CASES: dict[str, Callable[[int], dict[str, str]]] = {
    "one long word": _statement(lambda n: "a" * n),
    "a run of full stops": _statement(lambda n: "." * n),
    "at signs": _statement(lambda n: "@" * n),
    "opening brackets": _statement(lambda n: "[" * n),
    "nested links": _statement(lambda n: "[" * (n // 17) + "a" + "](https://x.org)" * (n // 17)),
    "links on one line": _statement(lambda n: "[a](https://x.org) " * (n // 19)),
    "citations on one line": _statement(lambda n: "Text [@sr-1988-reports] " * (n // 24)),
    "unclosed tags": _statement(lambda n: "<a" * (n // 2)),
    "years after words": _statement(lambda n: "the 1988 massacre " * (n // 18)),
    "spaces in a citation": _statement(lambda n: "[@sr-1988-reports, p." + " " * n + "x]"),
    "spaces in an uncited mark": _statement(lambda n: "Text.[uncited:" + " " * n + "x]"),
    "spaces in a quote": _quote,
}


def time_case(make: Callable[[int], dict[str, str]], size: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        init_workspace(root)
        for relative, text in make(size).items():
            (root / relative).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        check(CheckRequest(root))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    options = parser.parse_args()
    time_case(CASES["one long word"], 10)  # imports and first-use caches, not timed
    print(f"{'case':<28} {options.size:>9,} chars {2 * options.size:>9,} chars  ratio")
    for name in options.case or list(CASES):
        once = time_case(CASES[name], options.size)
        twice = time_case(CASES[name], 2 * options.size)
        print(f"{name:<28} {once:>14.2f} s {twice:>14.2f} s  {twice / max(once, 1e-3):5.1f}")


if __name__ == "__main__":
    main()
