"""`dossier trace` shows the statement's sign-off (issue 22): each row says where the sign-off
of its paragraph (or explanatory note) stands, and a row for each fact of dossier.yaml says
the same of the fact; in Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import DOSSIER, EVIDENCE, files, run_cli
from support.review_items import INQUIRY, ON_2025_11_20, WITNESS

STATEMENT = """\
# Findings

Thousands were killed [@killings].

Amnesty called for an inquiry [@inquiry].[^why]

[^why]: An inquiry is what the families ask for.
"""


def _workspace(make_workspace) -> Path:
    root: Path = make_workspace(
        files(
            {
                "dossiers/test/statement.md": STATEMENT,
                "evidence/claims.yaml": EVIDENCE + INQUIRY + WITNESS,
            }
        )
    )
    return root


def _rows(root: Path) -> list[dict[str, str]]:
    out = run_cli("trace", "test", "--format", "csv", cwd=root).out
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))


def _signed(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    return [
        (r["Note"], r["Sentence"].split(":")[0] if not r["Note"] else r["Sentence"],
         r["Statement sign-off"], r["Signed off by"])
        for r in rows
    ]  # fmt: skip


def _sign_off(root: Path, by: str) -> None:
    done = run_cli("approve", "--statement", "test", "--by", by, cwd=root, env=ON_2025_11_20)
    assert done.code == 0, done.err


def test_a_statement_never_signed_off_is_a_draft_on_every_row(make_workspace) -> None:
    rows = _rows(_workspace(make_workspace))
    assert {r["Statement sign-off"] for r in rows} == {"draft"}
    assert {r["Signed off by"] for r in rows} == {""}
    facts = [r["Sentence"].split(":")[0] for r in rows if not r["Note"]]
    assert facts == ["profile", "title", "language", "date", "session", "agenda_item",
                     "submitted_by"]  # fmt: skip


def test_each_row_says_whether_its_part_changed_since_the_sign_off(make_workspace) -> None:
    root = _workspace(make_workspace)
    _sign_off(root, "legal/ab")
    statement = root / "dossiers/test/statement.md"
    statement.write_text(
        statement.read_text().replace("were killed", "were executed")
        + "\nA sentence added later [@killings].\n"
    )
    dossier = root / "dossiers/test/dossier.yaml"
    dossier.write_text(dossier.read_text().replace("A test statement", "A statement"))
    by = "legal/ab on 2025-11-20"
    assert _signed(_rows(root)) == [
        ("1", "Thousands were executed.", "changed", by),
        ("2", "Amnesty called for an inquiry.", "approved", by),
        ("3", "Amnesty called for an inquiry.", "approved", by),  # the note [^why]
        ("4", "A sentence added later.", "added", by),
        ("", "profile", "approved", by),
        ("", "title", "changed", by),
        ("", "language", "approved", by),
        ("", "date", "approved", by),
        ("", "session", "approved", by),
        ("", "agenda_item", "approved", by),
        ("", "submitted_by", "approved", by),
    ]
    document = json.loads(run_cli("trace", "test", "--format", "json", cwd=root).out)
    assert document["signoff"] == {
        "status": "stale",
        "described": "stale: approved by legal/ab on 2025-11-20; since then the paragraph at "
        "line 3 (changed), the paragraph at line 9 (added) and the fact `title` (changed) changed",
    }
    assert [f["signoff"] for f in document["footnotes"]][:2] == [
        {"status": "changed", "by": by},
        {"status": "approved", "by": by},
    ]
    assert document["facts"][1] == {
        "fact": "title",
        "at": "dossiers/test/dossier.yaml:2",
        "value": "A statement",
        "signoff": {"status": "changed", "by": by},
        "restricted": False,
    }
    markdown = run_cli("trace", "test", cwd=root).out.splitlines()
    assert markdown[0].endswith(
        "; statement sign-off: stale: approved by legal/ab on 2025-11-20; since then the "
        "paragraph at line 3 (changed), the paragraph at line 9 (added) and the fact `title` "
        "(changed) changed"
    )
    assert markdown[4].endswith(" | changed | legal/ab on 2025-11-20 |")
    assert markdown[-6] == (
        "|  | dossiers/test/dossier.yaml:2 | title: A statement |"
        + "  |" * 14
        + " no |  |  | changed | legal/ab on 2025-11-20 |"
    )


def test_a_signed_off_statement_names_every_approver(make_workspace) -> None:
    root = _workspace(make_workspace)
    _sign_off(root, "legal/ab")
    _sign_off(root, "legal/cd")
    rows = _rows(root)
    assert {(r["Statement sign-off"], r["Signed off by"]) for r in rows} == {
        ("approved", "legal/ab on 2025-11-20, legal/cd on 2025-11-20")
    }


def test_a_restricted_string_in_a_fact_is_masked_and_flagged(make_workspace) -> None:
    root = make_workspace(
        files(
            {
                "evidence/claims.yaml": EVIDENCE + WITNESS,
                "dossiers/test/dossier.yaml": DOSSIER.replace(
                    "A test statement", "What Leila Farahani saw"
                ),
            }
        )
    )
    result = run_cli("trace", "test", "--format", "csv", cwd=root)
    assert "farahani" not in (result.out + result.err).lower()
    rows = list(csv.DictReader(io.StringIO(result.out.lstrip("\ufeff"))))
    [title] = [r for r in rows if r["Sentence"].startswith("title:")]
    assert (title["Sentence"], title["Restricted"]) == (
        "title: What [restricted: witness] saw",
        "yes",
    )
