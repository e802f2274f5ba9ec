"""Register outcomes per municipality: key figures, size bands, fidelity against outcome, regression tables.

``register_key_figures`` (municipality names in project order, then ``"total"`` = "I alt")::

    municipality, figure, value, n, suppressed, suppressed_reason

  figures: ``persons`` (intervention persons), ``<outcome>`` (share or mean hours at the last time
  point), ``event:<id>`` (share with the event during follow-up). ``suppressed`` when ``n`` is below the
  project's ``min_n`` (the value stays exact; the document layer blanks it).

``register_size_bands``: ``band, group, outcome, time_point, value, n, municipalities`` — outcomes at the
time points per municipality size band (``register.size_bands`` on ``municipalities[].population``),
``band = "total"`` for the whole group.

``register_fidelity``: ``municipality, outcome, x, y, n`` — fidelity mean (samlet, last wave, 1–5) against
the intervention group's outcome at the last time point; ``register_fidelity_line``: ``outcome, slope,
intercept, r2, p, n, reason`` (OLS of y on x).

``register_regression``: ``outcome, segment, term, coefficient, p, r2, n, significance, reason`` —
OLS across municipalities of the change in the outcome (last − first time point, pct.-points) on
``fidelity`` (samlet, last wave) and ``belief`` (share answering the top two belief bands, first belief
item, last wave, in pct.); ``term = "r2"`` rows carry R². ``significance``: ``"bold"`` p < 0.05,
``"italic"`` p < 0.10, ``""`` otherwise (the documents' convention).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData

TOTAL = "total"
KEY_COLUMNS = ["municipality", "figure", "value", "n", "suppressed", "suppressed_reason"]
BAND_COLUMNS = ["band", "group", "outcome", "time_point", "value", "n", "municipalities"]
FIDELITY_COLUMNS = ["municipality", "outcome", "x", "y", "n"]
LINE_COLUMNS = ["outcome", "slope", "intercept", "r2", "p", "n", "reason"]
REGRESSION_COLUMNS = ["outcome", "segment", "term", "coefficient", "p", "r2", "n", "significance", "reason"]


def significance(p: float) -> str:
    """The documents' typography: bold = significant at 5 %, italic = at 10 %, plain otherwise."""
    if p is None or not math.isfinite(p):
        return ""
    return "bold" if p < 0.05 else "italic" if p < 0.10 else ""


def _last_point(project: Project) -> int:
    reg = project.register
    return reg.time_points[-1].period if reg.time_points else reg.periods


def _first_point(project: Project) -> int:
    reg = project.register
    return reg.time_points[0].period if reg.time_points else 1


