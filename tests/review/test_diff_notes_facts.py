"""`dossier diff` on explanatory notes, dossier.yaml facts and allowed_signers, which it used
to call "No change": real git repositories, exact outputs, restricted strings masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DOSSIER, EVIDENCE, files, run_cli
from support.gitrepo import commit, git, init_repository, write
from support.review_items import WITNESS

STATEMENT = """\
# Findings

Thousands were killed [@killings].[^names] The figures are disputed.[^figures]

[^names]: The names are withheld for the safety of the witnesses.
[^figures]: See the annex
    for the figures.
"""
NEW_STATEMENT = """\
# Findings

Thousands were killed [@killings].[^names] The figures are disputed.[^count]

[^names]: The names, Leila Farahani's among them, are withheld for their safety.
[^count]: The count is the Special Rapporteur's [@killings].
"""
SIGNERS = "legal@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOne\n"
MORE_SIGNERS = (
    "legal@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOne\n"
    'leila.farahani@example.org namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITwo\n'
)


def _short(root: Path, name: str) -> str:
    return git(root, "rev-parse", "--short=10", name).strip()


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: two notes, one signer; v2: a note reworded (with the witness's name), one removed
    and one added, the session and agenda item changed, a sponsor added, a signer added."""
    root = tmp_path_factory.mktemp("diff-notes") / "repo"
    init_repository(root)
    write(root, files({"dossiers/test/statement.md": STATEMENT}))
    write(root, {"evidence/claims.yaml": EVIDENCE + WITNESS, "allowed_signers": SIGNERS})
    commit(root, "Two notes, one signer", tag="v1")
    dossier = (
        DOSSIER.replace("number: 61", "number: 62")
        .replace("agenda_item: 4", "agenda_item: 3")
        .replace(
            "    status: special\n",
            "    status: special\n  - name: Second Association\n    status: general\n",
        )
    )
    write(
        root,
        {
            "dossiers/test/statement.md": NEW_STATEMENT,
            "dossiers/test/dossier.yaml": dossier,
            "allowed_signers": MORE_SIGNERS,
        },
    )
    commit(root, "Reword the notes, move to session 62, add a sponsor and a signer", tag="v2")
    return root


def test_notes_facts_and_signers_in_text(repository: Path) -> None:
    result = run_cli("diff", "v1", "v2", cwd=repository)
    assert (result.code, result.err) == (0, "")
    v1, v2 = _short(repository, "v1"), _short(repository, "v2")
    assert "farahani" not in result.out.lower()
    assert result.out == f"""\
Changes from v1 ({v1}) to v2 ({v2})

Explanatory notes: 1 added, 1 removed, 1 changed
  changed  [^names]  (dossiers/test/statement.md:5)
      The [-names-] {{+names, [restricted: witness]'s among them,+}} are withheld \
for [-the safety of the witnesses.-] {{+their safety.+}}
  added    [^count]  (dossiers/test/statement.md:6)
      {{+The count is the Special Rapporteur's [@killings].+}}
  removed  [^figures]  (was at dossiers/test/statement.md:6)
      [-See the annex for the figures.-]

Dossier facts: 2 added, 2 changed
  changed  test: session.number  (dossiers/test/dossier.yaml:5:19)
      [-61-] {{+62+}}
  changed  test: agenda_item  (dossiers/test/dossier.yaml:6:14)
      [-4-] {{+3+}}
  added    test: submitted_by[1].name  (dossiers/test/dossier.yaml:10:11)
      {{+Second Association+}}
  added    test: submitted_by[1].status  (dossiers/test/dossier.yaml:11:13)
      {{+general+}}

Allowed signers (allowed_signers, changed): 1 line added
      {{+[restricted: witness]@example.org namespaces="git" ssh-ed25519 \
AAAAC3NzaC1lZDI1NTE5AAAAITwo+}}
"""


