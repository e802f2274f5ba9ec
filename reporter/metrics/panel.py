"""Paired change of instrument scores in a panel: the same persons at the first and the k-th measurement.

``instrument_change`` (``compute_all``, panel projects only), one row per instrument × later wave::

    instrument, municipality, group, wave, from_wave, to_wave, n, mean_from, mean_to, change, value,
    sd_change, t_statistic, t_p, w_statistic, w_p, persons, only_one, unpaired

``municipality``/``group`` are ``"total"``, ``wave`` = ``to_wave`` and ``value`` = ``change`` (the shared
columns of every metric table).

- ``n``: persons with a score at both ``from_wave`` (the first measurement) and ``to_wave``; ``mean_from`` /
  ``mean_to`` their means (the same persons), ``change`` = mean of the paired differences.
- ``t_*``: paired t-test (:func:`scipy.stats.ttest_rel`); ``w_*``: Wilcoxon signed-rank test
  (:func:`scipy.stats.wilcoxon`, scipy's defaults: zero differences dropped). NaN with fewer than two pairs
  or when every difference is zero.
- ``persons``: persons with a score at any measurement; ``only_one``: of them, persons with a score at only one
  measurement (left out of every comparison; the note counts them); ``unpaired``: persons with a score at
  one of the two measurements of the row but not both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.instruments import person_scores

CHANGE_COLUMNS = ["instrument", "municipality", "group", "wave", "from_wave", "to_wave", "n", "mean_from",
                  "mean_to", "change", "value", "sd_change", "t_statistic", "t_p", "w_statistic", "w_p", "persons",
                  "only_one", "unpaired"]


def paired_tests(before: np.ndarray, after: np.ndarray) -> tuple[float, float, float, float]:
    """(t statistic, t p-value, Wilcoxon statistic, Wilcoxon p-value) of paired samples; NaN where undefined."""
    from scipy import stats

    nan = (math.nan, math.nan)
    diff = after - before
    if diff.size < 2 or np.all(diff == 0):
        return (*nan, *nan)
    if np.all(diff == diff[0]):
        t = nan       # constant non-zero differences: no variance, the t statistic is infinite
    else:
        res = stats.ttest_rel(after, before)
        t = (float(res.statistic), float(res.pvalue))
    res = stats.wilcoxon(after, before)
    return (*t, float(res.statistic), float(res.pvalue))


def scores_by_person(project: Project, survey: Survey, instrument_id: str) -> pd.DataFrame:
    """Scores as a person × wave matrix (NaN = no score at that measurement)."""
    scores = person_scores(project, survey, project.instrument(instrument_id))
    scores = scores[scores["score"].notna()]
    wide = scores.pivot(index="respondent", columns="wave", values="score")
    return wide.reindex(columns=project.wave_ids)


def instrument_change(project: Project, survey: Survey) -> pd.DataFrame:
    """Paired change from the first measurement to every later one, per instrument (empty unless a panel)."""
    if not project.data.panel or len(project.waves) < 2:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    first = project.wave_ids[0]
    rows = []
    for ins in project.instruments:
        wide = scores_by_person(project, survey, ins.id)
        counts = wide.notna().sum(axis=1)
        persons, only_one = int((counts > 0).sum()), int((counts == 1).sum())
        for wave in project.wave_ids[1:]:
            a, b = wide[first], wide[wave]
            both = a.notna() & b.notna()
            before, after = a[both].to_numpy(dtype=float), b[both].to_numpy(dtype=float)
            t_stat, t_p, w_stat, w_p = paired_tests(before, after)
            diff = after - before
            change = float(diff.mean()) if diff.size else math.nan
            rows.append({
                "instrument": ins.id, "municipality": "total", "group": "total", "wave": wave,
                "from_wave": first, "to_wave": wave, "n": int(both.sum()),
                "mean_from": float(before.mean()) if before.size else math.nan,
                "mean_to": float(after.mean()) if after.size else math.nan,
                "change": change, "value": change,
                "sd_change": float(diff.std(ddof=1)) if diff.size > 1 else math.nan,
                "t_statistic": t_stat, "t_p": t_p, "w_statistic": w_stat, "w_p": w_p,
                "persons": persons, "only_one": only_one, "unpaired": int((a.notna() ^ b.notna()).sum()),
            })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)
