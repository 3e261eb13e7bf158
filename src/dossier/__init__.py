"""dossier: traced, footnoted submissions to UN human-rights bodies from evidence and BibTeX.

The pipeline runs through the subpackages in order, each importing only those before it:
`load` (workspace files into typed, located objects), `statement` (Markdown with Pandoc
citations, sentences), `cite` (citations resolved to sources, numbered notes, the compiled
dossier), `check` (quotes, figures and snapshots against the sources), `render` (HTML and
PDF), `record` (manifest, trace, up-to-date, atomic writes) and `capture` (snapshots and
links fetched from the network). `build`, `verify`, `scaffold` and `cli` drive them.
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).parent
"""Where the built-in templates and fonts live."""
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
"""The venue templates that ship with dossier (a workspace's own come first)."""
