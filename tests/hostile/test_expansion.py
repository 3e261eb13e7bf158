"""Small inputs that expand: a Word file of 2 MB that inflates to 2 GB, a kilobyte of doubling
@strings, one template line that repeats a string. Each is run in a process of its own with
its address space bounded (support/bounded.py): unbounded, it would die of a MemoryError; the
tool stops at its limit with D707, naming the file and the limit."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import BIB, STATEMENT, files, run_cli
from support.bounded import run_bounded
from support.overrides import TEMPLATE, override
from support.zip_bomb import zip_bomb

GIGABYTES_2 = 2000  # megabytes


def test_a_word_file_whose_part_inflates_to_gigabytes_is_refused_before_inflating(
    make_workspace,
):
    root = make_workspace(files())
    bomb = root / "bomb.docx"
    bomb.write_bytes(zip_bomb("customXml/dossier-data.xml", GIGABYTES_2))
    assert bomb.stat().st_size < 3_000_000
    result = run_bounded(root, ["verify", "bomb.docx"])
    assert result.code == 1, result.err
    assert result.err == (
        "bomb.docx#customXml/dossier-data.xml:1:1: error[D707]: this part would inflate to "
        "2,097,152,000 bytes, more than the 10 MB limit on a part of a Word file "
        "(--max-file-size)\n"
        "  hint: a Word file `dossier build` wrote is far smaller; if this one is genuine, "
        "raise the limit with --max-file-size\n"
    )


def test_a_word_file_whose_parts_together_inflate_to_gigabytes_is_not_compared(
    make_workspace,
):
    """Each part under the limit on one part, 2 GB together: held at once, they would not
    fit; the comparison stops at the limit on them all."""
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    docx = root / "build/test/test.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as built:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as padded:
            for info in built.infolist():
                padded.writestr(info, built.read(info))
            for number in range(200):
                padded.writestr(f"customXml/padding{number}.xml", bytes(10_000_000))
    (root / "padded.docx").write_bytes(out.getvalue())
    result = run_bounded(root, ["verify", "padded.docx"])
    assert result.code == 1, result.err
    assert (
        "the content cannot be compared: padded.docx#customXml/padding19.xml:1:1: this part "
        "would inflate to 10,000,000 bytes, more than is left of the 200 MB limit on a Word "
        "file's parts together (--max-snapshot-size)\n"
    ) in result.err
    assert "padded.docx does not match the workspace: " in result.err
    assert "Traceback" not in result.err


def doubling_strings(count: int) -> str:
    """@string{s0 = {xxxxxxxx}}, then each @string twice the one before: s30 is 8 GB."""
    lines = ["@string{s0 = {xxxxxxxx}}"]
    lines += [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"


def test_at_strings_that_double_are_stopped_at_the_size_limit(make_workspace):
    bib = BIB + doubling_strings(30) + "@online{doubled, title = s30, url = {https://example.org}}\n"
    assert len(bib.encode()) < 2_000
    statement = "dossiers/test/statement.md"
    cited = STATEMENT.replace("[@amnesty-2018, p. 12]", "[@doubled]")
    root = make_workspace(files({"bibliography.bib": bib, statement: cited}))
    result = run_bounded(root, ["check"])
    assert result.code == 1, result.err
    line = bib.count("\n")  # the last line
    assert (
        f"bibliography.bib:{line}:26: error[D707]: `doubled` uses `s30`, an @string whose text "
        "would take what @strings add to the bibliography past 10 MB, the limit on the file "
        "(--max-file-size): the field is left empty\n"
        "  hint: define the @string's text directly, without repeating other @strings in it\n"
    ) in result.problems, result.err


def test_a_field_repeating_a_large_at_string_is_stopped_at_the_size_limit(make_workspace):
    """Each use under the limit, a thousand of them over it: what all fields add is bounded."""
    many = " # ".join(["s20"] * 1000)
    bib = BIB + doubling_strings(20) + f"@online{{doubled, title = {many}}}\n"
    statement = "dossiers/test/statement.md"
    cited = STATEMENT.replace("[@amnesty-2018, p. 12]", "[@doubled]")
    root = make_workspace(files({"bibliography.bib": bib, statement: cited}))
    result = run_bounded(root, ["check"])
    assert result.code == 1, result.err
    assert "error[D707]: `doubled` uses `s20`, an @string whose text would take" in result.err


@pytest.mark.parametrize(
    ("line", "what", "size"),
    [
        ('{% set s = "x" * 2000000000 %}', "`*`", "2,000,000,000"),
        ("{% set s = [c.title] * 2000000000 %}", "`*`", None),
        ('{{ "%2000000000s" % "x" }}', "`%`", None),
        ('{{ "{:>2000000000}".format(1) }}', "`.format()`", None),
        ('{{ "%2000000000s" | format("x") }}', "the filter `format`", None),
        ('{{ "x".rjust(2000000000) }}', "`.rjust()`", None),
        ('{{ "x" | center(2000000000) }}', "the filter `center`", None),
        ("{{ [1] | slice(2000000000) | list }}", "the filter `slice`", None),
        (
            '{% set s = "x" * 5000000 %}{{ s | replace("x", "xxxx") }}',
            "the filter `replace`",
            "20,000,000",
        ),
        (
            '{% set n = namespace(s="xxxxxxxx") %}{% for i in range(40) %}'
            "{% set n.s = n.s ~ n.s %}{% endfor %}",
            "`~`",
            None,
        ),
        (
            '{% set n = namespace(s="xxxxxxxx") %}{% for i in range(40) %}'
            "{% set n.s = n.s + n.s %}{% endfor %}",
            "`+`",
            None,
        ),
        (
            '{% set s = "x" * 9000000 %}{{ [s, s, s, s, s, s, s, s, s, s, s, s] | join }}',
            "the filter `join`",
            None,
        ),
        (
            '{% set s = "x" * 9000000 %}{% for i in range(20) %}{% set t = s ~ "" %}'
            "{% endfor %}",
            "`~`",
            None,
        ),
        ('{% set s = "<" * 9000000 %}{{ s | e }}', "the filter `e`", "54,000,000"),
        ('{% set s = "<" * 9000000 %}{{ s | tojson }}', "the filter `tojson`", None),
        ('{% set s = "<" * 9000000 %}{{ s | urlencode }}', "the filter `urlencode`", None),
    ],
    ids=["times", "list-times", "percent", "format", "format-filter", "rjust", "center",
         "slice", "replace", "concat-doubling", "plus-doubling", "join", "rendering-budget",
         "escape", "tojson", "urlencode"],
)  # fmt: skip
def test_a_template_cannot_make_a_string_past_the_size_limit(make_workspace, line, what, size):
    root = make_workspace(files())
    override(root, body=line)
    result = run_bounded(root, ["check"])
    assert result.code == 1, result.err
    assert f"{TEMPLATE}:15:1: error[D707]: template: {what} would make " in result.err, result.err
    if size:
        assert f"would make {size} characters or items, more than the 10 MB limit on one " in (
            result.err
        )
    assert "(--max-file-size)\n" in result.err
    assert "Traceback" not in result.err


def test_a_template_printing_a_value_over_and_over_is_stopped_at_the_page_limit(
    make_workspace,
):
    """Each value below the limit, but printed 300 times: 2.7 GB of page, held in memory
    before this bound (16 GB at the peak, with WeasyPrint's copies); now stopped as it is
    written, in the bounded process."""
    root = make_workspace(files())
    override(root, body='{% set s = "x" * 9000000 %}{% for i in range(300) %}{{ s }}{% endfor %}')
    result = run_bounded(root, ["check"])
    assert result.code == 1, result.err
    assert (
        f"{TEMPLATE}:15:1: error[D707]: template: the page the template writes would make "
        "108,005,673 characters or items, more than the 100 MB limit on a template's whole "
        "rendering (--max-file-size)"
    ) in result.err, result.err
    assert "Traceback" not in result.err


def _peak_memory(root, args: list[str]) -> tuple[int, str]:
    """The command's exit status and its process's peak resident memory, in bytes."""
    import os
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "dossier", *args],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    with process.stderr:
        err = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, err


def test_diff_holds_one_historical_snapshot_at_a_time(tmp_path):
    """Six snapshots of 40 MB in the older commit: read from git one at a time, not all at once
    (240 MB)."""
    from support.gitrepo import commit, init_repository, write

    small = tmp_path / "small"
    for folder in (small, tmp_path / "ws"):
        init_repository(folder)
        write(folder, files())
        commit(folder, "first")
    write(small, {"evidence/claims.yaml": files()["evidence/claims.yaml"] + "\n"})
    commit(small, "second")
    baseline, _ = _peak_memory(small, ["diff", "HEAD~1", "HEAD"])
    root = tmp_path / "ws"
    for number in range(6):
        (root / f"evidence/snapshots/large-{number}.txt").write_bytes(
            bytes([65 + number]) * 40_000_000
        )
    commit(root, "snapshots")
    write(root, {"evidence/claims.yaml": files()["evidence/claims.yaml"] + "\n"})
    commit(root, "second")
    peak, err = _peak_memory(root, ["diff", "HEAD~1", "HEAD"])
    assert "Traceback" not in err
    # Above what the same diff takes without them: one snapshot, and a copy or two of it.
    assert peak - baseline < 130_000_000, (peak, baseline)
