"""A writer's mistake is reported once, at its cause: an unknown key does not also fail the
figures of its sentence, a file that does not parse is reported first and alone, and a figure
is held only to the evidence of its own sentence or its paragraph's closing citation, which
the message names."""

from __future__ import annotations

from conftest import EVIDENCE, STATEMENT, files, run_cli

ST = "dossiers/test/statement.md"
EV = "evidence/claims.yaml"

TWO_ITEMS = (
    EVIDENCE
    + """\
- id: executions-2025
  claim: On 27 July 2025 Mehdi Hassani and Behrouz Ehsani were executed.
  sources:
    - cite: amnesty-2018
- id: families-2025
  claim: Their families learned of it on 3 August.
  sources:
    - cite: amnesty-2018
"""
)


def test_a_mistyped_key_is_one_error_not_one_per_figure(make_workspace):
    root = make_workspace(
        files({ST: STATEMENT + "\nIn 1988 some 5,000 prisoners were killed [@killigns].\n"})
    )
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert result.problems == (
        f"{ST}:5:42: error[D301]: `@killigns` is neither an evidence id nor a bibliography key\n"
        "  hint: did you mean `killings`?\n"
        "1 error found\n"
    )


def test_a_yaml_syntax_error_is_reported_first_and_nothing_derived_from_it(make_workspace):
    statement = STATEMENT + "\nIn 1988, 5,000 were killed [@killings].\n"
    broken = EVIDENCE.replace("  claim: Thousands", "  claim: [Thousands")
    root = make_workspace(files({EV: broken, ST: statement}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    lines = [line for line in result.problems.splitlines() if "[D" in line]
    assert len(lines) == 1, result.problems
    assert lines[0].startswith(f"{EV}:3:")
    assert "error[D102]: YAML syntax error" in lines[0]


def test_the_syntax_error_comes_before_problems_in_files_sorted_earlier(make_workspace):
    bad_bib = files()["bibliography.bib"] + "@misc{orphan, title = {Nobody cites me}}\n"
    root = make_workspace(files({"bibliography.bib": bad_bib, EV: "- id: [unclosed\n"}))
    result = run_cli("check", "--strict", cwd=root)
    codes = [line.split("[")[1][:4] for line in result.problems.splitlines() if "[D" in line]
    assert codes[0] == "D102", result.problems


def test_a_witness_initial_does_not_end_the_sentence(make_workspace):
    statement = (
        "# Findings\n\n"
        "On 27 July 2025 Mehdi Hassani and Behrouz Ehsani were executed, as ghezel hesar "
        "witness k. confirmed.[@executions-2025] Their families learned of it on 3 August."
        "[@families-2025] Amnesty called for an inquiry.[@amnesty-2018] It was in 1988."
        "[@killings]\n"
    )
    root = make_workspace(files({EV: TWO_ITEMS, ST: statement}))
    result = run_cli("check", "--strict", cwd=root)
    assert "D312" not in result.err, result.err
    assert result.code == 0, result.err


def test_a_figure_held_to_the_paragraph_closing_citation_says_so(make_workspace):
    statement = (
        "# Findings\n\n"
        "Hassani was executed on 28 July 2025. Their families learned of it on 3 August."
        "[@families-2025]\n"
    )
    root = make_workspace(files({EV: TWO_ITEMS, ST: statement}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    first = result.problems.splitlines()[0]
    assert first == (
        f"{ST}:3:25: error[D312]: the figure 28 is not in the claim or quotes of evidence "
        f"`families-2025`, cited at the end of its paragraph ({ST}:3:80)"
    )
