"""Belief distribution: bands incl. "Ved ikke" as its own category, pooled totals, shares sum to 1."""

from __future__ import annotations

import pytest
from factory import answers, make_project, make_survey
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.metrics.belief import COLUMNS, belief_distribution

BANDS = ["0-49 %", "50-100 %", "Ved ikke"]


def _survey(project):
    rows = (answers("start", 1, "Aabenraa", "leder", {"tro": "0-49 %"})
            + answers("start", 2, "Aabenraa", "sagsbehandler", {"tro": "Ved ikke"})
            + answers("start", 3, "Billund", "sagsbehandler", {"tro": "50-100 %"})
            + answers("start", 4, "Billund", "mentor", {"tro": "50-100 %"})
            + answers("slut", 1, "Aabenraa", "leder", {"tro": "50-100 %"}))
    return make_survey(project, rows)


def _cell(table, municipality, group, wave):
    sub = table[(table["municipality"] == municipality) & (table["group"] == group) & (table["wave"] == wave)]
    return dict(zip(sub["option"], sub["value"])), set(sub["n"])


def test_ved_ikke_is_a_band_and_in_the_denominator(project) -> None:
    table = belief_distribution(project, _survey(project))
    assert list(table.columns) == COLUMNS
    shares, n = _cell(table, "total", "sagsbehandler", "start")
    assert shares == {"0-49 %": 0.0, "50-100 %": 0.5, "Ved ikke": 0.5} and n == {2}
    dk = table[table["option"] == "Ved ikke"]
    assert dk["dont_know"].all() and not table[table["option"] != "Ved ikke"]["dont_know"].any()


def test_total_is_pooled_over_respondents(project) -> None:
    shares, n = _cell(belief_distribution(project, _survey(project)), "total", "total", "start")
    assert shares == pytest.approx({"0-49 %": 0.25, "50-100 %": 0.5, "Ved ikke": 0.25}) and n == {4}


def test_every_band_listed_in_scale_order_and_groups_in_config_order(project) -> None:
    table = belief_distribution(project, _survey(project))
    for _, cell in table.groupby(["municipality", "group", "wave"], sort=False):
        assert list(cell["option"]) == BANDS
    start = table[table["wave"] == "start"]
    assert list(dict.fromkeys(start["group"])) == ["leder", "sagsbehandler", "mentor", "total"]
    assert "projektleder" not in set(table["group"])   # no answers -> no rows
    assert list(dict.fromkeys(table["wave"])) == ["start", "slut"]


def test_by_municipality_total_first(project) -> None:
    table = belief_distribution(project, _survey(project), by="municipality")
    assert list(dict.fromkeys(table[table["wave"] == "start"]["municipality"])) == ["total", "Aabenraa", "Billund"]
    assert set(table["group"]) == {"total"}
    shares, n = _cell(table, "Aabenraa", "total", "start")
    assert shares == {"0-49 %": 0.5, "50-100 %": 0.0, "Ved ikke": 0.5} and n == {2}


def test_no_belief_items_gives_an_empty_table_with_columns(project) -> None:
    p = make_project(belief=[])
    table = belief_distribution(p, _survey(p))
    assert table.empty and list(table.columns) == COLUMNS


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["start", "midt", "slut"]), st.sampled_from(["Aabenraa", "Billund"]),
                          st.sampled_from(["leder", "projektleder", "sagsbehandler", "mentor"]),
                          st.sampled_from(BANDS)), min_size=1, max_size=60),
       st.sampled_from(["role", "side", "municipality"]))
def test_distributions_sum_to_one_and_shares_are_fractions(draws, by) -> None:
    project = make_project()
    rows = [r for i, (w, m, role, band) in enumerate(draws) for r in answers(w, i, m, role, {"tro": band})]
    table = belief_distribution(project, make_survey(project, rows), by=by)
    assert ((table["value"] >= 0) & (table["value"] <= 1)).all()
    sums = table.groupby(["municipality", "group", "wave", "item"])["value"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)
    total = table[(table["municipality"] == "total") & (table["group"] == "total")]
    assert total.groupby("wave")["n"].first().sum() == len(draws)
