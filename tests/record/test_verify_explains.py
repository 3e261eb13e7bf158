"""`dossier verify` explains a difference: a Word file edited in one paragraph names it, the
same Word file written into another zip is told apart as repackaged, and `--at-build-commit`
rebuilds from the commit recorded beside the file."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import files, run_cli
from dossier.base.reading.read_input import file_digest
from support.gitrepo import commit, git, init_repository, write

WORD = "build/test/test.docx"


@pytest.fixture
def built(make_workspace) -> Path:
    root = make_workspace(files())
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root


def rezipped(data: bytes, change=lambda name, content: content, order=sorted) -> bytes:
    """The package's parts, each changed by `change`, written in `order` of their names,
    without compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in order(source.namelist()):
            target.writestr(name, change(name, source.read(name)), zipfile.ZIP_STORED)
    return out.getvalue()


def test_a_word_file_edited_in_one_paragraph_names_it(built):
    word = built / WORD

    def edit(name: str, content: bytes) -> bytes:
        if name != "word/document.xml":
            return content
        assert b"Thousands were killed" in content
        return content.replace(b"Thousands were killed", b"Hundreds were killed")

    edited = rezipped(word.read_bytes(), edit)
    word.write_bytes(edited)
    result = run_cli("verify", WORD, cwd=built)
    assert result.code == 1
    assert result.err == (
        f"rebuild: the rebuilt file differs from test.docx (sha256 {file_digest(edited)}):\n"
        "  edited: paragraph 3 differs\n"
        "      built again: Thousands were killed. Amnesty called for an inquiry.\n"
        "      in test.docx: Hundreds were killed. Amnesty called for an inquiry.\n"
        f"{WORD} does not match the workspace: 1 difference\n"
    )


def test_a_word_file_written_into_another_zip_is_repackaged(built):
    word = built / WORD
    repackaged = rezipped(word.read_bytes(), order=lambda names: sorted(names, reverse=True))
    assert repackaged != word.read_bytes()
    word.write_bytes(repackaged)
    result = run_cli("verify", WORD, cwd=built)
    assert result.code == 1
    assert result.err == (
        f"rebuild: the rebuilt file differs from test.docx (sha256 {file_digest(repackaged)}):\n"
        "  repackaged: same content: every part of test.docx holds the same XML as the Word "
        "file built again; only the zip differs (the parts' order, times or compression)\n"
        f"{WORD} does not match the workspace: 1 difference\n"
    )


@pytest.fixture
def filed(tmp_path: Path) -> tuple[Path, str]:
    """A workspace in git whose PDF was built at its first commit and filed (copied with its
    manifest.json into filed/), and which has moved on since: a later commit changed the
    statement, and the outputs were built again."""
    root = tmp_path / "repo"
    init_repository(root)
    write(root, {**files(), ".gitignore": "build/\nfiled/\n"})
    first = commit(root, "The statement as filed")
    assert run_cli("build", cwd=root).code == 0
    (root / "filed").mkdir()
    for name in ("test.pdf", "manifest.json"):
        shutil.copy(root / "build/test" / name, root / "filed" / name)
    statement = root / "dossiers/test/statement.md"
    statement.write_text(statement.read_text().replace("Thousands were", "Many thousands were"))
    commit(root, "Reword the statement")
    assert run_cli("build", cwd=root).code == 0
    return root, first


def test_at_build_commit_verifies_a_file_built_before_the_workspace_moved_on(filed):
    root, first = filed
    now = run_cli("verify", "filed/test.pdf", cwd=root)
    assert now.code == 1
    assert "changed: dossiers/test/statement.md" in now.err
    assert "      in test.pdf: Thousands were killed." in now.err
    result = run_cli("verify", "--at-build-commit", "filed/test.pdf", cwd=root)
    assert result.code == 0, result.err
    digest = file_digest((root / "filed/test.pdf").read_bytes())
    assert result.out == (
        f"rebuilt from commit {first} in a temporary folder: identical (sha256 {digest})\n"
        f"filed/test.pdf matches commit {first} of the workspace: `test`, 9 inputs unchanged, "
        "the same bytes built again\n"
    )
    # the manifest in build/test/ is of the later build, and does not list this file
    (root / "filed/manifest.json").unlink()
    alone = run_cli("verify", "--at-build-commit", "filed/test.pdf", cwd=root)
    assert alone.code == 1
    assert alone.err == (
        "error[D002]: no commit is recorded for filed/test.pdf: --at-build-commit reads it "
        "from the manifest.json that `dossier build` wrote beside the file, which lists the "
        "file's sha256 among its outputs; none was found in filed and build/test\n"
        "  hint: keep manifest.json beside the file (as build/test/ has it), or verify against "
        "the workspace as it is, without --at-build-commit\n"
    )


def test_at_build_commit_fails_clearly_without_git_or_the_commit(filed, tmp_path):
    root, first = filed
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".git"))
    no_git = run_cli("verify", "--at-build-commit", "filed/test.pdf", cwd=copy)
    assert no_git.code == 1
    assert no_git.err.startswith(
        f"error[D002]: the workspace {copy} is not in a git repository (no .git found); "
        "--at-build-commit reads the commit from git: run `git init` there"
    )
    beside = root / "filed/manifest.json"
    full = git(root, "rev-parse", first).strip()
    beside.write_text(beside.read_text().replace(full, "a" * len(full)))
    unknown = run_cli("verify", "--at-build-commit", "filed/test.pdf", cwd=root)
    assert unknown.code == 1
    assert unknown.err.startswith(
        "error[D002]: the commit aaaaaaaaaa the file was built at is not in the repository at "
    )


def test_at_build_commit_needs_a_commit_recorded(built):
    result = run_cli("verify", "--at-build-commit", "build/test/test.pdf", cwd=built)
    assert result.code == 1
    assert result.err.startswith(
        "error[D002]: build/test/manifest.json records no git commit: the workspace was not a "
        "git work tree (or git was not installed) when test.pdf was built\n"
    )
