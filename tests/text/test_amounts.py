"""Amounts in kroner: rounded half away from zero to a step, Danish thousands dot, 'kr.'."""

import pytest

from reporter.compose.cells import Formatter
from reporter.text.numbers import fmt_amount, round_to_nearest


@pytest.mark.parametrize("value, step, text", [
    (439_900, 1000, "440.000 kr."), (4364.1, 100, "4.400 kr."), (87_478, 1000, "87.000 kr."),
    (87_450, 100, "87.500 kr."), (-26_550, 100, "-26.600 kr."), (0, 1000, "0 kr."), (1234.5, 1, "1.235 kr."),
    (-0.4, 1, "0 kr."),
])
def test_fmt_amount(value, step, text):
    assert fmt_amount(value, "da", step) == text


def test_english_and_without_unit():
    assert fmt_amount(8_817_800, "en", 1000) == "DKK 8,818,000"
    assert fmt_amount(8_817_800, "da", 1000, unit=False) == "8.818.000"
    assert round_to_nearest(150, 100) == 200 and round_to_nearest(-150, 100) == -200
    assert fmt_amount(float("nan")) == ""


def test_formatter_cell():
    cell = Formatter("da").cell(33_000.0, "amount", digits=1000)
    assert (cell.text, cell.value) == ("33.000 kr.", 33_000.0)
