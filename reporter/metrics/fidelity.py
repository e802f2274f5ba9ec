"""Fidelity: the indicator per index (a pooled top-box share) and the fidelity mean on the 1–5 scale.

**Indicator** (anatomy §2.2) for index x, group g, wave w — pooled over the index's items::

    value = Σ_items Σ_resp 1[top answer] / Σ_items Σ_resp 1[valid answer]       ("Ved ikke" is not valid)

Leaders answer ``index.leader_items`` when given (their rows count with those items), everybody else
``index.items``. ``n`` = valid answers (the denominator), ``respondents`` = distinct respondents with at least
one valid answer to the index. The ``"total"`` row is pooled over all respondents of the wave — never a mean
of the group values (STV 1b Start: 27/35/19/47/63 % with n 265/143/63/88/28 pool to 33 %, not 38 %).
``by="role"``: ``municipality="total"``, one row per reporting role, then ``group="total"``;
``by="municipality"``: ``group="total"``, first ``municipality="total"``, then one row per municipality.
Columns: ``municipality, group, wave, track, core_element, index, value, n, respondents``.

**Fidelity mean** (anatomy §2.3) per municipality × side × wave = the unweighted mean of the side's item means
(:mod:`reporter.metrics.item_means`). A side is **invalid** (value NaN, ``invalid_reason``) when fewer than
``thresholds.min_valid_items`` items have valid answers: ``"no_answers"`` (no valid answer at all) or
``"too_few_items"`` (the asterisk case, SOF Odder leaders 4 of 19). ``samlet`` = unweighted mean of the exact
employee and leader values, NaN (``"side_missing"``) if either is NaN. Municipality ``"total"`` (first) = the
unweighted mean of the municipality values per group × wave (NaNs skipped), for ``samlet`` the mean of the
municipality samlet values. Columns: ``municipality, group, wave, value, n, items, items_asked,
invalid_reason`` — ``n`` = respondents of the side with a valid fidelity answer (sum of both sides for
samlet, sum over municipalities for the total), ``items`` = items with valid answers, ``items_asked`` =
fidelity items put to the side in that wave (both <NA> for samlet and total rows).
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from typing import Literal

import numpy as np
import pandas as pd

from reporter.config.models import SIDES, Project
from reporter.data.schema import Survey
from reporter.metrics.answer_index import survey_index
from reporter.metrics.grouping import TOTAL, pooled_sums, valid_item_positions, valid_rows
from reporter.metrics.item_means import item_means, memo, side_items

SAMLET = "samlet"
INDICATOR_COLUMNS = ["municipality", "group", "wave", "track", "core_element", "index", "value", "n", "respondents"]
MEAN_COLUMNS = ["municipality", "group", "wave", "value", "n", "items", "items_asked", "invalid_reason"]
MEAN_GROUPS = (*SIDES, SAMLET)

def one_per_key(key: np.ndarray, size: int) -> np.ndarray:
    """True on exactly one row of each distinct ``key`` (0 ≤ key < size): summing it counts distinct keys."""
    rows = np.arange(len(key))
    pick = np.empty(size, dtype=np.int64)
    pick[key] = rows  # whichever row lands last stands for its key
    return pick[key] == rows


# --- indicator ------------------------------------------------------------------------------------------------

def _index_rows(project: Project, survey: Survey) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid answer rows of every index (positions, index number; leaders with their leader items) and per row
    whether it is the one row counted for its respondent × wave × index."""
    return memo(project, survey, "index_rows", lambda: _compute_index_rows(project, survey))