def test_notes_facts_and_signers_in_markdown(repository: Path) -> None:
    result = run_cli("diff", "v1", "v2", "--format", "markdown", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert "farahani" not in result.out.lower()
    body = result.out.split("\n", 1)[1]
    assert body == """\

#### Explanatory notes: 1 added, 1 removed, 1 changed

- **changed** `[^names]` (dossiers/test/statement.md:5)
  - The <del>names</del> <ins>names, \\[restricted: witness\\]'s among them,</ins> are withheld \
for <del>the safety of the witnesses.</del> <ins>their safety.</ins>
- **added** `[^count]` (dossiers/test/statement.md:6)
  - <ins>The count is the Special Rapporteur's \\[@killings\\].</ins>
- **removed** `[^figures]` (was at dossiers/test/statement.md:6)
  - <del>See the annex for the figures.</del>

#### Dossier facts: 2 added, 2 changed

- **changed** `test: session.number` (dossiers/test/dossier.yaml:5:19)
  - <del>61</del> <ins>62</ins>
- **changed** `test: agenda_item` (dossiers/test/dossier.yaml:6:14)
  - <del>4</del> <ins>3</ins>
- **added** `test: submitted_by[1].name` (dossiers/test/dossier.yaml:10:11)
  - <ins>Second Association</ins>
- **added** `test: submitted_by[1].status` (dossiers/test/dossier.yaml:11:13)
  - <ins>general</ins>

#### Allowed signers (allowed_signers, changed): 1 line added

  - <ins>\\[restricted: witness\\]@example.org namespaces="git" ssh-ed25519 \
AAAAC3NzaC1lZDI1NTE5AAAAITwo</ins>
"""


def test_notes_facts_and_signers_in_json(repository: Path) -> None:
    result = run_cli("diff", "v1", "v2", "--format", "json", cwd=repository)
    assert (result.code, result.err) == (0, "")
    assert "farahani" not in result.out.lower()
    document = json.loads(result.out)
    assert [(n["change"], n["label"], n["line"], n["restricted"]) for n in document["notes"]] == [
        ("changed", "names", 5, True),
        ("added", "count", 6, False),
        ("removed", "figures", 6, False),
    ]
    assert document["notes"][0]["words"][:2] == [
        {"op": "same", "text": "The"},
        {"op": "removed", "text": "names"},
    ]
    assert document["facts"][0] == {
        "dossier": "test",
        "change": "changed",
        "key": "session.number",
        "path": "dossiers/test/dossier.yaml",
        "line": 5,
        "column": 19,
        "old": "61",
        "new": "62",
        "words": [{"op": "removed", "text": "61"}, {"op": "added", "text": "62"}],
        "restricted": False,
    }
    assert [f["key"] for f in document["facts"]] == [
        "session.number",
        "agenda_item",
        "submitted_by[1].name",
        "submitted_by[1].status",
    ]
    assert document["allowed_signers"] == {
        "change": "changed",
        "added": [
            '[restricted: witness]@example.org namespaces="git" ssh-ed25519 '
            "AAAAC3NzaC1lZDI1NTE5AAAAITwo"
        ],
        "removed": [],
        "too_long": False,
        "no_longer_verify": [],
    }


def test_a_change_to_a_note_alone_is_a_change(repository: Path) -> None:
    """Once, `dossier diff` said "No change" when only a note had changed."""
    statement = repository / "dossiers" / "test" / "statement.md"
    try:
        statement.write_text(NEW_STATEMENT.replace("their safety", "their own safety"))
        result = run_cli("diff", "v2", cwd=repository)
    finally:
        statement.write_text(NEW_STATEMENT)
    assert (result.code, result.err) == (0, "")
    assert result.out.split("\n", 1)[1] == (
        "\nExplanatory notes: 1 changed\n"
        "  changed  [^names]  (dossiers/test/statement.md:5)\n"
        "      The names, [restricted: witness]'s among them, are withheld for their "
        "{+own+} safety.\n"
    )
