"""The HTML each example dossier builds to, compared with its golden copy in tests/golden/:
any change to what the reader is given shows as a diff to review. When the change is wanted,
`make golden` (pytest --update-golden) writes the golden copies anew; commit them with it."""

from __future__ import annotations

import difflib

import pytest

from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
EXAMPLES = sorted(path.parent.name for path in (REPO / "dossiers").glob("*/dossier.yaml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_example_html_is_its_golden_copy(built_examples, update_golden, name):
    built = (built_examples / "build" / name / f"{name}.html").read_text(encoding="utf-8")
    golden = GOLDEN / f"{name}.html"
    if update_golden:
        golden.write_text(built, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if built != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            built.splitlines(keepends=True),
            fromfile=f"tests/golden/{name}.html",
            tofile=f"build/{name}/{name}.html",
        )
        pytest.fail(
            "".join(diff) + "\nIf this change is wanted: make golden, and commit tests/golden/",
            pytrace=False,
        )


def test_each_example_has_a_golden_copy_and_each_golden_copy_an_example():
    assert len(EXAMPLES) == 5
    assert sorted(path.stem for path in GOLDEN.glob("*.html")) == EXAMPLES
