"""Every problem at its exact place, shown under it as the source line and a caret."""

from __future__ import annotations

import pytest

from conftest import BIB, DOSSIER, STATEMENT, files, run_cli
from dossier.base.problem_codes import UNKNOWN_FIELD
from dossier.base.problems import Location, Problem, excerpt

ST = "dossiers/test/statement.md"
DY = "dossiers/test/dossier.yaml"


def test_the_caret_stands_under_the_column() -> None:
    assert excerpt("Killings <b>were</b> reported", 10) == (
        "    Killings <b>were</b> reported\n             ^"
    )
    assert excerpt("x", 1) == "    x\n    ^"


def test_tabs_are_kept_so_the_caret_lines_up_in_a_terminal() -> None:
    assert excerpt("\tclaim: x", 2) == "    \tclaim: x\n    \t^"


def test_a_long_line_is_cut_around_the_column() -> None:
    line = "a" * 300 + "X" + "b" * 300
    shown, caret = excerpt(line, 301, width=40).split("\n")
    assert shown == "    …" + "a" * 20 + "X" + "b" * 19 + "…"
    assert caret.index("^") == shown.index("X")


def test_invisible_characters_show_as_replacement_marks() -> None:
    assert excerpt("a\x00b", 2) == "    a\ufffdb\n     ^"


def test_a_problem_shows_its_excerpt_between_message_and_hint() -> None:
    where = Location("e.yaml", 2, 3)
    problem = Problem.of(UNKNOWN_FIELD, where, "unknown field `x`", "did you mean?")
    assert problem.format("  x: 1") == (
        "e.yaml:2:3: error[D104]: unknown field `x`\n      x: 1\n      ^\n  hint: did you mean?"
    )
    assert problem.format() == "e.yaml:2:3: error[D104]: unknown field `x`\n  hint: did you mean?"


def test_on_line_finds_the_pattern_or_the_first_word() -> None:
    assert Location.on_line("b", 4, "  title = {x}, url = {y}", r"url\s*=") == Location("b", 4, 16)
    assert Location.on_line("b", 4, "   nothing", r"url") == Location("b", 4, 4)
    assert Location.on_line("b", 4, "url = 1, url = 2", r"url", start=1) == Location("b", 4, 10)


def test_the_cli_shows_the_line_and_a_caret_under_each_problem(make_workspace) -> None:
    statement = STATEMENT.replace("Thousands were killed", "Thousands were <b>killed</b>")
    root = make_workspace(files({ST: statement}))
    result = run_cli("check", cwd=root)
    line = "Thousands were <b>killed</b> [@killings]. Amnesty called for an inquiry."
    assert result.err == (
        f"{ST}:3:16: warning[D303]: raw HTML `<b>` is shown as text, not rendered\n"
        f"    {line}[@amnesty-2018, p. 12]\n"
        "                   ^\n"
        "  hint: use Markdown instead: *italic*, **bold**, [text](https://...)\n"
        f"{ST}:3:25: warning[D303]: raw HTML `</b>` is shown as text, not rendered\n"
        f"    {line}[@amnesty-2018, p. 12]\n"
        "                            ^\n"
        "  hint: use Markdown instead: *italic*, **bold**, [text](https://...)\n"
        "2 warnings found\n"
    )


def test_two_tags_on_one_line_are_two_problems_each_at_its_column(make_workspace) -> None:
    statement = "# Findings\n\nKillings <b>were</b> reported <b>widely</b> [@killings].\n"
    root = make_workspace(files({ST: statement}))
    result = run_cli("check", cwd=root)
    located = [line.split(": warning")[0] for line in result.err.splitlines() if "D303" in line]
    assert located == [f"{ST}:3:10", f"{ST}:3:17", f"{ST}:3:31", f"{ST}:3:40"]


