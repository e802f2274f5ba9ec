"""Change status (traffic light): boundaries, missing values, table wiring."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reporter.config.models import ChangeRule
from reporter.metrics.change import classify, classify_array, with_change


@pytest.mark.parametrize(("delta", "expected"), [
    (0.06, "up"), (0.05, "same"), (0.55 - 0.5, "same"), (0.0, "same"), (-0.05, "same"), (0.45 - 0.5, "same"),
    (-0.0500001, "down"), (0.0500001, "up"), (None, None), (math.nan, None), (pd.NA, None),
])
def test_classify_boundaries(delta, expected) -> None:
    assert 0.55 - 0.5 > 0.05                     # the float noise the rule must absorb
    assert classify(delta, 0.05) == expected


def test_score_threshold() -> None:
    assert classify(4.03 - 3.93, 0.1) == "same"  # 0.10000000000000009 in floats
    assert classify(3.89 - 3.53, 0.1) == "up"
    assert classify(3.60 - 3.73, 0.1) == "down"


def test_classify_array_matches_scalar() -> None:
    deltas = np.array([0.06, 0.55 - 0.5, -0.2, np.nan, -0.05])
    assert list(classify_array(deltas, 0.05)) == [classify(d, 0.05) for d in deltas]


def test_with_change_on_the_to_wave_rows() -> None:
    rule = ChangeRule.model_validate({"threshold": 0.05, "from": "midt", "to": "slut"})
    table = pd.DataFrame({
        "municipality": ["A", "A", "A", "B", "B", "C"],
        "group": ["samlet"] * 6,
        "wave": ["start", "midt", "slut", "midt", "slut", "slut"],
        "value": [0.81, 0.86, 0.86, 0.50, 0.40, 0.30],
    }, index=[10, 11, 12, 13, 14, 15])
    out = with_change(table, rule, ["municipality", "group"])
    assert list(out.index) == list(table.index)
    assert out.loc[12, "change"] == pytest.approx(0.0) and out.loc[12, "status"] == "same"
    assert out.loc[14, "change"] == pytest.approx(-0.1) and out.loc[14, "status"] == "down"
    assert math.isnan(out.loc[15, "change"]) and out.loc[15, "status"] is None   # C has no midt value
    assert out.loc[[10, 11, 13], "status"].isna().all() and out.loc[[10, 11, 13], "change"].isna().all()
    with pytest.raises(ValueError):
        with_change(table, rule, ["group"])                                      # keys not unique per wave
