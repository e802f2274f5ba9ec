"""Spread across municipalities (anatomy §2.9): min, Q1, median, Q3, max, and the movers.

Input is a municipality-level table (e.g. the fidelity indicator by municipality) with columns
``municipality, wave, value`` and key columns such as ``index``/``group``. Rows with
``municipality == "total"`` and missing values are ignored. Every other non-numeric column except
``municipality`` is a key; numeric columns other than ``value``/``n`` are dropped.

:func:`spread` — per key × wave, the five-number summary of the municipality values. Quartiles use linear
interpolation between order statistics (``numpy.quantile`` default, = Excel ``KVARTIL.MEDTAG``/
``QUARTILE.INC``); the median of an even count is the mean of the two middle values.
Long format: ``municipality="total", <keys>, wave, statistic, value, n`` with ``statistic`` one of
``min, q1, median, q3, max`` and ``n`` = number of municipalities with a value.

:func:`movers` — municipalities strictly below the median at the ``first`` wave and strictly above the
median at the ``last`` wave (medians over the municipalities with a value in that wave), per key.
Columns ``municipality, <keys>, wave (= last), value (last value), n (last n), first_value,
first_median, last_median``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STATISTICS = ("min", "q1", "median", "q3", "max")
_QUANTILES = (0.0, 0.25, 0.5, 0.75, 1.0)


def _keys(table: pd.DataFrame) -> list[str]:
    return [c for c in table.columns
            if c not in ("municipality", "wave", "value", "n") and not pd.api.types.is_numeric_dtype(table[c])
            and not pd.api.types.is_bool_dtype(table[c])]


def _municipal(table: pd.DataFrame) -> pd.DataFrame:
    mask = (table["municipality"].astype(str) != "total") & table["value"].notna()
    return table[mask]


def _wave_order(table: pd.DataFrame) -> list:
    wave = table["wave"]
    if isinstance(wave.dtype, pd.CategoricalDtype):
        return list(wave.cat.categories)
    return list(dict.fromkeys(wave.tolist()))


def spread(indicator_by_municipality: pd.DataFrame) -> pd.DataFrame:
    """Five-number summary across municipalities per key × wave; see the module docstring."""
    table = indicator_by_municipality
    keys = _keys(table)
    columns = ["municipality", *keys, "wave", "statistic", "value", "n"]
    data = _municipal(table)
    if data.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    order = {w: i for i, w in enumerate(_wave_order(table))}
    for key, sub in data.groupby([*keys, "wave"], observed=True, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        values = sub["value"].to_numpy(dtype=float)
        stats = np.quantile(values, _QUANTILES)
        for name, stat in zip(STATISTICS, stats):
            rows.append(("total", *key, name, float(stat), len(values)))
    out = pd.DataFrame(rows, columns=["municipality", *keys, "wave", "statistic", "value", "n"])
    first_seen = {k: i for i, k in enumerate(dict.fromkeys(map(tuple, data[keys].astype(object).to_numpy())))} \
        if keys else {}
    out["_k"] = [first_seen.get(tuple(r), 0) for r in out[keys].astype(object).to_numpy()] if keys else 0
    out["_w"] = out["wave"].map(order)
    out["_s"] = out["statistic"].map({s: i for i, s in enumerate(STATISTICS)})
    out = out.sort_values(["_k", "_w", "_s"], kind="stable")
    out["wave"] = out["wave"].astype(object)
    out["n"] = out["n"].astype("int64")
    return out[columns].reset_index(drop=True)


def movers(indicator_by_municipality: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Municipalities below the median at ``first`` and above it at ``last``; see the module docstring."""
    table = indicator_by_municipality
    keys = _keys(table)
    columns = ["municipality", *keys, "wave", "value", "n", "first_value", "first_median", "last_median"]
    data = _municipal(table)
    data = data[data["wave"].astype(str).isin([str(first), str(last)])]
    if data.empty:
        return pd.DataFrame(columns=columns)
    data = data.assign(wave=data["wave"].astype(str))
    if "n" not in data.columns:
        data = data.assign(n=np.nan)
    data = data.assign(_median=data.groupby([*keys, "wave"], observed=True, dropna=False)["value"]
                       .transform("median"))
    a = data[data["wave"] == str(first)]
    b = data[data["wave"] == str(last)]
    on = ["municipality", *keys]
    merged = a[on + ["value", "_median"]].rename(columns={"value": "first_value", "_median": "first_median"}).merge(
        b[on + ["value", "n", "_median"]].rename(columns={"_median": "last_median"}), on=on, how="inner")
    moved = merged[(merged["first_value"] < merged["first_median"]) & (merged["value"] > merged["last_median"])]
    moved = moved.assign(wave=str(last))
    return moved[columns].reset_index(drop=True)
