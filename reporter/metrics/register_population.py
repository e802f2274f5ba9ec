"""The intervention group against the population, per background characteristic.

``register_population`` (one row per characteristic × category)::

    background, category, share_intervention, share_population, n_intervention, n_population,
    difference, p, significant, p_background

Shares are of the persons with a value for the characteristic (0–1); ``difference`` = intervention −
population. ``p`` tests the category against the rest (2 × 2 table): Pearson's chi-square without
continuity correction, or Fisher's exact test when an expected count is below 5 (scipy);
``p_background`` is the chi-square test of the whole k × 2 table. ``significant`` = p < 0.05.
Empty when no group has role ``population``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData

POPULATION_COLUMNS = ["background", "category", "share_intervention", "share_population", "n_intervention",
                      "n_population", "difference", "p", "significant", "p_background"]
ALPHA = 0.05


def two_by_two_p(a: int, b: int, c: int, d: int) -> float:
    """p of [[a, b], [c, d]]: chi-square (no correction), Fisher's exact when an expected count < 5."""
    from scipy import stats

    table = np.array([[a, b], [c, d]], dtype=float)
    if (table.sum(axis=0) == 0).any() or (table.sum(axis=1) == 0).any():
        return math.nan
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    if (expected < 5).any():
        return float(stats.fisher_exact(table.astype(int))[1])
    return float(stats.chi2_contingency(table, correction=False)[1])


def population_comparison(project: Project, data: RegisterData) -> pd.DataFrame:
    """``register_population`` (see the module docstring)."""
    from scipy import stats

    reg = project.register
    if reg is None or not reg.group_codes("population") or not reg.background:
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    persons = data.persons
    inter = persons["group"].isin(reg.group_codes("intervention")).to_numpy()
    popul = persons["group"].isin(reg.group_codes("population")).to_numpy()
    rows = []
    for bg in reg.background:
        col = persons[bg.id]
        categories = list(col.cat.categories)
        ci = col[inter].value_counts().reindex(categories, fill_value=0).to_numpy()
        cp = col[popul].value_counts().reindex(categories, fill_value=0).to_numpy()
        ni, npop = int(ci.sum()), int(cp.sum())
        table = np.vstack([ci, cp])
        nonzero = table.sum(axis=0) > 0
        p_all = float(stats.chi2_contingency(table[:, nonzero], correction=False)[1]) \
            if nonzero.sum() >= 2 and ni > 0 and npop > 0 else math.nan
        for k, category in enumerate(categories):
            si = ci[k] / ni if ni else math.nan
            sp = cp[k] / npop if npop else math.nan
            p = two_by_two_p(int(ci[k]), ni - int(ci[k]), int(cp[k]), npop - int(cp[k]))
            rows.append({"background": bg.id, "category": category, "share_intervention": si, "share_population": sp,
                         "n_intervention": ni, "n_population": npop, "difference": si - sp, "p": p,
                         "significant": bool(p < ALPHA) if math.isfinite(p) else False, "p_background": p_all})
    return pd.DataFrame(rows, columns=POPULATION_COLUMNS)
