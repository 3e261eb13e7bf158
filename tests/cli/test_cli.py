"""The command line as a newcomer uses it: exit codes, outputs, and nothing half-written.

Most commands here run in the test process (conftest.run_cli); the first tests run the
installed command in processes of their own, as a user does: help, a build, a usage error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import STATEMENT, files, run_cli, run_process


def test_help_in_its_own_process(tmp_path):
    result = run_process("--help", cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.startswith("Usage: python -m dossier [OPTIONS] COMMAND [ARGS]...")
    assert "  build     Check, then write build/<name>/<name>.pdf" in result.out


def test_init_then_build_works_in_a_new_folder(tmp_path):
    assert run_cli("init", "ws", cwd=tmp_path).code == 0
    result = run_process("build", cwd=tmp_path / "ws")
    assert result.code == 0, result.err
    assert result.out.startswith("wrote build/example/example.pdf (1 page, 1 footnote, ")
    assert (tmp_path / "ws/build/example/example.pdf").read_bytes().startswith(b"%PDF-")
    assert run_cli("check", "--strict", cwd=tmp_path / "ws/dossiers").code == 0  # found upwards


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws/notes.txt").write_text("mine")
    result = run_cli("init", "ws", cwd=tmp_path)
    assert result.code == 2
    assert "is not empty" in result.err


def test_no_workspace_is_a_usage_error(tmp_path):
    result = run_process("check", cwd=tmp_path)
    assert result.code == 2
    assert "no dossier workspace here" in result.err and "dossier init" in result.err


def test_unknown_dossier_name_is_a_usage_error(make_workspace):
    result = run_cli("check", "nope", cwd=make_workspace(files()))
    assert result.code == 2
    assert "no dossier named nope" in result.err and "dossiers: test" in result.err


def test_clean_check_prints_the_word_count(make_workspace):
    result = run_cli("check", cwd=make_workspace(files()))
    assert result.code == 0
    assert result.out == (
        "dossiers/test/statement.md: 42 words of 1,500 (body 12 + footnotes 30; "
        "limit for special consultative status)\n"
    )
    assert result.err == "no problems found\n"


def test_word_limit(make_workspace):
    long = STATEMENT + "\n" + "word " * 1500 + "\n"
    result = run_cli("check", cwd=make_workspace(files({"dossiers/test/statement.md": long})))
    assert result.code == 1
    assert (
        "dossiers/test/statement.md:1:1: error[D403]: the statement has 1,542 words of 1,500 "
        "(body 1,512 + footnotes 30; limit for special consultative status): 42 too many"
    ) in result.err


def test_strict_turns_warnings_into_failures(make_workspace):
    bib = files()["bibliography.bib"] + "@misc{x, title = {X}}\n"
    root = make_workspace(files({"bibliography.bib": bib}))
    assert run_cli("check", cwd=root).code == 0
    assert run_cli("check", "--strict", cwd=root).code == 1


def test_json_output_for_ci(make_workspace):
    changes = {"dossiers/test/statement.md": "Killed [@nobody].\n"}
    result = run_cli("check", "--format", "json", cwd=make_workspace(files(changes)))
    assert result.code == 1
    document = json.loads(result.out)
    assert document["ok"] is False
    assert document["problems"][0] == {
        "path": "bibliography.bib",
        "line": 9,
        "column": 1,
        "severity": "warning",
        "code": "D501",
        "message": "bibliography entry `amnesty-2018` is not cited by any statement or evidence",
        "hint": "cite it, or remove it from bibliography.bib",
    }
    assert [p["code"] for p in document["problems"]] == ["D501", "D301"]


def test_failed_build_keeps_the_last_good_output(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    pdf = root / "build/test/test.pdf"
    good = pdf.read_bytes()
    (root / "dossiers/test/statement.md").write_text("Broken [@nobody].\n")
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert "error[D301]" in result.err
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in (root / "build/test").iterdir()) == [
        "manifest.json",
        "test.docx",
        "test.html",
        "test.pdf",
    ]


def test_new_dossier_and_profiles(make_workspace):
    root = make_workspace(files())
    result = run_cli("new", "upr-2026", "--profile", "hrc-written-statement", cwd=root)
    assert result.code == 0
    assert result.out == (
        "created dossiers/upr-2026/dossier.yaml\ncreated dossiers/upr-2026/statement.md\n"
    )
    assert run_cli("new", "upr-2026", "--profile", "hrc-written-statement", cwd=root).code == 2
    assert run_cli("new", "x", "--profile", "nope", cwd=root).code == 2
    listed = run_cli("profiles", cwd=root)
    assert listed.out.startswith("hrc-written-statement  Human Rights Council written statement")


def test_workspace_templates_override_the_built_in_profile(make_workspace):
    override = "title: Our own\nword_limits: {special: 10}\n"
    root = make_workspace(files({"templates/hrc-written-statement/profile.yaml": override}))
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert "42 words of 10" in result.err
    assert "[templates/hrc-written-statement/profile.yaml]" in run_cli("profiles", cwd=root).out


def test_help_and_check_do_not_import_weasyprint(make_workspace):
    root = make_workspace(files())
    probe = (
        "import sys, runpy; sys.argv = ['dossier'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('dossier', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print('weasyprint' in sys.modules)"
    )
    for args in (["--help"], ["check"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args], cwd=root, capture_output=True, text=True
        )
        assert done.stdout.strip().splitlines()[-1] == "False", args


def test_check_as_github_annotations_from_the_repository_root(tmp_path):
    """Each problem a workflow command at its line, its path from the repository's root (the
    workspace is a folder inside it); `%`, `:`, `,` and the hint's newline escaped as the
    runner reads them; a warning is an error with --strict, and the exit status is check's."""
    from support.gitrepo import git, init_repository, write

    repository = tmp_path / "repo"
    init_repository(repository)
    statement = "# T\n\nThousands were killed [@nosuch].\n\nIn 1988, 30,000 people died.\n"
    write(repository / "submissions", files({"dossiers/test/statement.md": statement}))
    git(repository, "add", "-A")
    root = repository / "submissions"
    result = run_cli("check", "--format", "github", cwd=root)
    assert (result.code, result.err) == (1, "")
    assert result.out.splitlines() == [
        "::warning file=submissions/bibliography.bib,line=9,col=1,title=D501::bibliography "
        "entry `amnesty-2018` is not cited by any statement or evidence%0Ahint: cite it, or "
        "remove it from bibliography.bib",
        "::error file=submissions/dossiers/test/statement.md,line=3,col=23,title=D301::"
        "`@nosuch` is neither an evidence id nor a bibliography key%0Ahint: known keys: "
        "`amnesty-2018`, `killings`, `sr-2017`",
        "::warning file=submissions/dossiers/test/statement.md,line=5,col=4,title=D313::this "
        "sentence states the figure 1988 but cites nothing%0Ahint: cite the evidence for it, "
        "e.g. [@evidence-id], at the end of the sentence or of the paragraph; if it needs no "
        "source, say why with [uncited: reason]",
    ]
    strict = run_cli("check", "--strict", "--format", "github", cwd=root)
    assert [line.split(" ")[0] for line in strict.out.splitlines()] == ["::error"] * 3


