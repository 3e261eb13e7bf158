"""Quote matching: what copying legitimately changes is forgiven, and nothing else. Checked on
the project's real snapshots, on HTML and on PDFs made here with WeasyPrint."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import REPO, files, run_cli
from dossier.check.sources.extract_text import html_text
from dossier.check.sources.match_quote import Quote, canonical

SNAPSHOTS = sorted((REPO / "evidence/snapshots").glob("*.txt"))
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in SNAPSHOTS}
CANONICAL = {name: canonical(text) for name, text in TEXTS.items()}
NGO = TEXTS["ngo-written-statement-1988-massacre.txt"]


def found(quote: str, text: str) -> bool:
    return Quote(quote).find(canonical(text)) is not None


@pytest.mark.parametrize(
    "quote",
    [
        # The seed's text is extracted from a PDF: its line breaks, blank lines and an
        # end-of-line hyphen ("teen-\n\nagers") fall mid-quote.
        "thousands of political prisoners, men, women and teenagers, were reportedly executed",
        # Curly quotation marks and apostrophes typed straight.
        "Blood-soaked secrets: Why Iran's 1988 prison massacres are ongoing crimes against "
        "humanity",
        # The footnote marker that extraction glued to the last word ("humanity3,").
        "Why Iran’s 1988 prison massacres are ongoing crimes against humanity",
        # An ellipsis joins two parts that appear in this order.
        "Between July and August 1988 … executed pursuant to a fatwa",
        "Between July and August 1988 [...] executed pursuant to a fatwa",
        # A bracketed editorial change.
        "[t]he families of the victims have a right to know the truth",
        "The families of the victims have a right to know the truth [about the 1988 killings]",
    ],
)
def test_what_copying_changes_is_forgiven(quote):
    assert found(quote, NGO)


@pytest.mark.parametrize(
    "source, quote",
    [
        ("the ﬁnal ﬁndings of the mission", "the final findings of the mission"),  # ligatures
        ("a long-\nstanding practice", "a longstanding practice"),
        ("crimes\u00adagainst humanity", "crimesagainst humanity"),  # soft hyphen
        ("killed\u00a0—\u00a0and buried", "killed - and buried"),  # dashes, no-break spaces
        ("killed—and buried", "killed -- and buried"),
        ("the Iran–Iraq War", "the Iran-Iraq War"),  # an en dash joining two words
        ("between 1988–1989", "between 1988 - 1989"),  # a range
        ("prisoners – men, women and children", "men, women and children"),  # whole words
        ("“Death Commissions”", '"Death Commissions"'),
        ("１９８８", "1988"),  # full-width digits
    ],
)
def test_unicode_forms_are_forgiven(source, quote):
    assert found(quote, source)


@pytest.mark.parametrize(
    "quote",
    [
        "more than 30,000 political prisoners",  # the source says 30,000: this one is right
    ],
)
def test_a_right_figure_is_found(quote):
    assert found(quote, NGO)


@pytest.mark.parametrize(
    "quote",
    [
        "more than 3,000 political prisoners",  # a figure changed
        "more than 30,000 political prisoner",  # a letter dropped, at the end of a word
        "more than 30,000 Political prisoners",  # a letter's case
        "more than 30,000 prisoners",  # a word left out
        "executed pursuant to a fatwa … Between July and August 1988",  # parts out of order
        "Blood-soaked secrets: Why Iran’s 1988 prison massacres are ongoing crimes against "
        "humanity4",  # a footnote marker may be left out, not changed
    ],
)
def test_words_numbers_and_letters_must_match(quote):
    assert not found(quote, NGO)


@pytest.mark.parametrize(
    "source, quote",
    [
        ("prisoners – men, women", "prisonersmen, women"),  # a dash between words is kept
        ("between 1988–1989", "between 19881989"),
        ("the 1,650 victims", "the 1,65"),  # a figure is whole
    ],
)
def test_a_dash_between_words_or_figures_still_counts(source, quote):
    assert not found(quote, source)


# --- Property-based: any passage of a real snapshot -----------------------------------------

_SAFE = re.compile(r"^[^\[\]…]*$")


@st.composite
def passages(draw: st.DrawFn) -> tuple[str, str]:
    """A run of 6 to 40 whole words, copied verbatim from one of the snapshots."""
    name = draw(st.sampled_from(sorted(TEXTS)))
    words = list(re.finditer(r"\S+", TEXTS[name]))
    start = draw(st.integers(0, len(words) - 7))
    end = draw(st.integers(start + 6, min(start + 40, len(words))))
    passage = TEXTS[name][words[start].start() : words[end - 1].end()]
    before = words[start - 1].group(0) if start else ""
    # Whole words only: not the tail of a word hyphenated across a line, nor its head.
    assume(not before.endswith("-") and not passage.endswith("-"))
    assume(_SAFE.match(passage) and "..." not in passage)  # no editorial marks of its own
    return name, passage


def _rewrap(passage: str, widths: list[int]) -> str:
    words, lines, line = passage.split(), [], []
    for index, word in enumerate(words):
        line.append(word)
        if len(line) >= widths[index % len(widths)]:
            lines.append(" ".join(line))
            line = []
    return "\n    ".join(lines + [" ".join(line)] if line else lines)


def _requote(passage: str) -> str:
    return passage.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))


@settings(max_examples=150, deadline=None)
@given(passages(), st.lists(st.integers(1, 12), min_size=1, max_size=5), st.booleans())
def test_a_passage_copied_verbatim_rewrapped_or_requoted_always_verifies(
    passage, widths, requote
):
    name, text = passage
    copied = _rewrap(text, widths)
    if requote:
        copied = _requote(copied)
    assert Quote(copied).find(CANONICAL[name]) is not None, copied


@settings(max_examples=150, deadline=None)
@given(passages(), st.data())
def test_a_passage_with_one_word_or_digit_changed_never_verifies(passage, data):
    name, text = passage
    digits = [m.start() for m in re.finditer(r"\d", text)]
    words = list(re.finditer(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])", text))
    assume(digits or words)
    if digits and data.draw(st.booleans()):
        at = data.draw(st.sampled_from(digits))
        changed = text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :]
    else:
        word = data.draw(st.sampled_from(words)) if words else None
        assume(word is not None)
        assert word is not None
        replacement = data.draw(st.sampled_from(["the", "not", "never", "UN", "twelve"]))
        assume(replacement != word.group(0))
        changed = text[: word.start()] + replacement + text[word.end() :]
    assert Quote(changed).find(CANONICAL[name]) is None, changed


# --- HTML and PDF snapshots ------------------------------------------------------------------


def test_html_snapshots_are_read_as_a_browser_shows_them():
    page = (
        "<html><head><title>Report</title><style>p { color: red }</style>"
        "<script>var quote = 'executed in secret';</script></head><body>"
        "<p>Prisoners were <b>exe</b>cuted after mock trials.</p><div hidden>draft text</div>"
        "<p style='display: none'>tracking</p><noscript>enable scripts</noscript>"
        "<ul><li>first</li><li>second</li></ul></body></html>"
    )
    text = html_text(page)
    assert found("Prisoners were executed after mock trials.", text)
    assert text.split() == "Prisoners were executed after mock trials. first second".split()
    for hidden in ("executed in secret", "color", "draft text", "tracking", "enable scripts"):
        assert not found(hidden, text)


def _pdf_workspace(make_workspace, locator: str) -> Path:
    from weasyprint import HTML

    pages = [
        "<p>Introduction. The mission was mandated by the Council.</p>",
        "<p>The mission heard 120 witnesses over six weeks.</p>",
        "<p>Its final findings: thousands of prisoners were executed in secret.</p>",
    ]
    html = "".join(f"<section style='break-after: page'>{p}</section>" for p in pages)
    pdf = HTML(string=html).write_pdf()
    digest = hashlib.sha256(pdf).hexdigest()
    bib = (
        "@report{mission-2024,\n  author = {{Fact-finding mission}},\n  title = {Report},\n"
        f"  date = {{2024}},\n  snapshot = {{evidence/snapshots/mission.pdf}},\n"
        f"  sha256 = {{{digest}}},\n}}\n"
    )
    evidence = (
        "- id: findings\n  claim: Thousands of prisoners were executed in secret.\n"
        f"  sources:\n    - cite: mission-2024\n      locator: {locator}\n"
        "      quote: thousands of prisoners were executed in secret\n"
    )
    statement = "Thousands were executed [@findings].\n"
    root = make_workspace(
        files(
            {
                "bibliography.bib": bib,
                "evidence/claims.yaml": evidence,
                "dossiers/test/statement.md": statement,
                "evidence/snapshots/sr-2017.txt": None,
            }
        )
    )
    (root / "evidence/snapshots").mkdir(exist_ok=True)
    (root / "evidence/snapshots/mission.pdf").write_bytes(pdf)
    return root


def test_a_quote_on_the_page_its_locator_gives_passes(make_workspace):
    result = run_cli("check", "--strict", cwd=_pdf_workspace(make_workspace, "p. 3"))
    assert result.code == 0, result.err


def test_a_quote_on_another_page_is_reported_with_the_right_page(make_workspace):
    result = run_cli("check", "--strict", cwd=_pdf_workspace(make_workspace, "p. 2"))
    assert result.code == 1
    assert (
        "evidence/claims.yaml:6:14: error[D612]: the quote of evidence `findings` is on page 3 "
        "of evidence/snapshots/mission.pdf, not on p. 2\n"
        "  hint: change the locator to `p. 3`"
    ) in result.problems


def test_a_page_the_pdf_does_not_have(make_workspace):
    result = run_cli("check", "--strict", cwd=_pdf_workspace(make_workspace, "pp. 3-9"))
    assert result.code == 1
    assert (
        "evidence/claims.yaml:5:16: error[D612]: the snapshot of `mission-2024` "
        "(evidence/snapshots/mission.pdf) has no page 9\n"
        "  hint: its pages run from 1 to 3; the quote is on page 3"
    ) in result.problems


def test_a_changed_figure_in_a_pdf_quote_shows_the_page_and_the_figure(make_workspace):
    root = _pdf_workspace(make_workspace, "p. 2")
    claims = root / "evidence/claims.yaml"
    claims.write_text(
        claims.read_text().replace(
            "thousands of prisoners were executed in secret", "The mission heard 210 witnesses"
        )
    )
    result = run_cli("check", "--strict", cwd=root)
    assert (
        "  hint: the closest passage (page 2) reads “The mission heard 120 witnesses”; "
        "the source has “120” where the quote has “210”"
    ) in result.problems


def test_a_snapshot_that_is_not_a_pdf(make_workspace):
    root = _pdf_workspace(make_workspace, "p. 3")
    (root / "evidence/snapshots/mission.pdf").write_bytes(b"%PDF-1.7 not really")
    result = run_cli("check", cwd=root)
    assert result.code == 1
    assert "bibliography.bib:5:3: error[D604]: snapshot `evidence/snapshots/mission.pdf` " in (
        result.problems
    )
    assert "cannot be read: the PDF cannot be read" in result.err


def test_an_html_snapshot_is_checked_by_its_visible_text(make_workspace):
    page = (
        b"<html><head><meta charset='utf-8'><script>var note = 'secretly mass executed';"
        b"</script></head><body><article><p>More than 30,000 political prisoners were "
        b"secretly <em>mass</em> executed.</p></article></body></html>"
    )
    digest = hashlib.sha256(page).hexdigest()
    bib = (
        "@online{article,\n  title = {Article},\n  snapshot = {evidence/snapshots/article.html},\n"
        f"  sha256 = {{{digest}}},\n}}\n"
    )
    evidence = (
        "- id: killings\n  claim: More than 30,000 political prisoners were executed.\n"
        "  sources:\n    - cite: article\n"
        "      quote: political prisoners were secretly mass executed\n"
        "- id: script-only\n  claim: Executions.\n"
        "  sources:\n    - cite: article\n      quote: \"var note = 'secretly mass executed'\"\n"
    )
    root = make_workspace(
        files(
            {
                "bibliography.bib": bib,
                "evidence/claims.yaml": evidence,
                "dossiers/test/statement.md": "More than 30,000 were killed [@killings].\n",
                "evidence/snapshots/sr-2017.txt": None,
            }
        )
    )
    (root / "evidence/snapshots").mkdir(exist_ok=True)
    (root / "evidence/snapshots/article.html").write_bytes(page)
    result = run_cli("check", cwd=root)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "error[" in line]
    assert errors == [
        "evidence/claims.yaml:10:14: error[D611]: the quote of evidence `script-only` is not in "
        "the snapshot of `article` (evidence/snapshots/article.html)"
    ]
