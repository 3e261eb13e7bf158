"""A new dossier of each venue, filled in as `dossier new` shows (each commented field
uncommented, each placeholder replaced, `unstated` dropped) and citing an item, builds with
--final; the count it reports is the words of the Word file it wrote."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli
from dossier.cite.word_file import count_words
from support.word_text import file_paragraphs

PROFILES = [
    "hrc-written-statement",
    "upr-stakeholder",
    "treaty-body-report",
    "special-procedures-communication",
]
_COMMENTED_FIELD = re.compile(r"^(\s*)# ((?:- )?[a-z_]+:.*|\s+.*)$")
_PLACEHOLDER = re.compile(r'"«[^»]*»"')
_REPORTED = re.compile(r"\(\d+ pages?, \d+ footnotes?, ([\d,]+) words")


def filled_in(written: str) -> str:
    """What a writer does with the scaffold: every commented field given, every placeholder
    replaced, nothing left unstated (the symbol and GE number come after circulation)."""
    lines, unstated_at = [], None
    for line in written.split("\n"):
        indent = len(line) - len(line.lstrip())
        if unstated_at is not None and (indent > unstated_at or not line.strip()):
            continue
        unstated_at = indent if line.strip() == "unstated:" else None
        if unstated_at is not None:
            continue
        commented = _COMMENTED_FIELD.match(line)
        if commented and not re.match(r"(symbol|ge_number):", commented.group(2)):
            line = commented.group(1) + commented.group(2)
        lines.append(_PLACEHOLDER.sub("Association for Human Rights in Iran", line))
    return "\n".join(lines)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_new_dossier_filled_in_builds_final_and_reports_its_word_files_count(
    tmp_path: Path, profile: str
) -> None:
    assert run_cli("init", "ws", cwd=tmp_path).code == 0
    root = tmp_path / "ws"
    assert run_cli("new", "filed", "--profile", profile, cwd=root).code == 0
    folder = root / "dossiers" / "filed"
    draft = run_cli("build", "--final", "filed", cwd=root)
    assert draft.code == 1 and not (root / "build" / "filed").exists()
    dossier = folder / "dossier.yaml"
    dossier.write_text(filled_in(dossier.read_text(encoding="utf-8")), encoding="utf-8")
    with (folder / "statement.md").open("a", encoding="utf-8") as statement:
        statement.write(
            "\nIn 2017 the Special Rapporteur reported that thousands of prisoners were "
            "summarily killed in 1988 [@sr-1988-reports].\n"
        )
    result = run_cli("build", "--final", "filed", cwd=root)
    assert result.code == 0, result.err
    reported = _REPORTED.search(result.out)
    assert reported is not None, result.out
    body, notes = file_paragraphs(root / "build" / "filed" / "filed.docx")
    assert not body[0].startswith("Draft")
    assert int(reported.group(1).replace(",", "")) == sum(map(count_words, body + notes))