def _compute_index_rows(project: Project, survey: Survey) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    indices = project.indices()
    used = list(dict.fromkeys(i for _, _, x in indices for s in SIDES for i in x.items_for(s)))
    # item -> per side the indices it belongs to; usually the same for both sides (no side split needed)
    member: dict[str, list[list[int]]] = {i: [[] for _ in SIDES] for i in used}
    for k, (_, _, index) in enumerate(indices):
        for s_i, side_id in enumerate(SIDES):
            for i in dict.fromkeys(index.items_for(side_id)):
                member[i][s_i].append(k)
    index = survey_index(survey)
    sideless = bool((index.codes("side")[0] < 0).any())   # rows without a side belong to no index
    parts, numbers = [], []
    for item in used:
        pos = valid_item_positions(project, survey, item)
        sides = member[item]
        if not sideless and all(ks == sides[0] for ks in sides):
            runs = [(pos, k) for k in sides[0]]
        else:
            side = index.codes_at("side", pos, SIDES)
            runs = [(pos[side == s_i], k) for s_i, ks in enumerate(sides) for k in ks]
        for rows, k in runs:
            parts.append(rows)
            numbers.append(np.full(len(rows), k, dtype=np.int64))
    if not parts:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    pos, index_code = np.concatenate(parts), np.concatenate(numbers)
    # a respondent belongs to one role and municipality per wave, so one row per index × respondent-wave
    # counts the distinct respondents of every group × wave × index cell
    rw, size = index.respondent_wave()
    first = one_per_key(index_code * size + rw[pos], max(len(indices), 1) * size)
    return pos, index_code, first


def fidelity_indicator(project: Project, survey: Survey, by: Literal["role", "municipality"] = "role") -> pd.DataFrame:
    """Pooled top-box share per index × group × wave (see the module docstring)."""
    if by not in ("role", "municipality"):
        raise ValueError(f"by must be 'role' or 'municipality', not {by!r}")
    answers = survey.answers
    indices = project.indices()
    pos, index_code, first = _index_rows(project, survey)
    labels = [str(k) for k in range(len(indices))]
    sums = pooled_sums(project, survey, pos, by, [("index", index_code, labels)],
                       {"top": answers["is_top"].to_numpy()[pos].astype(bool), "valid": None, "respondents": first})
    k = sums["index"].astype(int).to_numpy()
    sums["track"] = np.asarray([t.id for t, _, _ in indices] or [""], dtype=object)[k]
    sums["core_element"] = np.asarray([c.id for _, c, _ in indices] or [""], dtype=object)[k]
    sums["index"] = np.asarray([x.id for _, _, x in indices] or [""], dtype=object)[k]
    sums["value"] = sums["top"] / sums["valid"]
    sums["n"] = sums["valid"].astype(np.int64)
    sums["respondents"] = sums["respondents"].astype(np.int64)
    order = np.lexsort((sums["wave"].map({w: i for i, w in enumerate(project.wave_ids)}).to_numpy(), k))
    return sums.iloc[order][INDICATOR_COLUMNS].reset_index(drop=True)


# --- fidelity mean --------------------------------------------------------------------------------------------

def side_respondents(project: Project, survey: Survey, munis: list[str]) -> pd.DataFrame:
    """Respondents with at least one valid fidelity answer per municipality × side × wave (all cells, 0 kept)."""
    return memo(project, survey, ("side_respondents", tuple(munis)),
                lambda: _side_respondents(project, survey, munis)).copy()


def _side_respondents(project: Project, survey: Survey, munis: list[str]) -> pd.DataFrame:
    answers = survey.answers
    pos = valid_rows(project, survey, list(dict.fromkeys(project.fidelity_items())))[0]
    rw, size = survey_index(survey).respondent_wave()
    pos = pos[one_per_key(rw[pos], size)]
    cell = survey_index(survey).cells_at(pos, [("municipality", munis), ("side", SIDES), ("wave", project.wave_ids)])
    dims = (len(munis), len(SIDES), len(project.wave_ids))
    flat = cell[cell >= 0]
    counts = np.bincount(flat, minlength=int(np.prod(dims)))
    idx = np.unravel_index(np.arange(counts.size), dims)
    return pd.DataFrame({
        "municipality": np.asarray(munis, dtype=object)[idx[0]],
        "group": np.asarray(SIDES, dtype=object)[idx[1]],
        "wave": np.asarray(project.wave_ids, dtype=object)[idx[2]],
        "n": counts.astype(np.int64),
    })


