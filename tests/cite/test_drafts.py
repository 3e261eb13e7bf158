"""What makes a dossier a draft (cite/drafts.py): each placeholder found where it is written,
none of Markdown's own brackets or an editor's taken for one; `check` warns of each, and
`check --final` and `build --final` refuse them, writing nothing."""

from __future__ import annotations

import pytest

from conftest import DOSSIER, STATEMENT, files, run_cli
from dossier.cite.drafts import placeholders_in

TEXTS = [
    ("[Example submitting organization]", ["[Example submitting organization]"]),
    ("Stakeholder submission, [Cycle: …] cycle", ["[Cycle: …]"]),
    ("The date is to be filled in.", ["to be filled in"]),
    ("Session not stated", ["not stated"]),
    ("[Your name] and [Your address]", ["[Your name]", "[Your address]"]),
    ("Amnesty International", []),
    ("“They [the authorities] denied it”", []),  # an editor's insertion in a quotation
    ("[T]he report", []),  # a letter changed
    ("the text […] goes on", []),
    ("the text [...] goes on", []),
    ("its spelling [sic]", []),
    ("see [the report](https://example.org)", []),  # a link's text, as written
]


@pytest.mark.parametrize("text, expected", TEXTS)
def test_placeholders_in_a_text(text, expected):
    assert placeholders_in(text) == expected


MARKDOWN_BRACKETS = """\
# Findings

Thousands were killed [@killings]. Amnesty called for an inquiry.[@amnesty-2018, p. 12]
The names are withheld.[^safety] See [the report](https://example.org/report).
Many fled. [uncited: the writer's own account]

[^safety]: The names are withheld for the safety of the witnesses.
"""


def test_markdowns_own_brackets_are_not_placeholders(make_workspace):
    root = make_workspace(files({"dossiers/test/statement.md": MARKDOWN_BRACKETS}))
    result = run_cli("check", "--final", cwd=root)
    assert "D413" not in result.err and "D411" not in result.err, result.err


PLACEHOLDER_STATEMENT = STATEMENT + "\nThe victim, [Name of the victim], was to be filled in.\n"
UNSTATED_SESSION = DOSSIER.replace(
    "session: {number: 61, start: 2026-02-23, end: 2026-04-02}\n", ""
) + "unstated:\n  session: to be filled in from the session's page.\n"


@pytest.fixture
def draft(make_workspace):
    return make_workspace(
        files(
            {
                "dossiers/test/statement.md": PLACEHOLDER_STATEMENT,
                "dossiers/test/dossier.yaml": UNSTATED_SESSION.replace(
                    "name: Test Association", "name: '[Your organization]'"
                ),
            }
        )
    )


DRAFT_PROBLEMS = [
    "dossiers/test/dossier.yaml:7:11: {severity}[D413]: `submitted_by.1.name` is a "
    "placeholder: [Your organization]",
    "dossiers/test/dossier.yaml:11:3: {severity}[D411]: `session` is not stated: the output "
    "prints “to be filled in from the session's page.” in its place",
    "dossiers/test/statement.md:5:13: {severity}[D413]: the statement's text is a placeholder: "
    "[Name of the victim]",
    "dossiers/test/statement.md:5:39: {severity}[D413]: the statement's text is a placeholder: "
    "to be filled in",
]


def test_check_warns_of_each_placeholder_where_it_is_written(draft):
    result = run_cli("check", cwd=draft)
    assert result.code == 0, result.err
    for line in DRAFT_PROBLEMS:
        assert line.format(severity="warning") in result.err, result.err
    assert (
        "hint: write the real text in its place before filing; until then the outputs say "
        "Draft\n"
    ) in result.err


def test_check_final_makes_each_placeholder_an_error(draft):
    result = run_cli("check", "--final", cwd=draft)
    assert result.code == 1
    for line in DRAFT_PROBLEMS:
        assert line.format(severity="error") in result.err, result.err
    assert (
        "hint: fill it in and remove it from `unstated:` before filing; until then the outputs "
        "say Draft; `--final` refuses a draft"
    ) in result.err
    assert "4 errors found" in result.err


def test_build_final_refuses_a_draft_and_writes_nothing(draft):
    result = run_cli("build", "--final", cwd=draft)
    assert result.code == 1
    for line in DRAFT_PROBLEMS:
        assert line.format(severity="error") in result.err, result.err
    assert not (draft / "build" / "test").exists()


def test_build_final_refuses_a_draft_built_before_without_it(draft):
    assert run_cli("build", cwd=draft).code == 0  # a draft builds, as a draft
    written = (draft / "build/test/test.pdf").read_bytes()
    result = run_cli("build", "--final", cwd=draft)
    assert result.code == 1  # up to date, but a draft all the same
    assert (draft / "build/test/test.pdf").read_bytes() == written


def test_a_complete_dossier_builds_with_final(make_workspace):
    root = make_workspace(files())
    result = run_cli("build", "--final", cwd=root)
    assert result.code == 0, result.err
    assert (root / "build/test/test.pdf").is_file()
    assert run_cli("check", "--final", cwd=root).code == 0
