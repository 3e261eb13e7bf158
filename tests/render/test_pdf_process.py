"""A build's first PDF is laid out in a process it forks (render/pdf/pdf_process.py), beside
its checks and Word file; later builds in the same process, and any build in a process that
has WeasyPrint loaded, lay out in-process. Both ways give the same bytes and the same
problems, and a refused build writes nothing either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_examples, files, run_process
from dossier.base.reading.read_input import file_digest
from support.overrides import override

IN_PROCESS = """
import sys
import weasyprint  # loaded already: the build lays out in this process
from dossier.cli import main
main(sys.argv[1:])
"""


def outputs(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): file_digest(p.read_bytes())
        for p in sorted((root / "build").glob("*/*.*"))
        if p.suffix in (".pdf", ".html", ".docx", ".json")
    }


def in_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", IN_PROCESS, *args], cwd=cwd, capture_output=True, text=True
    )


def test_the_forked_layout_and_the_in_process_one_write_the_same_bytes(tmp_path):
    forked = copy_examples(tmp_path / "forked")
    here = copy_examples(tmp_path / "here")
    assert run_process("build", cwd=forked).code == 0
    assert in_process("build", cwd=here).returncode == 0
    assert outputs(forked) == outputs(here)
    assert len(outputs(forked)) == 20  # five examples: PDF, Word, HTML and manifest each


def test_a_problem_found_by_the_forked_layout_is_told_as_in_process(make_workspace):
    root = make_workspace(files())
    (root / "templates").mkdir()
    (root / "templates" / "seal.png").symlink_to("/etc/hostname")  # only the layout finds out
    override(root, body='<img src="templates/seal.png" alt="x">')
    forked = run_process("build", cwd=root)
    here = in_process("build", cwd=root)
    assert forked.code == here.returncode == 1
    assert forked.err == here.stderr
    assert (
        "error[D701]: refused to read `templates/seal.png`: it is a link to /etc/hostname, "
        "outside the workspace"
    ) in forked.err
    assert not (root / "build" / "test").exists() or not any((root / "build" / "test").iterdir())


def test_a_build_that_fails_its_checks_writes_nothing_while_the_layout_process_waits(
    make_workspace,
):
    root = make_workspace(files({"dossiers/test/statement.md": "Killed [@no-such-key].\n"}))
    failed = run_process("build", "--force", cwd=root)
    assert failed.code == 1
    assert "no-such-key" in failed.err
    assert not (root / "build" / "test").exists() or not any((root / "build" / "test").iterdir())
