"""One exception base: every error the tool raises carries a code, a location (or none, for
the command itself) and an exit status, and the CLI reports each the same way."""

from __future__ import annotations

import ast
import importlib

import pytest

from conftest import REPO, files, run_cli
from dossier.base.problem_codes import (
    COMMAND_CALLED_WRONGLY,
    COMMAND_FAILED,
    EMPTY_STATEMENT,
    REFERENCE_OUTSIDE_WORKSPACE,
    UNREADABLE_SNAPSHOT,
)
from dossier.base.problems import (
    CODES,
    CommandFailed,
    DossierError,
    Location,
    ProblemsFound,
    UsageError,
)

PACKAGE = REPO / "src" / "dossier"


def _exception_classes() -> list[type]:
    """Every class defined in the package that is an exception."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module_name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module_name = module_name.removesuffix(".__init__")
        tree = ast.parse(path.read_text())
        names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if not names:
            continue
        module = importlib.import_module(module_name)
        found += [
            cls
            for name in names
            if isinstance(cls := getattr(module, name), type) and issubclass(cls, BaseException)
        ]
    return found


def test_every_exception_of_the_package_derives_from_one_base() -> None:
    classes = _exception_classes()
    names = {cls.__name__ for cls in classes}
    assert {"GitError", "FetchError", "ExtractionError", "EntryNotFound"} <= names
    # The time limit's interrupt must get past every `except Exception` on its way up; the
    # CLI reports the problem it carries like any other.
    interrupts = [cls for cls in classes if not issubclass(cls, Exception)]
    assert [cls.__name__ for cls in interrupts] == ["OutOfTime"]
    errors = [cls for cls in classes if cls not in interrupts]
    assert [cls.__name__ for cls in errors if not issubclass(cls, DossierError)] == []
    for cls in errors:
        assert cls.code in CODES.values(), cls
        assert cls.exit_status in (1, 2), cls


def test_an_error_carries_code_location_and_exit_status() -> None:
    where = Location("bibliography.bib", 3, 5)
    error = CommandFailed("no answer", "try later", where)
    assert (error.code, error.location, error.exit_status) == (COMMAND_FAILED, where, 1)
    assert error.problems[0].format() == (
        "bibliography.bib:3:5: error[D002]: no answer\n  hint: try later"
    )
    usage = UsageError("no dossier named x")
    usage_problem = usage.problems[0]
    assert (usage_problem.code, usage.location, usage.exit_status) == (
        COMMAND_CALLED_WRONGLY,
        None,
        2,
    )
    assert str(usage) == "no dossier named x"


def test_module_errors_keep_their_own_codes() -> None:
    from dossier.check.sources.extract_text import ExtractionError
    from dossier.render.pdf.sandbox import RefusedReference

    assert ExtractionError("the PDF is encrypted").problems[0].code == UNREADABLE_SNAPSHOT
    refused = RefusedReference("refused file:///etc/passwd")
    assert isinstance(refused, ValueError)  # WeasyPrint catches it as one
    assert refused.problems[0].code == REFERENCE_OUTSIDE_WORKSPACE


def test_problems_found_keep_every_problem() -> None:
    from dossier.base.problems import Problem

    problems = [Problem.of(EMPTY_STATEMENT, Location("s.md"), "s.md is empty")] * 2
    assert ProblemsFound(problems).problems == problems


def test_a_usage_error_exits_2_with_a_code_after_the_usage_line(make_workspace) -> None:
    result = run_cli("check", "nope", cwd=make_workspace(files()))
    assert result.code == 2
    root = result.err.split(" in ", 1)[1].split(";")[0]
    assert result.err == (
        "Usage: dossier check [OPTIONS] [NAMES]...\n"
        "Try 'dossier check -h' for help.\n"
        "\n"
        f"error[D001]: no dossier named nope in {root}; dossiers: test\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "error[D001]: No such option '--bogus'.\n"),
        (["--max-file-size", "lots", "check"], "error[D001]: Invalid value for '--max-file-size'"),
        (["nocommand"], "error[D001]: No such command 'nocommand'.\n"),
    ],
)
def test_clicks_own_usage_errors_get_the_same_code(make_workspace, args, message) -> None:
    result = run_cli(*args, cwd=make_workspace(files()))
    assert result.code == 2
    assert message in result.err
    assert "Error:" not in result.err


def test_a_command_failure_is_a_problem_with_a_code(make_workspace, tmp_path) -> None:
    root = make_workspace(files())
    other = tmp_path / "other.txt"
    other.write_text("something else entirely\n")
    result = run_cli("snapshot", "sr-2017", str(other), cwd=root)
    assert result.code == 1
    assert result.err.startswith(
        "error[D002]: evidence/snapshots/sr-2017.txt already exists with other content"
    )


def test_help_and_version_still_exit_0(make_workspace) -> None:
    root = make_workspace(files())
    assert run_cli("--version", cwd=root).code == 0
    helped = run_cli("check", "--help", cwd=root)
    assert helped.code == 0 and helped.out.startswith("Usage: dossier check")
