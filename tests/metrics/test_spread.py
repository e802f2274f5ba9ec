"""Spread across municipalities and movers, hand-computed on tiny frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.metrics.spread import STATISTICS, movers, spread


def _table(values: dict[str, dict[str, float]], index: str = "x", group: str = "total") -> pd.DataFrame:
    rows = [{"municipality": m, "group": group, "wave": w, "index": index, "value": v, "n": 10}
            for w, by_m in values.items() for m, v in by_m.items()]
    return pd.DataFrame(rows)


def _stats(table: pd.DataFrame, wave: str) -> dict[str, float]:
    sub = table[table["wave"] == wave]
    return dict(zip(sub["statistic"], sub["value"]))


def test_five_numbers_with_linear_quartiles() -> None:
    # 1, 2, 3, 4 -> Q1 = 1 + 0.75 * (2 - 1) = 1.75, median 2.5, Q3 = 3 + 0.25 * (4 - 3) = 3.25
    table = _table({"start": {"A": 0.4, "B": 0.1, "C": 0.3, "D": 0.2}})
    out = spread(table)
    assert list(out["statistic"]) == list(STATISTICS)
    s = _stats(out, "start")
    assert s["min"] == pytest.approx(0.1)
    assert s["q1"] == pytest.approx(0.175)
    assert s["median"] == pytest.approx(0.25)
    assert s["q3"] == pytest.approx(0.325)
    assert s["max"] == pytest.approx(0.4)
    assert set(out["n"]) == {4}
    assert set(out["municipality"]) == {"total"}
    assert {"municipality", "group", "wave", "index", "statistic", "value", "n"} <= set(out.columns)


def test_total_row_and_missing_values_are_ignored() -> None:
    table = _table({"start": {"total": 99.0, "A": 1.0, "B": 3.0, "C": float("nan"), "D": 2.0}})
    s = _stats(spread(table), "start")
    assert (s["min"], s["median"], s["max"]) == (1.0, 2.0, 3.0)
    assert spread(table)["n"].iloc[0] == 3


def test_one_summary_per_index_group_and_wave_in_wave_order() -> None:
    a = _table({"slut": {"A": 1.0, "B": 2.0}, "start": {"A": 0.0, "B": 4.0}}, index="x")
    b = _table({"slut": {"A": 5.0}}, index="y")
    out = spread(pd.concat([a, b]).assign(wave=lambda d: pd.Categorical(d["wave"], ["start", "slut"])))
    assert out.groupby(["index", "wave"], observed=True).size().to_dict() == {
        ("x", "start"): 5, ("x", "slut"): 5, ("y", "slut"): 5}
    assert list(dict.fromkeys(out[out["index"] == "x"]["wave"])) == ["start", "slut"]
    assert _stats(out[out["index"] == "y"], "slut")["median"] == 5.0


def test_movers_below_median_first_and_above_last() -> None:
    table = _table({
        "start": {"A": 0.1, "B": 0.2, "C": 0.3, "D": 0.4, "E": 0.5},   # median 0.3
        "slut": {"A": 0.9, "B": 0.3, "C": 0.8, "D": 0.1, "E": 0.5},    # median 0.5
    })
    out = movers(table, "start", "slut")
    # A: 0.1 < 0.3 and 0.9 > 0.5 -> mover; B: stays below; C: at the median first (not below); D falls.
    assert list(out["municipality"]) == ["A"]
    row = out.iloc[0]
    assert (row["wave"], row["value"], row["first_value"]) == ("slut", 0.9, 0.1)
    assert (row["first_median"], row["last_median"]) == (0.3, 0.5)


def test_movers_tie_with_median_is_not_above() -> None:
    table = _table({"start": {"A": 0.1, "B": 0.5, "C": 0.9}, "slut": {"A": 0.5, "B": 0.1, "C": 0.9}})
    assert movers(table, "start", "slut").empty


def test_movers_need_both_waves() -> None:
    table = _table({"start": {"A": 0.1, "B": 0.5, "C": 0.9}, "slut": {"B": 0.1, "C": 0.2, "D": 0.9}})
    assert movers(table, "start", "slut").empty


def test_empty_input_gives_empty_tables_with_columns() -> None:
    empty = pd.DataFrame(columns=["municipality", "group", "wave", "index", "value", "n"])
    assert spread(empty).empty and {"statistic", "value", "n"} <= set(spread(empty).columns)
    assert movers(empty, "start", "slut").empty


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=40))
def test_five_numbers_are_ordered_and_within_the_range(values: list[float]) -> None:
    table = _table({"w": {f"m{i}": v for i, v in enumerate(values)}})
    s = _stats(spread(table), "w")
    ordered = [s[k] for k in STATISTICS]
    assert all(a <= b + 1e-12 for a, b in zip(ordered, ordered[1:]))
    assert ordered[0] == min(values) and ordered[-1] == max(values)
    assert not any(math.isnan(v) for v in ordered)
