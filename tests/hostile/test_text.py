"""Statements and quotes written to be slow, or nested to be lost: `dossier check` finishes
(the 20-second bound is a guard against a hang, not a speed test: benchmarks/hostile_text.py
measures), and no text is ever dropped from the output or the word count."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO, files, run_cli, run_process

sys.path.insert(0, str(REPO / "benchmarks"))
from hostile_text import CASES  # noqa: E402

STATEMENT = "dossiers/test/statement.md"
# Each case at a size that took from 45 seconds to hours before its pattern was made linear.
SIZES = {name: 200_000 for name in CASES} | {
    "opening brackets": 50_000,  # markdown-it's own link parsing: linear, but slow
    **{name: 100_000 for name in ("nested links", "links on one line", "citations on one line")},
    "years after words": 100_000,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_text_is_checked_without_hanging(make_workspace, case):
    made = CASES[case](SIZES[case])
    statement = made.pop("dossiers/example/statement.md", None)
    changes = {
        STATEMENT: statement.replace("sr-1988-reports", "killings") if statement else None,
        **{path: text.replace("sr-iran-2017", "sr-2017") for path, text in made.items()},
    }
    root = make_workspace(files({k: v for k, v in changes.items() if v is not None}))
    result = run_process("check", cwd=root, timeout=20)  # raises TimeoutExpired on a hang
    assert " found" in result.err.splitlines()[-1], result.err[-500:]  # its summary: it finished


def _lists(depth: int) -> str:
    return "".join("  " * level + f"- level{level} item\n" for level in range(depth))


def _quotations(depth: int) -> str:
    return "".join(">" * (level + 1) + f" quoted{level} text\n\n" for level in range(depth))


@pytest.mark.parametrize(
    "body, words",
    # Each item's words and its bullet, each quotation's words, as the Word file counts them.
    [(_lists(10), 30), (_lists(19), 57), (_quotations(20), 40), (_quotations(39), 78)],
)
def test_deep_lists_and_quotations_are_shown_in_full(make_workspace, body, words):
    """markdown-it dropped lists 10 deep and quotations 20 deep from the output and count."""
    text = "# Findings\n\nThousands were killed [@killings].\n\n" + body
    root = make_workspace(files({STATEMENT: text}))
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    # The title (3 words), the heading and the first paragraph (4) besides
    assert f"(body {7 + words} + footnotes" in result.out, result.out
    deepest = body.rstrip().split()[-2]  # level9, quoted19...: the innermost text
    assert f"{deepest} " in (root / "build/test/test.html").read_text()


@pytest.mark.parametrize(
    "body, where",
    [
        (_lists(21), "dossiers/test/statement.md:24:41"),
        (_quotations(41), "dossiers/test/statement.md:83:42"),
    ],
)
def test_nesting_too_deep_to_show_is_refused_at_its_line(make_workspace, body, where):
    text = "# Findings\n\nThousands were killed [@killings].\n\n" + body
    root = make_workspace(files({STATEMENT: text}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert (
        f"{where}: error[D309]: lists and block quotations are nested 40 levels deep or more "
        "here (a list counts two); the text from this line on cannot be shown\n"
        "  hint: nest fewer lists and quotations: a statement rarely needs more than three "
        "levels\n"
    ) in result.problems, result.err


def test_figures_not_in_the_evidence_are_listed_up_to_a_cap_then_counted(make_workspace):
    """Many wrong figures in one paragraph: the first 50 are listed (each with the
    evidence's nearest figure), the rest counted in one problem at the first of them."""
    sentences = "\n".join(f"In one case {2000 + n} were killed." for n in range(120))
    statement = f"# Findings\n\n{sentences} [@killings]\n"
    root = make_workspace(files({STATEMENT: statement}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems.count("error[D312]") == 51
    assert (
        f"{STATEMENT}:53:13: error[D312]: 70 more figures, from here on, are not in the "
        "evidence their sentences cite (the first 50 are listed one by one)\n"
        "  hint: correct the figures listed, then check again to see the next ones\n"
    ) in result.problems
    assert f"{STATEMENT}:52:13: error[D312]: the figure 2049 is not in " in result.problems


def test_a_snapshot_changed_throughout_is_not_compared_word_by_word():
    """Every other word changed in 12,000: difflib would take a quadratic time; the diff says
    where the texts part and how much differs, with the first words of each side."""
    from dossier.base.word_diff import word_diff

    old = " ".join(f"word{n} same" for n in range(6000))
    new = " ".join(f"other{n} same" for n in range(6000))
    segments = word_diff(old, new)
    assert [s.op for s in segments] == ["-", "+", "="]  # the last word, "same", is shared
    assert segments[0].text.startswith("word0 same word1 same ")
    assert segments[0].text.endswith(
        "… [11,999 words in all from where the texts part: too many changes to compare "
        "word by word]"
    )
    assert segments[1].text.startswith("other0 same other1 same ")
