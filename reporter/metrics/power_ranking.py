"""Power-ranking (anatomy §2.4): how often a municipality beats the municipal average, item by item.

For side s (employee/leader; project leaders count where their role's ``side`` puts them), wave w and
municipality m, over the side's fidelity items i on which m has a valid item mean
(:func:`reporter.metrics.item_means.item_means`, "Ved ikke" excluded)::

    benchmark(i) = unweighted mean over municipalities of their item means of i   (as the fidelity-mean Total)
    k = #{i : mean_m(i) > benchmark(i)}        strictly better — a tie is not better
    n = #{i : m has a valid item mean}
    value = k / n

Comparisons are exact: a difference beyond 1e-9 decides in floating point; a near tie is re-decided in exact
rational arithmetic (score sums and counts as :class:`fractions.Fraction`), so float noise never makes a
false win and the result does not depend on the order of municipalities or items.

``samlet`` = (k_e/n_e + k_l/n_l) / 2 from the exact fractions, NaN when either side is NaN (never from
rounded percentages: STV Tabel 3). Rows: every municipality × employee/leader/samlet × wave it took part in
(or has answers in); a side without valid item means has value NaN and n = 0.

Columns: ``municipality, group, wave, value, k, n, respondents`` (``k``/``n`` are <NA> on samlet rows;
``respondents`` = respondents of the side with a valid fidelity answer, both sides for samlet — the count
that small-group suppression looks at).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.fidelity import side_respondents
from reporter.metrics.item_means import item_means

SAMLET = "samlet"
COLUMNS = ["municipality", "group", "wave", "value", "k", "n", "respondents"]
GROUPS = (*SIDES, SAMLET)
NEAR_TIE = 1e-9


def _exact_mean(total: float, n: int) -> Fraction:
    return Fraction(float(total)) / int(n)


def better_than_average(means: pd.DataFrame) -> np.ndarray:
    """Boolean per item-mean row (``municipality, group, wave, item, value, n, sum``): strictly above the
    unweighted mean of all municipalities' means of the same group × wave × item (exact on near ties)."""
    keys = ["group", "wave", "item"]
    cells = means.groupby(keys, sort=False, observed=True)
    diff = (means["value"] - cells["value"].transform("mean")).to_numpy()
    better = diff > NEAR_TIE
    near = np.flatnonzero(np.abs(diff) <= NEAR_TIE)
    if len(near):
        cell_id = cells.ngroup().to_numpy()
        members = pd.Series(np.arange(len(means))).groupby(cell_id).indices
        sums, ns = means["sum"].to_numpy(), means["n"].to_numpy()
        for p in near:
            rows = members[cell_id[p]]
            benchmark = sum(_exact_mean(sums[r], ns[r]) for r in rows) / len(rows)
            better[p] = _exact_mean(sums[p], ns[p]) > benchmark
    return better


def power_ranking(project: Project, survey: Survey) -> pd.DataFrame:
    """Share of the side's fidelity items on which the municipality beats the municipal average."""
    munis = [m.name for m in project.municipalities]
    waves = project.wave_ids
    means = item_means(project, survey, by="side", with_sum=True)
    means = means.assign(better=better_than_average(means))
    counts = (means.groupby(["municipality", "group", "wave"], sort=False)["better"]
              .agg(k="sum", n="size").reset_index())
    present = set(map(tuple, means[["municipality", "wave"]].drop_duplicates().to_numpy(dtype=object)))
    grid = pd.DataFrame([(m, s, w) for m in munis for s in SIDES for w in waves
                         if w in project.municipality_waves(m) or (m, w) in present],
                        columns=["municipality", "group", "wave"])
    sides = grid.merge(counts, on=["municipality", "group", "wave"], how="left")
    sides["k"] = sides["k"].fillna(0).astype(np.int64)
    sides["n"] = sides["n"].fillna(0).astype(np.int64)
    sides["value"] = sides["k"] / sides["n"].where(sides["n"] > 0)
    sides = sides.merge(side_respondents(project, survey, munis).rename(columns={"n": "respondents"}), on=["municipality", "group", "wave"], how="left")
    # samlet from the exact fractions k/n of both sides, rounded to float once
    exact = {(m, g, w): Fraction(int(k), int(n)) for m, g, w, k, n in
             zip(sides["municipality"], sides["group"], sides["wave"], sides["k"], sides["n"]) if n > 0}
    resp = dict(zip(zip(sides["municipality"], sides["group"], sides["wave"]), sides["respondents"].fillna(0)))
    cells = list(dict.fromkeys(zip(sides["municipality"], sides["wave"])))
    samlet = pd.DataFrame({
        "municipality": [m for m, _ in cells],
        "group": SAMLET,
        "wave": [w for _, w in cells],
        "value": [float((exact[(m, "employee", w)] + exact[(m, "leader", w)]) / 2)
                  if (m, "employee", w) in exact and (m, "leader", w) in exact else np.nan for m, w in cells],
        "respondents": [int(resp.get((m, "employee", w), 0) + resp.get((m, "leader", w), 0)) for m, w in cells],
    })
    out = pd.concat([sides, samlet], ignore_index=True)
    out["k"] = out["k"].astype("Int64")
    out["n"] = out["n"].astype("Int64")
    out["respondents"] = out["respondents"].fillna(0).astype(np.int64)
    rank = ({m: i for i, m in enumerate(munis)}, {g: i for i, g in enumerate(GROUPS)},
            {w: i for i, w in enumerate(waves)})
    order = np.lexsort((out["wave"].map(rank[2]).to_numpy(), out["group"].map(rank[1]).to_numpy(),
                        out["municipality"].map(rank[0]).to_numpy()))
    return out.iloc[order][COLUMNS].reset_index(drop=True)
