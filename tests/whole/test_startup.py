"""Start-up: each command imports only what it uses. `check`, `--help`, a build with nothing to
do and serve's first page never load the PDF and Word writers (WeasyPrint alone takes most of
a second to import); `--help` and an up-to-date build do not even load the YAML and schema
libraries: an up-to-date build reads the manifest and the libraries' versions without pydantic
or importlib.metadata (tests/record/test_up_to_date.py holds the manifest's one reading to
what the build writes, and the versions to importlib.metadata's). Each command runs in a
fresh interpreter, which then lists what it imported."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO

PDF_AND_WORD = {"weasyprint", "pydyf", "pypdf", "fontTools", "docx", "pdfplumber"}
LOADERS = {"pydantic", "yaml", "ruamel", "bibtexparser", "pylatexenc", "jinja2", "lxml"}


def imported_by(root: Path, code: str) -> set[str]:
    """The top-level packages imported by `code`, run in a fresh interpreter in `root`."""
    return {module.split(".")[0] for module in modules_imported_by(root, code)}


def modules_imported_by(root: Path, code: str) -> set[str]:
    """Every module imported by `code`, run in a fresh interpreter in `root`."""
    script = textwrap.dedent(
        """
        import json, sys
        try:
        {code}
        except SystemExit:
            pass
        print(json.dumps(sorted(sys.modules)), file=sys.stderr)
        """
    ).format(code=textwrap.indent(textwrap.dedent(code), "    "))
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    return set(json.loads(ran.stderr.strip().splitlines()[-1]))


def cli(*args: str) -> str:
    return f"from dossier.cli import main\nmain({list(args)!r})\n"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("examples")
    for name in ("bibliography.bib", "evidence", "dossiers"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    subprocess.run([sys.executable, "-m", "dossier", "build"], cwd=root, check=True)
    return root


def test_check_imports_no_pdf_or_word_code(examples: Path) -> None:
    imported = imported_by(examples, cli("check"))
    assert "dossier" in imported and "markdown_it" in imported  # it did check
    assert imported & PDF_AND_WORD == set()


def test_help_imports_neither_the_writers_nor_the_loaders(examples: Path) -> None:
    imported = imported_by(examples, cli("--help"))
    assert "click" in imported
    assert imported & (PDF_AND_WORD | LOADERS) == set()


def test_an_up_to_date_build_imports_neither_the_writers_nor_the_loaders(examples: Path) -> None:
    modules = modules_imported_by(examples, cli("build"))
    imported = {module.split(".")[0] for module in modules}
    assert "dossier.record.up_to_date" in modules
    assert imported & (PDF_AND_WORD | LOADERS) == set()
    unused = {"importlib.metadata", "multiprocessing", "dossier.check.sources.text_cache"}
    unused |= {"dossier.load.models", "pydantic"}
    assert unused & modules == set()


def test_a_build_with_work_to_do_does_import_the_pdf_writer(examples: Path) -> None:
    """The other tests can fail: the same probe sees the Word writer when a build renders,
    and WeasyPrint when it renders again in the same process (the first build of a process
    lays its PDF out in a process it forks: render/pdf/pdf_process.py)."""
    build = ["build", "--force", "hrc-1988-massacre-accountability"]
    once = imported_by(examples, cli(*build))
    assert "docx" in once and "weasyprint" not in once
    twice = f"try:\n{textwrap.indent(cli(*build), '    ')}except SystemExit:\n    pass\n"
    assert {"weasyprint", "pydyf", "docx"} <= imported_by(examples, twice + cli(*build))


def test_the_first_page_of_serve_imports_no_pdf_or_word_code(examples: Path) -> None:
    code = """
    from pathlib import Path
    from dossier.serve.hub import Hub
    from dossier.serve.preview import make_preview
    from dossier.serve.app import make_app
    root, name = Path.cwd(), "hrc-1988-massacre-accountability"
    hub = Hub(root, name, make_preview(root, name), with_pdf=True)
    make_app(hub, None)
    assert "Morgan Ortagus" in hub.page
    """
    imported = imported_by(examples, code)
    assert {"starlette", "jinja2"} <= imported
    assert imported & PDF_AND_WORD == set()
