"""Response table (anatomy §2.1): respondents by reporting role × wave, the total and the response rate.

Counts come from ``survey.respondents`` (one row per respondent and wave, whether or not they answered a
given item). ``value`` and ``n`` both hold the count (``n`` so that suppression and "n=" headers work the same
way as for every other table). ``rate`` = total count / ``wave.invited`` on the ``"total"`` row of a wave
whose invited count is configured, NaN everywhere else (STV Tabel 1: 587/467/449).

``by="role"`` (default): ``municipality="total"``, one row per role and wave (zero counts kept), then
``group="total"``. ``by="municipality"``: ``group="total"``, first ``municipality="total"``, then one row per
municipality and wave it took part in (or has respondents in). ``by="municipality_role"``: one row per
municipality × role × wave plus ``group="total"`` per municipality × wave (the profile's counts).

Columns: ``municipality, group, wave, value, n, rate``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import Survey
from reporter.metrics.grouping import TOTAL, codes_at

COLUMNS = ["municipality", "group", "wave", "value", "n", "rate"]
ResponseBy = Literal["role", "municipality", "municipality_role"]


def _counts(project: Project, survey: Survey) -> np.ndarray:
    """Respondent counts as an array municipality × role × wave (configuration order)."""
    r = survey.respondents
    munis = [m.name for m in project.municipalities]
    roles = [x.id for x in project.roles]
    waves = project.wave_ids
    rows = np.arange(len(r))
    codes = [codes_at(r, col, rows, order) for col, order in (("municipality", munis), ("role", roles), ("wave", waves))]
    ok = (codes[0] >= 0) & (codes[1] >= 0) & (codes[2] >= 0)
    dims = (len(munis), len(roles), len(waves))
    flat = (codes[0][ok] * dims[1] + codes[1][ok]) * dims[2] + codes[2][ok]
    return np.bincount(flat, minlength=int(np.prod(dims))).reshape(dims)


def response_table(project: Project, survey: Survey, by: ResponseBy = "role") -> pd.DataFrame:
    """Respondent counts and response rates (see the module docstring)."""
    if by not in ("role", "municipality", "municipality_role"):
        raise ValueError(f"by must be 'role', 'municipality' or 'municipality_role', not {by!r}")
    counts = _counts(project, survey)
    munis = [m.name for m in project.municipalities]
    roles = [x.id for x in project.roles]
    waves = project.wave_ids
    rows: list[tuple[str, str, str, int]] = []
    if by == "role":
        per_role = counts.sum(axis=0)
        for g, role in enumerate(roles):
            rows += [(TOTAL, role, w, int(per_role[g, w_i])) for w_i, w in enumerate(waves)]
        rows += [(TOTAL, TOTAL, w, int(per_role[:, w_i].sum())) for w_i, w in enumerate(waves)]
    else:
        per_muni = counts.sum(axis=1)
        if by == "municipality":
            rows += [(TOTAL, TOTAL, w, int(per_muni[:, w_i].sum())) for w_i, w in enumerate(waves)]
        for m_i, muni in enumerate(munis):
            taking = [w_i for w_i, w in enumerate(waves)
                      if w in project.municipality_waves(muni) or per_muni[m_i, w_i] > 0]
            if by == "municipality_role":
                for g, role in enumerate(roles):
                    rows += [(muni, role, waves[w_i], int(counts[m_i, g, w_i])) for w_i in taking]
            rows += [(muni, TOTAL, waves[w_i], int(per_muni[m_i, w_i])) for w_i in taking]
    out = pd.DataFrame(rows, columns=["municipality", "group", "wave", "value"])
    out["value"] = out["value"].astype(np.int64)
    out["n"] = out["value"]
    invited = {w.id: w.invited for w in project.waves}
    overall = (out["municipality"] == TOTAL) & (out["group"] == TOTAL)
    denominators = out["wave"].map(lambda w: float(invited[w]) if invited[w] else np.nan).astype(float)
    out["rate"] = np.where(overall, out["value"] / denominators, np.nan)
    return out[COLUMNS]
