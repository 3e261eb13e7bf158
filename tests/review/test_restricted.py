"""No review tool prints a restricted string: a witness's name, listed under one evidence item,
typed into another item's claim and quote, the statement and a re-captured snapshot, is
masked in `dossier diff` (text, Markdown, JSON), `dossier trace` (Markdown, CSV, JSON),
`dossier check` (text, JSON) and the page `dossier serve` shows; and what they print is safe
to paste into a spreadsheet or a pull-request comment."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from conftest import BIB, EVIDENCE, SNAPSHOT, SNAPSHOT_PATH, SNAPSHOT_SHA256, files, run_cli
from support.gitrepo import commit, init_repository, write
from support.review_items import WITNESS

# The name as a reader would type it, and as the scan finds it: any case, any spacing.
TOLD = SNAPSHOT.replace("issued about the 1988", "issued about the 1988, one by leila  FARAHANI,")


def _no_name(text: str) -> None:
    """ "Leila" alone is not restricted: only the name whole is."""
    assert "farahani" not in text.lower(), text


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: the witness item beside `killings`; the working tree: the name in `killings`'
    claim (half of it new), its quote, the statement and the re-captured snapshot."""
    root = tmp_path_factory.mktemp("restricted") / "repo"
    init_repository(root)
    base = files()
    base["evidence/claims.yaml"] = (
        EVIDENCE.replace("claim: Thousands", "claim: Leila said thousands") + WITNESS
    )
    write(root, base)
    commit(root, "The witness's item", tag="v1")
    evidence = (root / "evidence/claims.yaml").read_text(encoding="utf-8")
    evidence = evidence.replace("Leila said thousands", "Leila Farahani said thousands").replace(
        "quote: thousands of persons", "quote: Leila Farahani, thousands of persons"
    )
    statement = (root / "dossiers/test/statement.md").read_text(encoding="utf-8")
    write(
        root,
        {
            "evidence/claims.yaml": evidence,
            "dossiers/test/statement.md": statement.replace(
                "Thousands were killed", "Thousands were killed, as Leila Farahani saw"
            ),
            SNAPSHOT_PATH: TOLD,
            "bibliography.bib": BIB.replace(
                SNAPSHOT_SHA256, hashlib.sha256(TOLD.encode()).hexdigest()
            ),
        },
    )
    return root


def test_diff_masks_the_name_in_every_format(repository: Path) -> None:
    text = run_cli("diff", "v1", cwd=repository)
    assert text.code == 0, text.err
    _no_name(text.out + text.err)
    lines = text.out.splitlines()
    assert (
        "      claim: [-Leila-] {+[restricted: witness]+} said thousands of prisoners were "
        "summarily killed in 1988."
    ) in lines
    assert (
        "      sources[sr-2017].quote: {+[restricted: witness],+} thousands of persons were "
        "summarily killed"
    ) in lines
    assert (
        "      … reports have been issued about the [-1988-] {+1988, one by "
        "[restricted: witness],+} massacres. If the number of persons …"
    ) in lines
    assert (
        "      line 3: Thousands were [-killed.-] {+killed, as [restricted: witness] saw.+} "
        "[@killings]"
    ) in lines

    markdown = run_cli("diff", "v1", "--format", "markdown", cwd=repository)
    _no_name(markdown.out + markdown.err)
    assert "<ins>\\[restricted: witness\\]</ins> said thousands" in markdown.out

    document = json.loads(run_cli("diff", "v1", "--format", "json", cwd=repository).out)
    _no_name(json.dumps(document, ensure_ascii=False))
    [killings] = [c for c in document["evidence"] if c["id"] == "killings"]
    claim = killings["fields"][0]
    assert (claim["field"], claim["new"], claim["restricted"]) == (
        "claim",
        "[restricted: witness] said thousands of prisoners were summarily killed in 1988.",
        True,
    )
    [snapshot] = document["snapshots"]
    assert snapshot["restricted"] is True
    [statement] = document["statements"]
    assert [s["restricted"] for s in statement["sentences"]] == [True]


def test_trace_masks_the_name_and_flags_the_row_in_every_format(repository: Path) -> None:
    markdown = run_cli("trace", "test", cwd=repository)
    _no_name(markdown.out + markdown.err)
    rows = markdown.out.splitlines()[4:]
    assert rows[0].startswith(
        "| 1 | dossiers/test/statement.md:3 | Thousands were killed, as [restricted: witness] "
        "saw. | killings | [restricted: witness] said thousands"
    )
    assert rows[0].endswith(" | yes |  |  | draft |  |")
    assert rows[1].endswith(" | no |  |  | draft |  |")

    table = run_cli("trace", "test", "--format", "csv", cwd=repository).out
    _no_name(table)
    read = list(csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))))
    assert [r["Restricted"] for r in read if r["Note"]] == ["yes", "no"]
    assert read[0]["Quote"] == "[restricted: witness], thousands of persons were summarily killed"

    document = json.loads(run_cli("trace", "test", "--format", "json", cwd=repository).out)
    _no_name(json.dumps(document, ensure_ascii=False))
    assert [s["restricted"] for f in document["footnotes"] for s in f["sources"]] == [True, False]


