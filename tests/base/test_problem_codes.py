"""Problem codes are named constants of one catalogue (dossier.base.problem_codes): a
misspelt one stops the import, each is defined once, a problem's code is compared with a
constant and never with a string, and what the program decides about a problem it decides
by the problem's `subject`, never by reading its message."""

from __future__ import annotations

import importlib.util
import json
import pickle
import re
from pathlib import Path

import pytest

from conftest import REPO, files, run_cli
from dossier.base import problem_codes
from dossier.base.problem_codes import (
    CODES,
    DUPLICATE_EVIDENCE_ID,
    OUTPUT_FOLDER_BLOCKED,
    QUOTE_NOT_IN_SNAPSHOT,
    RESTRICTED_STRING_IN_OUTPUT,
    Code,
    Severity,
    code_named,
)
from dossier.base.problems import Location, Problem
from dossier.load.workspace import load_workspace

PACKAGE = REPO / "src" / "dossier"

DUPLICATE = """\
- id: killings
  claim: Thousands of prisoners were summarily killed in 1988.
  sources:
    - cite: sr-2017
"""


def _constants() -> dict[str, Code]:
    return {name: v for name, v in vars(problem_codes).items() if isinstance(v, Code)}


def _import(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))


def test_a_misspelt_code_fails_at_import(tmp_path: Path) -> None:
    imported = tmp_path / "imports_a_misspelt_code.py"
    imported.write_text(
        "from dossier.base.problem_codes import QUOTE_NOT_IN_SNAPSHOT, QUOTE_NOT_IN_SNAPHOT\n"
        "\n"
        "def check():\n"
        "    return QUOTE_NOT_IN_SNAPHOT\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportError, match="QUOTE_NOT_IN_SNAPHOT"):
        _import(imported)
    used = tmp_path / "uses_a_misspelt_code.py"
    used.write_text(
        "from dossier.base import problem_codes as codes\n"
        "from dossier.base.problems import Problem\n"
        "\n"
        "PROBLEM = Problem.of(codes.DUPLICATE_EVIDENCE_ID, None, 'a')\n"
        "OTHER = Problem.of(codes.DUPLICATE_EVIDENSE_ID, None, 'b')\n",
        encoding="utf-8",
    )
    with pytest.raises(AttributeError, match="DUPLICATE_EVIDENSE_ID"):
        _import(used)


def test_every_code_is_defined_once_and_every_constant_is_in_the_catalogue() -> None:
    constants = _constants()
    assert sorted(constants.values(), key=str) == sorted(CODES.values(), key=str)
    assert len({c.code for c in constants.values()}) == len(constants) == len(CODES)
    for name, code in constants.items():
        assert CODES[code.code] is code, name
        assert re.fullmatch(r"D\d{3}", code.code), name
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)+", name), name
        assert code.summary.endswith(".") and isinstance(code.severity, Severity), name
    assert list(CODES) == sorted(CODES)  # as docs/problems.md lists them


def test_a_code_defined_twice_stops_the_catalogue() -> None:
    twice = {
        "FIRST": Code("D999", Severity.ERROR, "One."),
        "SECOND": Code("D999", Severity.WARNING, "Another."),
    }
    with pytest.raises(ValueError, match="D999 is defined twice"):
        problem_codes.catalogue(twice)


def test_code_named_finds_the_constant_of_a_string() -> None:
    assert code_named("D704") is OUTPUT_FOLDER_BLOCKED
    with pytest.raises(KeyError):
        code_named("D7O4")


def test_a_code_is_never_compared_with_a_string() -> None:
    problem = Problem.of(DUPLICATE_EVIDENCE_ID, None, "duplicate")
    assert problem.code == DUPLICATE_EVIDENCE_ID
    assert problem.code != QUOTE_NOT_IN_SNAPSHOT
    with pytest.raises(TypeError, match="compare it with a constant"):
        assert problem.code == "D201"
    with pytest.raises(TypeError):
        assert "D201" not in {problem.code}  # would otherwise pass whatever the code


def test_output_shows_the_code_as_before() -> None:
    where = Location("evidence/more.yaml", 1, 3)
    problem = Problem.of(DUPLICATE_EVIDENCE_ID, where, "duplicate evidence id `x`", "rename")
    assert problem.severity is Severity.ERROR
    assert problem.format() == (
        "evidence/more.yaml:1:3: error[D201]: duplicate evidence id `x`\n  hint: rename"
    )
    assert json.dumps(problem.as_json()) == (
        '{"path": "evidence/more.yaml", "line": 1, "column": 3, "severity": "error", '
        '"code": "D201", "message": "duplicate evidence id `x`", "hint": "rename"}'
    )
    assert f"{problem.code}" == str(problem.code) == "D201"
    hidden = Problem.of(RESTRICTED_STRING_IN_OUTPUT, where, "leak")
    assert hidden.format("a secret line") == "evidence/more.yaml:1:3: error[D812]: leak"


def test_a_code_read_back_from_a_cache_is_the_catalogue_s_own() -> None:
    problem = Problem.of(QUOTE_NOT_IN_SNAPSHOT, None, "missing", subject="killings")
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.code is QUOTE_NOT_IN_SNAPSHOT
    assert again.subject == "killings"


def test_no_code_is_written_as_a_string_outside_the_catalogue() -> None:
    written = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r'"D\d{3}"', path.read_text(encoding="utf-8"))
    }
    assert written == {"base/problem_codes.py"}


def test_a_duplicate_evidence_id_names_the_id_as_its_subject(make_workspace) -> None:
    root = make_workspace(files({"evidence/more.yaml": DUPLICATE}))
    _, problems = load_workspace(root)
    duplicates = [p for p in problems if p.code == DUPLICATE_EVIDENCE_ID]
    assert [(str(p.location), p.subject) for p in duplicates] == [
        ("evidence/more.yaml:1:3", "killings")
    ]


def test_approve_refuses_an_id_given_twice_by_the_problem_s_subject(make_workspace) -> None:
    root = make_workspace(files({"evidence/more.yaml": DUPLICATE}))
    before = (root / "evidence/claims.yaml").read_bytes()
    refused = run_cli("approve", "killings", "--by", "jd", cwd=root)
    assert refused.code == 1
    assert refused.err.startswith(
        "evidence/more.yaml:1:3: error[D201]: duplicate evidence id `killings` "
        "(first at evidence/claims.yaml:1:3)"
    )
    assert (root / "evidence/claims.yaml").read_bytes() == before


def test_approve_decides_by_the_subject_not_the_message(make_workspace) -> None:
    from dossier.review.approve import concerns

    root = make_workspace(files())
    workspace, _ = load_workspace(root)
    item = workspace.evidence["killings"]
    elsewhere = Location("evidence/more.yaml", 1, 3)
    about = Problem.of(DUPLICATE_EVIDENCE_ID, elsewhere, "duplicate id", subject="killings")
    mentions = Problem.of(DUPLICATE_EVIDENCE_ID, elsewhere, "id `killings`", subject="other")
    assert concerns(item, about, workspace)
    assert not concerns(item, mentions, workspace)
