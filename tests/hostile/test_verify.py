"""`dossier verify` cannot be fooled by an altered PDF, and the manifest inside a PDF cannot
make it read anything outside the workspace. Each PDF is built here, then altered as an
attacker would (pypdf), and given to the real CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

import dossier.build as dossier_build
from conftest import DOSSIER, STATEMENT, files, run_cli
from dossier.base.reading.read_input import file_digest
from support.bounded import run_bounded

PDF = "build/test/test.pdf"
WHERE = f"{PDF}#manifest.json"
HINT = (
    "  hint: this manifest was not written by `dossier build`; "
    "build the PDF again from its workspace"
)


@pytest.fixture
def built(make_workspace) -> Path:
    root = make_workspace(files())
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    return root


def rewritten(pdf: Path, change) -> bytes:
    writer = PdfWriter(clone_from=pdf)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_footnotes(writer: PdfWriter) -> None:
    """Drop every line of text in the bottom fifth of the page, where the footnotes are."""
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    kept, y = [], 0.0
    for operands, operator in content.operations:
        if operator == b"Tm":
            y = float(operands[5])
        if operator == b"TJ" and y > 900:
            continue
        kept.append((operands, operator))
    content.operations = kept
    page.replace_contents(content)


def retitle(writer: PdfWriter) -> None:
    writer.add_metadata({"/Title": "A forged title", "/Author": "Someone else"})


def with_manifest(content: bytes):
    def change(writer: PdfWriter) -> None:
        names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if names[i] == "manifest.json":
                names[i + 1].get_object()["/EF"]["/F"].get_object().set_data(content)

    return change


def embedded(pdf: Path) -> dict:
    return json.loads(PdfReader(pdf).attachments["manifest.json"][0])


@pytest.mark.parametrize("change", [blank_footnotes, retitle], ids=["footnotes", "metadata"])
def test_an_altered_pdf_does_not_verify(built, change):
    pdf = built / PDF
    original = pdf.read_bytes()
    altered = rewritten(pdf, change)
    pdf.write_bytes(altered)
    assert run_cli("verify", "--inputs-only", PDF, cwd=built).code == 0  # the manifest is intact
    result = run_cli("verify", PDF, cwd=built)
    assert result.code == 1
    assert result.out == f"rebuilt in a temporary folder: sha256 {file_digest(original)}\n"
    differs = f"rebuild: the rebuilt file differs from test.pdf (sha256 {file_digest(altered)}):\n"
    if change is retitle:
        assert PdfReader(pdf).metadata["/Title"] == "A forged title"
        assert result.err == (
            f"{differs}  the text of every page is the same: the layout, metadata or fonts "
            "differ; what differs: the metadata (Author, Title)\n"
            f"{PDF} does not match the workspace: 1 difference\n"
        )
    else:
        assert "Special Rapporteur" not in PdfReader(pdf).pages[0].extract_text()
        # the lines the attacker blanked, as the rebuilt PDF has them
        assert result.err == (
            f"{differs}  page 1: its text differs\n"
            "    line 19:\n"
            "      built again: * Issued as received, in the language(s) of submission only.\n"
            "      built again: 1 Special Rapporteur on Iran, “Situation of human rights in the "
            "Islamic Republic of Iran”, A/72/322, 2017,\n"
            "      built again: para. 109.\n"
            + "      in test.pdf: (an empty line)\n" * 3
            + f"{PDF} does not match the workspace: 1 difference\n"
        )


def test_an_old_pdf_carrying_a_newer_manifest_does_not_verify(built):
    pdf = built / PDF
    old = pdf.read_bytes()
    statement = built / "dossiers/test/statement.md"
    statement.write_text(statement.read_text().replace("Thousands were", "Many thousands were"))
    assert run_cli("build", cwd=built).code == 0
    newer = (built / PDF).read_bytes()
    (built / "old.pdf").write_bytes(old)
    manifest = PdfReader(io.BytesIO(newer)).attachments["manifest.json"][0]
    forged = rewritten(built / "old.pdf", with_manifest(manifest))
    pdf.write_bytes(forged)
    assert embedded(pdf) == json.loads(manifest)
    assert run_cli("verify", "--inputs-only", PDF, cwd=built).code == 0
    result = run_cli("verify", PDF, cwd=built)
    assert result.code == 1
    assert result.out == f"rebuilt in a temporary folder: sha256 {file_digest(newer)}\n"
    assert result.err == (
        f"rebuild: the rebuilt file differs from test.pdf (sha256 {file_digest(forged)}):\n"
        "  page 1: its text differs\n"
        "    line 18:\n"
        "      built again: Many thousands were killed.1 Amnesty called for an inquiry.2\n"
        "      in test.pdf: Thousands were killed.1 Amnesty called for an inquiry.2\n"
        f"{PDF} does not match the workspace: 1 difference\n"
    )


def forge(root: Path, change) -> None:
    pdf = root / PDF
    manifest = embedded(pdf)
    change(manifest)
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    pdf.write_bytes(rewritten(pdf, with_manifest(text.encode())))


def test_a_manifest_cannot_make_verify_read_outside_the_workspace(built, tmp_path):
    """Were they read, a manifest giving the right digests would pass: an outside file's
    content could be confirmed through verify. None is read; verify stops at the first."""
    secret = tmp_path / "secret.txt"
    secret.write_text("a secret\n")
    (built / "evidence/linked.txt").symlink_to(secret)
    digest = file_digest(secret.read_bytes())
    names = [
        "/etc/passwd",
        "../secret.txt",
        "(built-in) ../../../etc/passwd",
        "evidence/linked.txt",
    ]
    forge(built, lambda m: m["inputs"].update({name: digest for name in names}))
    text = json.dumps(embedded(built / PDF), indent=2, sort_keys=True)
    expected = "".join(
        f"{WHERE}:{text[: text.index(json.dumps(name) + ':')].count(chr(10)) + 1}:5: "
        f"error[D902]: the manifest names `{name}`, which is not a file inside the workspace "
        f"or the package; it was not read\n{HINT}\n"
        for name in sorted(names)
    )
    for args in (["--inputs-only"], []):
        result = run_cli("verify", *args, PDF, cwd=built)
        assert (result.code, result.out) == (1, "")
        assert result.err == expected + "4 errors found\n"


def test_a_manifest_naming_a_3_gb_file_does_not_have_it_read(built):
    huge = built / "evidence/snapshots/huge.bin"
    with huge.open("wb") as file:
        file.truncate(3_000_000_000)  # sparse: no disk space, 3 GB to whoever reads it
    forge(built, lambda m: m["inputs"].update({"evidence/snapshots/huge.bin": "0" * 64}))
    result = run_bounded(built, ["verify", "--inputs-only", PDF])  # 1.5 GB of memory at most
    assert result.code == 1
    assert result.err == (
        "unreadable: evidence/snapshots/huge.bin is 3 GB, over the 200 MB limit\n"
        f"{PDF} does not match the workspace: 1 difference\n"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"{not json",
            f"{WHERE}:1:2: error[D901]: the manifest is not JSON: Expecting property "
            "name enclosed in double quotes",
        ),
        (
            b"[]",
            f"{WHERE}:1:1: error[D901]: the manifest's `(top)`: Input should be a valid "
            "dictionary",
        ),
        (
            b"[" * 100_000 + b"]" * 100_000,
            f"{WHERE}:1:1: error[D901]: the manifest is nested too deeply",
        ),
    ],
    ids=["syntax", "shape", "nesting"],
)
def test_a_malformed_manifest_is_a_located_error(built, content, expected):
    pdf = built / PDF
    pdf.write_bytes(rewritten(pdf, with_manifest(content)))
    result = run_cli("verify", PDF, cwd=built)
    assert result.code == 1
    assert result.err == f"{expected}\n{HINT}\n1 error found\n"


def test_a_manifest_field_of_the_wrong_shape_is_located_at_its_line(built):
    forge(built, lambda m: m["options"].update({"pdf_variant": "pdf/x-1a", "strict": "yes"}))
    text = json.dumps(embedded(built / PDF), indent=2, sort_keys=True)
    line = text[: text.index('"pdf_variant"')].count("\n") + 1
    result = run_cli("verify", PDF, cwd=built)
    assert result.code == 1
    assert result.err == (
        f"{WHERE}:{line}:5: error[D901]: the manifest's `options.pdf_variant`: Input should be "
        "'pdf/a-3b', 'pdf/a-3u', 'pdf/a-3a', 'pdf/ua-1' or 'plain'\n"
        f"{HINT}\n"
        f"{WHERE}:{line + 2}:5: error[D901]: the manifest's `options.strict`: Input should be a "
        "valid boolean\n"
        f"{HINT}\n"
        "2 errors found\n"
    )


THREE_GB = 3_000_000_000


def test_verify_copies_only_the_inputs_the_manifest_lists(built, monkeypatch):
    """The rebuild's copy of the workspace holds the manifest's inputs and nothing else: a
    3 GB file that no build reads (sparse here: no disk space until it is copied) is left
    where it is, and so are build/ and .git/. What the copy holds is seen by the build that
    runs in it."""
    with (built / "evidence" / "disk-image.iso").open("wb") as file:
        file.truncate(THREE_GB)
    (built / ".git").mkdir()
    (built / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    seen: list[list[tuple[str, int]]] = []
    real_build = dossier_build.build

    def build_and_list(request):
        seen.append(
            sorted(
                (path.relative_to(request.root).as_posix(), path.stat().st_size)
                for path in request.root.rglob("*")
                if path.is_file() and not path.is_relative_to(request.root / "build")
            )
        )
        return real_build(request)

    monkeypatch.setattr(dossier_build, "build", build_and_list)
    result = run_cli("verify", PDF, cwd=built)
    assert result.code == 0, result.err
    inputs = json.loads((built / "build/test/manifest.json").read_text())["inputs"]
    # The files of evidence/, which the manifest lists by their digests alone, but for the
    # one over the size limit.
    evidence = ["evidence/claims.yaml", "evidence/snapshots/sr-2017.txt"]
    assert seen == [
        sorted(
            (name, (built / name).stat().st_size)
            for name in [*inputs, *evidence]
            if not name.startswith("(built-in) ")
        )
    ]


def test_verify_copies_the_other_dossiers_a_strict_build_checks_against(make_workspace):
    """An entry that only another dossier cites is not an uncited entry (D501) for a strict
    build: the copy holds each other dossier's settings and statement, which every build loads."""
    only_evidence = STATEMENT.split(" Amnesty")[0] + "\n"
    root = make_workspace(
        files(
            {
                "dossiers/test/statement.md": only_evidence,
                "dossiers/other/dossier.yaml": DOSSIER,
                "dossiers/other/statement.md": STATEMENT,
            }
        )
    )
    built = run_cli("build", "--strict", cwd=root)
    assert built.code == 0, built.err
    result = run_cli("verify", PDF, cwd=root)
    assert (result.code, result.err) == (0, "")