@pytest.mark.parametrize(
    ("paragraph", "column"),
    [
        ("The report says \\*not\\* that “thousands were quietly killed” [@killings].", 30),
        ("The report says \\*\\*not\\*\\* that “thousands were quietly killed” [@killings].", 34),
        ("- An item with \\* and “thousands were quietly killed” [@killings].", 23),
        ("> A quoted \\_word\\_ and “thousands were quietly killed” [@killings].", 25),
        ("Caf&eacute; \\* “thousands were quietly killed” [@killings].", 16),
    ],
)
def test_a_quotation_after_escapes_is_reported_at_its_own_column(
    make_workspace, paragraph: str, column: int
) -> None:
    """The quotation's own column, whatever escapes, entities or markers come before it
    (before the fix, two \\* put it 2 columns too far left)."""
    root = make_workspace(files({ST: f"# Findings\n\n{paragraph}\n"}))
    result = run_cli("check", cwd=root)
    assert paragraph.index("“") + 1 == column  # the column counted by hand is the quotation's
    assert f"{ST}:3:{column}: error[D311]: the quotation “thousands were quietly killed”" in (
        result.err
    )


def test_a_figure_on_a_continuation_line_is_found_on_that_line(make_workspace) -> None:
    paragraph = "Amnesty counted \\*\n   4,482 victims in 1988 [@killings].\n"
    root = make_workspace(files({ST: f"# Findings\n\n{paragraph}"}))
    result = run_cli("check", cwd=root)
    assert f"{ST}:4:4: error[D312]: the figure 4,482 is not in" in result.err


def test_bibtex_problems_have_columns(make_workspace) -> None:
    bib = BIB + (
        "  @online{bad,\n"
        "    title = {T}, url = {not an address}, urldate = {2025-01-01},\n"
        "  }\n"
        "   @misc{sr-2017, title = {Again}}\n"
    )
    root = make_workspace(files({"bibliography.bib": bib}))
    result = run_cli("check", cwd=root)
    problems = result.problems
    # `bad` is cited by nothing, so its malformed url is a warning (it would be an error if cited)
    assert "bibliography.bib:17:18: warning[D109]: `url` of `bad` is not a well-formed" in problems
    assert "bibliography.bib:19:4: error[D108]: duplicate bibliography key `sr-2017`" in problems
    assert "bibliography.bib:16:3: warning[D501]: bibliography entry `bad`" in problems


def test_a_missing_required_field_is_reported_at_the_profile_that_requires_it(make_workspace):
    dossier = DOSSIER.replace("session: {number: 61, start: 2026-02-23, end: 2026-04-02}\n", "")
    root = make_workspace(files({DY: dossier}))
    result = run_cli("check", cwd=root)
    assert result.problems.startswith(
        f"{DY}:1:10: error[D402]: profile `hrc-written-statement` requires `session`\n"
    )
    assert "    profile: hrc-written-statement\n             ^\n" in result.err


def test_the_word_limit_is_reported_at_the_first_line_of_text(make_workspace):
    long = "\n\n  " + STATEMENT + "\n" + "word " * 1500 + "\n"
    root = make_workspace(files({ST: long}))
    result = run_cli("check", cwd=root)
    assert f"{ST}:3:3: error[D403]: the statement has 1,542 words of 1,500" in result.err


def test_a_statement_too_large_is_reported_where_dossier_yaml_names_it(make_workspace):
    long = STATEMENT + "Padding.\n" * 200
    root = make_workspace(files({ST: long}))
    result = run_cli("--max-file-size", "1KB", "check", cwd=root)
    assert (
        f"{DY}:10:12: error[D110]: {ST} is 1.9 KB, over the 1 KB limit\n"
        "    statement: statement.md\n"
        "               ^\n"
    ) in result.err


def test_a_file_too_large_to_read_shows_no_excerpt(make_workspace):
    root = make_workspace(files())
    result = run_cli("--max-file-size", "200", "check", cwd=root)
    assert (
        f"{DY}:1:1: error[D110]: {DY} is {len(DOSSIER)} bytes, over the 200 bytes limit\n"
        "  hint: "
    ) in result.err
