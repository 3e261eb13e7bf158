"""The review edition: its own files in a folder of its own (build/review/<name>/), a band on
beside each footnote, the evidence register as an annex, and a manifest verify can check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import run_cli
from support.examples import THIRD_ITEMS

NAME = "hrc-2025-third-committee-resolution"
REVIEW = f"build/review/{NAME}/{NAME}-review"
BAND = "Review edition – not for submission – internal, do not file"


@pytest.fixture(scope="module")
def both_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example dossier built public, then review; the public files' bytes in between."""
    from conftest import copy_examples

    root = copy_examples(tmp_path_factory.mktemp("editions") / "examples")
    assert run_cli("build", NAME, cwd=root).code == 0
    folder = root / "build" / NAME
    public = {p.name: p.read_bytes() for p in folder.iterdir()}
    (root / "public-bytes.json").write_text(json.dumps({k: v.hex() for k, v in public.items()}))
    result = run_cli("build", NAME, "--edition", "review", cwd=root)
    assert result.code == 0, result.err
    assert result.out == (
        f"wrote build/review/{NAME}/{NAME}-review.pdf (5 pages, 8 footnotes, 464 words of 1,500 "
        "(body 323 + footnotes 141; limit for special consultative status)), "
        f"build/review/{NAME}/{NAME}-review.html and manifest-review.json\n"
    )
    return root


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_the_review_edition_has_its_own_folder_and_leaves_the_public_one(
    both_editions: Path,
) -> None:
    """Whatever publishes build/<name>/ cannot publish the review edition."""
    folder = both_editions / "build" / NAME
    public = json.loads((both_editions / "public-bytes.json").read_text())
    assert sorted(p.name for p in folder.iterdir()) == sorted(public)
    assert {name: (folder / name).read_bytes().hex() for name in public} == public
    review = both_editions / "build" / "review" / NAME
    assert sorted(p.name for p in review.iterdir()) == sorted(
        [f"{NAME}-review.pdf", f"{NAME}-review.html", "manifest-review.json"]
    )
    assert not any(BAND in page for page in _pages(folder / f"{NAME}.pdf"))


def test_every_page_of_the_review_edition_carries_the_band(both_editions: Path) -> None:
    pages = _pages(both_editions / f"{REVIEW}.pdf")
    assert len(pages) == 5
    assert [page.splitlines()[0] for page in pages] == [BAND] * 5


def test_each_footnote_carries_its_evidence_reliability_and_review_state(
    both_editions: Path,
) -> None:
    text = " ".join(" ".join(_pages(both_editions / f"{REVIEW}.pdf")).split())
    for tag in [
        "[third-committee-vote-2025 · B2 · draft]",
        "[resolution-paragraph-29 · B2 · draft]",
        "[fars-editorial-2025 · B2 · draft]",
        "[executions-pezeshkian-2025 · B3 · draft]",
    ]:
        assert tag in text
    html = (both_editions / f"{REVIEW}.html").read_text(encoding="utf-8")
    assert html.count('<span class="review-tag">') == 8


def test_the_annex_lists_every_cited_item_with_its_sources(both_editions: Path) -> None:
    pages = _pages(both_editions / f"{REVIEW}.pdf")
    annex = "\n".join(pages[2:])
    assert annex.splitlines()[1] == "Annex: Evidence register"
    ids = re.findall(r"^([a-z0-9-]+-20\d\d|resolution-paragraph-29)$", annex, re.M)
    assert ids == THIRD_ITEMS
    flat = " ".join(annex.split())
    assert "Cited in footnote 1 Reliability B2 Review a draft" in flat
    assert (
        "Quote: “The vote passed with 79 countries in favor, 28 against, and 63 abstentions”"
        in flat
    )
    assert (
        "Snapshot: evidence/snapshots/iranfreedom-2025-third-committee.txt, sha256 "
        "03fd11dc18011ca5d2ee96042912499a65f0b16f2839bc30098c150b6f97347a"
    ) in flat


def test_the_review_pdf_carries_the_trace_and_the_public_one_none(both_editions: Path) -> None:
    review = json.loads(PdfReader(both_editions / f"{REVIEW}.pdf").attachments["trace.json"][0])
    public = PdfReader(both_editions / "build" / NAME / f"{NAME}.pdf").attachments
    assert set(public) == {"manifest.json"}
    first = review["footnotes"][0]["sources"][0]["evidence"]
    assert (first["reliability"], first["confidential"], first["review"]["status"]) == (
        "B2",
        False,
        "draft",
    )


@pytest.mark.parametrize("edition", ["", "-review"])
def test_verify_checks_either_edition(both_editions: Path, edition: str) -> None:
    pdf = f"build/{'review/' if edition else ''}{NAME}/{NAME}{edition}.pdf"
    result = run_cli("verify", pdf, cwd=both_editions)
    assert result.code == 0, result.err
    # The review edition also reads its register template; both, as the example is a draft,
    # the draft's template.
    inputs = 20 if edition else 19
    assert result.out.endswith(
        f"{pdf} matches the workspace: `{NAME}`, {inputs} inputs unchanged, "
        "the same bytes built again\n"
    )
    assert "rebuilt in a temporary folder: identical" in result.out


def test_an_unchanged_review_edition_is_not_rendered_again(both_editions: Path) -> None:
    result = run_cli("build", NAME, "--edition", "review", cwd=both_editions)
    assert result.code == 0
    assert result.out == (
        f"{REVIEW}.pdf is up to date (dossier build --force renders it again)\n"
    )


def test_a_workspace_template_without_the_band_cannot_make_a_review_edition(
    examples: Path,
) -> None:
    """A venue template copied into the workspace before editions existed has no band: the
    review edition is refused rather than written without one."""
    import shutil

    from dossier.load.profiles import BUILTIN_TEMPLATES

    copied = examples / "templates" / "hrc-written-statement"
    shutil.copytree(BUILTIN_TEMPLATES / "hrc-written-statement", copied)
    css = copied / "statement.css"
    css.write_text(css.read_text().replace(".review-edition body { page: review-edition; }", ""))
    result = run_cli("build", NAME, "--edition", "review", cwd=examples)
    assert result.code == 1
    assert result.err.startswith(
        "templates/hrc-written-statement/statement.css:1:1: error[D814]: the review edition's "
        "page(s) 1, 2, 3, 4, 5 do not carry the band “Review edition – not for submission”; "
        "nothing was written\n"
    )
    assert not (examples / "build").exists()


def test_a_dossier_named_review_is_refused(examples: Path) -> None:
    """Its public outputs would go to build/review/, where every dossier's review edition
    goes, and publishing one would publish the others."""
    (examples / "dossiers" / NAME).rename(examples / "dossiers" / "review")
    result = run_cli("build", "review", cwd=examples)
    assert result.code == 1
    assert result.err.startswith(
        "dossiers/review/dossier.yaml:1:1: error[D704]: a dossier named `review` would write "
        "its public outputs to build/review/, where the review editions of every dossier go; "
        "nothing was written\n"
    )
    assert "  hint: rename the folder dossiers/review\n" in result.err
    assert not (examples / "build" / "review").exists()
    refused = run_cli("new", "review", cwd=examples)
    assert refused.code == 2
    assert "build/review/ holds the review editions: choose another name" in refused.err
