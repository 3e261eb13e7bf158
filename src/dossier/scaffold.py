"""Create a new workspace (`dossier init`) or a new dossier in one (`dossier new`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .base.problems import ProblemsFound, UsageError
from .base.reading.read_input import read_text
from .base.settings import REVIEW_FOLDER
from .load.profiles import (
    BUILTIN_TEMPLATES,
    DEFAULT_PROFILE,
    load_profile,
    profile_dirs,
    profile_names,
)

# Each profile's folder holds the dossier `dossier new` starts from: every fact the venue
# needs, written as a placeholder that builds and that `check --strict` names.
NEW_DOSSIER = "new-dossier.yaml"
NEW_STATEMENT = "new-statement.md"

# A captured copy of the source, so that the example's quote is checked against it. It is
# the passage as an NGO written statement quotes it; the first line says how to replace it.
_SNAPSHOT_PATH = "evidence/snapshots/sr-iran-2017-excerpt.txt"
_SNAPSHOT = """\
[Excerpt of A/72/322 as quoted in an NGO written statement to the Human Rights Council.
Capture the whole report instead: dossier snapshot sr-iran-2017 FILE_OR_URL]

Over the years, a high number of reports have been issued about the 1988 massacres. If the
number of persons who disappeared and were executed can be disputed, overwhelming evidence
shows that thousands of persons were summarily killed.
"""

_BIBLIOGRAPHY = f"""\
% Every source the evidence cites. A Zotero or Better BibTeX export works as it is.
% Brace an organisation's name so that BibTeX does not split it on "and".
% `snapshot` is the captured copy quotes are checked against; `sha256` its digest.
@report{{sr-iran-2017,
  author       = {{{{Special Rapporteur on the situation of human rights in the Islamic
                   Republic of Iran}}}},
  title        = {{Situation of human rights in the Islamic Republic of Iran}},
  institution  = {{United Nations General Assembly}},
  date         = {{2017-08-14}},
  symbol       = {{A/72/322}},
  snapshot     = {{{_SNAPSHOT_PATH}}},
  sha256       = {{{hashlib.sha256(_SNAPSHOT.encode()).hexdigest()}}},
}}
"""

_EVIDENCE = """\
# Evidence items: one factual claim each, with the sources that support it.
- id: sr-1988-reports
  claim: >-
    In 2017 the Special Rapporteur on Iran told the General Assembly that overwhelming
    evidence shows that thousands of persons were summarily killed in 1988.
  date: 2017-08-14
  sources:
    - cite: sr-iran-2017
      quote: >-
        overwhelming evidence shows that thousands of persons were summarily killed
  reliability: A1
"""

# The example dossier of a new workspace: PRODUCT.md's own example, every fact stated, so that
# a new workspace checks clean with --strict. (`dossier new` writes placeholders instead.)
_EXAMPLE_DOSSIER = """\
profile: hrc-written-statement
title: Accountability for the 1988 mass executions of political prisoners
language: en                  # en | fr | es
date: 2025-12-01              # the statement's date; also the date stamped in the PDF
session:
  number: 61
  start: 2026-02-23
  end: 2026-04-02
agenda_item: 4                # the profile knows the standing agenda items' titles
submitted_by:                 # main sponsor first, as named in the ECOSOC database
  - name: Example Association for Human Rights
    status: special           # general | special | roster (sets the word limit)
shared_by: []                 # NGOs without consultative status that share the views
statement: statement.md
notes: full                   # full | compact (the URL or a UN symbol, and the pinpoint)
"""

_STATEMENT = """\
# A heading

Write the statement here, in Markdown. Cite an evidence item after the sentence it
supports, and its sources become the footnote [@sr-1988-reports].
"""

_GITIGNORE = "build/\n"


def init_workspace(folder: Path) -> list[Path]:
    """A new workspace with one example dossier that checks clean and builds."""
    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; choose a new folder for the workspace")
    files = {
        folder / "bibliography.bib": _BIBLIOGRAPHY,
        folder / "evidence" / "claims.yaml": _EVIDENCE,
        folder / _SNAPSHOT_PATH: _SNAPSHOT,
        folder / ".gitignore": _GITIGNORE,
    }
    written = _write_new(files)
    example = folder / "dossiers" / "example"
    return written + _write_new(
        {example / "dossier.yaml": _EXAMPLE_DOSSIER, example / "statement.md": _STATEMENT}
    )


def new_dossier(root: Path, name: str, profile: str = DEFAULT_PROFILE) -> list[Path]:
    """dossiers/<name>/dossier.yaml and statement.md, from the venue profile's starter: a
    dossier that builds at once, every fact it lacks a visible placeholder."""
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise UsageError(f"invalid dossier name {name!r}: use letters, digits, - and _")
    if name == "review":
        raise UsageError(f"{REVIEW_FOLDER}/ holds the review editions: choose another name")
    found, problems = load_profile(profile, root)
    if found is None:
        if problems:
            raise ProblemsFound(problems)
        known = ", ".join(profile_names(root))
        raise UsageError(f"unknown profile {profile!r}; profiles: {known}")
    folder = root / "dossiers" / name
    if folder.exists():
        raise UsageError(f"dossiers/{name} already exists")
    base = found.settings.wording_base or DEFAULT_PROFILE
    dossier = _starter(root, (profile, base, DEFAULT_PROFILE), NEW_DOSSIER)
    dossier = _named(dossier, profile)
    text = _starter(root, (profile, base, DEFAULT_PROFILE), NEW_STATEMENT)
    return _write_new({folder / "dossier.yaml": dossier, folder / "statement.md": text})


def _starter(root: Path, profiles: tuple[str, ...], file: str) -> str:
    """The first of the profiles' starter files: the workspace's own, then the built-in."""
    for profile in profiles:
        for folder in profile_dirs(root):
            path = folder / profile / file
            if path.is_file():
                inside = None if folder == BUILTIN_TEMPLATES else root
                shown = f"templates/{profile}/{file}"
                text, problems = read_text(path, shown, inside)
                if text is None:
                    raise ProblemsFound(problems)
                return text
    raise UsageError(f"no profile has a {file} to start from")


def _named(dossier: str, profile: str) -> str:
    """The starter with its `profile:` line naming `profile` (a workspace's own profile may
    start from the starter of the profile it is based on)."""
    lines = dossier.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("profile:"):
            lines[number] = f"profile: {profile}\n"
            break
    return "".join(lines)


def _write_new(files: dict[Path, str]) -> list[Path]:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
