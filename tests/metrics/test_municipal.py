"""Municipality-level metrics and the statement metrics on hand-computed data."""

from __future__ import annotations

import pandas as pd
import pytest

from factory import answers, make_project, make_survey, scored

from reporter.metrics.municipal import (NOT_ANSWERED, attribute_groups, core_scores, group_by_attribute,
                                        municipality_counts, municipality_distribution, municipality_ticks)
from reporter.metrics.statements import pool_sides, statement_means


@pytest.fixture(scope="module")
def data():
    project = make_project()
    rows = []
    rows += scored("start", 1, "Aabenraa", "leder", {"f1": 5, "f2": 3, "f5": 4})
    rows += scored("start", 2, "Aabenraa", "mentor", {"f1": 2, "f2": None})
    rows += scored("start", 3, "Billund", "leder", {"f1": 1, "f2": 1, "f5": 1})
    rows += answers("start", 1, "Aabenraa", "leder", {"bruger": "Ja", "kanal": [("Mail", 1), ("Møde", 0)]})
    rows += answers("start", 3, "Billund", "leder", {"bruger": "Nej", "kanal": [("Mail", 1), ("Møde", 1)]})
    rows += answers("start", 2, "Aabenraa", "mentor", {"bruger": "Nej", "sager": 10})
    rows += answers("start", 4, "Billund", "sagsbehandler", {"sager": 40})
    return project, make_survey(project, rows)


def test_core_scores_by_hand(data):
    project, survey = data
    table = core_scores(project, survey)
    one = table[(table["core_element"] == "1a") & (table["wave"] == "start")].set_index("municipality")
    # Aabenraa: f1 (5+2)/2 = 3,5, f2 3 (Ved ikke left out), f5 4 → (3,5+3+4)/3 = 3,5; Billund 1
    assert one.loc["Aabenraa", "value"] == pytest.approx(3.5)
    assert one.loc["Aabenraa", "n"] == 4
    assert one.loc["Billund", "value"] == pytest.approx(1.0)
    assert one.loc["total", "value"] == pytest.approx(2.25) and one.loc["total", "n"] == 2
    assert table["municipality"].iloc[0] == "total"


def test_municipality_counts_and_distribution(data):
    project, survey = data
    counts = municipality_counts(project, survey)
    assert set(counts["group"]) == {"leader"}
    dist = municipality_distribution(project, counts, "bruger", "leader")
    start = dist[dist["wave"] == "start"].set_index("option")["value"]
    # Aabenraa Ja, Billund Nej, Odder (in the start wave) no answer
    assert start.to_dict() == {"Ja": 1, "Nej": 1, NOT_ANSWERED: 1}
    ticks = municipality_ticks(project, counts, "kanal", "leader").set_index("option")
    assert ticks.loc["Mail", "value"] == 2 and ticks.loc["Møde", "value"] == 1 and ticks.loc["Mail", "n"] == 2


def test_pool_sides_equals_the_pooled_total(data):
    project, survey = data
    means = statement_means(project, survey, items=["f1"])
    sides = pool_sides(project, means).set_index(["group", "wave"])
    assert sides.loc[("leader", "start"), "value"] == pytest.approx(3.0)     # (5 + 1) / 2
    assert sides.loc[("employee", "start"), "value"] == pytest.approx(2.0)
    assert sides.loc[("total", "start"), "value"] == pytest.approx(8 / 3)
    assert sides.loc[("leader", "start"), "n"] == 2


def test_attribute_groups_bands_and_means():
    project = make_project(municipalities=[{"name": "A", "population": 10}, {"name": "B", "population": 30},
                                           {"name": "C", "attributes": {"x": "y"}}])
    with pytest.raises(ValueError, match="without attribute 'population': C"):
        attribute_groups(project, "population")
    project = make_project(municipalities=[{"name": "A", "population": 10}, {"name": "B", "population": 30},
                                           {"name": "C", "population": 20}])
    groups = attribute_groups(project, "population", [20], ["lille", "stor"])
    assert groups == {"A": "lille", "B": "stor", "C": "stor"}       # an edge belongs to the band above
    table = pd.DataFrame({"municipality": ["total", "A", "B", "C"], "wave": ["s"] * 4, "value": [9, 1.0, 2.0, 4.0]})
    out = group_by_attribute(table, groups).set_index("attribute_group")
    assert out.loc["stor", "value"] == 3.0 and out.loc["stor", "n"] == 2 and out.loc["lille", "value"] == 1.0


def test_pool_sides_equals_computing_by_side():
    """Side rows pooled from role rows = the same table computed by side directly (a random survey)."""
    from factory import random_survey

    from reporter.metrics.topbox import topbox

    project = make_project()
    survey = random_survey(project, 400, seed=3)
    pooled = pool_sides(project, topbox(project, survey, by="role"))
    direct = topbox(project, survey, by="side")
    key = ["group", "wave", "item"]
    merged = pooled.merge(direct, on=key, suffixes=("_pooled", "_direct"))
    assert len(merged) == len(direct) > 0
    assert (merged["n_pooled"] == merged["n_direct"]).all()
    assert merged["value_pooled"].to_numpy() == pytest.approx(merged["value_direct"].to_numpy())
