"""The wheel carries the built-in venue profile and the fonts, so an install builds PDFs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_contains_templates_and_fonts(tmp_path):
    # Build from a copy: setuptools writes build/lib, and build/ is the workspace's output.
    source = tmp_path / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("dossier-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "dossier/templates/hrc-written-statement/profile.yaml",
        "dossier/templates/hrc-written-statement/statement.html.j2",
        "dossier/templates/hrc-written-statement/statement.css",
        "dossier/templates/hrc-written-statement/wording.yaml",
        "dossier/fonts/LiberationSerif-Regular.ttf",
        "dossier/fonts/LiberationSerif-Bold.ttf",
        "dossier/fonts/LICENSE-LiberationSerif.txt",
        "dossier/py.typed",
    ]:
        assert expected in names, expected
