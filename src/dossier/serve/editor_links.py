"""Where a problem's `path:line:col` in the preview leads: the writer's editor, at that line.

A page served over http may not open file:// addresses, so the link is an editor's own URL
scheme. DOSSIER_EDITOR_URL sets it, with {path} (absolute, from its leading /, URL-quoted),
{line} and {column}; by default VS Code's."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

DEFAULT_EDITOR_URL = "vscode://file{path}:{line}:{column}"


def editor_link(root: Path, shown: str, line: int, column: int) -> str:
    template = os.environ.get("DOSSIER_EDITOR_URL", "").strip() or DEFAULT_EDITOR_URL
    path = quote((root.resolve() / shown).as_posix(), safe="/")
    try:
        return template.format(path=path, line=line, column=column)
    except (KeyError, IndexError, ValueError):  # a template with other fields: use the default
        return DEFAULT_EDITOR_URL.format(path=path, line=line, column=column)
