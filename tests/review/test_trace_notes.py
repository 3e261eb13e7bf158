"""`dossier trace` lists explanatory notes: a row per note, with its label and text, and its
sources when it cites any; in Markdown, CSV and JSON, restricted strings masked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import EVIDENCE, files, run_cli
from support.review_items import WITNESS

STATEMENT = """\
# Findings

Thousands were killed [@killings].[^names] The figures are disputed.[^count]

[^names]: The names, Leila Farahani's among them, are withheld for their safety.
[^count]: The count is the Special Rapporteur's [@killings].
"""


def _workspace(make_workspace) -> Path:
    root: Path = make_workspace(
        files({"dossiers/test/statement.md": STATEMENT, "evidence/claims.yaml": EVIDENCE + WITNESS})
    )
    return root


def test_markdown_has_a_row_per_note(make_workspace) -> None:
    result = run_cli("trace", "test", cwd=_workspace(make_workspace))
    assert result.code == 0, result.err
    assert "farahani" not in result.out.lower()
    lines = result.out.splitlines()
    assert lines[0] == (
        "Trace of `test` (dossiers/test/statement.md): 3 footnotes (2 explanatory), "
        "2 cited sources; statement sign-off: a draft"
    )
    assert lines[2].endswith(
        "| Restricted | Explanatory note | Note text | Statement sign-off | Signed off by |"
    )
    assert lines[7].startswith("|  | dossiers/test/dossier.yaml:1 | profile: ")
    assert lines[4].startswith("| 1 | dossiers/test/statement.md:3 | Thousands were killed. | ")
    assert lines[4].endswith("| no |  |  | draft |  |")
    assert lines[5] == (
        "| 2 | dossiers/test/statement.md:3 | Thousands were killed. "
        "|  |  |  |  |  |  |  |  |  |  |  |  |  |  | yes | [^names] | The names, "
        "[restricted: witness]’s among them, are withheld for their safety. | draft |  |"
    )
    assert lines[6].startswith(
        "| 3 | dossiers/test/statement.md:3 | The figures are disputed. | killings | "
    )
    assert lines[6].endswith(
        " | no | [^count] | The count is the Special Rapporteur’s Special Rapporteur on Iran, "
        "“Situation of human rights in the Islamic Republic of Iran”, A/72/322, 2017, para. 109. "
        "| draft |  |"
    )


def test_csv_rows_and_json(make_workspace) -> None:
    root = _workspace(make_workspace)
    out = run_cli("trace", "test", "--format", "csv", cwd=root).out
    rows = [r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff"))) if r["Note"]]
    assert [(r["Note"], r["Source"], r["Explanatory note"], r["Restricted"]) for r in rows] == [
        ("1", "sr-2017", "", "no"),
        ("2", "", "[^names]", "yes"),
        ("3", "sr-2017", "[^count]", "no"),
    ]
    assert [r["Sentence"] for r in rows] == [
        "Thousands were killed.",
        "Thousands were killed.",
        "The figures are disputed.",
    ]
    assert rows[1]["Note text"] == (
        "The names, [restricted: witness]’s among them, are withheld for their safety."
    )
    document = json.loads(run_cli("trace", "test", "--format", "json", cwd=root).out)
    assert [
        (f["number"], f["explanatory_note"], len(f["sources"]), f["restricted"])
        for f in document["footnotes"]
    ] == [(1, None, 1, False), (2, "names", 0, True), (3, "count", 1, False)]
    assert "farahani" not in json.dumps(document).lower()
