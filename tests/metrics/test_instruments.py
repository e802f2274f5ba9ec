"""Instrument scores and summaries of the mini panel (tests/instrument_helpers.py), against hand calculations."""

from __future__ import annotations

import math

import pytest
from instrument_helpers import ROWS, write_panel

from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all
from reporter.metrics.instruments import person_scores


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    project, survey = load_survey(write_panel(tmp_path_factory.mktemp("panel") / "p", ROWS))
    return project, survey, compute_all(project, survey)


def _score(project, survey, instrument, rid, wave, recode=None):
    s = person_scores(project, survey, project.instrument(instrument), recode)
    return s[(s["respondent"] == rid) & (s["wave"] == wave)]["score"].iloc[0]


def test_person_scores_follow_the_published_rules(mini):
    project, survey, _ = mini
    assert _score(project, survey, "who5", "p1", "m1") == 40           # (2 × 5) × 4
    assert _score(project, survey, "who5", "p3", "m3") == 64           # 16 × 4
    assert math.isnan(_score(project, survey, "who5", "p4", "m1"))     # one item blank
    assert _score(project, survey, "gse", "p3", "m1") == 40            # 3 missing: mean 4 × 10
    assert math.isnan(_score(project, survey, "gse", "p5", "m1"))      # 4 missing
    assert _score(project, survey, "gse", "p2", "m2") == 30


def test_means_and_bands_at_the_first_measurement(mini):
    _, _, tables = mini
    means = tables["instrument_means"]
    who5 = means[(means["instrument"] == "who5") & (means["municipality"] == "total") & (means["wave"] == "m1")].iloc[0]
    assert who5["n"] == 4 and who5["value"] == pytest.approx((40 + 20 + 60 + 20) / 4) and who5["reference"] == 68
    aby = means[(means["instrument"] == "who5") & (means["municipality"] == "Aby") & (means["wave"] == "m1")].iloc[0]
    assert aby["n"] == 2 and aby["value"] == pytest.approx(30)
    bands = tables["instrument_bands"]
    m1 = bands[(bands["instrument"] == "who5") & (bands["municipality"] == "total") & (bands["wave"] == "m1")]
    assert dict(zip(m1["band"], m1["count"])) == {"Stor risiko": 2, "Risiko": 1, "Ingen risiko": 1}  # 20, 20 | 40 | 60
    assert m1["value"].tolist() == pytest.approx([0.5, 0.25, 0.25])


def test_collapsed_categories_per_item(mini):
    _, _, tables = mini
    cats = tables["instrument_categories"]
    # gse_5 at m1: p1 3, p2 2, p3 4, p4 1, p5 blank -> Lav 2 of 4, Høj 2 of 4
    g5 = cats[(cats["item"] == "gse_5") & (cats["wave"] == "m1")]
    assert dict(zip(g5["category"], g5["count"])) == {"Lav": 2, "Høj": 2} and set(g5["n"]) == {4}
    # gse_8 at m1: p3 and p5 blank -> p1 3, p2 2, p4 1
    g8 = cats[(cats["item"] == "gse_8") & (cats["wave"] == "m1")]
    assert dict(zip(g8["category"], g8["value"])) == {"Lav": pytest.approx(2 / 3), "Høj": pytest.approx(1 / 3)}


def test_sensitivity_recodes_the_answers(mini):
    _, _, tables = mini
    sens = tables["instrument_sensitivity"]
    m1 = sens[(sens["instrument"] == "who5") & (sens["wave"] == "m1")].set_index("scenario")
    # conservative 3 -> 2: p3 (3,3,3,3,3) becomes 10 × 4 = 40, p5 (0,1,3,1,0) becomes 4 × 4 = 16
    assert m1.loc["lav", "value"] == pytest.approx((40 + 20 + 40 + 16) / 4)
    # optimistic 1 -> 2: p2 becomes 40, p5 (0,2,3,2,0) becomes 28
    assert m1.loc["hoej", "value"] == pytest.approx((40 + 40 + 60 + 28) / 4)
    assert m1.loc["base", "value"] == pytest.approx(35.0) and set(m1["n"]) == {4}
