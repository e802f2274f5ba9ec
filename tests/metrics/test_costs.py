"""Cost metrics against a hand calculation on the reference evaluation's own Tabel 7-4 and 7-5.

The test project's cost lines are those tables item by item (thousand kr.), with the participants per year
(41, 63, 68, 38, 42) that its per-citizen row implies. Expected values are computed here by hand from the
tables, and checked against the figures the reference publishes (Figur 6-2, 6-3; rounded to 100 kr.).
"""

from __future__ import annotations

import math

import pytest
from cost_helpers import BUDGET, ESTABLISHMENT, OPERATION, PARTICIPANTS, write_project

from reporter.data.load import load_survey
from reporter.metrics.costs import annuity_factor, cost_tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    project, survey = load_survey(write_project(tmp_path_factory.mktemp("costs") / "p", note=None))
    return project, cost_tables(project, survey.costs)


def _hand():
    est = [sum(values[i] for _, _, values in ESTABLISHMENT) * 1000 for i in range(5)]
    ope = [sum(values[i] for _, _, values in OPERATION) * 1000 for i in range(5)]
    return est, ope


def _round100(x: float) -> int:
    return int(math.floor(x / 100 + 0.5) * 100)


def test_cost_items_sum_per_municipality_and_the_average_column(tables):
    project, t = tables
    items = t["cost_items"]
    est, ope = _hand()
    assert est == [180_000, 360_000, 416_000, 437_000, 809_000]   # Tabel 7-4 prints 414 and 808 (rounding)
    total = items[(items["item"] == "total")].set_index(["phase", "municipality"])["value"]
    for i, name in enumerate(["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]):
        assert total[("establishment", name)] == est[i]
        assert total[("operation", name)] == ope[i]
    assert total[("establishment", "average")] == pytest.approx(sum(est) / 5)          # 440.400
    assert round(total[("operation", "average")], -3) == 8_818_000                       # Tabel 7-5: 8.817.000
    one = items[(items["item"] == "Intern opstart af samarbejde") & (items["group"] == "Frontmedarbejdere")]
    assert one.set_index("municipality")["value"]["average"] == pytest.approx((58 + 16 + 12 + 80 + 388) * 1000 / 5)
    transport_b = items[(items["item"] == "Transport") & (items["municipality"] == "Kommune B")]["value"]
    assert transport_b.tolist() == [0.0]


def test_cost_per_citizen_per_municipality_matches_tabel_7_5(tables):
    _, t = tables
    over = t["cost_overview"]
    per = over[over["basis"] == "per_citizen"].set_index("municipality")
    _, ope = _hand()
    for i, name in enumerate(["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]):
        assert per.loc[name, "operation"] == pytest.approx(ope[i] / 2 / PARTICIPANTS[i])
    published = [56_000, 75_000, 85_000, 112_000, 118_000]   # "Gennemsnitlige driftsomk. pr. borger"
    assert [round(per.loc[n, "operation"], -3) for n in per.index[:5]] == published
    assert round(per.loc["average", "operation"], -3) == 87_000   # a ratio of means, not (56+…+118)/5


def test_average_municipality_per_citizen_matches_figur_6_2(tables):
    _, t = tables
    over = t["cost_overview"].set_index(["municipality", "basis"])
    est, ope = _hand()
    p = sum(PARTICIPANTS) / 5
    assert p == pytest.approx(50.4)
    e_citizen = (sum(est) / 5) / (p * 2)
    o_citizen = (sum(ope) / 5 / 2) / p
    row = over.loc[("average", "per_citizen")]
    assert row["establishment"] == pytest.approx(e_citizen)
    assert row["operation"] == pytest.approx(o_citizen)
    assert row["total"] == pytest.approx(e_citizen + o_citizen)
    assert [_round100(row[c]) for c in ("establishment", "operation", "total")] == [4_400, 87_500, 91_800]
    year = over.loc[("average", "per_year")]
    assert year["establishment"] == pytest.approx(sum(est) / 5 / (1 + 1 / 1.04))     # annuity due, 4 pct.
    assert annuity_factor(2, 0.04) == pytest.approx(1 + 1 / 1.04)
    assert year["operation"] == pytest.approx(sum(ope) / 5 / 2)
    period = over.loc[("average", "total")]
    assert period["total"] == pytest.approx(sum(est) / 5 + sum(ope) / 5)


def test_sensitivity_matches_figur_6_3(tables):
    _, t = tables
    sens = t["cost_sensitivity"]
    assert sens["position"].tolist() == ["lowest", "average", "highest"]
    assert sens["participants"].tolist() == pytest.approx([38, 50.4, 68])
    published = {38: (5_800, 116_000, 121_800), 50.4: (4_400, 87_500, 91_800), 68: (3_200, 64_800, 68_100)}
    for _, row in sens.iterrows():
        expected = published[round(row["participants"], 1)]
        assert (_round100(row["establishment"]), _round100(row["operation"]), _round100(row["total"])) == expected


def test_budget_result_subtracts_the_cost_from_the_paying_actor(tables):
    _, t = tables
    budget = t["budget_result"].set_index(["scenario", "actor"])
    cost = t["cost_overview"].set_index(["municipality", "basis"]).loc[("average", "per_citizen"), "total"]
    assert budget.loc[("A", "kommune"), "net"] == pytest.approx(-cost)
    assert budget.loc[("A", "stat"), "net"] == 0
    assert _round100(budget.loc[("B", "kommune"), "net"]) == -26_600          # the reference's figure for B
    for s, actors in BUDGET.items():
        total = sum(actors.values()) - cost
        assert budget.loc[(s, "total"), "net"] == pytest.approx(total)
        assert budget.loc[(s, "stat"), "costs"] == 0
