"""What a build is made with besides the workspace: Python's and the packages' versions, the
system libraries the PDF is laid out with, and the git commit the workspace is at. The
manifest records them, so that a build can be told up to date, and verified or made again
bit for bit."""

from __future__ import annotations

import platform
import zlib
from pathlib import Path

from .. import __version__
from ..base.git import GitError, has_changes, run_git
from ..base.libraries.versions import versions as distribution_versions
from .manifest import GitState

# The Python packages whose versions can change the bytes of a build.
PACKAGES = [
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fonttools",
    "pillow",
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "bibtexparser",
    "pylatexenc",
    "pydantic",
    "pyyaml",
    "num2words",
    "pysbd",
    "rapidfuzz",
    "pypdf",
    "lxml",
    "python-docx",
]


def package_versions() -> dict[str, str]:
    """Python and the packages' versions, from their metadata: nothing is imported."""
    versions = {"python": platform.python_version(), "dossier": __version__}
    versions.update(distribution_versions(PACKAGES))
    return versions


# What library_versions() adds to package_versions() that only the PDF's layout uses: the
# system libraries it lays text out with, and which of them subset its fonts. The Word file
# does not depend on them.
PDF_ONLY = ("pango", "harfbuzz", "font_subsetter")


def library_versions(text_libraries: dict[str, str] | None = None) -> dict[str, str]:
    """package_versions(), the system libraries WeasyPrint lays text out with and the one
    that subsets the fonts (`text_libraries`, if a process that has WeasyPrint loaded already
    asked them; loading those costs WeasyPrint's import: only builds and `dossier verify`
    ask for them), and the zlib that compresses the PDF's streams and the Word file: another
    implementation of it (zlib-ng) writes other bytes."""
    from ..render.pdf.layout_pdf import text_library_versions

    versions = package_versions() | (text_libraries or text_library_versions())
    versions["zlib"] = zlib.ZLIB_RUNTIME_VERSION
    return versions


def git_state(root: Path) -> GitState | None:
    """The commit the workspace is at and whether it has changes not committed, if it is a
    git work tree and git is installed."""
    try:
        commit = run_git(root, "rev-parse", "HEAD").strip()
        dirty = has_changes(root)
    except GitError:
        return None
    return GitState(commit, dirty)
