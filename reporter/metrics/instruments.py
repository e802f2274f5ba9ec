"""Scores of validated instruments (WHO-5, General Self-Efficacy, BIP indicators) and their summaries.

The scoring rule is :meth:`reporter.config.instruments.Instrument.score_of` (prorated sum × multiplier or mean
of the answered items, no score with more than ``max_missing`` missing items); :func:`person_scores` applies
it to every respondent × measurement at once. Item answers are the option scores; "ved ikke" is missing.

Tables (``compute_all``):

Every table has the shared columns ``municipality, group, wave, value, n`` (``group`` is ``"total"``: citizens
have no reporting groups).

- ``instrument_means``: ``instrument, municipality, group, wave, n, value, sd, reference`` — ``value`` the mean
  score; ``municipality`` a name or ``"total"``; ``n`` persons with a score; ``reference`` the configured
  reference value (NaN without).
- ``instrument_bands``: ``instrument, municipality, group, wave, band, n, count, value`` — persons per threshold
  band (``value`` = share 0–1 of ``n``).
- ``instrument_categories``: ``instrument, item, municipality, group, wave, category, n, count, value`` —
  collapsed answer categories per item, all municipalities (``n`` answers to the item, "ved ikke" excluded;
  ``value`` = share 0–1).
- ``instrument_sensitivity``: ``instrument, municipality, group, wave, scenario, label, n, value`` — the mean
  score as computed (``scenario`` = ``"base"``) and under each configured recoding of the answers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporter.config.instruments import Instrument
from reporter.config.models import Project
from reporter.data.schema import Survey

SCORE_COLUMNS = ["instrument", "wave", "respondent", "municipality", "answered", "score"]
MEAN_COLUMNS = ["instrument", "municipality", "group", "wave", "n", "value", "sd", "reference"]
BAND_COLUMNS = ["instrument", "municipality", "group", "wave", "band", "n", "count", "value"]
CATEGORY_COLUMNS = ["instrument", "item", "municipality", "group", "wave", "category", "n", "count", "value"]
SENSITIVITY_COLUMNS = ["instrument", "municipality", "group", "wave", "scenario", "label", "n", "value"]
TOTAL = "total"


def answer_sheets(project: Project, survey: Survey, instrument: Instrument) -> pd.DataFrame:
    """One row per respondent × wave who answered at least one item: ``wave, respondent, municipality`` and one
    column per item (the answer value, NaN = missing or "ved ikke")."""
    answers = survey.answers
    sub = answers[answers["item"].isin(instrument.items)]
    if sub.empty:
        return pd.DataFrame(columns=["wave", "respondent", "municipality", *instrument.items])
    keys = pd.DataFrame({"wave": sub["wave"].astype(str), "respondent": sub["respondent"],
                         "municipality": sub["municipality"].astype(str), "item": sub["item"].astype(str),
                         "score": sub["score"].astype(float)})
    # one answer per respondent × wave × item (validated), so unstacking needs no aggregation
    wide = keys.set_index(["wave", "respondent", "municipality", "item"])["score"].unstack("item")
    wide = wide.reindex(columns=instrument.items)
    out = wide.reset_index()
    out.columns.name = None
    return out


def score_sheets(instrument: Instrument, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(answered items, score) per row of an answers matrix (rows = sheets, columns = items, NaN = missing)."""
    answered = np.sum(~np.isnan(values), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(values, axis=1) / answered
    score = mean if instrument.score == "mean" else mean * len(instrument.items) * instrument.multiplier
    too_few = (len(instrument.items) - answered > instrument.max_missing) | (answered == 0)
    return answered, np.where(too_few, np.nan, score)


def person_scores(project: Project, survey: Survey, instrument: Instrument,
                  recode: dict[float, float] | None = None) -> pd.DataFrame:
    """Score per respondent × wave (columns :data:`SCORE_COLUMNS`); ``recode`` maps answer values first."""
    sheets = answer_sheets(project, survey, instrument)
    values = sheets[instrument.items].to_numpy(dtype=float) if len(sheets) else np.zeros((0, len(instrument.items)))
    if recode:
        mapped = values.copy()
        for old, new in recode.items():
            mapped[values == float(old)] = float(new)
        values = mapped
    answered, score = score_sheets(instrument, values)
    return pd.DataFrame({
        "instrument": instrument.id,
        "wave": sheets["wave"].astype(str).to_numpy() if len(sheets) else np.zeros(0, dtype=object),
        "respondent": sheets["respondent"].to_numpy() if len(sheets) else np.zeros(0, dtype=object),
        "municipality": sheets["municipality"].astype(str).to_numpy() if len(sheets) else np.zeros(0, dtype=object),
        "answered": answered.astype(int),
        "score": score,
    }, columns=SCORE_COLUMNS)


def _groups(project: Project, scores: pd.DataFrame):
    """(municipality label, rows) for the total and every municipality, in configuration order."""
    yield TOTAL, scores
    for m in project.municipalities:
        yield m.name, scores[scores["municipality"] == m.name]


def instrument_means(project: Project, survey: Survey) -> pd.DataFrame:
    """Mean score per instrument × municipality (and total) × wave."""
    rows = []
    for ins in project.instruments:
        scores = person_scores(project, survey, ins)
        reference = ins.reference.value if ins.reference is not None else np.nan
        for muni, sub in _groups(project, scores):
            for wave in project.wave_ids:
                s = sub.loc[sub["wave"] == wave, "score"].dropna()
                rows.append({"instrument": ins.id, "municipality": muni, "group": TOTAL, "wave": wave,
                             "n": int(s.size), "value": float(s.mean()) if s.size else np.nan,
                             "sd": float(s.std(ddof=1)) if s.size > 1 else np.nan, "reference": reference})
    return pd.DataFrame(rows, columns=MEAN_COLUMNS)


def instrument_bands(project: Project, survey: Survey) -> pd.DataFrame:
    """Persons per threshold band per instrument × municipality (and total) × wave."""
    rows = []
    for ins in project.instruments:
        if not ins.bands:
            continue
        scores = person_scores(project, survey, ins)
        scores = scores[scores["score"].notna()]
        band = scores["score"].map(ins.band_of)
        for muni, sub in _groups(project, scores):
            for wave in project.wave_ids:
                in_wave = sub["wave"] == wave
                n = int(in_wave.sum())
                for b in ins.bands:
                    count = int((band[sub.index][in_wave] == b.label).sum())
                    rows.append({"instrument": ins.id, "municipality": muni, "group": TOTAL, "wave": wave,
                                 "band": b.label,
                                 "n": n, "count": count, "value": count / n if n else np.nan})
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


def instrument_categories(project: Project, survey: Survey) -> pd.DataFrame:
    """Collapsed answer categories per instrument item × wave (instruments with ``categories``)."""
    rows = []
    answers = survey.answers
    for ins in project.instruments:
        if not ins.categories:
            continue
        sub = answers[answers["item"].isin(ins.items) & answers["score"].notna()]
        for item in ins.items:
            for wave in project.wave_ids:
                values = sub.loc[(sub["item"] == item) & (sub["wave"] == wave), "score"].to_numpy(dtype=float)
                n = int(values.size)
                for c in ins.categories:
                    count = int(np.isin(values, np.asarray(c.values, dtype=float)).sum())
                    rows.append({"instrument": ins.id, "item": item, "municipality": TOTAL, "group": TOTAL,
                                 "wave": wave, "category": c.label, "n": n,
                                 "count": count, "value": count / n if n else np.nan})
    return pd.DataFrame(rows, columns=CATEGORY_COLUMNS)


def instrument_sensitivity(project: Project, survey: Survey) -> pd.DataFrame:
    """Mean score per wave as computed and under each configured recoding (instruments with ``sensitivity``)."""
    rows = []
    for ins in project.instruments:
        if not ins.sensitivity:
            continue
        scenarios = [("base", "", None)] + [(s.id, s.label, s.recode) for s in ins.sensitivity]
        for scenario, label, recode in scenarios:
            scores = person_scores(project, survey, ins, recode)
            for wave in project.wave_ids:
                s = scores.loc[scores["wave"] == wave, "score"].dropna()
                rows.append({"instrument": ins.id, "municipality": TOTAL, "group": TOTAL, "wave": wave,
                             "scenario": scenario, "label": label, "n": int(s.size),
                             "value": float(s.mean()) if s.size else np.nan})
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS)