def _exact_side_means(means: pd.DataFrame) -> dict[tuple[str, str, str], tuple[Decimal, int]]:
    """(municipality, side, wave) -> (mean of the item means to 50 digits, number of items).

    Each cell's item means are added in row order, starting from 0, as one running sum would."""
    sums = means["sum"].to_numpy(dtype=float)
    whole = np.floor(sums) == sums   # integer score sums (the usual case) convert fast and exactly
    totals = [Decimal(int(t)) if w else Decimal(float(t)) for t, w in zip(sums.tolist(), whole.tolist())]
    quotients = list(map(Decimal.__truediv__, totals, means["n"].to_numpy().tolist()))
    keys = list(zip(means["municipality"].to_numpy(dtype=object), means["group"].to_numpy(dtype=object),
                    means["wave"].to_numpy(dtype=object)))
    starts = [k for k in range(len(keys)) if k == 0 or keys[k] != keys[k - 1]]
    out: dict[tuple[str, str, str], tuple[Decimal, int]] = {}
    ends = starts[1:] + [len(keys)]
    if len(set(keys[k] for k in starts)) < len(starts):   # a cell's rows apart: add them where they are
        acc: dict[tuple[str, str, str], list] = {}
        for key, q in zip(keys, quotients):
            cell = acc.setdefault(key, [Decimal(0), 0])
            cell[0] += q
            cell[1] += 1
        return {k: (v[0] / v[1], v[1]) for k, v in acc.items()}
    for a, b in zip(starts, ends):
        out[keys[a]] = (sum(quotients[a:b], Decimal(0)) / (b - a), b - a)
    return out


def _mean(values: list[Decimal]) -> float:
    return float(sum(values) / len(values)) if values else math.nan


def fidelity_mean(project: Project, survey: Survey) -> pd.DataFrame:
    """Mean of item means per municipality × side × wave, samlet and total (see the module docstring).

    Values are computed in 50-digit decimal arithmetic from the exact item sums and rounded to float once,
    so a value whose exact decimal is 4.315 is stored as the float nearest 4.315 (not 4.3149999...).
    """
    munis = [m.name for m in project.municipalities]
    waves = project.wave_ids
    minimum = project.thresholds.min_valid_items
    with localcontext() as ctx:
        ctx.prec = 50
        exact = _exact_side_means(item_means(project, survey, by="side", with_sum=True))
        grid = side_respondents(project, survey, munis)
        present = {(m, w) for m, _, w in exact}
        asked = {(side, w): len(side_items(project, side, w)) for side in SIDES for w in waves}
        value: dict[tuple[str, str, str], Decimal] = {}
        records = []
        for m, g, w, n in zip(grid["municipality"], grid["group"], grid["wave"], grid["n"]):
            if w not in project.municipality_waves(m) and (m, w) not in present:
                continue
            mean, items = exact.get((m, g, w), (None, 0))
            reason = "no_answers" if items == 0 else "too_few_items" if items < minimum else None
            if reason is None:
                value[(m, g, w)] = mean
            records.append((m, g, w, float(mean) if reason is None else math.nan, int(n), items, asked[(g, w)], reason))
        n_of = {(r[0], r[1], r[2]): r[4] for r in records}
        for m, w in dict.fromkeys((r[0], r[2]) for r in records):
            e, ld = value.get((m, "employee", w)), value.get((m, "leader", w))
            both = e is not None and ld is not None
            if both:
                value[(m, SAMLET, w)] = (e + ld) / 2
            records.append((m, SAMLET, w, float(value[(m, SAMLET, w)]) if both else math.nan,
                            n_of.get((m, "employee", w), 0) + n_of.get((m, "leader", w), 0), None, None,
                            None if both else "side_missing"))
        totals = []
        for g in MEAN_GROUPS:
            for w in waves:
                rows = [r for r in records if r[1] == g and r[2] == w]
                if not rows:
                    continue
                parts = [value[(r[0], g, w)] for r in rows if (r[0], g, w) in value]
                totals.append((TOTAL, g, w, _mean(parts), sum(r[4] for r in rows), None, None, None))
    out = pd.DataFrame(totals + records, columns=MEAN_COLUMNS)
    muni_rank = {m: i for i, m in enumerate([TOTAL, *munis])}
    group_rank = {g: i for i, g in enumerate(MEAN_GROUPS)}
    wave_rank = {w: i for i, w in enumerate(waves)}
    order = np.lexsort((out["wave"].map(wave_rank).to_numpy(), out["group"].map(group_rank).to_numpy(),
                        out["municipality"].map(muni_rank).to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    out["value"] = out["value"].astype(float)
    out["n"] = out["n"].astype(np.int64)
    out["items"] = out["items"].astype("Int64")
    out["items_asked"] = out["items_asked"].astype("Int64")
    out["invalid_reason"] = out["invalid_reason"].astype(object).where(out["invalid_reason"].notna(), None)
    return out
