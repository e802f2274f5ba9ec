"""Register outcomes by group × period since start: shares in statuses and mean hours.

``register_outcomes`` (one row per municipality × group × segment × outcome × period)::

    municipality, group, segment, outcome, period, value, n

- ``municipality``: a name or ``"total"``; ``group``: a group code (``register.groups``);
  ``segment``: a category of ``register.segment`` or ``"total"``;
- ``value``: a share 0–1 (status outcomes: persons in one of the outcome's statuses / persons observed
  in that period) or mean hours per person observed (hours outcomes); ``n``: persons observed.

``register_time_points`` is the same at the named time points (``time_point``, ``label`` added).
Counts are made once at the finest level and summed up, so totals equal the sum of their parts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData

TOTAL = "total"
OUTCOME_COLUMNS = ["municipality", "group", "segment", "outcome", "period", "value", "n"]


def period_counts(project: Project, data: RegisterData) -> pd.DataFrame:
    """Counts per municipality × group × segment × period: ``n``, ``hits:<outcome>``, ``hours_sum``, ``hours_n``."""
    reg = project.register
    periods = data.periods
    persons = data.persons
    if periods is None or reg is None:
        return pd.DataFrame()
    pr = periods["person_row"].to_numpy()
    ok = pr >= 0
    if not ok.all():
        pr = pr[ok]
    muni_cat = persons["municipality"].cat
    group_cat = persons["group"].cat
    n_m, n_g = len(muni_cat.categories), len(group_cat.categories)
    seg = persons[reg.segment].cat if reg.segment else None
    n_s = len(seg.categories) if seg is not None else 1
    P = reg.periods + 1
    # one combined code per person (municipality × group × segment), then one gather over the long table
    pm = muni_cat.codes.to_numpy().astype(np.int64)
    pg = group_cat.codes.to_numpy().astype(np.int64)
    ps = seg.codes.to_numpy().astype(np.int64) if seg is not None else np.zeros(len(persons), dtype=np.int64)
    person_code = np.where((pm >= 0) & (pg >= 0) & (ps >= 0), (pm * n_g + pg) * n_s + ps, -1)
    code = person_code[pr]
    valid = code >= 0
    per = periods["period"].to_numpy()[ok]
    key = code * P + per
    if not valid.all():
        key = key[valid]
    size = n_m * n_g * n_s * P
    out = {"n": np.bincount(key, minlength=size)}
    status_codes = periods["status"].cat.codes.to_numpy()
    if not ok.all():
        status_codes = status_codes[ok]
    if not valid.all():
        status_codes = status_codes[valid]
    status_list = list(periods["status"].cat.categories)
    for outcome in reg.outcomes:
        if outcome.hours:
            continue
        lut = np.zeros(len(status_list) + 1, dtype=bool)
        for code in outcome.statuses:
            lut[status_list.index(code)] = True
        hit = lut[status_codes]  # -1 (undeclared) → last entry False
        out[f"hits:{outcome.id}"] = np.bincount(key[hit], minlength=size)
    hours = periods["hours"].to_numpy()
    if not ok.all():
        hours = hours[ok]
    if not valid.all():
        hours = hours[valid]
    has = ~np.isnan(hours)
    if has.all():
        out["hours_sum"] = np.bincount(key, weights=hours, minlength=size)
        out["hours_n"] = out["n"]
    else:
        out["hours_sum"] = np.bincount(key[has], weights=hours[has], minlength=size)
        out["hours_n"] = np.bincount(key[has], minlength=size)
    idx = np.flatnonzero(out["n"])
    frame = pd.DataFrame({name: values[idx] for name, values in out.items()})
    per_i = idx % P
    rest = idx // P
    s_i = rest % n_s
    rest //= n_s
    g_i = rest % n_g
    m_i = rest // n_g
    frame.insert(0, "period", per_i.astype(np.int16))
    frame.insert(0, "segment", np.asarray(seg.categories, dtype=object)[s_i] if seg is not None else TOTAL)
    frame.insert(0, "group", np.asarray(group_cat.categories, dtype=object)[g_i])
    frame.insert(0, "municipality", np.asarray(muni_cat.categories, dtype=object)[m_i])
    return frame


def _rollup(counts: pd.DataFrame, has_segment: bool) -> pd.DataFrame:
    """Add municipality = total and segment = total rows (sums of the counts)."""
    value_cols = [c for c in counts.columns if c not in ("municipality", "group", "segment", "period")]
    parts = [counts]
    tot_m = counts.groupby(["group", "segment", "period"], sort=False, observed=True)[value_cols].sum().reset_index()
    tot_m.insert(0, "municipality", TOTAL)
    parts.append(tot_m)
    if has_segment:
        both = pd.concat(parts, ignore_index=True)
        tot_s = both.groupby(["municipality", "group", "period"], sort=False, observed=True)[value_cols].sum().reset_index()
        tot_s.insert(2, "segment", TOTAL)
        parts.append(tot_s)
    return pd.concat(parts, ignore_index=True)


def outcomes_by_period(project: Project, data: RegisterData, counts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``register_outcomes`` table (see the module docstring), total rows first."""
    reg = project.register
    counts = period_counts(project, data) if counts is None else counts
    if counts.empty or reg is None or not reg.outcomes:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    full = _rollup(counts, reg.segment is not None)
    parts = []
    for outcome in reg.outcomes:
        if outcome.hours:
            value = full["hours_sum"] / full["hours_n"].where(full["hours_n"] > 0)
        else:
            value = full[f"hits:{outcome.id}"] / full["n"]
        parts.append(pd.DataFrame({
            "municipality": full["municipality"], "group": full["group"], "segment": full["segment"],
            "outcome": outcome.id, "period": full["period"].astype(int), "value": value.astype(float),
            "n": full["n"].astype(int)}))
    table = pd.concat(parts, ignore_index=True)
    muni_order = [TOTAL] + [m.name for m in project.municipalities] + sorted(
        set(table["municipality"]) - {TOTAL} - {m.name for m in project.municipalities})
    seg_order = [TOTAL] + (list(data.persons[reg.segment].cat.categories) if reg.segment else [])
    table["_m"] = table["municipality"].map({m: i for i, m in enumerate(muni_order)})
    table["_g"] = table["group"].map({g.code: i for i, g in enumerate(reg.groups)})
    table["_s"] = table["segment"].map({s: i for i, s in enumerate(seg_order)})
    table["_o"] = table["outcome"].map({o.id: i for i, o in enumerate(reg.outcomes)})
    table = table.sort_values(["_o", "_m", "_g", "_s", "period"], kind="stable")
    return table.drop(columns=["_m", "_g", "_s", "_o"]).reset_index(drop=True)[OUTCOME_COLUMNS]


