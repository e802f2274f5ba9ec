"""Response table: counts by role × wave, totals and response rate."""

from __future__ import annotations

import math

import pytest
from factory import make_survey, scored

from reporter.metrics.responses import response_table


def _survey(project):
    rows = (scored("start", 1, "Aabenraa", "leder", {"f1": 5})
            + scored("start", 2, "Aabenraa", "mentor", {"f1": None})
            + scored("start", 3, "Billund", "mentor", {"f1": 4})
            + scored("slut", 4, "Billund", "leder", {"f1": 1}))
    # respondent 5 answered nothing but is still a respondent
    return make_survey(project, rows, respondents=[("slut", 5, "Odder", "sagsbehandler")])


def _value(table, **keys):
    sub = table
    for k, v in keys.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1
    return sub.iloc[0]


def test_counts_by_role_with_total_and_rate(project) -> None:
    out = response_table(project, _survey(project))
    assert list(out.columns) == ["municipality", "group", "wave", "value", "n", "rate"]
    assert set(out["municipality"]) == {"total"}
    assert _value(out, group="mentor", wave="start")["value"] == 2
    assert _value(out, group="projektleder", wave="start")["value"] == 0      # zero counts are kept
    total = _value(out, group="total", wave="start")
    assert total["value"] == 3 and total["n"] == 3 and total["rate"] == pytest.approx(3 / 40)
    assert _value(out, group="total", wave="slut")["rate"] == pytest.approx(2 / 30)
    assert math.isnan(_value(out, group="total", wave="midt")["rate"])       # no invited count for midt
    assert out.loc[out["group"] != "total", "rate"].isna().all()
    assert list(out["group"].drop_duplicates()) == ["leder", "projektleder", "sagsbehandler", "mentor", "total"]


def test_by_municipality_follows_participation(project) -> None:
    out = response_table(project, _survey(project), by="municipality")
    assert list(out["municipality"].drop_duplicates()) == ["total", "Aabenraa", "Billund", "Odder"]
    assert set(out.loc[out["municipality"] == "Odder", "wave"]) == {"start", "slut"}
    assert _value(out, municipality="Odder", wave="slut")["value"] == 1
    assert _value(out, municipality="total", wave="start")["rate"] == pytest.approx(3 / 40)


def test_by_municipality_and_role(project) -> None:
    out = response_table(project, _survey(project), by="municipality_role")
    assert _value(out, municipality="Aabenraa", group="mentor", wave="start")["value"] == 1
    assert _value(out, municipality="Aabenraa", group="total", wave="start")["value"] == 2
    assert out["rate"].isna().all()
    with pytest.raises(ValueError):
        response_table(project, _survey(project), by="side")  # type: ignore[arg-type]
