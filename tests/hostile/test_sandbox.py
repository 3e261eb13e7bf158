"""A build reads nothing outside the workspace and never touches the network, whatever a
template override or a statement asks for. Each test runs the real CLI; the loopback server
records every request, so "no request arrived" is an observation, not an assumption."""

from __future__ import annotations

import shutil
import struct
import zlib

import pdfplumber
import pytest

from conftest import STATEMENT, files, run_cli
from dossier.load.profiles import BUILTIN_TEMPLATES
from support.loopback import Handler
from support.overrides import CSS, PROFILE, TEMPLATE, override

HINT = (
    "  hint: a build reads only files inside the workspace; copy what the document needs "
    "into it and refer to it by a relative path"
)
# A template override is reported where the dossier names its profile.
NAMED_AT = "dossiers/test/dossier.yaml:1:10"


def png(width: int = 4, height: int = 4) -> bytes:
    """A small grey PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def refused(where: str, shown: str, reason: str) -> str:
    return f"{where}: error[D701]: refused to read `{shown}`: {reason}\n{HINT}\n"


def test_a_template_override_cannot_read_outside_the_workspace_or_reach_the_network(
    make_workspace, server, tmp_path
):
    root = make_workspace(files())
    (tmp_path / "outside.png").write_bytes(png())
    (root / "evidence" / "linked.png").symlink_to(tmp_path / "outside.png")
    override(
        root,
        body=(
            '<img src="file:///etc/passwd">'
            f'<link rel="stylesheet" href="{server}/linked.css">'
            '<img src="../outside.png">'
            '<img src="evidence/linked.png">'
            '<link rel="attachment" href="file:///etc/hostname">'
        ),
        css=f'@import url("{server}/imported.css"); '
        f'body {{ background: url("{server}/background.png") }}',
    )
    result = run_cli("build", cwd=root)
    assert result.code == 1
    outside = (tmp_path / "outside.png").as_posix()
    network = "a build never fetches from the network (http:)"
    assert result.problems == (
        refused(f"{CSS}:1:14", f"{server}/imported.css", network)
        + refused(f"{CSS}:1:77", f"{server}/background.png", network)
        + refused(f"{TEMPLATE}:15:11", "/etc/passwd", "the file is outside the workspace")
        + refused(f"{TEMPLATE}:15:60", f"{server}/linked.css", network)
        + refused(f"{TEMPLATE}:15:108", outside, "the file is outside the workspace")
        + refused(
            f"{TEMPLATE}:15:140",
            "evidence/linked.png",
            f"it is a link to {outside}, outside the workspace",
        )
        + refused(f"{TEMPLATE}:15:181", "/etc/hostname", "the file is outside the workspace")
        + "7 errors found\n"
    )
    assert Handler.requests == []
    assert not (root / "build").exists()


def test_files_inside_the_workspace_and_data_uris_are_served(make_workspace):
    root = make_workspace(files())
    (root / "templates").mkdir()
    (root / "templates" / "seal.png").write_bytes(png())
    inline = "data:image/png;base64," + __import__("base64").b64encode(png()).decode()
    # alt: the tagged PDF gives every image its text alternative
    override(root, body=f'<img src="templates/seal.png" alt="Seal"><img src="{inline}" alt="Dot">')
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        assert len(pdf.pages[0].images) == 2


def test_a_file_weasyprint_cannot_use_is_an_error_at_its_reference(make_workspace):
    root = make_workspace(files())
    (root / "templates").mkdir()
    (root / "templates" / "seal.png").write_bytes(b"not an image")
    override(root, body='<img src="templates/seal.png">')
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert result.problems.startswith(
        f"{TEMPLATE}:15:21: error[D702]: Failed to load image at 'templates/seal.png'\n"
    )
    assert not (root / "build").exists()


def test_a_template_override_linked_from_outside_the_workspace_is_not_used(
    make_workspace, tmp_path
):
    root = make_workspace(files())
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(BUILTIN_TEMPLATES / PROFILE, elsewhere)
    (root / "templates").mkdir()
    (root / "templates" / PROFILE).symlink_to(elsewhere)
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert (
        f"{NAMED_AT}: error[D406]: template override templates/{PROFILE} leads "
        f"outside the workspace (to {elsewhere}); it was not used\n"
    ) in result.problems


def test_one_template_file_linked_from_outside_is_not_used(make_workspace, tmp_path):
    root = make_workspace(files())
    override(root)
    (tmp_path / "evil.css").write_text("body { color: red }", encoding="utf-8")
    (root / CSS).unlink()
    (root / CSS).symlink_to(tmp_path / "evil.css")
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert f"{NAMED_AT}: error[D406]: template override {CSS} leads outside" in result.problems
    assert not (root / "build").exists()


@pytest.mark.parametrize(
    ("markdown", "column", "expected"),
    [
        (
            "[a page](javascript:alert(1))",
            10,
            "error[D306]: a link to `javascript:alert(1)` is not allowed in a statement",
        ),
        (
            "<file:///etc/passwd>",
            2,
            "error[D306]: a link to `file:///etc/passwd` is not allowed in a statement",
        ),
        ("[the report](report.pdf)", 14, "error[D306]: a link to `report.pdf` is not allowed"),
        (
            "![a map]({server}/map.png)",
            10,
            "error[D307]: image `{server}/map.png` is not a file inside the workspace; "
            "a build never fetches it",
        ),
        (
            "![a map](../../../etc/passwd)",
            10,
            "error[D307]: image `../../../etc/passwd` is not a file inside the workspace",
        ),
        ("![a map](map.png)", 10, "error[D307]: image dossiers/test/map.png does not exist"),
        (
            "![a map](linked.png)",
            10,
            "error[D307]: image dossiers/test/linked.png leads outside the workspace",
        ),
    ],
)
def test_a_statement_cannot_link_or_show_what_a_build_may_not_read(
    make_workspace, server, tmp_path, markdown, column, expected
):
    markdown = markdown.format(server=server)
    root = make_workspace(files({"dossiers/test/statement.md": STATEMENT + "\n" + markdown}))
    (tmp_path / "outside.png").write_bytes(png())
    (root / "dossiers/test/linked.png").symlink_to(tmp_path / "outside.png")
    result = run_cli("build", cwd=root)
    assert result.code == 1
    line = STATEMENT.count("\n") + 2
    assert f"dossiers/test/statement.md:{line}:{column}: " + expected.format(
        server=server
    ) in result.err
    assert Handler.requests == []
    assert not (root / "build").exists()


def test_an_image_beside_the_statement_is_shown(make_workspace):
    root = make_workspace(files({"dossiers/test/statement.md": STATEMENT + "\n![A map](map.png)"}))
    (root / "dossiers/test/map.png").write_bytes(png())
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    html = (root / "build/test/test.html").read_text(encoding="utf-8")
    assert '<img src="dossiers/test/map.png" alt="A map" />' in html
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        assert len(pdf.pages[0].images) == 1


def test_user_text_is_never_template_source(make_workspace):
    dossier = files()["dossiers/test/dossier.yaml"].replace(
        "title: A test statement", "title: \"{{ 7*7 }} {% if true %}x{% endif %} <b>&amp;\""
    )
    statement = STATEMENT + "\nThe sum {{ 7*7 }} and {% raw %} stay as typed.[uncited: test]\n"
    root = make_workspace(
        files({"dossiers/test/dossier.yaml": dossier, "dossiers/test/statement.md": statement})
    )
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    with pdfplumber.open(root / "build/test/test.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "{{ 7*7 }} {% if true %}x{% endif %} <b>&amp;" in text
    assert "The sum {{ 7*7 }} and {% raw %} stay as typed." in text
    assert "49" not in text


def test_outputs_are_never_written_through_a_link_out_of_the_workspace(make_workspace, tmp_path):
    root = make_workspace(files())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "build").symlink_to(elsewhere)
    result = run_cli("build", cwd=root)
    assert result.code == 1
    assert result.err == (
        f"build/test:1:1: error[D703]: build/test leads outside the workspace (to "
        f"{elsewhere}/test); nothing was written\n"
        "  hint: remove the link, so that outputs are written inside the workspace\n"
        "1 error found\n"
    )
    assert list(elsewhere.iterdir()) == []


def with_table_named(font: bytes, old: bytes, new: bytes) -> bytes:
    """`font` with its table `old` renamed `new` in the table directory (data unchanged)."""
    count = struct.unpack(">H", font[4:6])[0]
    entries = [12 + 16 * i for i in range(count)]
    (at,) = [start for start in entries if font[start : start + 4] == old]
    return font[:at] + new + font[at + 4 :]


SERIF = (BUILTIN_TEMPLATES.parent / "fonts" / "LiberationSerif-Regular.ttf").read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        # WeasyPrint decodes each table's name as UTF-8 while it writes the PDF
        ("named.ttf", with_table_named(SERIF, b"gasp", b"\xffgas"), "a table is named 'ÿgas'"),
        ("truncated.ttf", SERIF[:50_000], "unexpected end of 'post' table data"),
        ("garbage.otf", b"OTTO" + bytes(range(256)) * 8, r"a table is named '\x08\t\n\x0b'"),
        ("garbage.woff", b"wOFF" + b"\x00" * 2000, "Not a TrueType or OpenType font"),
        ("empty.ttf", b"", "Not a TrueType or OpenType font (not enough data)"),
    ],
)
def test_a_malformed_font_the_workspace_loads_is_an_error_naming_the_file(
    make_workspace, name, content, reason
):
    root = make_workspace(files())
    face = f'@font-face {{ font-family: "Bad"; src: url("templates/{name}"); }} '
    override(root, css=face + 'body { font-family: "Bad", "Dossier Serif"; }')
    (root / "templates" / name).write_bytes(content)
    result = run_cli("build", cwd=root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    first = result.problems.splitlines()[0]
    assert first.startswith(
        f"{CSS}:1:{face.index(name) + 1}: error[D702]: refused to read "
        f"`templates/{name}`: it is not a font that can be read"
    ), first
    assert reason in first
    assert not (root / "build" / "test" / "test.pdf").exists()
