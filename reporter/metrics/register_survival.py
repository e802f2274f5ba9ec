"""Time to an event (first placement, first ordinary hours): Kaplan-Meier curves and medians per group.

``register_km`` (one row per event × group × time 0..periods)::

    event, group, time, survival, lower, upper, at_risk, events

``register_km_median``::

    event, group, median, median_lower, median_upper, n, events, reason

Time is counted in the register's unit: an event in week w since the start date has time w (week 1 =
the first 7 days); a person without the event is censored at the week of the censoring date (or at
``register.periods``, the end of follow-up). ``survival`` is the share still without the event; the
bands are lifelines' exponential Greenwood 95 % interval. A median that is not reached is NaN with
``reason`` saying so; a group without events gives NaN curves' bands and a reason.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData

DAYS_PER_UNIT = {"week": 7.0, "month": 30.4375}
KM_COLUMNS = ["event", "group", "time", "survival", "lower", "upper", "at_risk", "events"]
MEDIAN_COLUMNS = ["event", "group", "median", "median_lower", "median_upper", "n", "events", "reason"]


def durations(project: Project, persons: pd.DataFrame, event_id: str) -> tuple[np.ndarray, np.ndarray]:
    """(time in units since start, event observed) per person; censored at the follow-up's end."""
    reg = project.register
    unit = DAYS_PER_UNIT[reg.unit]
    start = persons["start"]
    event = persons["event:" + event_id]
    event_t = np.floor((event - start).dt.days.to_numpy(dtype=float, na_value=np.nan) / unit) + 1
    censor_t = np.floor((persons["censor"] - start).dt.days.to_numpy(dtype=float, na_value=np.nan) / unit) + 1
    censor_t = np.minimum(censor_t, reg.periods)
    observed = ~np.isnan(event_t) & (event_t <= reg.periods)
    time = np.where(observed, event_t, censor_t)
    return time, observed


def kaplan_meier(time: np.ndarray, observed: np.ndarray, timeline: np.ndarray) -> tuple[pd.DataFrame, dict]:
    """Kaplan-Meier estimate on ``timeline``: (curve with survival/lower/upper/at_risk/events, summary)."""
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    kmf = KaplanMeierFitter(alpha=0.05)
    kmf.fit(time, event_observed=observed, timeline=timeline)
    sf = kmf.survival_function_.iloc[:, 0].to_numpy()
    ci = kmf.confidence_interval_survival_function_
    ordered = np.sort(np.asarray(time, dtype=float))
    at_risk = ordered.size - np.searchsorted(ordered, timeline, side="left")   # still followed at t
    events = np.bincount(np.searchsorted(timeline, np.asarray(time)[np.asarray(observed, dtype=bool)]),
                         minlength=timeline.size)[: timeline.size]
    curve = pd.DataFrame({
        "time": timeline.astype(int), "survival": sf,
        "lower": ci.iloc[:, 0].to_numpy(), "upper": ci.iloc[:, 1].to_numpy(),
        "at_risk": at_risk.astype(int), "events": events.astype(int),
    })
    median = float(kmf.median_survival_time_)
    bounds = median_survival_times(kmf.confidence_interval_)
    lo, hi = (float(bounds.iloc[0, 0]), float(bounds.iloc[0, 1])) if len(bounds) else (math.nan, math.nan)
    summary = {"median": median if math.isfinite(median) else math.nan,
               "median_lower": lo if math.isfinite(lo) else math.nan,
               "median_upper": hi if math.isfinite(hi) else math.nan,
               "reason": "" if math.isfinite(median) else "median not reached"}
    return curve, summary


def km_tables(project: Project, data: RegisterData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``register_km`` and ``register_km_median`` for every event × group with persons."""
    reg = project.register
    curves, medians = [], []
    if reg is None or not reg.events:
        return pd.DataFrame(columns=KM_COLUMNS), pd.DataFrame(columns=MEDIAN_COLUMNS)
    timeline = np.arange(0, reg.periods + 1, dtype=float)
    persons = data.persons
    for event in reg.events:
        time, observed = durations(project, persons, event.id)
        for group in reg.groups:
            if group.role == "population":
                continue
            mask = (persons["group"] == group.code).to_numpy() & ~np.isnan(time)
            n, k = int(mask.sum()), int(observed[mask].sum())
            if n == 0:
                continue
            if k == 0:
                medians.append({"event": event.id, "group": group.code, "median": math.nan, "median_lower": math.nan,
                                "median_upper": math.nan, "n": n, "events": 0, "reason": "no events"})
                continue
            curve, summary = kaplan_meier(time[mask], observed[mask], timeline)
            curve.insert(0, "group", group.code)
            curve.insert(0, "event", event.id)
            curves.append(curve)
            medians.append({"event": event.id, "group": group.code, **{k_: summary[k_] for k_ in
                            ("median", "median_lower", "median_upper")}, "n": n, "events": k,
                            "reason": summary["reason"]})
    km = pd.concat(curves, ignore_index=True)[KM_COLUMNS] if curves else pd.DataFrame(columns=KM_COLUMNS)
    return km, pd.DataFrame(medians, columns=MEDIAN_COLUMNS)
