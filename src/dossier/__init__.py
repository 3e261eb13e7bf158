"""dossier: traced, footnoted submissions to UN human-rights bodies from evidence and BibTeX.

The pipeline runs through the subpackages in order, each importing only the base layer and
those before it: `base` (reading inputs safely, paths, time limits, git, caches, problems, the
workspace's layout and a build's settings), `load` (workspace files into typed, located
objects), `statement` (Markdown with Pandoc citations, sentences), `cite` (citations resolved
to sources, numbered notes, the compiled dossiers), `check` (quotes, figures and snapshots
against the sources), `render` (HTML, PDF and Word), `record` (manifest, trace, up-to-date,
atomic writes), `capture` (snapshots and links fetched from the network), `review` (approvals,
trace tables, diffs) and `serve` (the live preview). `build` reads as the pipeline; `verify`,
`scaffold` and `cli` drive the stages too.
"""

from pathlib import Path

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).parent
"""Where the built-in templates and fonts live."""
BUILTIN_TEMPLATES = PACKAGE_DIR / "templates"
"""The venue templates that ship with dossier (a workspace's own come first)."""