def key_figures(project: Project, data: RegisterData, outcomes: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """``register_key_figures`` (see the module docstring)."""
    reg = project.register
    names = [m.name for m in project.municipalities]
    persons = data.persons
    inter = persons["group"].isin(reg.group_codes("intervention")).to_numpy()
    rows = []
    muni = persons["municipality"].astype(object).to_numpy()
    last = _last_point(project)
    at_last = outcomes[(outcomes["period"] == last) & (outcomes["segment"] == TOTAL)
                       & outcomes["group"].isin(reg.group_codes("intervention"))]
    by_key = {k: g for k, g in at_last.groupby(["outcome", "municipality"], sort=False)}
    empty = at_last.iloc[0:0]
    events = {e.id: persons["event:" + e.id].notna().to_numpy() for e in reg.events}
    for name in names + [TOTAL]:
        mask = inter & ((muni == name) if name != TOTAL else True)
        n = int(mask.sum())
        rows.append({"municipality": name, "figure": "persons", "value": float(n), "n": n})
        for outcome in reg.outcomes:
            hit = by_key.get((outcome.id, name), empty)
            if len(hit) > 1:  # several intervention groups: weighted by persons observed
                value = float((hit["value"] * hit["n"]).sum() / hit["n"].sum())
            else:
                value = float(hit["value"].iloc[0]) if len(hit) else math.nan
            rows.append({"municipality": name, "figure": outcome.id, "value": value,
                         "n": int(hit["n"].sum()) if len(hit) else 0})
        for event in reg.events:
            has = events[event.id]
            rows.append({"municipality": name, "figure": "event:" + event.id,
                         "value": float(has[mask].mean()) if n else math.nan, "n": n})
    table = pd.DataFrame(rows)
    table["suppressed"] = table["n"] < min_n
    table["suppressed_reason"] = np.where(table["suppressed"], f"n < {min_n}", "")
    return table[KEY_COLUMNS]


def _band_of(project: Project) -> dict[str, str]:
    reg = project.register
    out = {}
    for m in project.municipalities:
        if m.population is None:
            continue
        for band in reg.size_bands:
            if band.max is None or m.population <= band.max:
                out[m.name] = band.label
                break
    return out


def size_bands(project: Project, outcomes: pd.DataFrame) -> pd.DataFrame:
    """``register_size_bands`` (see the module docstring); needs ``register.size_bands`` and time points."""
    reg = project.register
    if not reg.size_bands or not reg.time_points or outcomes.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    band_of = _band_of(project)
    rows = []
    base = outcomes[outcomes["segment"] == TOTAL]
    for point in reg.time_points:
        at = base[base["period"] == point.period]
        for outcome in reg.outcomes:
            sub = at[at["outcome"] == outcome.id]
            munis = sub[sub["municipality"] != TOTAL].copy()
            munis["band"] = munis["municipality"].map(band_of)
            for group in reg.groups:
                g = munis[munis["group"] == group.code]
                for band in reg.size_bands:
                    b = g[g["band"] == band.label]
                    n = int(b["n"].sum())
                    value = float((b["value"] * b["n"]).sum() / n) if n else math.nan
                    rows.append({"band": band.label, "group": group.code, "outcome": outcome.id,
                                 "time_point": point.id, "value": value, "n": n, "municipalities": int(len(b))})
                tot = sub[(sub["municipality"] == TOTAL) & (sub["group"] == group.code)]
                if len(tot):
                    rows.append({"band": TOTAL, "group": group.code, "outcome": outcome.id, "time_point": point.id,
                                 "value": float(tot["value"].iloc[0]), "n": int(tot["n"].iloc[0]),
                                 "municipalities": int(g["municipality"].nunique())})
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


def _fidelity_by_municipality(project: Project, survey_tables: dict[str, pd.DataFrame]) -> pd.Series:
    table = survey_tables.get("fidelity_mean")
    if table is None or table.empty:
        return pd.Series(dtype=float)
    last = project.wave_ids[-1]
    rows = table[(table["group"] == "samlet") & (table["wave"] == last) & (table["municipality"] != TOTAL)]
    return rows.set_index("municipality")["value"].astype(float)


def _belief_by_municipality(project: Project, survey_tables: dict[str, pd.DataFrame]) -> pd.Series:
    table = survey_tables.get("belief_municipality")
    if table is None or table.empty or not project.belief:
        return pd.Series(dtype=float)
    last = project.wave_ids[-1]
    item = project.belief[0].item
    rows = table[(table["item"] == item) & (table["wave"] == last) & (table["municipality"] != TOTAL)
                 & ~table["dont_know"].astype(bool)]
    codes = pd.to_numeric(rows["code"], errors="coerce")
    top = codes >= codes.max() - 1  # the top two bands
    return (rows[top].groupby("municipality", observed=True)["value"].sum() * 100).astype(float)


def _ols(y: np.ndarray, X: pd.DataFrame):
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.OLS(y, sm.add_constant(X, has_constant="add")).fit()


def _intervention_values(project: Project, outcomes: pd.DataFrame, outcome_id: str, period: int,
                         segment: str = TOTAL) -> pd.Series:
    reg = project.register
    sub = outcomes[(outcomes["outcome"] == outcome_id) & (outcomes["period"] == period)
                   & (outcomes["segment"] == segment) & (outcomes["municipality"] != TOTAL)
                   & outcomes["group"].isin(reg.group_codes("intervention"))]
    names = {m.name for m in project.municipalities}
    sub = sub[sub["municipality"].isin(names)]
    weighted = (sub["value"] * sub["n"]).groupby(sub["municipality"]).sum() / sub.groupby("municipality")["n"].sum()
    return weighted.astype(float)


def fidelity_scatter(project: Project, outcomes: pd.DataFrame, survey_tables: dict[str, pd.DataFrame]
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``register_fidelity`` points and ``register_fidelity_line`` (OLS y = slope·x + intercept, R²)."""
    reg = project.register
    fidelity = _fidelity_by_municipality(project, survey_tables)
    points, lines = [], []
    last = _last_point(project)
    for outcome in reg.outcomes:
        y = _intervention_values(project, outcomes, outcome.id, last)
        n_by = outcomes[(outcomes["outcome"] == outcome.id) & (outcomes["period"] == last)
                        & (outcomes["segment"] == TOTAL)
                        & outcomes["group"].isin(reg.group_codes("intervention"))].groupby("municipality")["n"].sum()
        both = pd.DataFrame({"x": fidelity, "y": y}).dropna()
        for name, row in both.iterrows():
            points.append({"municipality": name, "outcome": outcome.id, "x": row["x"], "y": row["y"],
                           "n": int(n_by.get(name, 0))})
        line = {"outcome": outcome.id, "slope": math.nan, "intercept": math.nan, "r2": math.nan, "p": math.nan,
                "n": len(both), "reason": ""}
        if len(both) < 3:
            line["reason"] = f"too few municipalities ({len(both)} < 3)"
        elif both["x"].nunique() < 2:
            line["reason"] = "fidelity does not vary"
        else:
            fit = _ols(both["y"].to_numpy(), both[["x"]])
            line.update(slope=float(fit.params["x"]), intercept=float(fit.params["const"]), r2=float(fit.rsquared),
                        p=float(fit.pvalues["x"]))
        lines.append(line)
    order = {m.name: i for i, m in enumerate(project.municipalities)}
    pts = pd.DataFrame(points, columns=FIDELITY_COLUMNS)
    if len(pts):
        pts = pts.sort_values(["outcome", "municipality"], key=lambda s: s.map(order) if s.name == "municipality"
                              else s.map({o.id: i for i, o in enumerate(reg.outcomes)})).reset_index(drop=True)
    return pts, pd.DataFrame(lines, columns=LINE_COLUMNS)


def regression_table(project: Project, outcomes: pd.DataFrame, survey_tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """``register_regression`` (see the module docstring)."""
    reg = project.register
    predictors = {"belief": _belief_by_municipality(project, survey_tables),
                  "fidelity": _fidelity_by_municipality(project, survey_tables)}
    predictors = {k: v for k, v in predictors.items() if len(v)}
    segments = [TOTAL] + [s for s in outcomes["segment"].unique() if s != TOTAL]
    first, last = _first_point(project), _last_point(project)
    rows = []
    for outcome in reg.outcomes:
        for segment in segments:
            change = (_intervention_values(project, outcomes, outcome.id, last, segment)
                      - _intervention_values(project, outcomes, outcome.id, first, segment))
            if not outcome.hours:
                change = change * 100
            frame = pd.DataFrame({"y": change, **predictors}).dropna()
            names = list(predictors)
            base = {"outcome": outcome.id, "segment": segment, "n": len(frame)}
            reason = ""
            if not names:
                reason = "no survey predictors (fidelity, belief)"
            elif len(frame) < len(names) + 2:
                reason = f"too few municipalities ({len(frame)})"
            elif any(frame[c].nunique() < 2 for c in names):
                reason = "a predictor does not vary"
            if reason:
                for term in names + ["r2"]:
                    rows.append({**base, "term": term, "coefficient": math.nan, "p": math.nan, "r2": math.nan,
                                 "significance": "", "reason": reason})
                continue
            fit = _ols(frame["y"].to_numpy(), frame[names])
            for term in names:
                p = float(fit.pvalues[term])
                rows.append({**base, "term": term, "coefficient": float(fit.params[term]), "p": p,
                             "r2": float(fit.rsquared), "significance": significance(p), "reason": ""})
            rows.append({**base, "term": "r2", "coefficient": math.nan, "p": math.nan, "r2": float(fit.rsquared),
                         "significance": "", "reason": ""})
    return pd.DataFrame(rows, columns=REGRESSION_COLUMNS)
