"""A workspace's own copy of the built-in template, with hostile or odd lines planted in it."""

from __future__ import annotations

import shutil
from pathlib import Path

from dossier.load.profiles import BUILTIN_TEMPLATES

PROFILE = "hrc-written-statement"
TEMPLATE = f"templates/{PROFILE}/statement.html.j2"
CSS = f"templates/{PROFILE}/statement.css"


def override(root: Path, body: str = "", css: str = "") -> None:
    """A workspace copy of the built-in template, with `body` on the line after <body> and
    `css` before the built-in rules (on the stylesheet's line 1)."""
    folder = root / "templates" / PROFILE
    shutil.copytree(BUILTIN_TEMPLATES / PROFILE, folder)
    template = folder / "statement.html.j2"
    lines = template.read_text(encoding="utf-8").split("\n")
    lines.insert(lines.index("<body>") + 1, body)
    template.write_text("\n".join(lines), encoding="utf-8")
    stylesheet = folder / "statement.css"
    stylesheet.write_text(css + "\n" + stylesheet.read_text(encoding="utf-8"), encoding="utf-8")