def test_github_annotations_escape_what_would_end_a_command():
    from dossier.base.problem_codes import UNKNOWN_CITATION_KEY
    from dossier.base.problems import Location, Problem
    from dossier.cli.annotations import workflow_commands

    problem = Problem.of(
        UNKNOWN_CITATION_KEY, Location("a,b:c.md", 2, 5), "50% done\r\n::error::x", "one\ntwo"
    )
    assert workflow_commands([problem], False, Path("/nonexistent")) == [
        "::error file=a%2Cb%3Ac.md,line=2,col=5,title=D301::50%25 done%0D%0A::error::x"
        "%0Ahint: one%0Atwo"
    ]


def test_a_build_prints_its_warnings_and_the_summary_as_check_does(make_workspace, monkeypatch):
    """A stale approval is a warning: the build writes, and says so as `check` would; a build
    that found everything up to date checked nothing, and says nothing of problems."""
    root = make_workspace(files())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763596800")  # approved on 2025-11-20
    assert run_cli("approve", "killings", "--by", "legal/ab", cwd=root).code == 0
    claims = root / "evidence/claims.yaml"
    claims.write_text(claims.read_text().replace("Thousands of", "Many thousands of"))
    stale = (
        "evidence/claims.yaml:8:7: warning[D801]: the review of `killings` is stale: approved "
        "by legal/ab on 2025-11-20; since then the claim changed\n"
        "        - status: approved\n"
        "          ^\n"
        "  hint: review the item again, then record it: `dossier approve killings --by NAME`\n"
    )
    checked = run_cli("check", cwd=root)
    assert (checked.code, checked.err) == (0, stale + "1 warning found\n")
    built = run_cli("build", cwd=root)
    assert built.code == 0
    assert built.err == stale + "1 warning found\n"
    assert built.out.startswith("wrote build/test/test.pdf (1 page, 2 footnotes, ")
    again = run_cli("build", cwd=root)
    assert (again.code, again.err) == (0, "")
    assert again.out == (
        "build/test/test.pdf is up to date (dossier build --force renders it again)\n"
    )
    strict = run_cli("build", "--strict", "--force", cwd=root)
    assert strict.code == 1
    assert strict.err == stale.replace("warning[D801]", "error[D801]") + "1 error found\n"


def test_a_clean_build_says_it_found_no_problems(make_workspace):
    built = run_cli("build", cwd=make_workspace(files()))
    assert (built.code, built.err) == (0, "no problems found\n")
