"""Metric tables → model figures: chart data, caption, 'Note:' line and alt text, decided once here."""

from __future__ import annotations

import math

import pandas as pd

from reporter.compose import wording
from reporter.compose.cells import Formatter
from reporter.config import Project
from reporter.model import Figure, Series
from reporter.text.strings import join_list, t


def _v(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _n(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def _quote_list(texts: list[str], lang: str) -> str:
    return join_list([f"“{x}”" for x in texts], lang)


def group_labels(project: Project) -> list[tuple[str, str]]:
    """(group id, label) for the reporting roles and the Total, in configuration order."""
    return [(r.id, r.label) for r in project.roles] + [("total", t("total", project.language))]


def threshold(min_n, group: str) -> int:
    """A disclosure threshold: one number, or the project's rule per group (``Project.min_n_for``)."""
    return min_n(group) if callable(min_n) else min_n


def index_figure(project: Project, fmt: Formatter, indicator: pd.DataFrame, track, core, index,
                 min_n) -> Figure:
    """Clustered bars: one cluster per reporting role (and Total), one bar per wave; data labels."""
    lang = project.language
    groups = group_labels(project)
    data = {(r["group"], r["wave"]): r for _, r in indicator[indicator["index"] == index.id].iterrows()}
    series = []
    for w in project.waves:
        values, labels, ns = [], [], []
        for gid, _ in groups:
            row = data.get((gid, w.id))
            small = row is not None and gid != "total" and row.get("respondents", 0) < threshold(min_n, gid)
            value = None if row is None or small else _v(row["value"])
            values.append(value)
            labels.append("*" if small else fmt.percent(value))
            ns.append(_n(row.get("respondents")) if row is not None else None)
        series.append(Series(name=w.label, values=tuple(values), labels=tuple(labels), wave=w.id, n=tuple(ns)))
    employee_items = [project.item(i).text for i in index.items]
    extra = [project.item(i).text for i in index.items_for("leader") if i not in index.items]
    note = t("note_topbox_items", lang, top=wording.top_options(project), items=_quote_list(employee_items, lang))
    if extra:
        note += " " + t("note_leader_extra", lang, items=_quote_list(extra, lang))
    totals = series_summary(project, fmt, series, [g for _, g in groups])
    return Figure(
        key=f"fig_{index.id}", caption=f"{core.id}. {index.label}", kind="clustered_bar",
        categories=tuple(label for _, label in groups), series=tuple(series),
        alt_text=t("alt_clustered", lang, title=index.label, summary=totals),
        notes=(note,), value_max=1.0,
    )


def series_summary(project: Project, fmt: Formatter, series: list[Series], categories: list[str]) -> str:
    """'Total: Start 33%, Midt 50%, Slut 57%' for alt texts (the last category is the Total)."""
    parts = [f"{s.name} {s.labels[-1] or '–'}" for s in series]
    return f"{categories[-1]}: " + ", ".join(parts)


def belief_figure(project: Project, fmt: Formatter, belief: pd.DataFrame, question, min_n) -> Figure:
    """100 % stacked bars: one bar per group × wave, one segment per band ('Ved ikke' kept)."""
    lang = project.language
    df = belief[(belief["item"] == question.item) & (belief["municipality"] == "total")]
    scale = project.scale_of(question.item)
    bands = [o.label for o in scale.options]
    categories, rows, row_groups, row_waves, row_n = [], [], [], [], []
    for gid, glabel in group_labels(project):
        for w in project.waves:
            sub = df[(df["group"] == gid) & (df["wave"] == w.id)]
            if sub.empty:
                continue
            n = int(sub["n"].iloc[0])
            if gid != "total" and n < threshold(min_n, gid):
                continue
            categories.append(f"{glabel} – {w.label} (n={fmt.count(n)})")
            rows.append({o: _v(v) for o, v in zip(sub["option"].astype(str), sub["value"])})
            row_groups.append(glabel)
            row_waves.append(w.label)
            row_n.append(n)
    series = tuple(
        Series(name=o.label, values=tuple(r.get(o.label) for r in rows),
               labels=tuple(fmt.percent(r.get(o.label)) for r in rows), n=tuple(row_n), dont_know=o.dont_know)
        for o in scale.options
    )
    item = project.item(question.item)
    total_last = [c for c in categories if c.startswith(t("total", lang))]
    return Figure(
        key=f"fig_belief_{question.item}", caption=question.title, kind="stacked_bar",
        categories=tuple(categories), series=series,
        alt_text=t("alt_stacked", lang, title=question.title, n=len(categories), bands=", ".join(bands),
                   last=total_last[-1] if total_last else ""),
        notes=(t("note_distribution_q", lang, question=item.text),), value_max=1.0,
        height=max(6.0, 0.55 * len(categories) + 2.0),
        category_groups=tuple(row_groups), category_waves=tuple(row_waves),
    )


def options_figure(project: Project, fmt: Formatter, df: pd.DataFrame, item_id: str, *, key: str,
                   caption: str, note: str) -> Figure | None:
    """Clustered bars over answer options (multi-select shares, distributions), one bar per wave, Total only."""
    lang = project.language
    sub = df[(df["item"] == item_id) & (df["group"] == "total")]
    if "municipality" in sub.columns:
        sub = sub[sub["municipality"] == "total"]
    if sub.empty:
        return None
    options = list(dict.fromkeys(sub["option"].astype(str)))
    waves = [w for w in project.waves if w.id in set(sub["wave"].astype(str))]
    data = {(str(r["option"]), str(r["wave"])): _v(r["value"]) for _, r in sub.iterrows()}
    series = tuple(Series(name=w.label, values=tuple(data.get((o, w.id)) for o in options),
                          labels=tuple(fmt.percent(data.get((o, w.id))) for o in options), wave=w.id)
                   for w in waves)
    return Figure(key=key, caption=caption, kind="horizontal_bar" if len(waves) == 1 else "clustered_bar",
                  categories=tuple(options), series=series,
                  alt_text=t("alt_options", lang, title=caption, options=", ".join(options)),
                  notes=(note,), value_max=1.0)


def means_figure(project: Project, fmt: Formatter, df: pd.DataFrame, items: list[str], *, key: str,
                 caption: str, note: str) -> Figure | None:
    """Numeric means (caseload) by reporting role and wave: clusters = role × item, bars = waves."""
    lang = project.language
    sub = df[df["item"].isin(items)]
    if "municipality" in sub.columns:
        sub = sub[sub["municipality"] == "total"]
    sub = sub[sub["group"] != "total"]
    if sub.empty:
        return None
    waves = [w for w in project.waves if w.id in set(sub["wave"].astype(str))]
    cats = []
    for r in project.roles:
        for i in items:
            if not sub[(sub["group"] == r.id) & (sub["item"] == i)].empty:
                cats.append((r.id, i, f"{r.label}: {project.item(i).text}"))
    data = {(str(x["group"]), str(x["item"]), str(x["wave"])): _v(x["value"]) for _, x in sub.iterrows()}
    series = tuple(Series(name=w.label, values=tuple(data.get((g, i, w.id)) for g, i, _ in cats),
                          labels=tuple(fmt.number(data.get((g, i, w.id)), 0) for g, i, _ in cats), wave=w.id)
                   for w in waves)
    top = max((v for s in series for v in s.values if v is not None), default=1.0)
    return Figure(key=key, caption=caption, kind="clustered_bar", categories=tuple(c[2] for c in cats),
                  series=series, alt_text=t("alt_options", lang, title=caption, options=", ".join(c[2] for c in cats)),
                  notes=(note,), value_format="number", value_max=top * 1.15)