def test_check_reports_the_name_in_the_statement_without_printing_it(repository: Path) -> None:
    checked = run_cli("check", cwd=repository)
    assert checked.code == 1
    _no_name(checked.out + checked.err)
    assert (
        "dossiers/test/statement.md:3:27: error[D812]: a restricted string of evidence "
        "`witness` (evidence/claims.yaml:12:16) is in the statement; a public edition would "
        "carry it, so nothing is written while it is there\n"
    ) in checked.err
    as_json = run_cli("check", "--format", "json", cwd=repository)
    _no_name(as_json.out + as_json.err)
    document = json.loads(as_json.out)
    assert document["ok"] is False
    where = {(p["path"], p["line"], p["column"], p["code"]) for p in document["problems"]}
    assert ("dossiers/test/statement.md", 3, 27, "D812") in where
    # The cited item's claim and quote hold it too, but a public edition prints neither (no
    # trace in a public file): they are no leak.
    in_claim_and_quote = {("evidence/claims.yaml", 2, 10), ("evidence/claims.yaml", 6, 14)}
    assert not {(*at, "D812") for at in in_claim_and_quote} & where


def test_a_hint_quoting_the_snapshot_and_the_line_shown_are_masked(make_workspace) -> None:
    told = SNAPSHOT.replace("a high number of reports", "Leila Farahani reported")
    evidence = (
        EVIDENCE.replace(
            "quote: thousands of persons were summarily killed",
            "quote: Leila Farahani reported that",  # not in the snapshot
        )
        + WITNESS
    )
    root = make_workspace(
        files(
            {
                "evidence/claims.yaml": evidence,
                SNAPSHOT_PATH: told,
                "bibliography.bib": BIB.replace(
                    SNAPSHOT_SHA256, hashlib.sha256(told.encode()).hexdigest()
                ),
            }
        )
    )
    checked = run_cli("check", cwd=root)
    _no_name(checked.out + checked.err)
    assert (
        "          quote: [restricted: witness] reported that\n"
        "                 ^\n"
        "  hint: the closest passage reads “[restricted: witness] reported have”; the source "
        "has “have” where the quote has “that”\n"
    ) in checked.err


def test_build_reports_what_check_reports_at_the_same_place(repository: Path) -> None:
    checked = json.loads(run_cli("check", "--format", "json", cwd=repository).out)
    built = run_cli("build", cwd=repository)
    assert built.code == 1
    _no_name(built.out + built.err)
    leaks = [p for p in checked["problems"] if p["code"] == "D812"]
    printed = [f"{p['path']}:{p['line']}:{p['column']}: error[D812]: {p['message']}" for p in leaks]
    said = [line for line in built.err.splitlines() if "error[D812]" in line]
    assert said == printed  # each once: the output scan never ran
    assert not (repository / "build" / "test").exists()


def test_the_serve_page_shows_the_name_masked(repository: Path) -> None:
    from dossier.serve.page import page_html
    from dossier.serve.preview import make_preview

    preview = make_preview(repository, "test")
    page = page_html(preview, 1, "test", repository, None)
    _no_name(page)
    assert "Thousands were killed, as [restricted: witness] saw" in page
    assert "error[D812]" in page


CLAIM = """\
- id: killings
  claim: "=HYPERLINK(\\"http://evil.example\\") <script>alert(1)</script> & more"
  sources:
    - cite: sr-2017
      locator: "@SUM(A1)"
      quote: thousands of persons were summarily killed
"""


def test_csv_cells_never_start_a_formula_and_markdown_escapes_html(make_workspace) -> None:
    root = make_workspace(files({"evidence/claims.yaml": CLAIM}))
    table = run_cli("trace", "test", "--format", "csv", cwd=root).out
    [row, _] = [r for r in csv.DictReader(io.StringIO(table.removeprefix("\ufeff"))) if r["Note"]]
    assert row["Claim"] == ('\'=HYPERLINK("http://evil.example") <script>alert(1)</script> & more')
    assert row["Locator"] == "'@SUM(A1)"
    markdown = run_cli("trace", "test", cwd=root).out
    assert "<script>" not in markdown
    assert (
        '| =HYPERLINK("http://evil.example") &lt;script&gt;alert(1)&lt;/script&gt; &amp; more |'
        in markdown
    )


def test_diff_markdown_escapes_html(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init_repository(root)
    write(root, files())
    commit(root, "First")
    write(
        root, {"evidence/claims.yaml": EVIDENCE.replace("in 1988.", "in 1988 <script>x</script>.")}
    )
    markdown = run_cli("diff", "HEAD", "--format", "markdown", cwd=root).out
    assert "<script>" not in markdown
    assert "<ins>1988 &lt;script&gt;x&lt;/script&gt;.</ins>" in markdown
