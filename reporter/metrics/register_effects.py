"""Effect estimates, intervention against comparison: OLS (pct.-point difference), logit (odds ratio), Cox (hazard ratio).

``register_effects`` (one row per model × outcome × segment × term)::

    model, outcome, segment, period, term, estimate, lower, upper, p, stars, n, events, reason

- ``model = "ols"``: linear probability model (or hours) ``y ~ intervention + covariates`` with robust
  (HC1) standard errors (exact, from per-pattern sums; equal to statsmodels' OLS HC1); ``estimate`` is the difference as a share (0.06 = 6 pct.-points) or in hours;
- ``model = "logit"``: logistic regression; ``estimate``/``lower``/``upper`` are odds ratios;
- ``model = "cox"``: Cox proportional hazards on the time to ``effects.event`` (lifelines); hazard ratios.

``term`` is ``"intervention"`` for the effect and ``"<background id>=<category>"`` for the covariates
(reference = the first category). A model that cannot be fitted (no variation, perfect separation,
too few events, singular design, no convergence) gives NaN estimates and a ``reason``; never a crash.
``stars``: ``***`` p < 0.01, ``**`` p < 0.05, ``*`` p < 0.10.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData
from reporter.metrics.register_survival import durations

EFFECT_COLUMNS = ["model", "outcome", "segment", "period", "term", "estimate", "lower", "upper", "p", "stars", "n",
                  "events", "reason"]
TREATMENT = "intervention"
MIN_EVENTS = 10
TOTAL = "total"


def stars(p: float) -> str:
    """Significance stars: *** < 0.01, ** < 0.05, * < 0.10, '' otherwise or when missing."""
    if p is None or not math.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def design(frame: pd.DataFrame, covariates: list[str]) -> pd.DataFrame:
    """Design matrix: intercept, intervention dummy, one dummy per non-reference covariate category."""
    columns = {"const": np.ones(len(frame)), TREATMENT: frame[TREATMENT].to_numpy(dtype=float)}
    for c in covariates:
        cat = frame[c]
        if not isinstance(cat.dtype, pd.CategoricalDtype):
            cat = cat.astype("category")
        codes = cat.cat.codes.to_numpy()
        for k, level in enumerate(cat.cat.categories[1:], start=1):
            columns[f"{c}={level}"] = (codes == k).astype(float)
    X = pd.DataFrame(columns, index=frame.index, copy=False)
    # a dummy that never (or always) occurs cannot be estimated: drop it rather than fail
    sums = X.sum(axis=0)
    keep = [col for col in X.columns if col in ("const", TREATMENT) or 0 < sums[col] < len(X)]
    return X[keep]


def _failed(base: dict, reason: str) -> list[dict]:
    return [{**base, "term": TREATMENT, "estimate": math.nan, "lower": math.nan, "upper": math.nan, "p": math.nan,
             "stars": "", "reason": reason}]


def _rows(base: dict, names, est, lo, hi, p, exp: bool) -> list[dict]:
    out = []
    for name, e, l_, h, pv in zip(names, est, lo, hi, p):
        if name == "const":
            continue
        f = math.exp if exp else float
        out.append({**base, "term": name, "estimate": f(e), "lower": f(l_), "upper": f(h), "p": float(pv),
                    "stars": stars(float(pv)), "reason": ""})
    return out


def _patterns(X: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a design matrix and, per person, the index of its row."""
    values = X.to_numpy()
    if X.shape[1] <= 62 and np.isin(values, (0.0, 1.0)).all():   # 0/1 dummies: one integer per pattern
        bits = values.astype(np.int64) @ (np.int64(1) << np.arange(X.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(bits, return_index=True, return_inverse=True)
        return values[first], inverse.ravel()
    patterns, inverse = np.unique(values, axis=0, return_inverse=True)
    return patterns, inverse.ravel()


def fit_ols(y: pd.Series, X: pd.DataFrame, base: dict) -> list[dict]:
    """OLS with HC1 robust standard errors (normal intervals, as statsmodels' ``cov_type="HC1"``).

    Computed exactly from per-pattern sums (n, Σy, Σy²) of the distinct covariate patterns — the same
    numbers as person-level ``statsmodels`` OLS (a test checks it), without a 100,000-row matrix."""
    from scipy import stats

    if y.nunique() < 2:
        return _failed(base, "outcome has no variation")
    if X[TREATMENT].nunique() < 2:
        return _failed(base, "only one group has persons")
    patterns, inverse = _patterns(X)
    yv = y.to_numpy(dtype=float)
    n_c = np.bincount(inverse, minlength=len(patterns)).astype(float)
    s1 = np.bincount(inverse, weights=yv, minlength=len(patterns))
    s2 = np.bincount(inverse, weights=yv * yv, minlength=len(patterns))
    k = patterns.shape[1]
    xtx = patterns.T @ (patterns * n_c[:, None])
    if np.linalg.matrix_rank(xtx) < k:
        return _failed(base, "design is singular")
    bread = np.linalg.inv(xtx)
    b = bread @ (patterns.T @ s1)
    fitted = patterns @ b
    rss = np.maximum(s2 - 2 * fitted * s1 + n_c * fitted ** 2, 0.0)
    meat = patterns.T @ (patterns * rss[:, None])
    n = float(n_c.sum())
    cov = n / (n - k) * bread @ meat @ bread
    se = np.sqrt(np.diag(cov))
    if not np.all(np.isfinite(se)) or (se == 0).any():
        return _failed(base, "design is singular")
    z = stats.norm.ppf(0.975)
    p = 2 * stats.norm.sf(np.abs(b / se))
    return _rows(base, X.columns, b, b - z * se, b + z * se, p, exp=False)


def fit_logit(y: pd.Series, X: pd.DataFrame, base: dict) -> list[dict]:
    """Logistic regression; rows per term as odds ratios.

    Fitted as a binomial GLM on the distinct covariate patterns (successes and failures per pattern):
    the likelihood is the person-level logit's, so estimates and standard errors are the same
    (a test checks this against ``statsmodels`` ``Logit``), at a fraction of the cost for register sizes."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    if y.nunique() < 2:
        return _failed(base, "outcome has no variation")
    if X[TREATMENT].nunique() < 2:
        return _failed(base, "only one group has persons")
    # a group in which everyone (or no one) has the outcome separates perfectly
    by_group = y.groupby(X[TREATMENT].to_numpy()).mean()
    if ((by_group == 0) | (by_group == 1)).any():
        return _failed(base, "perfect separation (a group has no variation in the outcome)")
    patterns, inverse = _patterns(X)
    n = np.bincount(inverse, minlength=len(patterns)).astype(float)
    hits = np.bincount(inverse, weights=y.to_numpy(dtype=float), minlength=len(patterns))
    cells = pd.DataFrame(patterns, columns=X.columns)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = sm.GLM(np.column_stack([hits, n - hits]), cells, family=sm.families.Binomial()).fit(maxiter=100)
        kinds = {type(w.message) for w in caught}
        if PerfectSeparationWarning in kinds:
            return _failed(base, "perfect separation")
        if ConvergenceWarning in kinds or not fit.converged:
            return _failed(base, "did not converge")
        ci = fit.conf_int(0.05)
        if not np.all(np.isfinite(fit.bse)):
            return _failed(base, "design is singular")
        return _rows(base, X.columns, fit.params, ci.iloc[:, 0], ci.iloc[:, 1], fit.pvalues, exp=True)
    except Exception as exc:  # statsmodels raises several kinds (PerfectSeparationError, LinAlgError, ...)
        return _failed(base, f"not fitted: {type(exc).__name__}")


def fit_cox(time: np.ndarray, observed: np.ndarray, X: pd.DataFrame, base: dict) -> list[dict]:
    """Cox proportional hazards (lifelines, Efron ties); rows per term as hazard ratios."""
    from lifelines import CoxPHFitter

    k = int(np.sum(observed))
    if k < MIN_EVENTS:
        return _failed(base, f"too few events ({k} < {MIN_EVENTS})")
    if X[TREATMENT].nunique() < 2:
        return _failed(base, "only one group has persons")
    frame = X.drop(columns="const").copy()
    frame["_T"] = time
    frame["_E"] = observed.astype(int)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cph = CoxPHFitter().fit(frame, "_T", "_E")
        s = cph.summary
        return _rows(base, list(s.index), s["coef"], s["coef lower 95%"], s["coef upper 95%"], s["p"], exp=True)
    except Exception as exc:  # lifelines: ConvergenceError, LinAlgError ...
        return _failed(base, f"not fitted: {type(exc).__name__}")


def _person_frame(project: Project, data: RegisterData, covariates: list[str]) -> pd.DataFrame:
    reg = project.register
    persons = data.persons
    frame = pd.DataFrame({
        TREATMENT: persons["group"].isin(reg.group_codes("intervention")).to_numpy(),
        "_keep": persons["group"].isin(reg.group_codes("intervention") + reg.group_codes("comparison")).to_numpy(),
    })
    for c in dict.fromkeys(covariates + ([reg.segment] if reg.segment else [])):
        frame[c] = persons[c].to_numpy()
    return frame


def _segments(project: Project, data: RegisterData) -> list[tuple[str, np.ndarray | None]]:
    reg = project.register
    out: list[tuple[str, np.ndarray | None]] = [(TOTAL, None)]
    if reg.segment:
        col = data.persons[reg.segment]
        out += [(str(c), (col == c).to_numpy()) for c in col.cat.categories]
    return out


def effect_table(project: Project, data: RegisterData) -> pd.DataFrame:
    """``register_effects`` (see the module docstring); empty when ``register.effects`` is not declared."""
    reg = project.register
    if reg is None or reg.effects is None:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    eff = reg.effects
    base_frame = _person_frame(project, data, eff.covariates)
    rows: list[dict] = []
    periods = data.periods
    segments = _segments(project, data)
    if periods is not None and eff.period is not None:
        at = periods[periods["period"].to_numpy() == eff.period]
        at = at[at["person_row"].to_numpy() >= 0]
        pr = at["person_row"].to_numpy()
        status = at["status"]
        for outcome in reg.outcomes:
            if outcome.hours:
                y_all = pd.Series(at["hours"].to_numpy(dtype=float))
            else:
                y_all = pd.Series(status.isin(outcome.statuses).to_numpy().astype(float))
            frame = base_frame.iloc[pr].reset_index(drop=True)
            for seg_name, seg_mask in segments:
                covs = [c for c in eff.covariates if c != reg.segment or seg_mask is None]
                keep = frame["_keep"].to_numpy() & y_all.notna().to_numpy()
                if seg_mask is not None:
                    keep &= seg_mask[pr]
                sub = frame[keep]
                y = y_all[keep]
                base = {"outcome": outcome.id, "segment": seg_name, "period": eff.period, "n": int(keep.sum()),
                        "events": math.nan}
                X = design(sub, covs).reset_index(drop=True)
                y = y.reset_index(drop=True)
                if keep.sum() == 0:
                    rows += _failed({**base, "model": "ols"}, "no persons")
                    continue
                rows += fit_ols(y, X, {**base, "model": "ols"})
                if not outcome.hours:
                    rows += fit_logit(y, X, {**base, "model": "logit"})
    if eff.event is not None:
        time, observed = durations(project, data.persons, eff.event)
        for seg_name, seg_mask in segments:
            covs = [c for c in eff.covariates if c != reg.segment or seg_mask is None]
            keep = base_frame["_keep"].to_numpy() & ~np.isnan(time)
            if seg_mask is not None:
                keep &= seg_mask
            X = design(base_frame[keep], covs).reset_index(drop=True)
            base = {"model": "cox", "outcome": eff.event, "segment": seg_name, "period": math.nan,
                    "n": int(keep.sum()), "events": int(observed[keep].sum())}
            rows += fit_cox(time[keep], observed[keep], X, base)
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)
