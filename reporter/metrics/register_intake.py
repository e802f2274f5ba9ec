"""Visitation over time: how many citizens of the intervention group started each month (or week), and the
running total (the reference evaluation's Figur 2-2 "Antal borgere og visitation").

``register_intake`` (in ``compute_all`` with a register), one row per municipality (and ``total``) × unit ×
period with at least one start::

    municipality, group, wave, unit, period, value, n, cumulative

``unit`` is ``month`` (``period`` = first day of the month, ISO text) or ``week`` (the Monday of the ISO week);
``value`` = ``n`` = persons of the intervention group(s) starting in the period; ``cumulative`` = persons
started up to and including it. ``group`` is ``total`` and ``wave`` empty (the shared columns)."""

from __future__ import annotations

import pandas as pd

from reporter.config.models import Project
from reporter.data.schema import RegisterData

TOTAL = "total"
INTAKE_COLUMNS = ["municipality", "group", "wave", "unit", "period", "value", "n", "cumulative"]


def _period_start(starts: pd.Series, unit: str) -> pd.Series:
    days = pd.to_datetime(starts).dt.normalize()
    if unit == "month":
        return days.dt.to_period("M").dt.start_time
    return days - pd.to_timedelta(days.dt.day_of_week, unit="D")


def intake(project: Project, data: RegisterData) -> pd.DataFrame:
    """``register_intake`` (see the module docstring)."""
    persons = data.persons
    persons = persons[persons["group"].isin(project.register.group_codes("intervention"))]
    persons = persons[persons["start"].notna()]
    rows = []
    names = [m.name for m in project.municipalities] + [TOTAL]
    for unit in ("month", "week"):
        period = _period_start(persons["start"], unit)
        for name in names:
            mine = period if name == TOTAL else period[persons["municipality"].astype(object) == name]
            counts = mine.value_counts().sort_index()
            running = 0
            for start, n in counts.items():
                running += int(n)
                rows.append({"municipality": name, "group": TOTAL, "wave": "", "unit": unit,
                             "period": start.date().isoformat(), "value": int(n), "n": int(n),
                             "cumulative": running})
    return pd.DataFrame(rows, columns=INTAKE_COLUMNS)
