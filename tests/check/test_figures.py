"""Figures in running text, compared by value whatever the grouping of their thousands."""

from __future__ import annotations

import pytest

from dossier.check.figures import figure_value, figures_in


@pytest.mark.parametrize(
    "written, value",
    [("1,650", "1650"), ("1650", "1650"), ("1 650", "1650"), ("1\u202f650", "1650"),
     ("30 000", "30000"), ("007", "7"), ("2.5", "2.5")],
)  # fmt: skip
def test_a_figure_has_one_value_however_it_is_grouped(written, value):
    assert figure_value(written) == value


def test_figures_of_a_sentence_leave_out_symbols_addresses_and_quotations():
    text = (
        "On 17 July 2020, 1,650 people (see A/72/322 and https://example.org/2019) "
        "were “killed in 88”, the 1988 massacre."
    )
    quotation = (text.index("“"), text.index("”") + 1)
    found = [(f.written, f.value) for f in figures_in(text, [quotation])]
    assert found == [("17", "17"), ("2020", "2020"), ("1,650", "1650"), ("1988", "1988")]
    untraced = [f.written for f in figures_in(text, [quotation], event_names=False)]
    assert untraced == ["17", "2020", "1,650"]  # "the 1988 massacre" names an event


@pytest.mark.parametrize(
    "text, kept",
    [("in 1988, thousands", ["1988"]), ("the 1988 massacre", []), ("Iran’s 1988 executions", []),
     ("the summer of 1988 was", ["1988"]), ("between July and August 1988", ["1988"])],
)  # fmt: skip
def test_a_year_names_an_event_only_after_a_determiner_and_before_a_word(text, kept):
    assert [f.written for f in figures_in(text, event_names=False)] == kept
