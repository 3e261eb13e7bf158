"""`dossier verify` explains a difference: a Word file edited in one paragraph names it, the
same Word file written into another zip is told apart as repackaged, and `--at-build-commit`
rebuilds from the commit recorded beside the file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import files, run_cli
from dossier.base.read_input import file_digest

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
