"""Register outcome tables against counts made directly from the raw files of the test project."""

from __future__ import annotations

import pandas as pd
import pytest
from register_helpers import REGISTER_PROJECT

from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all


@pytest.fixture(scope="module")
def computed():
    project, survey = load_survey(REGISTER_PROJECT)
    return project, compute_all(project, survey)


@pytest.fixture(scope="module")
def raw():
    persons = pd.read_csv(REGISTER_PROJECT / "register" / "persons.csv", dtype={"person_id": str})
    weeks = pd.read_parquet(REGISTER_PROJECT / "register" / "weeks.parquet")
    weeks["person_id"] = weeks["person_id"].astype(str)
    return weeks.merge(persons, on="person_id")


def _row(table, **keys):
    mask = pd.Series(True, index=table.index)
    for k, v in keys.items():
        mask &= table[k] == v
    assert mask.sum() == 1, keys
    return table[mask].iloc[0]


@pytest.mark.parametrize("week", [1, 52, 104])
def test_share_and_hours_equal_raw_counts(computed, raw, week):
    _, tables = computed
    sub = raw[(raw["gruppe"] == "I") & (raw["uge"] == week)]
    row = _row(tables["register_outcomes"], municipality="total", group="I", segment="total", outcome="virk_ord",
               period=week)
    assert row["n"] == len(sub)
    assert row["value"] == pytest.approx(sub["status"].isin(["virk", "ord"]).mean())
    hours = _row(tables["register_outcomes"], municipality="total", group="I", segment="total", outcome="timer",
                 period=week)
    assert hours["value"] == pytest.approx(sub["timer"].mean(), rel=1e-6)


def test_municipality_and_segment_cells(computed, raw):
    _, tables = computed
    sub = raw[(raw["gruppe"] == "I") & (raw["uge"] == 52) & (raw["kommune"] == "Ærø") & (raw["ydelse"] == "Kontanthjælp")]
    row = _row(tables["register_outcomes"], municipality="Ærø", group="I", segment="Kontanthjælp", outcome="virk",
               period=52)
    assert (row["n"], row["value"]) == (len(sub), pytest.approx((sub["status"] == "virk").mean()))


def test_time_points_are_the_named_weeks(computed):
    _, tables = computed
    tp = tables["register_time_points"]
    assert set(tp["time_point"]) == {"start", "slut"}
    end = _row(tp, municipality="total", group="K", segment="total", outcome="virk_ord", time_point="slut")
    same = _row(tables["register_outcomes"], municipality="total", group="K", segment="total", outcome="virk_ord",
                period=104)
    assert end["value"] == same["value"] and end["label"] == "Uge 104"


def test_key_figures_total_and_suppression(computed):
    project, tables = computed
    kf = tables["register_key_figures"]
    persons = pd.read_csv(REGISTER_PROJECT / "register" / "persons.csv")
    inter = persons[persons["gruppe"] == "I"]
    assert _row(kf, municipality="total", figure="persons")["value"] == len(inter)
    aero = _row(kf, municipality="Ærø", figure="event:forste_virk")
    sub = inter[inter["kommune"] == "Ærø"]
    assert aero["value"] == pytest.approx(sub["forste_virk"].notna().mean())
    assert (kf["suppressed"] == (kf["n"] < project.thresholds.min_n)).all()


def test_population_comparison_by_hand(computed):
    from scipy.stats import chi2_contingency

    _, tables = computed
    persons = pd.read_csv(REGISTER_PROJECT / "register" / "persons.csv")
    i = persons[persons["gruppe"] == "I"]["koen"]
    p = persons[persons["gruppe"] == "P"]["koen"]
    row = _row(tables["register_population"], background="koen", category="Kvinde")
    a, c = int((i == "Kvinde").sum()), int((p == "Kvinde").sum())
    assert row["share_intervention"] == pytest.approx(a / len(i))
    expected_p = chi2_contingency([[a, len(i) - a], [c, len(p) - c]], correction=False)[1]
    assert row["p"] == pytest.approx(expected_p)


def test_metrics_export_writes_register_tables(computed, tmp_path):
    from reporter.metrics.export import write_metrics

    _, tables = computed
    write_metrics(tables, tmp_path)
    back = pd.read_csv(tmp_path / "metrics" / "register_effects.csv")
    assert len(back) == len(tables["register_effects"])
    sheets = pd.ExcelFile(tmp_path / "metrics.xlsx").sheet_names
    assert "register_km" in sheets and "register_key_figures" in sheets
