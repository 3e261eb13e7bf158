"""The package reads as the pipeline: each stage imports only the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "dossier"
STAGES = [
    "load", "statement", "cite", "check", "render", "record", "capture", "review", "serve"
]


def _imported_stages(path: Path, source: str | None = None) -> set[str]:
    """The stages a module imports, whether at the top or inside a function."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            else:
                target = (node.module or "").split(".")
            names = [target + [alias.name] for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        else:
            continue
        for name in names:
            if name[0] == "dossier" and len(name) > 1 and name[1] in STAGES:
                found.add(name[1])
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_earlier_stages(stage: str) -> None:
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    offending = {
        path.relative_to(PACKAGE).as_posix(): sorted(_imported_stages(path) - allowed)
        for path in sorted((PACKAGE / stage).glob("*.py"))
        if _imported_stages(path) - allowed
    }
    assert offending == {}


def test_every_module_belongs_to_a_stage_or_drives_them() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == {
        "__init__", "__main__", "build", "cli", "cli_review", "cli_serve", "cli_support",
        "problems", "scaffold", "verify",
    }  # fmt: skip
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == set(STAGES)


@pytest.mark.parametrize(
    "source",
    [
        "from ..render.html import render_html\n",
        "def f():\n    from dossier.render import html\n",
        "import dossier.render.pdf\n",
    ],
)
def test_the_checker_sees_a_later_import(source: str) -> None:
    """The rule can fail: a load module importing render, in any form, is caught."""
    assert _imported_stages(PACKAGE / "load" / "probe.py", source) == {"render"}
