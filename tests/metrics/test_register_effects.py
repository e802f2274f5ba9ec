"""Effect estimates on synthetic extracts with a known effect, and models that cannot be fitted."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reporter.data.load import load_survey
from reporter.metrics.register_effects import TREATMENT, effect_table, fit_logit, fit_ols, stars
from register_helpers import synthetic_project

BUILT_IN = 0.06  # the generator's effect at week 52 (pct.-points as a share)


def _effect(tables: pd.DataFrame, model: str, outcome: str = "virk_ord", segment: str = "total") -> pd.Series:
    rows = tables[(tables["model"] == model) & (tables["outcome"] == outcome) & (tables["segment"] == segment)
                  & (tables["term"] == TREATMENT)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture(scope="module")
def with_effect(tmp_path_factory):
    project, survey = load_survey(synthetic_project(tmp_path_factory.mktemp("effect") / "p", persons=6000,
                                                    effect=BUILT_IN, seed=11))
    return effect_table(project, survey.register)


@pytest.fixture(scope="module")
def placebo(tmp_path_factory):
    project, survey = load_survey(synthetic_project(tmp_path_factory.mktemp("placebo") / "p", persons=6000,
                                                    effect=0.0, seed=12))
    return effect_table(project, survey.register)


def test_ci_contains_the_built_in_effect(with_effect):
    row = _effect(with_effect, "ols")
    assert row["lower"] <= BUILT_IN <= row["upper"]
    assert row["lower"] > 0           # and with 3,000 per group it is clearly positive
    assert row["reason"] == "" and row["n"] > 5000


def test_placebo_ci_contains_zero(placebo):
    row = _effect(placebo, "ols")
    assert row["lower"] <= 0 <= row["upper"]
    odds = _effect(placebo, "logit")
    assert odds["lower"] <= 1 <= odds["upper"]


def test_odds_ratio_and_hazard_ratio_point_the_same_way(with_effect):
    odds = _effect(with_effect, "logit")
    assert odds["estimate"] > 1 and odds["lower"] < odds["estimate"] < odds["upper"]
    cox = _effect(with_effect, "cox", outcome="forste_virk")
    assert cox["estimate"] > 1 and np.isfinite(cox["p"]) and cox["events"] > 0


def test_effect_by_segment_rows(with_effect):
    segments = set(with_effect.loc[with_effect["model"] == "ols", "segment"])
    assert segments == {"total", "Kontanthjælp", "Ressourceforløb"}


def test_ols_robust_se_matches_hand_computation():
    # y = 1 for 3 of 4 intervention persons and 1 of 4 comparison persons: difference 0.5
    y = pd.Series([1, 1, 1, 0, 1, 0, 0, 0], dtype=float)
    X = pd.DataFrame({"const": 1.0, TREATMENT: [1, 1, 1, 1, 0, 0, 0, 0]})
    row = fit_ols(y, X, {})[0]
    assert row["estimate"] == pytest.approx(0.5)
    # HC1: residual variances p(1-p) per group; se² = n/(n-k) · Σ over groups of p(1-p)/m
    se = math.sqrt(8 / 6 * (0.75 * 0.25 / 4 + 0.25 * 0.75 / 4))
    assert row["upper"] - row["estimate"] == pytest.approx(1.959964 * se, rel=1e-5)


def test_perfect_separation_is_blank_with_a_reason():
    y = pd.Series([1.0] * 10 + [0.0] * 10)
    X = pd.DataFrame({"const": 1.0, TREATMENT: [1] * 10 + [0] * 10})
    row = fit_logit(y, X, {})[0]
    assert math.isnan(row["estimate"]) and "separation" in row["reason"]


def test_no_variation_is_blank_with_a_reason():
    X = pd.DataFrame({"const": 1.0, TREATMENT: [1, 0] * 5})
    for fit in (fit_ols, fit_logit):
        row = fit(pd.Series([0.0] * 10), X, {})[0]
        assert math.isnan(row["estimate"]) and row["reason"] == "outcome has no variation"


@pytest.mark.parametrize("p, expected", [(0.001, "***"), (0.03, "**"), (0.07, "*"), (0.2, ""), (math.nan, "")])
def test_stars(p, expected):
    assert stars(p) == expected


def test_logit_on_patterns_equals_person_level_logit():
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    n = 3000
    frame = pd.DataFrame({TREATMENT: rng.integers(0, 2, n).astype(bool),
                          "age": pd.Categorical(rng.choice(["a", "b", "c"], n), categories=["a", "b", "c"])})
    from reporter.metrics.register_effects import design

    X = design(frame, ["age"])
    p = 1 / (1 + np.exp(-(-1 + 0.4 * X[TREATMENT] + 0.3 * X["age=b"] - 0.2 * X["age=c"])))
    y = pd.Series((rng.random(n) < p).astype(float))
    rows = {r["term"]: r for r in fit_logit(y, X, {})}
    person = sm.Logit(y, X).fit(disp=0)
    for term in (TREATMENT, "age=b", "age=c"):
        assert rows[term]["estimate"] == pytest.approx(math.exp(person.params[term]), rel=1e-8)
        assert rows[term]["p"] == pytest.approx(person.pvalues[term], rel=1e-6)
        assert rows[term]["lower"] == pytest.approx(math.exp(person.conf_int().loc[term, 0]), rel=1e-7)


def test_ols_on_patterns_equals_statsmodels_person_level_hc1():
    import statsmodels.api as sm

    from reporter.metrics.register_effects import design

    rng = np.random.default_rng(8)
    n = 4000
    frame = pd.DataFrame({TREATMENT: rng.integers(0, 2, n).astype(bool),
                          "sex": pd.Categorical(rng.choice(["k", "m"], n), categories=["k", "m"]),
                          "age": pd.Categorical(rng.choice(["a", "b", "c"], n), categories=["a", "b", "c"])})
    X = design(frame, ["sex", "age"])
    y = pd.Series(rng.gamma(2.0, 3.0, n) * (rng.random(n) < 0.3 + 0.05 * X[TREATMENT]))   # hours-like
    rows = {r["term"]: r for r in fit_ols(y, X, {})}
    person = sm.OLS(y, X).fit(cov_type="HC1")
    ci = person.conf_int()
    for term in (TREATMENT, "sex=m", "age=b", "age=c"):
        assert rows[term]["estimate"] == pytest.approx(person.params[term], rel=1e-9)
        assert rows[term]["lower"] == pytest.approx(ci.loc[term, 0], rel=1e-8)
        assert rows[term]["upper"] == pytest.approx(ci.loc[term, 1], rel=1e-8)
        assert rows[term]["p"] == pytest.approx(person.pvalues[term], rel=1e-6, abs=1e-12)


def test_events_only_extract_gives_km_and_cox(tmp_path):
    """One row per person with event dates and censoring, no periods file: survival and Cox still work."""
    from register_helpers import edit_config

    from reporter.metrics.compute import compute_all

    root = synthetic_project(tmp_path / "p", persons=1200, effect=0.06, seed=21)

    def change(config):
        reg = config["register"]
        for key in ("periods_file", "outcomes", "time_points", "statuses"):
            reg.pop(key, None)
        reg["effects"] = {"event": "forste_virk", "covariates": ["koen"]}
    edit_config(root, change)
    project, survey = load_survey(root)
    tables = compute_all(project, survey)
    assert survey.register.periods is None and tables["register_outcomes"].empty
    cox = tables["register_effects"]
    assert set(cox["model"]) == {"cox"} and np.isfinite(_effect(cox, "cox", outcome="forste_virk")["estimate"])
    assert len(tables["register_km_median"]) == 4
