"""Pooled sums by reporting group: the shared engine behind the share and mean tables.

Every share or mean in the metrics layer is a ratio of two sums (top answers / valid answers, value
sum / count). They are summed once at the finest level (group column × wave × keys) and then summed
again for the pooled ``"total"`` rows, so a Total is always pooled over respondents — never a mean
of the group values.

``by`` selects what goes into the ``municipality`` and ``group`` columns of the result:

- ``"role"``: ``municipality="total"``, ``group`` = reporting role id, then ``group="total"``;
- ``"side"``: ``municipality="total"``, ``group`` = ``"employee"``/``"leader"``, then ``"total"``;
- ``"municipality"``: first ``municipality="total"``, then one row per municipality, ``group="total"``.

Also: the answers a respondent was actually asked (item roles/waves and filters), used by the
"among users only" tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey

By = Literal["role", "side", "municipality"]
BY_VALUES: tuple[str, ...] = ("role", "side", "municipality")
TOTAL = "total"


def _by_column(by: str) -> str:
    if by not in BY_VALUES:
        raise ValueError(f"by must be one of {', '.join(BY_VALUES)}, not {by!r}")
    return by


def pooled_sums(frame: pd.DataFrame, by: str, keys: Iterable[str], sums: Mapping[str, str],
                waves: list[str] | None = None) -> pd.DataFrame:
    """Sum ``sums`` (output name -> column of ``frame``) per group × wave × ``keys``, plus pooled totals.

    Returns columns ``municipality, group, wave, *keys, *sums`` as plain strings (object dtype) for the
    label columns, ordered: wave (in ``waves`` order when given), then keys, then groups in configuration
    order with ``"total"`` last (first for ``by="municipality"``). Groups without rows are left out.
    """
    col = _by_column(by)
    keys = list(keys)
    cols = list(sums.values())
    out_names = list(sums)
    label_cols = ["municipality", "group", "wave", *keys]
    if frame.empty:
        return pd.DataFrame(columns=label_cols + out_names)
    grouped = frame.groupby([col, "wave", *keys], observed=True, sort=True)[cols].sum()
    grouped.columns = out_names
    grouped = grouped.reset_index()
    # Position of each group in configuration order (categorical codes when available).
    if isinstance(frame[col].dtype, pd.CategoricalDtype):
        cats = list(frame[col].cat.categories)
        pos = {c: i for i, c in enumerate(cats)}
        grouped["_pos"] = grouped[col].map(pos).astype(float) + 1.0
    else:
        grouped["_pos"] = pd.factorize(grouped[col], sort=True)[0] + 1.0
    total = grouped.groupby(["wave", *keys], observed=True, sort=True)[out_names].sum().reset_index()
    total["_pos"] = 0.0 if by == "municipality" else float(len(grouped) + 10**9)
    grouped[col] = grouped[col].astype(str)
    total[col] = TOTAL
    both = pd.concat([grouped, total], ignore_index=True)
    if by == "municipality":
        both["municipality"] = both[col]
        both["group"] = TOTAL
    else:
        both["group"] = both[col].astype(str)
        both["municipality"] = TOTAL
    wave_order = {w: i for i, w in enumerate(waves)} if waves else None
    both["_w"] = both["wave"].astype(str).map(wave_order) if wave_order else both["wave"]
    both = both.sort_values(["_w", "_pos", *keys], kind="stable")
    for c in ["wave", *keys]:
        both[c] = both[c].astype(object).where(both[c].notna(), None)
    return both[label_cols + out_names].reset_index(drop=True)


def passed_filter(project: Project, survey: Survey, item_id: str) -> np.ndarray:
    """Boolean mask over ``survey.answers``: rows of ``item_id`` whose respondent was actually asked.

    A row counts when the item was put to the respondent's role in that wave and, for a filtered item,
    the respondent answered the filter item with one of its ``equals`` labels (case-insensitive).
    """
    answers = survey.answers
    mask = (answers["item"] == item_id).to_numpy(dtype=bool, copy=True)
    item = project.item(item_id)
    if item.roles is not None:
        mask &= answers["role"].isin(item.roles).to_numpy(dtype=bool)
    if item.waves is not None:
        mask &= answers["wave"].isin(item.waves).to_numpy(dtype=bool)
    if item.filter is not None and mask.any():
        wanted = {e.casefold() for e in item.filter.equals}
        src = answers[(answers["item"] == item.filter.item).to_numpy(dtype=bool)]
        ok = src["option"].astype(str).str.casefold().isin(wanted).to_numpy(dtype=bool)
        passed = pd.MultiIndex.from_arrays([src["wave"].astype(str)[ok], src["respondent"].astype(str)[ok]])
        sub = answers[mask]
        here = pd.MultiIndex.from_arrays([sub["wave"].astype(str), sub["respondent"].astype(str)])
        mask[np.flatnonzero(mask)] = here.isin(passed)
    return mask


def asked_answers(project: Project, survey: Survey, item_ids: Iterable[str]) -> pd.DataFrame:
    """The answer rows of ``item_ids`` from respondents who were asked (see :func:`passed_filter`)."""
    answers = survey.answers
    item_ids = list(item_ids)
    plain = [i for i in item_ids if project.item(i).filter is None and project.item(i).roles is None
             and project.item(i).waves is None]
    mask = answers["item"].isin(plain).to_numpy(dtype=bool, copy=True)
    for i in item_ids:
        if i not in plain:
            mask |= passed_filter(project, survey, i)
    return answers[mask]


def finish_ratio(table: pd.DataFrame, num: str, den: str) -> pd.DataFrame:
    """Add ``value = num / den`` (NaN when ``den`` is 0) and ``n = den`` as an integer."""
    den_values = table[den].astype(float)
    table = table.copy()
    table["value"] = (table[num].astype(float) / den_values.where(den_values > 0)).astype(float)
    table["n"] = table[den].astype("int64")
    return table