def outcomes_at_time_points(project: Project, outcomes: pd.DataFrame) -> pd.DataFrame:
    """``register_time_points``: the outcome rows at the named time points (``time_point``, ``label``)."""
    reg = project.register
    columns = ["municipality", "group", "segment", "outcome", "time_point", "label", "period", "value", "n"]
    if reg is None or not reg.time_points or outcomes.empty:
        return pd.DataFrame(columns=columns)
    parts = []
    for point in reg.time_points:
        rows = outcomes[outcomes["period"] == point.period].copy()
        rows["time_point"] = point.id
        rows["label"] = point.label
        parts.append(rows)
    table = pd.concat(parts, ignore_index=True)
    order = {p.id: i for i, p in enumerate(reg.time_points)}
    # the outcome/municipality/group/segment order of register_outcomes, then the time points' order
    key = outcomes.drop_duplicates(["outcome", "municipality", "group", "segment"]).reset_index(drop=True)
    key["_k"] = np.arange(len(key))
    table = table.merge(key[["outcome", "municipality", "group", "segment", "_k"]], how="left")
    table["_t"] = table["time_point"].map(order)
    table = table.sort_values(["_k", "_t"], kind="stable").drop(columns=["_k", "_t"])
    return table.reset_index(drop=True)[columns]
