"""The HRC header lines: the session in words, its dates, and the sponsors grouped by status."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import files, run_cli
from dossier.cite.dates import format_date
from dossier.load.models import Sponsor
from dossier.load.profiles import load_profile
from dossier.render.html.render_html import session_dates, session_in_words, sponsor_line

WORDING = load_profile("hrc-written-statement", None)[0].wording
ENGLISH = WORDING.en


@pytest.mark.parametrize(
    "number, words",
    [(61, "Sixty-first session"), (45, "Forty-fifth session"), (1, "First session")],
)
def test_session_in_words(number, words):
    assert session_in_words(number, "en", ENGLISH.header) == words


@pytest.mark.parametrize(
    "start, end, text",
    [
        ("2026-02-23", "2026-04-02", "23 February–2 April 2026"),
        ("2025-12-29", "2026-01-09", "29 December 2025–9 January 2026"),
        ("2026-01-19", "2026-01-30", "19–30 January 2026"),
        ("2026-01-30", "2026-01-30", "30 January 2026"),
    ],
)
def test_session_dates(start, end, text):
    assert session_dates(start, end, ENGLISH) == text


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "19–30 January 2026"),
        ("fr", "19–30 janvier 2026"),
        ("es", "19–30 de enero de 2026"),
    ],
)
def test_a_range_within_a_month_names_the_month_once_in_each_language(language, text):
    assert session_dates("2026-01-19", "2026-01-30", WORDING.in_language(language)) == text


def test_a_range_of_days_in_a_bibliography_date_names_its_month_and_year_once():
    assert format_date("2026-01-01/2026-01-15", WORDING.fr.dates) == "1er–15 janvier 2026"
    assert format_date("2026-02-23/2026-04-02", WORDING.es.dates) == (
        "23 de febrero a 2 de abril de 2026"
    )
    # an uncertain end keeps both dates whole
    assert format_date("2026-01-19/2026-01-30?", ENGLISH.dates) == (
        "19 January 2026–30 January 2026?"
    )


def test_a_wording_without_same_month_writes_the_range_whole():
    dates = ENGLISH.dates.model_copy(update={"same_month": None})
    assert format_date("2026-01-19/2026-01-30", dates) == "19 January–30 January 2026"


def test_joint_sponsors_main_first_then_general_special_roster():
    sponsors = [
        Sponsor(name="Main", status="special"),
        Sponsor(name="Roster One", status="roster"),
        Sponsor(name="General One", status="general"),
        Sponsor(name="Special Two", status="special"),
    ]
    assert sponsor_line(sponsors, ENGLISH.header) == (
        "Main, Special Two, non-governmental organizations in special consultative status, "
        "General One, a non-governmental organization in general consultative status, "
        "Roster One, a non-governmental organization on the roster"
    )


def test_header_of_a_dossier_with_its_session(make_workspace):
    root = make_workspace(files())
    assert run_cli("build", cwd=root).code == 0
    text = " ".join(PdfReader(root / "build/test/test.pdf").pages[0].extract_text().split())
    assert (
        "Human Rights Council Sixty-first session 23 February–2 April 2026 Agenda item 4 "
        "Human rights situations that require the Council’s attention"
    ) in text
    assert "Written statement* submitted by Test Association, a non-governmental " in text


def test_a_sponsor_the_source_does_not_name_is_said_so_not_guessed():
    unstated = "The source does not name its submitting organization."
    assert sponsor_line([], ENGLISH.header, unstated) == f"[{unstated}]"
    assert sponsor_line([], ENGLISH.header) == "(no sponsor named)"
