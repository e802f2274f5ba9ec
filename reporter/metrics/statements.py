"""Statement batteries: the full distribution and the 1–5 mean per statement, and side rows pooled from role rows.

:func:`statement_distribution` — share per option of ordinal items by role × wave (every option listed, "Ved
ikke" its own category and in the denominator), as :func:`reporter.metrics.belief.option_distribution`.
Columns ``municipality, group, wave, item, option, code, dont_know, value, n``.

:func:`statement_means` — for item i, group g, wave w::

    value = Σ score / valid answers        (score after polarity; "Ved ikke" is not valid)

``n`` = valid answers; the ``"total"`` group is pooled over respondents. Columns
``municipality, group, wave, item, value, n``.

:func:`pool_sides` — a role table (``group`` = role id, a ratio ``value`` with denominator ``n``) turned into
side rows (``employee``/``leader``) by summing numerators ``value × n`` and denominators ``n`` over the side's
roles; ``total`` rows are kept. Exact for every ratio table of the metrics layer (top-box, ratings, shares
of options, multi-select shares, numeric means), because each is pooled over respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.belief import option_distribution
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import By, asked_rows, finish_ratio, pooled_sums

MEAN_COLUMNS = ["municipality", "group", "wave", "item", "value", "n"]


def ordinal_items(project: Project, exclude: set[str] | None = None) -> list[str]:
    """Every ordinal item in project order (minus ``exclude``)."""
    exclude = exclude or set()
    return [i.id for i in project.items if project.scales[i.scale].kind == "ordinal" and i.id not in exclude]


def distribution_items(project: Project) -> list[str]:
    """Ordinal items whose distribution no other table has: not fidelity items, not belief items, not filtered
    (those are in ``choices``)."""
    skip = {b.item for b in project.belief} | {i.id for i in project.items if i.fidelity or i.filter is not None}
    return ordinal_items(project, skip)


def statement_distribution(project: Project, survey: Survey, items: list[str] | None = None,
                           by: By = "role") -> pd.DataFrame:
    """Share per option of ordinal items (default: :func:`distribution_items`) by group × wave."""
    return option_distribution(project, survey, distribution_items(project) if items is None else items, by=by)


def statement_means(project: Project, survey: Survey, items: list[str] | None = None,
                    by: By = "role") -> pd.DataFrame:
    """Mean score (1–5 after polarity) per ordinal item by group × wave over valid answers."""
    items = ordinal_items(project) if items is None else items
    index = survey_index(survey)
    pos, item = asked_rows(project, survey, items)   # cached per item, item by item
    score = index.array("score")[pos]
    keep = ~index.array("is_dont_know")[pos].astype(bool) & ~np.isnan(score)
    pos, score, item = pos[keep], score[keep], item[keep]
    sums = pooled_sums(project, survey, pos, by, [("item", item, items)], {"sum": score, "count": None})
    return finish_ratio(sums, "sum", "count")[MEAN_COLUMNS]


def pool_sides(project: Project, table: pd.DataFrame) -> pd.DataFrame:
    """Side rows (employee, leader) pooled from the role rows of a ratio table, then its ``total`` rows."""
    if table.empty:
        return table.copy()
    side_of = {r.id: r.side for r in project.roles}
    roles = table[table["group"].astype(str) != "total"]
    keys = [c for c in table.columns if c not in ("group", "value", "n", "code", "dont_know")]
    extra = [c for c in ("code", "dont_know") if c in table.columns]
    num = roles["value"].astype(float).fillna(0.0) * roles["n"].astype(float)
    work = roles.assign(group=roles["group"].astype(str).map(side_of), _num=num, _den=roles["n"].astype(float))
    pooled = work.groupby([*keys, "group", *extra], sort=False, dropna=False, observed=True)[["_num", "_den"]].sum()
    pooled = pooled.reset_index()
    pooled["value"] = pooled["_num"] / pooled["_den"].where(pooled["_den"] > 0)
    pooled["n"] = pooled["_den"].round().astype("int64")
    pooled = pooled.drop(columns=["_num", "_den"])
    pooled["_side"] = pooled["group"].map({s: i for i, s in enumerate(SIDES)})
    waves = {w: i for i, w in enumerate(project.wave_ids)}
    pooled["_wave"] = pooled["wave"].astype(str).map(waves)
    pooled = pooled.sort_values(["_wave", "_side"], kind="stable").drop(columns=["_side", "_wave"])
    total = table[table["group"].astype(str) == "total"]
    return pd.concat([pooled[list(table.columns)], total], ignore_index=True)
