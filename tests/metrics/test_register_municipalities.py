"""Fidelity line and regression table on municipality data with a known linear relation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reporter.metrics.register_municipalities import _ols, significance


def test_ols_line_recovers_an_exact_line():
    x = pd.DataFrame({"x": [3.0, 3.5, 4.0, 4.5]})
    fit = _ols(0.0514 * x["x"].to_numpy() + 0.5811, x)
    assert fit.params["x"] == pytest.approx(0.0514) and fit.params["const"] == pytest.approx(0.5811)
    assert fit.rsquared == pytest.approx(1.0)


def test_r2_by_hand():
    x = np.array([1.0, 2, 3, 4, 5])
    y = np.array([2.0, 1, 4, 3, 5])
    fit = _ols(y, pd.DataFrame({"x": x}))
    r = np.corrcoef(x, y)[0, 1]
    assert fit.rsquared == pytest.approx(r ** 2)


@pytest.mark.parametrize("p, expected", [(0.001, "bold"), (0.049, "bold"), (0.051, "italic"), (0.099, "italic"),
                                         (0.2, ""), (math.nan, "")])
def test_significance_convention(p, expected):
    assert significance(p) == expected
