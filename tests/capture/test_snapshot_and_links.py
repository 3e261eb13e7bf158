"""`dossier snapshot` and `dossier links` against an HTTP server on loopback, run by the test:
no other address is ever contacted."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from conftest import BIB, files, run_cli
from support.loopback import PAGE, Handler


def test_snapshot_from_a_url_records_it_and_changes_nothing_else(make_workspace, server):
    root = make_workspace(files())
    bib = root / "bibliography.bib"
    before = bib.read_bytes()
    result = run_cli(
        "snapshot", "amnesty-2018", f"{server}/release.html", "--allow-private", cwd=root
    )
    assert result.code == 0, result.err
    digest = hashlib.sha256(PAGE).hexdigest()
    assert result.out == (
        f"captured evidence/snapshots/amnesty-2018.html ({len(PAGE)} bytes, sha256 {digest}); "
        "recorded snapshot, sha256, urldate for `amnesty-2018` in bibliography.bib\n"
    )
    assert (root / "evidence/snapshots/amnesty-2018.html").read_bytes() == PAGE
    today = dt.date.today().isoformat()
    assert before.count(b"  urldate = {2025-11-20},\n") == 1
    # The whole file, but for the entry's three fields, is byte for byte what it was.
    expected = before.replace(
        b"  urldate = {2025-11-20},\n",
        f"  urldate = {{{today}}},\n  snapshot = {{evidence/snapshots/amnesty-2018.html}},\n"
        f"  sha256 = {{{digest}}},\n".encode(),
    )
    assert bib.read_bytes() == expected


def test_snapshot_from_a_file_keeps_crlf_and_every_other_byte(make_workspace, tmp_path):
    crlf = BIB.replace("\n", "\r\n")
    root = make_workspace(files({"bibliography.bib": crlf}))
    (root / "bibliography.bib").write_bytes(crlf.encode())
    report = tmp_path / "report.txt"
    report.write_text("Blood-soaked secrets: the report's text.\n")
    result = run_cli(
        "snapshot", "amnesty-2018", str(report), "--accessed", "2025-12-04", cwd=root
    )
    assert result.code == 0, result.err
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    assert (root / "bibliography.bib").read_bytes() == crlf.replace(
        "  urldate = {2025-11-20},\r\n",
        "  urldate = {2025-12-04},\r\n"
        "  snapshot = {evidence/snapshots/amnesty-2018.txt},\r\n"
        f"  sha256 = {{{digest}}},\r\n",
    ).encode()
    assert run_cli("check", "--strict", cwd=root).code == 0


def test_snapshot_from_a_file_records_no_access_date_unless_given(make_workspace, tmp_path):
    root = make_workspace(files())
    report = tmp_path / "a72322.md"
    report.write_text("# Report\n\nThousands of persons were summarily killed.\n")
    result = run_cli("snapshot", "sr-2017", str(report), "--replace", cwd=root)
    assert result.code == 0, result.err
    assert "recorded snapshot, sha256 for `sr-2017`" in result.out
    text = (root / "bibliography.bib").read_text()
    assert "snapshot = {evidence/snapshots/sr-2017.md}" in text
    assert text.count("urldate") == 1  # amnesty-2018's, untouched


@pytest.mark.parametrize(
    "path, options, message",
    [
        ("/missing", [], "answered 404 Not Found; nothing captured"),
        ("/big.txt", ["--max-size", "1000"], "is over the snapshot limit of 1 KB"),
        ("/slow", ["--timeout", "0.5"], "within 0.5 seconds; nothing captured"),
        ("/image.png", [], "is image/png; snapshots are HTML, PDF, plain text or Markdown"),
    ],
)
def test_a_failed_capture_writes_nothing(make_workspace, server, path, options, message):
    root = make_workspace(files())
    before = (root / "bibliography.bib").read_bytes()
    address = f"{server}{path}"
    result = run_cli("snapshot", "amnesty-2018", address, "--allow-private", *options, cwd=root)
    assert result.code == 1
    assert result.err.startswith("error[D002]: ") and message in result.err, result.err
    assert (root / "bibliography.bib").read_bytes() == before
    assert sorted(p.name for p in (root / "evidence/snapshots").iterdir()) == ["sr-2017.txt"]


def test_a_capture_never_overwrites_other_content_unasked(make_workspace, tmp_path):
    root = make_workspace(files())
    other = tmp_path / "other.txt"
    other.write_text("something else entirely\n")
    result = run_cli("snapshot", "sr-2017", str(other), cwd=root)
    assert result.code == 1
    assert "evidence/snapshots/sr-2017.txt already exists with other content" in result.err
    assert "pass --replace" in result.err


def test_an_unknown_key_is_a_usage_error_with_a_hint(make_workspace, tmp_path):
    root = make_workspace(files())
    result = run_cli("snapshot", "amnesty-2019", str(tmp_path), cwd=root)
    assert result.code == 2
    assert "no entry `amnesty-2019` in bibliography.bib; did you mean `amnesty-2018`?" in (
        result.err
    )


def test_links_reports_each_address_and_fails_on_a_broken_one(make_workspace, server):
    closed = "http://127.0.0.1:9/"  # the discard port: nothing listens there
    entries = "".join(
        f"@online{{{key}, title = {{T}}, url = {{{url}}}, urldate = {{2025-01-01}}}}\n"
        for key, url in [
            ("ok", f"{server}/release.html"),
            ("gone", f"{server}/missing"),
            ("head-refused", f"{server}/no-head"),
            ("moved", f"{server}/moved"),
            ("closed", closed),
        ]
    )
    root = make_workspace(files({"bibliography.bib": BIB + entries}))
    keys = ["ok", "gone", "head-refused", "moved", "closed"]  # never the example's real address
    result = run_cli("links", *keys, "--timeout", "5", "--allow-private", cwd=root)
    assert result.code == 1
    lines = (result.out + result.err).splitlines()

    def at(line: int, key: str) -> str:  # where the entry's `url` field is written
        return f"bibliography.bib:{line}:{len(f'@online{{{key}, title = {{T}}, ') + 1}"

    assert f"{at(16, 'ok')}: note[D609]: `ok` answers: 200 OK: {server}/release.html" in lines
    assert (
        f"{at(17, 'gone')}: error[D608]: `gone` is broken (HTTP 404 Not Found): {server}/missing"
    ) in result.err.splitlines()
    assert (
        f"{at(18, 'head-refused')}: note[D609]: `head-refused` answers: 200 OK: "
        f"{server}/no-head"
    ) in result.out.splitlines()
    assert (
        f"{at(19, 'moved')}: note[D609]: `moved` answers: 200 OK, redirected to "
        f"{server}/release.html: {server}/moved"
    ) in lines
    assert (
        f"{at(20, 'closed')}: warning[D610]: `closed` is unreachable (no connection): "
        f"cannot reach {closed}"
    ) in result.err
    assert "  hint: open it in a browser; if the page moved, correct `url`" in result.err
    entry = f"@online{{gone, title = {{T}}, url = {{{server}/missing}}, urldate = {{2025-01-01}}}}"
    assert f"    {entry}\n" + " " * (4 + entry.index("url")) + "^\n" in result.err
    assert ("HEAD", "/no-head") in Handler.requests and ("GET", "/no-head") in Handler.requests
    assert result.err.rstrip().endswith("5 addresses checked, 1 broken, 1 unreachable")
    assert all(path != "/" for _, path in Handler.requests)
