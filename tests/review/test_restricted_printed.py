"""No restricted string is printed (issue 22), wherever a command shows text it did not write:
a template's error and the line under it (check and build), a reason `approve` repeats, the
lines of a file `verify` finds changed, and the page `serve` shows (its title, its bar).
Each is tested by effect: the bytes printed or served hold no restricted string."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EVIDENCE, files, run_cli
from support.overrides import override
from support.review_items import ON_2025_11_20, WITNESS

NAMES = ("farahani", "karimi")


def _none_printed(*texts: str) -> None:
    for text in texts:
        for name in NAMES:
            assert name not in text.lower()


@pytest.fixture
def root(make_workspace) -> Path:
    made: Path = make_workspace(files({"evidence/claims.yaml": EVIDENCE + WITNESS}))
    return made


@pytest.mark.parametrize("command", [["check"], ["build"]])
def test_a_template_error_and_its_line_are_masked(root: Path, command: list[str]) -> None:
    override(root, body="<p>{{ c.said_by_Leila_Farahani }} Leila Farahani</p>")
    result = run_cli(*command, cwd=root)
    assert result.code == 1
    _none_printed(result.out, result.err)
    assert (
        "error[D408]: template error: 'dossier.render.html.render_html.TemplateContext object' "
        "has no attribute 'said_by_[restricted: witness]'\n"
        "    <p>{{ c.said_by_[restricted: witness] }} [restricted: witness]</p>\n"
    ) in result.err


def test_a_template_syntax_error_line_is_masked(root: Path) -> None:
    override(root, body="<p>Leila Farahani {% if %}</p>")
    result = run_cli("check", cwd=root)
    assert result.code == 1
    _none_printed(result.out, result.err)
    assert "    <p>[restricted: witness] {% if %}</p>\n" in result.err


def test_approve_masks_the_reason_it_repeats(root: Path) -> None:
    rejected = run_cli(
        "approve", "killings", "--by", "legal/ab", "--status", "rejected",
        "--reason", "Leila Farahani recanted", cwd=root, env=ON_2025_11_20,
    )  # fmt: skip
    assert rejected.code == 0, rejected.err
    _none_printed(rejected.out, rejected.err)
    assert rejected.out == (
        "rejected `killings` (evidence/claims.yaml:1:3) by legal/ab on 2025-11-20 "
        "(reason: [restricted: witness] recanted)\n"
    )
    # The file keeps what the reviewer wrote: it is the evidence, read by the legal team.
    assert "reason: Leila Farahani recanted" in (root / "evidence/claims.yaml").read_text()

    revoked = run_cli(
        "approve", "--statement", "test", "--by", "Leila Farahani", "--revoke",
        cwd=root, env=ON_2025_11_20,
    )  # fmt: skip
    assert revoked.code == 1
    _none_printed(revoked.out, revoked.err)
    assert "[restricted: witness]" in revoked.err


def test_approve_masks_a_refusal_quoting_an_entry(root: Path) -> None:
    """Rejected with a reason, then approved by the same reviewer: refused or recorded, the
    line that repeats the earlier entry holds no name."""
    for extra in (["--status", "rejected", "--reason", "as Leila Farahani said"], []):
        done = run_cli(
            "approve", "killings", "--by", "legal/ab", *extra, cwd=root, env=ON_2025_11_20
        )
        _none_printed(done.out, done.err)


def test_verify_masks_the_lines_that_differ(root: Path) -> None:
    statement = root / "dossiers/test/statement.md"
    statement.write_text(statement.read_text().replace("[@killings]", "[@killings; @witness]"))
    built = run_cli("build", "--edition", "review", cwd=root)
    assert built.code == 0, built.err
    claims = root / "evidence/claims.yaml"
    claims.write_text(
        claims.read_text().replace('["Leila Farahani"]', '["Leila Farahani", "Reza Karimi"]')
    )
    result = run_cli("verify", "build/review/test/test-review.pdf", cwd=root)
    assert result.code == 1
    _none_printed(result.out, result.err)
    assert (
        "      built again: Restricted “[restricted: witness]”; “[restricted: witness]” "
        "(never in the public edition)\n"
    ) in result.err


def test_serve_masks_the_dossier_name_and_the_bar(root: Path) -> None:
    from dossier.serve.page import PdfState, page_html
    from dossier.serve.preview import make_preview

    folder = root / "dossiers" / "leila-farahani"
    (root / "dossiers" / "test").rename(folder)
    preview = make_preview(root, "leila-farahani")
    state = PdfState("PDF not rebuilt: OSError: Leila Farahani.pdf is locked", True)
    page = page_html(preview, 1, "leila-farahani", root, state)
    _none_printed(page)
    assert "<title>[restricted: witness]</title>" in page
    assert '<div class="dossier-bar"><b>[restricted: witness]</b>: checked at ' in page
    assert "PDF not rebuilt: OSError: [restricted: witness].pdf is locked" in page


def test_serve_masks_a_failure_in_the_bar(root: Path) -> None:
    from dossier.serve.page import page_html
    from dossier.serve.preview import make_preview

    preview = make_preview(root, "leila-farahani")  # no such dossier: a usage error
    assert preview.failure
    page = page_html(preview, 1, "leila-farahani", root, None)
    _none_printed(page)
    assert "no dossier named [restricted: witness] in " in page
