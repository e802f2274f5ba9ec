"""Top-box share of single statements: "Ved ikke" excluded, totals pooled, only respondents asked."""

from __future__ import annotations

import pytest
from factory import answers, make_project, make_survey, scored
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.metrics.topbox import COLUMNS, statement_items, topbox


def _value(table, group, wave, item):
    sub = table[(table["group"] == group) & (table["wave"] == wave) & (table["item"] == item)]
    assert len(sub) == 1
    return sub["value"].iloc[0], sub["n"].iloc[0]


def test_default_items_are_unfiltered_non_belief_statements(project) -> None:
    assert statement_items(project) == ["f1", "f2", "f3", "f4", "f5"]
    assert statement_items(project, filtered=True) == ["vaerktoej"]


def test_ved_ikke_is_excluded_and_total_is_pooled(project) -> None:
    rows = (scored("start", 1, "Aabenraa", "sagsbehandler", {"f1": 5})
            + scored("start", 2, "Aabenraa", "sagsbehandler", {"f1": 3})
            + scored("start", 3, "Billund", "sagsbehandler", {"f1": None})      # Ved ikke: not counted
            + scored("start", 4, "Billund", "leder", {"f1": 4}))
    table = topbox(project, make_survey(project, rows))
    assert list(table.columns) == COLUMNS
    assert _value(table, "sagsbehandler", "start", "f1") == (0.5, 2)
    assert _value(table, "leder", "start", "f1") == (1.0, 1)
    value, n = _value(table, "total", "start", "f1")
    assert (value, n) == (pytest.approx(2 / 3), 3)   # pooled, not (0.5 + 1.0) / 2
    assert set(table["municipality"]) == {"total"}


def test_only_ved_ikke_leaves_no_row(project) -> None:
    rows = scored("start", 1, "Aabenraa", "mentor", {"f1": None})
    assert topbox(project, make_survey(project, rows)).empty


def test_reverse_item_counts_top_after_polarity(project) -> None:
    # f4 is reverse-worded: "Helt uenig" (raw 1) is the high-fidelity answer and counts as top.
    rows = (scored("slut", 1, "Aabenraa", "mentor", {"f4": 1}) + scored("slut", 2, "Aabenraa", "mentor", {"f4": 5}))
    assert _value(topbox(project, make_survey(project, rows), items=["f4"]), "mentor", "slut", "f4") == (0.5, 2)


def test_rows_of_roles_not_asked_are_ignored(project) -> None:
    # f5 is asked of leaders only; a stray employee answer must not count.
    rows = scored("start", 1, "Aabenraa", "leder", {"f5": 2}) + scored("start", 2, "Aabenraa", "mentor", {"f5": 5})
    table = topbox(project, make_survey(project, rows), items=["f5"])
    assert set(table["group"]) == {"leder", "total"}
    assert _value(table, "total", "start", "f5") == (0.0, 1)


def test_by_municipality(project) -> None:
    rows = (scored("start", 1, "Aabenraa", "leder", {"f1": 5}) + scored("start", 2, "Billund", "leder", {"f1": 1}))
    table = topbox(project, make_survey(project, rows), by="municipality")
    assert list(table["municipality"]) == ["total", "Aabenraa", "Billund"]
    assert list(table["value"]) == [0.5, 1.0, 0.0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["start", "slut"]), st.sampled_from(["leder", "sagsbehandler", "mentor"]),
                          st.sampled_from([1, 2, 3, 4, 5, None])), min_size=1, max_size=50))
def test_shares_are_fractions_and_total_n_is_the_valid_answers(draws) -> None:
    project = make_project()
    rows = [r for i, (w, role, s) in enumerate(draws) for r in scored(w, i, "Aabenraa", role, {"f1": s})]
    table = topbox(project, make_survey(project, rows), items=["f1"])
    assert ((table["value"] >= 0) & (table["value"] <= 1)).all()
    total = table[table["group"] == "total"]
    assert total["n"].sum() == sum(s is not None for *_, s in draws)
    tops = sum(s is not None and s >= 4 for *_, s in draws)
    assert (total["value"] * total["n"]).sum() == pytest.approx(tops)
