"""The statement's sign-off (`dossier approve --statement NAME`, dossiers/NAME/review.yaml):
what it pins (each block, each explanatory note, each fact of dossier.yaml), only the part
that changed made stale and named at its line with a word diff, --require-approved refusing
a statement not signed off as it stands, revocation, and the file appended to, its other
bytes kept. Real files, run through the command line."""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import files, run_cli
from support.gitrepo import init_repository, write
from support.review_items import ON_2025_11_20

ON_2025_11_21 = {"SOURCE_DATE_EPOCH": "1763726400"}
STATEMENT = """\
# Findings

Thousands were killed [@killings].

Amnesty called for an inquiry [@amnesty-2018, p. 12].[^w]

[^w]: The names of the witnesses are withheld.
"""
STATEMENT_PATH = "dossiers/test/statement.md"
REVIEW_PATH = "dossiers/test/review.yaml"
HINT = "  hint: read it again, then sign the statement off: `dossier approve --statement test`"


def _signed_off(tmp_path: Path) -> Path:
    """A workspace whose one cited item is approved and whose statement is signed off."""
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files({STATEMENT_PATH: STATEMENT}))
    assert run_cli("approve", "killings", "--by", "legal/ab", cwd=root, env=ON_2025_11_20).code == 0
    signed = run_cli(
        "approve", "--statement", "test", "--by", "legal/ab", cwd=root, env=ON_2025_11_20
    )
    assert (signed.code, signed.err) == (0, "")
    assert signed.out == (
        f"approved the statement of `test` ({REVIEW_PATH}) by legal/ab on 2025-11-20\n"
    )
    return root


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def _lines(text: str, mark: str) -> list[str]:
    return [line for line in text.splitlines() if mark in line]


