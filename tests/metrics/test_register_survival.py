"""Kaplan-Meier and Cox on lifelines' rossi recidivism data (432 released prisoners, 52 weeks).

Expected values are derived independently: in rossi nobody is censored before week 52, so the
Kaplan-Meier survival at week t is 1 − (arrests up to week t) / 432, counted here by hand from the
data; 114 of the 432 were arrested, so the median is not reached. The Cox hazard ratios are those
printed in lifelines' documentation (and Fox & Weisberg's appendix on Cox regression in R) for
``CoxPHFitter().fit(rossi, 'week', 'arrest')``: fin 0.68, age 0.94, race 1.37, wexp 0.86, mar 0.65,
paro 0.92, prio 1.10.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from lifelines.datasets import load_rossi

from reporter.metrics.register_effects import TREATMENT, fit_cox
from reporter.metrics.register_survival import kaplan_meier


@pytest.fixture(scope="module")
def rossi() -> pd.DataFrame:
    return load_rossi()


def test_rossi_is_censored_only_at_week_52(rossi):
    assert (rossi.loc[rossi["arrest"] == 0, "week"] == 52).all()
    assert int(rossi["arrest"].sum()) == 114 and len(rossi) == 432


@pytest.mark.parametrize("week", [1, 10, 20, 30, 40, 52])
def test_km_survival_at_weeks_equals_hand_count(rossi, week):
    curve, _ = kaplan_meier(rossi["week"].to_numpy(float), rossi["arrest"].to_numpy(bool), np.arange(0, 53.0))
    arrested = int(((rossi["week"] <= week) & (rossi["arrest"] == 1)).sum())
    expected = 1 - arrested / 432
    got = float(curve.loc[curve["time"] == week, "survival"].iloc[0])
    assert got == pytest.approx(expected, abs=1e-12)


def test_km_at_52_is_318_of_432_and_median_not_reached(rossi):
    curve, summary = kaplan_meier(rossi["week"].to_numpy(float), rossi["arrest"].to_numpy(bool), np.arange(0, 53.0))
    assert float(curve["survival"].iloc[-1]) == pytest.approx(318 / 432)
    assert math.isnan(summary["median"]) and summary["reason"] == "median not reached"
    # at-risk counts by hand: everybody at week 0, those with week >= t later
    assert int(curve.loc[curve["time"] == 20, "at_risk"].iloc[0]) == int((rossi["week"] >= 20).sum())
    lower, upper = curve["lower"].to_numpy(), curve["upper"].to_numpy()
    assert (lower <= curve["survival"].to_numpy() + 1e-12).all() and (curve["survival"].to_numpy() <= upper + 1e-12).all()


def test_km_median_of_a_small_hand_example():
    # 5 persons, events at 1, 2, 3 and censored at 4, 5: S(1)=0.8, S(2)=0.6, S(3)=0.4 → median 3
    curve, summary = kaplan_meier(np.array([1, 2, 3, 4, 5.0]), np.array([1, 1, 1, 0, 0], bool), np.arange(0, 6.0))
    assert list(np.round(curve["survival"], 10)) == [1.0, 0.8, 0.6, 0.4, 0.4, 0.4]
    assert summary["median"] == 3.0


def test_cox_hazard_ratios_equal_lifelines_documentation(rossi):
    X = rossi.drop(columns=["week", "arrest"]).rename(columns={"fin": TREATMENT})
    X.insert(0, "const", 1.0)
    rows = fit_cox(rossi["week"].to_numpy(float), rossi["arrest"].to_numpy(bool), X, {"model": "cox"})
    got = {r["term"]: r["estimate"] for r in rows}
    documented = {TREATMENT: 0.68, "age": 0.94, "race": 1.37, "wexp": 0.86, "mar": 0.65, "paro": 0.92, "prio": 1.10}
    for term, hr in documented.items():
        assert round(got[term], 2) == pytest.approx(hr), term
    fin = next(r for r in rows if r["term"] == TREATMENT)
    assert round(fin["lower"], 2) == 0.47 and round(fin["upper"], 2) == 1.00   # documented 95 % interval
    assert fin["p"] == pytest.approx(0.05, abs=0.005) and fin["stars"] == "**"


def test_cox_with_too_few_events_is_blank_with_a_reason():
    X = pd.DataFrame({"const": 1.0, TREATMENT: [0, 1] * 10})
    observed = np.zeros(20, bool)
    observed[:3] = True
    rows = fit_cox(np.arange(1, 21.0), observed, X, {"model": "cox"})
    assert len(rows) == 1 and math.isnan(rows[0]["estimate"]) and "too few events" in rows[0]["reason"]
