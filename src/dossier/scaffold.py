"""Create a new workspace (`dossier init`) or a new dossier in one (`dossier new`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .load.profiles import profile_names
from .problems import UsageError

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

_DOSSIER = """\
profile: {profile}
title: Title of the statement
language: en                  # en | fr | es
submitted_by:                 # main sponsor first, as named in the ECOSOC database
  - name: Your organization
    status: special           # general | special | roster (sets the word limit)
shared_by: []                 # NGOs without consultative status that share the views
statement: statement.md
# Fill these in; until then the output says plainly that they are not stated.
# date: 2026-01-31
# session: {{number: 61, start: 2026-02-23, end: 2026-04-02}}
# agenda_item: 4
unstated:
  date: to be filled in before submission.
  session: to be filled in from the session's page on the OHCHR website.
  agenda_item: to be filled in.
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
    return written + new_dossier(folder, "example", "hrc-written-statement")


def new_dossier(root: Path, name: str, profile: str) -> list[Path]:
    """dossiers/<name>/dossier.yaml and statement.md, for the given venue profile."""
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise UsageError(f"invalid dossier name {name!r}: use letters, digits, - and _")
    known = profile_names(root)
    if profile not in known:
        raise UsageError(f"unknown profile {profile!r}; profiles: {', '.join(known)}")
    folder = root / "dossiers" / name
    if folder.exists():
        raise UsageError(f"dossiers/{name} already exists")
    return _write_new(
        {
            folder / "dossier.yaml": _DOSSIER.format(profile=profile),
            folder / "statement.md": _STATEMENT,
        }
    )


def _write_new(files: dict[Path, str]) -> list[Path]:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
