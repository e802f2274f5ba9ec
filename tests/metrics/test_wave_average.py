"""Unweighted mean of multi-select shares over the measurements, against the fixture's raw CSV."""

from __future__ import annotations

import pandas as pd
import pytest
from example_projects import FIXTURES, computed


def test_average_is_the_plain_mean_of_the_wave_shares():
    table = computed("social-support").tables["wave_average_shares"]
    raw = pd.read_csv(FIXTURES / "social-support" / "data" / "progression.csv")
    project = computed("social-support").project
    options = project.scales["indhold"].options
    for k, option in enumerate(options, start=1):
        column = f"cti_indhold_{k}"
        shares, ns = [], []
        for wave in ("m2", "m3", "m4", "m5"):
            values = raw.loc[raw["maaling"] == wave, column].dropna()
            shares.append(values.mean())
            ns.append(len(values))
            row = table[(table["option"] == option.label) & (table["wave"] == wave)].iloc[0]
            assert row["value"] == pytest.approx(values.mean()) and row["n"] == len(values)
        avg = table[(table["option"] == option.label) & (table["wave"] == "average")].iloc[0]
        assert avg["value"] == pytest.approx(sum(shares) / 4) and avg["n"] == min(ns)
    # unweighted: differs from the pooled share when the n differ
    pooled = raw.loc[raw["maaling"] != "m1", "cti_indhold_1"].mean()
    first = table[(table["option"] == options[0].label) & (table["wave"] == "average")]["value"].iloc[0]
    assert first != pytest.approx(pooled, abs=1e-12)
