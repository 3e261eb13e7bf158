"""The package reads as the pipeline: a base layer, then each stage importing only the stages
before it; no import cycle between modules; no package folder too large to take in."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "src" / "dossier"
STAGES = [
    "base", "load", "statement", "cite", "check", "render", "record", "capture", "review", "serve"
]  # fmt: skip
MOST_MODULES = 12  # in one package folder, its __init__.py included


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, source: str | None = None) -> set[str]:
    """Every dotted name a module imports, whether at the top or inside a function: for
    `from .x import y`, both `dossier.<package>.x` and `dossier.<package>.x.y`."""
    module = _module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text() if source is None else source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            else:
                target = (node.module or "").split(".")
            found.add(".".join(target))
            found |= {".".join(target + [alias.name]) for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] == "dossier"}


def _imported_stages(path: Path, source: str | None = None) -> set[str]:
    return {
        name.split(".")[1]
        for name in _imports(path, source)
        if len(name.split(".")) > 1 and name.split(".")[1] in STAGES
    }


def _import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path) & modules.keys() - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_earlier_stages(stage: str) -> None:
    allowed = set(STAGES[: STAGES.index(stage) + 1])
    offending = {
        path.relative_to(PACKAGE).as_posix(): sorted(_imported_stages(path) - allowed)
        for path in sorted((PACKAGE / stage).rglob("*.py"))
        if _imported_stages(path) - allowed
    }
    assert offending == {}


def test_every_module_belongs_to_a_stage_or_drives_them() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == {"__init__", "__main__", "build", "filing", "scaffold", "verify"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(STAGES) | {"cli"}


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(_import_graph()) == []


def test_only_the_entry_points_import_the_command_group() -> None:
    """The commands are added to the group by the group: no command module imports it back
    (nor the package, which is the group)."""
    allowed = {PACKAGE / "__main__.py", PACKAGE / "cli" / "__init__.py"}
    group = {"dossier.cli", "dossier.cli.group", "dossier.cli.main", "dossier.cli.group.main"}
    offending = {
        path.relative_to(PACKAGE).as_posix(): sorted(_imports(path) & group)
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in allowed and _imports(path) & group
    }
    assert offending == {}


def test_no_package_folder_holds_more_than_twelve_modules() -> None:
    crowded = {
        folder.relative_to(PACKAGE).as_posix() or ".": count
        for folder in [PACKAGE, *(p.parent for p in PACKAGE.rglob("__init__.py"))]
        if (count := len(list(folder.glob("*.py")))) > MOST_MODULES
    }
    assert crowded == {}


def test_no_two_modules_share_a_name() -> None:
    """A module's name says what it holds without its folder: two `glyphs.py` with different
    jobs read alike in an import line."""
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(path.relative_to(PACKAGE).as_posix())
    assert {stem: paths for stem, paths in names.items() if len(paths) > 1} == {}


@pytest.mark.parametrize(
    "source",
    [
        "from ..render.html.render_html import render_html\n",
        "def f():\n    from dossier.render import html\n",
        "import dossier.render.pdf\n",
    ],
)
def test_the_checker_sees_a_later_import(source: str) -> None:
    """The rule can fail: a load module importing render, in any form, is caught."""
    assert _imported_stages(PACKAGE / "load" / "probe.py", source) == {"render"}


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
