"""Unweighted mean of shares over measurements (e.g. the content of the support at measurements 2–5).

``wave_average_shares`` (``compute_all``), for every multi-select item asked in more than one wave::

    item, option, municipality, group, wave, n, value

One row per item × option × wave the item was asked in (``value`` = share ticked among the ``n`` respondents
who answered the item in that wave) and one row with ``wave = "average"``: ``value`` = the plain mean of the
per-wave shares (each measurement weighs the same, whatever its n), ``n`` = the smallest per-wave n.
``municipality`` and ``group`` are ``"total"``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey

COLUMNS = ["item", "option", "municipality", "group", "wave", "n", "value"]
AVERAGE = "average"


def wave_average_shares(project: Project, survey: Survey) -> pd.DataFrame:
    """Per-wave shares and their unweighted mean for multi-select items asked in several waves."""
    items = [i for i in project.items if project.scales[i.scale].kind == "multi"
             and len(i.waves if i.waves is not None else project.wave_ids) > 1]
    if not items:
        return pd.DataFrame(columns=COLUMNS)
    answers = survey.answers
    ids = [i.id for i in items]
    sub = answers.loc[answers["item"].isin(ids), ["item", "wave", "option", "value"]]
    # one pass: n = answers of the item × wave × option (as given), value = their mean (missing values skipped)
    grouped = sub.groupby(["item", "wave", "option"], observed=True, sort=False)["value"].agg(["size", "mean"])
    stats = {(str(i), str(w), str(o)): (int(size), float(mean)) for (i, w, o), size, mean in
             zip(grouped.index, grouped["size"].to_numpy(), grouped["mean"].to_numpy())}
    rows = []
    for item in items:
        waves = [w for w in (item.waves or project.wave_ids)]
        for option in project.scales[item.scale].options:
            shares, ns = [], []
            for wave in waves:
                n, share = stats.get((item.id, wave, option.label), (0, np.nan))
                rows.append({"item": item.id, "option": option.label, "municipality": "total", "group": "total",
                             "wave": wave, "n": n, "value": share if n else np.nan})
                if n:
                    shares.append(share)
                    ns.append(n)
            rows.append({"item": item.id, "option": option.label, "municipality": "total", "group": "total",
                         "wave": AVERAGE, "n": min(ns) if ns else 0,
                         "value": float(np.mean(shares)) if shares else np.nan})
    return pd.DataFrame(rows, columns=COLUMNS)
