"""Change between two waves and its traffic-light status (anatomy §2.5).

``Δ = value[to] − value[from]`` for the same cell (same ``keys``) and, with threshold t::

    "up"   (green)  when Δ >  +t
    "same" (yellow) when −t ≤ Δ ≤ +t
    "down" (red)    when Δ <  −t
    None            when either value is missing

Exact (unrounded) values are compared, but Δ is rounded to 9 decimals first so that float noise does not
push a difference that equals the threshold in decimal terms over it (0.55 − 0.5 vs 0.05 is "same").
Shares and thresholds are both fractions (0.05 = 5 pct.-point), means and thresholds both 1–5 points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import ChangeRule

Status = Literal["up", "same", "down"]
STATUSES: tuple[Status, ...] = ("up", "same", "down")
DECIMALS = 9


def classify(delta: float | None, threshold: float) -> Status | None:
    """Status of one difference (None when the difference is missing)."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)) or pd.isna(delta):
        return None
    d = round(float(delta), DECIMALS)
    t = round(float(threshold), DECIMALS)
    if d > t:
        return "up"
    if d < -t:
        return "down"
    return "same"


def classify_array(delta: np.ndarray | pd.Series, threshold: float) -> np.ndarray:
    """Vectorised :func:`classify`: an object array of "up"/"same"/"down"/None."""
    d = np.round(np.asarray(delta, dtype=float), DECIMALS)
    t = round(float(threshold), DECIMALS)
    out = np.full(d.shape, None, dtype=object)
    ok = ~np.isnan(d)
    out[ok & (d > t)] = "up"
    out[ok & (d < -t)] = "down"
    out[ok & (d >= -t) & (d <= t)] = "same"
    return out


def with_change(table: pd.DataFrame, rule: ChangeRule, keys: Sequence[str], value: str = "value") -> pd.DataFrame:
    """``table`` with ``change`` (Δ) and ``status`` on the rows of wave ``rule.to`` (NaN/None elsewhere).

    ``keys`` identify a cell apart from its wave (e.g. ``["municipality", "group"]``); the ``rule.from_`` row
    with the same keys supplies the earlier value. Rows keep their order and index.
    """
    keys = list(keys)
    if "wave" in keys:
        raise ValueError("keys must not contain 'wave'")
    earlier = table.loc[table["wave"] == rule.from_, [*keys, value]]
    if earlier.duplicated(keys).any():
        raise ValueError(f"several {rule.from_!r} rows share the same keys {keys}")
    earlier = earlier.rename(columns={value: "_from"})
    aligned = table[keys].merge(earlier, on=keys, how="left", sort=False)["_from"].to_numpy(dtype=float)
    is_to = (table["wave"] == rule.to).to_numpy()
    delta = np.where(is_to, table[value].to_numpy(dtype=float) - aligned, np.nan)
    out = table.copy()
    out["change"] = delta
    status = classify_array(delta, rule.threshold)
    status[~is_to] = None
    out["status"] = pd.Series(status, index=out.index, dtype=object)  # None for "no status", not NaN
    return out
