"""Paired change: the same persons at the first and the k-th measurement, t-test and Wilcoxon equal to scipy on
pairs built independently here (from the raw answer files), persons with one measurement counted."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from example_projects import FIXTURES, computed
from instrument_helpers import ROWS, write_panel
from scipy import stats

from reporter.data.load import load_survey
from reporter.metrics.panel import instrument_change, paired_tests


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return load_survey(write_panel(tmp_path_factory.mktemp("panel") / "p", ROWS))


def test_mini_panel_change_by_hand(mini):
    project, survey = mini
    change = instrument_change(project, survey).set_index(["instrument", "to_wave"])
    # WHO-5 m1 -> m2: p1 40 -> 48, p2 20 -> 24, p3 60 -> 80 (p4 has no m1 score, p5 no m2, p6 no m1)
    row = change.loc[("who5", "m2")]
    assert row["n"] == 3 and row["mean_from"] == pytest.approx(40) and row["mean_to"] == pytest.approx(152 / 3)
    assert row["change"] == pytest.approx((8 + 4 + 20) / 3)
    t = stats.ttest_rel([48, 24, 80], [40, 20, 60])
    w = stats.wilcoxon([48, 24, 80], [40, 20, 60])
    assert (row["t_statistic"], row["t_p"]) == pytest.approx((t.statistic, t.pvalue))
    assert (row["w_statistic"], row["w_p"]) == pytest.approx((w.statistic, w.pvalue))
    # persons with a WHO-5 score: p1 p2 p3 p5 p6 (p4 never complete); only one measurement: p5 (m1), p6 (m2)
    assert row["persons"] == 5 and row["only_one"] == 2
    # unpaired for m1 -> m2: p5 (m1 only) and p6 (m2 only)
    assert row["unpaired"] == 2
    # m1 -> m3: p1 40 -> 80, p3 60 -> 64
    row = change.loc[("who5", "m3")]
    assert row["n"] == 2 and row["change"] == pytest.approx((40 + 4) / 2)


def test_zero_differences_stay_in_the_t_test(mini):
    project, survey = mini
    change = instrument_change(project, survey).set_index(["instrument", "to_wave"])
    # GSE m1 -> m2: p1 30 -> 30, p2 20 -> 30, p3 40 -> 40 (p4 and p5 have no m2)
    row = change.loc[("gse", "m2")]
    assert row["n"] == 3 and row["change"] == pytest.approx(10 / 3)
    assert row["t_p"] == pytest.approx(stats.ttest_rel([30, 30, 40], [30, 20, 40]).pvalue)


def test_too_few_or_no_differences_give_no_test():
    assert all(math.isnan(x) for x in paired_tests(np.array([1.0]), np.array([2.0])))
    assert all(math.isnan(x) for x in paired_tests(np.array([1.0, 2.0]), np.array([1.0, 2.0])))


def test_not_a_panel_has_no_change(tmp_path):
    project, survey = load_survey(write_panel(tmp_path / "p", ROWS, panel=False))
    assert instrument_change(project, survey).empty


def _raw_scores() -> pd.DataFrame:
    """WHO-5 and GSE scores computed from the fixture's CSV by hand: WHO-5 = sum × 4 with all five answered;
    GSE = mean of the answered items × 10 with at least seven answered."""
    raw = pd.read_csv(FIXTURES / "social-support" / "data" / "progression.csv", dtype={"borger_id": str})
    who = raw[[f"who5_{k}" for k in range(1, 6)]]
    gse = raw[[f"gse_{k}" for k in range(1, 11)]]
    return pd.DataFrame({
        "id": raw["borger_id"], "wave": raw["maaling"],
        "who5": np.where(who.notna().all(axis=1), who.sum(axis=1) * 4, np.nan),
        "gse": np.where(gse.notna().sum(axis=1) >= 7, gse.mean(axis=1) * 10, np.nan),
    })


@pytest.mark.parametrize("instrument", ["who5", "gse"])
def test_fixture_change_equals_scipy_on_independent_pairs(instrument):
    c = computed("social-support")
    table = c.tables["instrument_change"]
    raw = _raw_scores()
    first = raw[raw["wave"] == "m1"][["id", instrument]].dropna()
    for wave in ("m2", "m3", "m4", "m5"):
        later = raw[raw["wave"] == wave][["id", instrument]].dropna()
        pairs = first.merge(later, on="id", suffixes=("_a", "_b"))
        a, b = pairs[f"{instrument}_a"].to_numpy(), pairs[f"{instrument}_b"].to_numpy()
        row = table[(table["instrument"] == instrument) & (table["to_wave"] == wave)].iloc[0]
        assert row["n"] == len(pairs)
        assert row["mean_from"] == pytest.approx(a.mean()) and row["mean_to"] == pytest.approx(b.mean())
        assert row["change"] == pytest.approx((b - a).mean())
        t = stats.ttest_rel(b, a)
        w = stats.wilcoxon(b, a)
        assert row["t_statistic"] == pytest.approx(t.statistic) and row["t_p"] == pytest.approx(t.pvalue)
        assert row["w_statistic"] == pytest.approx(w.statistic) and row["w_p"] == pytest.approx(w.pvalue)
    scored = raw.dropna(subset=[instrument]).groupby("id").size()
    row = table[table["instrument"] == instrument].iloc[0]
    assert row["persons"] == len(scored) and row["only_one"] == int((scored == 1).sum())
    assert not math.isnan(row["t_p"])
