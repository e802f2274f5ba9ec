from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from reporter.text.numbers import (
    NBSP, fmt_count, fmt_number, fmt_percent, fmt_points, fmt_pp, fmt_signed, round_half_away,
)


@pytest.mark.parametrize("x, digits, expected", [
    (0.125, 2, Decimal("0.13")),
    (2.5, 0, Decimal("3")),
    (3.5, 0, Decimal("4")),
    (-2.5, 0, Decimal("-3")),
    (4.315, 2, Decimal("4.32")),
    (1.005, 2, Decimal("1.01")),
    (33.5, 0, Decimal("34")),
    (Fraction(1, 8), 2, Decimal("0.13")),
    (np.float64(4.315), 2, Decimal("4.32")),
    (-0.004, 2, Decimal("0.00")),
])
def test_round_half_away_from_zero_on_exact_value(x, digits, expected):
    assert round_half_away(x, digits) == expected
    assert str(round_half_away(x, digits)) == str(expected)


def test_python_round_would_differ():
    # the reason this module exists
    assert round(2.5) == 2 and round(0.125, 2) == 0.12


def test_fmt_number_danish_and_english():
    assert fmt_number(3.714, 2) == "3,71"
    assert fmt_number(4.315, 2) == "4,32"
    assert fmt_number(25461, 0) == "25.461"
    assert fmt_number(25461.25, 1) == "25.461,3"
    assert fmt_number(4.315, 2, "en") == "4.32"
    assert fmt_number(25461, 0, "en") == "25,461"
    assert fmt_number(-3.71, 2) == "-3,71"


def test_stv_checks_from_anatomy():
    assert fmt_number(3.855, 2) == "3,86"
    assert fmt_number(3.2167, 2) == "3,22"
    # pooled share 32.8 % prints as 33 %
    assert fmt_percent(0.328) == "33%"


def test_fmt_percent():
    assert fmt_percent(0.61) == "61%"
    assert fmt_percent(0.61, space=True) == f"61{NBSP}%"
    assert fmt_percent(0.335) == "34%"
    assert fmt_percent(0.125, digits=1) == "12,5%"
    assert fmt_percent(1.0) == "100%"
    assert fmt_percent(10 / 29) == "34%"
    assert fmt_percent(22 / 30, "en") == "73%"


def test_fmt_pp_and_points():
    assert fmt_pp(0.07) == "7 pct.-point"
    assert fmt_pp(0.07, "en") == "7 percentage points"
    assert fmt_pp(0.01, "en") == "1 percentage point"
    assert fmt_pp(-0.03) == "-3 pct.-point"
    assert fmt_pp(0.05, signed=True) == "+5 pct.-point"
    assert fmt_points(0.1) == "0,10 point"
    assert fmt_points(-0.125, signed=True) == "-0,13 point"
    assert fmt_signed(0.0) == "0"


def test_fmt_count():
    assert fmt_count(587) == "587"
    assert fmt_count(1234567) == "1.234.567"
    assert fmt_count(1234567, "en") == "1,234,567"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, np.float64("nan")])
def test_missing_is_blank(missing):
    assert fmt_number(missing, 2) == ""
    assert fmt_percent(missing) == ""
    assert fmt_pp(missing) == ""
    assert fmt_count(missing) == ""
    assert fmt_points(missing) == ""


def test_pandas_na_is_blank():
    pd = pytest.importorskip("pandas")
    assert fmt_percent(pd.NA) == ""
    assert fmt_number(pd.NaT) == ""


def test_unknown_language():
    with pytest.raises(ValueError):
        fmt_number(1, 0, "de")


def test_cached_formatting_keeps_the_decimals_of_each_call():
    """The same value asked for with other decimals (or grouping) is formatted anew, not taken from the cache."""
    from reporter.text.numbers import fmt_number

    assert [fmt_number(61, 0), fmt_number(61, 1), fmt_number(61, 2), fmt_number(61, 0)] == ["61", "61,0", "61,00", "61"]
    assert fmt_number(25461, 0, grouping=False) == "25461" and fmt_number(25461, 0) == "25.461"
    assert fmt_number(-0.004, 2) == "0,00" and fmt_number(0.004, 2) == "0,00"
    assert fmt_number(3.714, 2, "en") == "3.71" and fmt_number(3.714, 2, "da") == "3,71"
