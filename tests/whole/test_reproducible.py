"""Reproducible, self-verifying builds: the same content gives the same bytes in any folder
and process, the PDF carries its manifest and trace, `dossier verify` compares it with the
workspace, and an unchanged dossier is not rendered again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import (
    REPO,
    SNAPSHOT_PATH,
    SNAPSHOT_SHA256,
    copy_examples,
    files,
    run_cli,
    run_process,
)
from dossier.base.reading.read_input import file_digest as sha256
from dossier.record import build_environment
from dossier.verify import verify

FONTS = REPO / "src/dossier/fonts"
PDF = "build/test/test.pdf"


def outputs(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p.read_bytes())
        for p in sorted((root / "build").rglob("*.*"))
        if p.suffix in (".pdf", ".html", ".docx")
    }


def attachments(pdf: Path) -> dict[str, dict]:
    return {name: json.loads(data[0]) for name, data in PdfReader(pdf).attachments.items()}


def test_two_copies_in_different_folders_build_identical_bytes(tmp_path):
    first = copy_examples(tmp_path / "a")
    second = copy_examples(tmp_path / "somewhere" / "much" / "deeper" / "b")
    assert run_cli("build", cwd=first).code == 0
    assert run_process("build", cwd=second).code == 0  # and in another process
    assert outputs(first) == outputs(second)
    assert len(outputs(first)) == 15  # five examples: a PDF, a Word file and HTML each
    for path in (first / "build").rglob("*.html"):
        assert str(first) not in path.read_text(encoding="utf-8")


def test_source_date_epoch_sets_the_date_stamped_in_the_metadata(make_workspace, tmp_path):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    assert PdfReader(root / PDF).metadata["/CreationDate"] == "D:20251201000000Z"
    dated = (root / PDF).read_bytes()
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
    assert run_cli("build", cwd=root, env=epoch).code == 0
    reader = PdfReader(root / PDF)
    assert reader.metadata["/CreationDate"] == "D:20260101000000Z"
    assert reader.metadata["/ModDate"] == "D:20260101000000Z"
    assert "1 December 2025" in reader.pages[0].extract_text()  # the statement's own date
    stamped = (root / PDF).read_bytes()
    assert stamped != dated
    shutil.rmtree(root / "build")
    assert run_cli("build", cwd=root, env=epoch).code == 0
    assert (root / PDF).read_bytes() == stamped
    bad = run_cli("build", cwd=root, env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.code == 2
    assert "SOURCE_DATE_EPOCH must be a number of seconds, found 'yesterday'" in bad.err


def test_the_manifest_lists_every_input_output_version_and_font(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    beside = json.loads((root / "build/test/manifest.json").read_bytes())
    digest = {rel: sha256((root / rel).read_bytes()) for rel in files()}
    built_in = REPO / "src/dossier/templates/hrc-written-statement"
    assert beside["inputs"] == {
        "(built-in) templates/hrc-written-statement/profile.yaml": sha256(
            (built_in / "profile.yaml").read_bytes()
        ),
        "(built-in) templates/hrc-written-statement/statement.css": sha256(
            (built_in / "statement.css").read_bytes()
        ),
        "(built-in) templates/hrc-written-statement/statement.html.j2": sha256(
            (built_in / "statement.html.j2").read_bytes()
        ),
        "(built-in) templates/hrc-written-statement/wording.yaml": sha256(
            (built_in / "wording.yaml").read_bytes()
        ),
        "bibliography.bib": digest["bibliography.bib"],
        "dossiers/test/dossier.yaml": digest["dossiers/test/dossier.yaml"],
        "dossiers/test/statement.md": digest["dossiers/test/statement.md"],
    }
    # The files of evidence/ by their digests alone: their names can tell of the team's work.
    assert beside["evidence"] == sorted([digest["evidence/claims.yaml"], SNAPSHOT_SHA256])
    assert beside["outputs"] == {
        "build/test/test.docx": sha256((root / "build/test/test.docx").read_bytes()),
        "build/test/test.html": sha256((root / "build/test/test.html").read_bytes()),
        "build/test/test.pdf": sha256((root / PDF).read_bytes()),
    }
    latin = FONTS.glob("LiberationSerif-*.ttf")  # the Arabic-script font only when used
    assert beside["fonts"] == {f.name: sha256(f.read_bytes()) for f in latin}
    assert beside["counts"] == {"words": 42, "footnotes": 2, "sources": 2}
    assert beside["options"] == {
        "pdf_variant": "pdf/a-3a",
        "source_date_epoch": None,
        "strict": False,
    }
    versions = beside["versions"]
    assert versions["dossier"] == "0.1.0" and versions["weasyprint"].startswith("70.")
    assert {"python", "pydyf", "pango", "harfbuzz", "bibtexparser", "zlib"} <= set(versions)
    assert versions["font_subsetter"] == "harfbuzz-subset"  # the Makefile installs it
    assert beside["git"] is None  # not a git work tree
    embedded = attachments(root / PDF)["manifest.json"]
    assert "git" not in embedded
    assert embedded == {
        **{k: v for k, v in beside.items() if k != "git"},
        "outputs": {"build/test/test.html": beside["outputs"]["build/test/test.html"]},
    }


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_git_commit_is_recorded_beside_the_pdf_but_not_in_it(make_workspace):
    root = make_workspace(files())
    (root / ".gitignore").write_text("build/\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    assert run_cli("build", cwd=root).code == 0
    first = (root / PDF).read_bytes()
    beside = json.loads((root / "build/test/manifest.json").read_bytes())
    assert beside["git"] == {"commit": git(root, "rev-parse", "HEAD"), "dirty": False}
    git(root, "commit", "-q", "--allow-empty", "-m", "second")
    (root / "notes.txt").write_text("not an input\n")
    assert run_cli("build", "--force", cwd=root).code == 0
    beside = json.loads((root / "build/test/manifest.json").read_bytes())
    assert beside["git"] == {"commit": git(root, "rev-parse", "HEAD"), "dirty": True}
    assert (root / PDF).read_bytes() == first


def test_the_pdf_is_pdf_a_3a_and_carries_its_manifest_alone(make_workspace):
    """The trace (claims, quotes, evidence ids, line numbers) is the review edition's: the
    public PDF carries the manifest verify needs and nothing more."""
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    reader = PdfReader(root / PDF)
    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "A")
    catalog = reader.trailer["/Root"]
    relationships = {spec.get_object()["/AFRelationship"] for spec in catalog["/AF"]}
    assert relationships == {"/Data"}
    assert reader.metadata["/Title"] == "A test statement"
    assert reader.metadata["/Author"] == "Test Association"
    assert set(attachments(root / PDF)) == {"manifest.json"}


def test_a_tagged_pdf_ua_1_variant_can_be_chosen(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", "--pdf", "pdf/ua-1", cwd=root).code == 0
    catalog = PdfReader(root / PDF).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert set(attachments(root / PDF)) == {"manifest.json"}


def test_verify_passes_then_names_an_edited_snapshot_and_an_added_file(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    clean = run_cli("verify", "--inputs-only", PDF, cwd=root)
    assert clean.code == 0
    assert clean.out == (
        f"{PDF}: the 9 inputs its manifest lists for `test` are unchanged in the workspace\n"
        "note: --inputs-only does not look at the PDF's content: a PDF whose text or metadata "
        "was altered after the build passes it; run `dossier verify` without --inputs-only to "
        "build it again and compare every byte\n"
    )
    snapshot = root / SNAPSHOT_PATH
    snapshot.write_text(snapshot.read_text() + "An added line.\n")
    (root / "evidence/more.yaml").write_text("[]\n")
    (root / "dossiers/test/statement.md").unlink()
    changed = run_cli("verify", "--inputs-only", PDF, cwd=root)
    assert changed.code == 1
    assert changed.err == (
        "missing: dossiers/test/statement.md\n"
        f"changed or removed: a file of evidence/ the build read (sha256 {SNAPSHOT_SHA256[:12]}…; "
        "the manifest names such files by their digest alone)\n"
        "changed or added: evidence/more.yaml (its sha256 is not one the build read)\n"
        f"{PDF} does not match the workspace: 3 differences\n"
    )


def test_verify_rebuilds_to_identical_bytes(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root, env={"SOURCE_DATE_EPOCH": "1767225600"}).code == 0
    done = run_cli("verify", PDF, cwd=root)
    assert done.code == 0, done.err
    assert done.out == (
        f"rebuilt in a temporary folder: identical (sha256 {sha256((root / PDF).read_bytes())})\n"
        f"{PDF} matches the workspace: `test`, 9 inputs unchanged, the same bytes built again\n"
    )


def test_verify_names_a_library_whose_version_differs(make_workspace, monkeypatch):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    versions = build_environment.library_versions()
    monkeypatch.setattr(
        build_environment, "library_versions", lambda: {**versions, "weasyprint": "99.0"}
    )
    report = verify(root / PDF, root, inputs_only=True)
    built = versions["weasyprint"]
    assert report.differences == [f"version: weasyprint {built} at build, 99.0 now"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a pdf at all", "cannot be read as a PDF"),
        (None, "was not built by dossier: it carries no manifest.json"),
    ],
)
def test_verify_refuses_a_pdf_dossier_did_not_build(make_workspace, content, message):
    from weasyprint import HTML

    root = make_workspace(files())
    foreign = root / "foreign.pdf"
    foreign.write_bytes(content or HTML(string="<p>Another tool's PDF</p>").write_pdf())
    done = run_cli("verify", "foreign.pdf", cwd=root)
    assert done.code == 1
    assert done.err.startswith(f"error[D002]: foreign.pdf {message}")


def test_an_unchanged_dossier_is_not_rendered_again_nor_weasyprint_imported(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    before = {p: p.stat().st_mtime_ns for p in (root / "build/test").iterdir()}
    probe = (
        "import sys, runpy; sys.argv = ['dossier', 'build']\n"
        "try:\n    runpy.run_module('dossier', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True)
    assert done.stdout.splitlines() == [
        f"{PDF} is up to date (dossier build --force renders it again)",
        "False",
    ]
    assert {p: p.stat().st_mtime_ns for p in (root / "build/test").iterdir()} == before
    assert run_cli("build", "--force", cwd=root).out.startswith(f"wrote {PDF}")
    (root / "evidence/claims.yaml").write_text(files()["evidence/claims.yaml"] + "\n")
    assert run_cli("build", cwd=root).out.startswith(f"wrote {PDF}")
    assert run_cli("build", "--pdf", "plain", cwd=root).out.startswith(f"wrote {PDF}")
    assert "up to date" in run_cli("build", "--pdf", "plain", cwd=root).out


def test_the_examples_rebuild_identically_where_the_package_lives_inside_the_workspace(
    tmp_path, built_examples
):
    """dossier's own repository is a workspace holding the package: its files are still
    named as the package's, so the embedded manifest, and the bytes, do not depend on it.
    Built in a copy of the repository, whose own src/ is the package that runs, so that
    the repository's build/ is left alone."""
    root = copy_examples(tmp_path / "repository")
    shutil.copytree(REPO / "src", root / "src")  # its __pycache__ too, still valid: same mtimes
    inside = {"PYTHONPATH": str(root / "src")}
    probe = [sys.executable, "-c", "import dossier; print(dossier.__file__)"]
    where = subprocess.run(probe, env={**os.environ, **inside}, capture_output=True, text=True)
    assert where.stdout.strip() == str(root / "src/dossier/__init__.py"), where.stderr
    done = run_process("build", cwd=root, env=inside)
    assert done.code == 0, done.err
    for name in ("hrc-1988-massacre-accountability", "hrc-2025-third-committee-resolution"):
        pdf = root / "build" / name / f"{name}.pdf"
        embedded = attachments(pdf)["manifest.json"]
        assert not [path for path in embedded["inputs"] if path.startswith("src/")]
        assert len(embedded["fonts"]) == 4
        assert pdf.read_bytes() == (built_examples / "build" / name / f"{name}.pdf").read_bytes()
    verified = run_process("verify", str(pdf.relative_to(root)), cwd=root, env=inside)
    assert verified.code == 0, verified.err