def test_a_direct_citation_is_covered_by_the_sign_off(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    built = run_cli("build", "test", "--require-approved", cwd=root)
    assert built.code == 0, built.err
    assert (root / "build/test/test.pdf").is_file()


def test_a_sentence_added_after_the_sign_off_blocks_the_build(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    added = " The Supreme Leader personally ordered the execution, an act of genocide."
    _edit(root, STATEMENT_PATH, "killed [@killings].", "killed [@killings]." + added)
    checked = run_cli("check", "test", cwd=root)
    assert checked.code == 0
    assert checked.err.splitlines() == [
        f"{STATEMENT_PATH}:3:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the paragraph at line 3 changed: Thousands were "
        "killed [@killings]. {+The Supreme Leader personally ordered the execution, an act of "
        "genocide.+}",
        "    Thousands were killed [@killings]. The Supreme Leader personally ordered the "
        "execution, an act of ge…",
        "    ^",
        HINT,
        "1 warning found",
    ]
    blocked = run_cli("build", "test", "--require-approved", cwd=root)
    assert blocked.code == 1
    assert _lines(blocked.err, "error[") == [
        f"{STATEMENT_PATH}:3:1: error[D805]: the statement of `test` is not signed off as it "
        "stands, as --require-approved asks: the paragraph at line 3 changed since it was "
        "approved by legal/ab on 2025-11-20"
    ]
    assert _lines(blocked.err, "warning[") == []
    assert not (root / "build").exists()


def test_only_the_paragraph_changed_is_stale(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    _edit(root, STATEMENT_PATH, "# Findings\n", "# Findings\n\nA new first paragraph.\n")
    _edit(root, STATEMENT_PATH, "called for an inquiry", "called for an independent inquiry")
    checked = run_cli("check", "test", cwd=root)
    assert _lines(checked.err, "[D804]") == [
        f"{STATEMENT_PATH}:3:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the paragraph at line 3 was added: A new first "
        "paragraph.",
        f"{STATEMENT_PATH}:7:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the paragraph at line 7 changed: Amnesty called "
        "for an {+independent+} inquiry [@amnesty-2018, p. 12].[^w]",
    ]


def test_a_removed_paragraph_is_named(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    _edit(root, STATEMENT_PATH, "Thousands were killed [@killings].\n\n", "")
    checked = run_cli("check", "test", cwd=root)
    assert _lines(checked.err, "[D804]") == [
        f"{STATEMENT_PATH}:3:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the paragraph approved as “Thousands were killed "
        "[@killings].” was removed: Thousands were killed [@killings].",
    ]


def test_a_note_change_and_a_fact_change_are_named(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    _edit(root, STATEMENT_PATH, "witnesses are withheld", "witnesses are known")
    _edit(root, "dossiers/test/dossier.yaml", "agenda_item: 4", "agenda_item: 3")
    checked = run_cli("check", "test", cwd=root)
    assert _lines(checked.err, "[D804]") == [
        "dossiers/test/dossier.yaml:6:14: warning[D804]: the statement of `test` was "
        "approved by legal/ab on 2025-11-20; since then the fact `agenda_item` changed: [-4-] "
        "{+3+}",
        f"{STATEMENT_PATH}:7:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the note at line 7 changed: [^w]: The names of "
        "the witnesses are [-withheld.-] {+known.+}",
    ]


def test_an_unsigned_statement_is_refused_though_every_item_is_approved(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files({STATEMENT_PATH: STATEMENT}))
    assert run_cli("approve", "killings", "--by", "legal/ab", cwd=root, env=ON_2025_11_20).code == 0
    blocked = run_cli("build", "test", "--require-approved", cwd=root)
    assert blocked.code == 1
    assert _lines(blocked.err, "error[") == [
        f"{STATEMENT_PATH}:1:1: error[D805]: the statement of `test` is not signed off, as "
        "--require-approved asks: it was never signed off"
    ]


def test_revoking_the_sign_off(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    revoke = ["approve", "--statement", "test", "--by", "legal/ab", "--revoke"]
    revoked = run_cli(*revoke, "--reason", "the title is wrong", cwd=root, env=ON_2025_11_21)
    assert (revoked.code, revoked.out) == (
        0,
        f"revoked the statement of `test` ({REVIEW_PATH}) by legal/ab on 2025-11-21 "
        "(reason: the title is wrong)\n",
    )
    blocked = run_cli("build", "test", "--require-approved", cwd=root)
    assert _lines(blocked.err, "error[") == [
        f"{STATEMENT_PATH}:1:1: error[D805]: the statement of `test` is not signed off, as "
        "--require-approved asks: its sign-off was revoked by legal/ab on 2025-11-21 "
        "(reason: the title is wrong)"
    ]
    again = run_cli(*revoke, cwd=root, env=ON_2025_11_21)
    assert again.code == 1
    assert _lines(again.err, "error[") == [
        f"{REVIEW_PATH}:34:5: error[D803]: the statement of `test` has no sign-off by "
        "legal/ab to revoke",
        "error[D002]: the statement of `test` cannot be revoked; nothing was recorded",
    ]


def test_review_yaml_is_appended_to_and_keeps_its_other_bytes(tmp_path: Path) -> None:
    root = _signed_off(tmp_path)
    path = root / REVIEW_PATH
    before = path.read_text(encoding="utf-8").replace(
        "reviews:\n", "# kept by hand: a comment\nreviews:  # the history\n"
    )
    before = before.replace("    on: 2025-11-20\n", "    on: 2025-11-20  # the first\n")
    before += "# the end\n"
    path.write_text(before, encoding="utf-8")
    _edit(root, STATEMENT_PATH, "Thousands were killed", "Thousands of prisoners were killed")
    before = path.read_text(encoding="utf-8")
    signed = run_cli(
        "approve", "--statement", "test", "--by", "legal/cd", cwd=root, env=ON_2025_11_21
    )
    assert signed.code == 0, signed.err
    after = path.read_text(encoding="utf-8")
    changes = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-?"
    ]
    assert all(line.startswith("+ ") for line in changes)
    assert changes[:4] == [
        "+   - status: approved",
        "+     by: legal/cd",
        "+     on: 2025-11-21",
        "+     digest: " + after.split("digest: ")[2].split("\n")[0],
    ]
    assert after.endswith("# the end\n")
    assert run_cli("build", "test", "--require-approved", cwd=root).code == 0


def test_by_defaults_to_git_s_identity_and_the_same_sign_off_is_not_written_twice(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    init_repository(root)  # user.name and user.email set in the repository
    write(root, files({STATEMENT_PATH: STATEMENT}))
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": None,
        **ON_2025_11_20,
    }
    for said in ("approved", "already approved"):
        done = run_cli("approve", "--statement", "test", cwd=root, env=environment)  # type: ignore[arg-type]
        assert (done.code, done.err) == (0, "")
        assert done.out.startswith(
            f"{said} the statement of `test` ({REVIEW_PATH}) by Test Reviewer "
            "<reviewer@example.org> on 2025-11-20"
        )
    text = (root / REVIEW_PATH).read_text(encoding="utf-8")
    assert text.count("- status: approved") == 1
    assert "    by: Test Reviewer <reviewer@example.org>\n" in text


def test_a_link_definition_outside_every_block_is_covered_too(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root)
    linked = STATEMENT + "\n[report]: https://example.org/report\n"
    write(root, files({STATEMENT_PATH: linked}))
    signed = run_cli(
        "approve", "--statement", "test", "--by", "legal/ab", cwd=root, env=ON_2025_11_20
    )
    assert signed.code == 0, signed.err
    _edit(root, STATEMENT_PATH, "example.org/report", "example.net/report")
    checked = run_cli("check", "test", cwd=root)
    assert _lines(checked.err, "[D804]") == [
        f"{STATEMENT_PATH}:9:1: warning[D804]: the statement of `test` was approved by "
        "legal/ab on 2025-11-20; since then the lines outside the statement's blocks (link "
        "definitions, rules) changed: [report]: [-https://example.org/report-] "
        "{+https://example.net/report+}",
    ]
