"""The visitation figure (Figur 2-2 "Antal borgere og visitation"): citizens of the intervention group
starting per month (or week) as bars, and the running total as a line on a second axis, from ``register_intake``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pandas as pd
from babel.dates import format_date

from reporter.compose.cells import Formatter
from reporter.config import Project
from reporter.model import Figure, Series
from reporter.text.numbers import locale_for
from reporter.text.strings import t

Unit = Literal["month", "week"]


def _period_label(start: str, unit: str, lang: str) -> str:
    day = dt.date.fromisoformat(start)
    if unit == "week":
        return t("reg_intake_week", lang, week=day.isocalendar()[1], year=day.isocalendar()[0])
    text = format_date(day, "LLL yyyy", locale=locale_for(lang))
    return text[:1].upper() + text[1:]


def intake_figure(project: Project, tables: dict[str, pd.DataFrame], fmt: Formatter, *, unit: Unit = "month",
                  municipality: str = "total", key: str | None = None, caption: str | None = None) -> Figure:
    """Citizens starting per month (or week) as bars, the running total as a line (Figur 2-2)."""
    lang = project.language
    table = tables.get("register_intake")
    if table is None:
        raise ValueError("the project has no register data (metric table 'register_intake' is missing)")
    known = [m.name for m in project.municipalities]
    if municipality != "total" and municipality not in known:
        raise ValueError(f"unknown municipality {municipality!r} (known: total, {', '.join(known)})")
    rows = table[(table["unit"] == unit) & (table["municipality"] == municipality)]
    if rows.empty:
        raise ValueError(f"no starts in the intervention group for {municipality!r}")
    categories = tuple(_period_label(p, unit, lang) for p in rows["period"])
    started = tuple(int(x) for x in rows["value"])
    running = tuple(int(x) for x in rows["cumulative"])
    bars = Series(name=t("reg_intake_started", lang), values=started, labels=tuple(fmt.count(x) for x in started))
    line = Series(name=t("reg_intake_cumulative", lang), values=running, labels=tuple(fmt.count(x) for x in running))
    caption = caption or t("reg_cap_intake", lang)
    summary = ", ".join(f"{c} {a} ({b})" for c, a, b in zip(categories, bars.labels, line.labels))
    return Figure(key=key or f"fig_reg_intake_{unit}", caption=caption, kind="bar_line", categories=categories,
                  series=(bars, line), value_format="number",
                  alt_text=t("reg_alt_intake", lang, summary=summary, total=line.labels[-1]),
                  notes=(t("reg_note_intake", lang, total=line.labels[-1]),),
                  y_title=t("reg_intake_started_axis", lang), height=7.0)


BLOCKS = {"register.intake_figure": intake_figure}
