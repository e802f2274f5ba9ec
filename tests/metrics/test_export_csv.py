"""The metric CSVs: written from Arrow columns by rust's CSV writer where that gives pandas' ``to_csv``
bytes, by pandas elsewhere — the same bytes either way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reporter.metrics.export import _arrow_csv, csv_safe, table_csv


def _pandas(table: pd.DataFrame) -> bytes:
    return csv_safe(table).to_csv(index=False, sep=",", decimal=".", na_rep="", lineterminator="\n").encode()


def _columns(n: int) -> dict[str, object]:
    rng = np.random.default_rng(7)
    texts = ["a,b", 'q"x', "n\nl", "plain", "æøå", "", None, " lead", "tab\tx", "=f", "\rcr", "x\r\ny", "@a"]
    floats = rng.random(n) * 10.0 ** rng.integers(-4, 16, n)
    floats[::11] = np.nan
    return {
        "float": floats, "neg": -floats, "tiny_and_huge": rng.random(n) * 10.0 ** rng.integers(-12, 25, n),
        "inf": np.where(np.arange(n) % 5 == 0, np.inf, -0.0), "int": np.arange(n) - n // 2,
        "bool": np.arange(n) % 2 == 0, "u8": (np.arange(n) % 200).astype(np.uint8),
        "str": pd.array((texts * n)[:n], dtype="str"), "string": pd.array((texts * n)[:n], dtype="string"),
        "Int64": pd.array([None if k % 7 == 0 else k for k in range(n)], dtype="Int64"),
        "Float64": pd.array([None if k % 7 == 0 else k / 7 for k in range(n)], dtype="Float64"),
        "boolean": pd.array([None if k % 3 == 0 else k % 2 == 0 for k in range(n)], dtype="boolean"),
        "category": pd.Categorical((["x", "=y", None, "z"] * n)[:n]),
        "object": pd.Series((["x", None, "+w"] * n)[:n], dtype=object),
    }


@pytest.mark.parametrize("names", [["float", "int"], ["neg", "str"], ["tiny_and_huge", "bool"], ["inf", "string"],
                                   ["Int64", "Float64", "boolean"], ["category", "object", "u8"]])
def test_arrow_csv_is_pandas_csv(names) -> None:
    table = pd.DataFrame({k: v for k, v in _columns(5000).items() if k in names})[names]
    assert _arrow_csv(csv_safe(table)) is not None   # the fast path is the one taken
    assert table_csv(table) == _pandas(table)


def test_floats_and_bools_are_written_as_python_writes_them() -> None:
    table = pd.DataFrame({"v": [3.0560380878841276e-05, 1e16, 3.0, 0.1 + 0.2, np.nan, -0.0],
                          "b": [True, False, True, False, True, False]})
    assert table_csv(table).decode().splitlines() == [
        "v,b", "3.0560380878841276e-05,True", "1e+16,False", "3.0,True", "0.30000000000000004,False", ",True",
        "-0.0,False"]


@pytest.mark.parametrize("table", [
    pd.DataFrame({"only": [1.0, np.nan]}),                                            # pandas writes "" here
    pd.DataFrame(index=[0, 1]),                                                      # rows without columns
    pd.DataFrame({"u": np.array([2**64 - 1], dtype=np.uint64), "i": [1]}),
    pd.DataFrame({"m": pd.Series([1, "a"], dtype=object), "i": [1, 2]}),
    pd.DataFrame({"f": np.array([1.5, 2.25], dtype=np.float32), "i": [1, 2]}),
    pd.DataFrame({"c": pd.Categorical([1.5, None]), "i": [1, 2]}),
])
def test_other_tables_are_written_by_pandas(table) -> None:
    assert _arrow_csv(csv_safe(table)) is None
    assert table_csv(table) == _pandas(table)
