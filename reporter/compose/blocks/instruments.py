"""Instrument and panel blocks: a score with its reference line and threshold bands, collapsed answer categories,
paired change as a dumbbell (and as a table), a sensitivity analysis of a score, and the unweighted mean of
shares over measurements. Every number comes from the metric tables of :mod:`reporter.metrics.instruments`,
:mod:`reporter.metrics.panel` and :mod:`reporter.metrics.wave_average`."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import pandas as pd

from reporter.compose.blocks.common import SUPPRESSED, check_waves, v
from reporter.compose.cells import head, label
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Cell, Figure, Row, ScoreBand, Series, Table
from reporter.text.strings import join_list, t

Test = Literal["t", "wilcoxon"]


def _small(project, n) -> bool:
    """Fewer persons than the disclosure rule (``thresholds.min_n``; the smaller one when it is per side): a
    citizen statistic on so few persons, even for all citizens together, shows "*" (a paired change of two
    persons would reveal their answers)."""
    return n is not None and int(n) < project.thresholds.for_side(None)


def _instrument(ctx: BlockContext, instrument: str):
    try:
        return ctx.project.instrument(instrument)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None


def _table(ctx: BlockContext, name: str) -> pd.DataFrame:
    table = ctx.tables.get(name)
    if table is None:
        raise ValueError(f"the project has no instruments (metric table {name!r} is missing)")
    return table


def _bands(ins) -> tuple[ScoreBand, ...]:
    low, high = ins.score_range
    out, start = [], low
    for b in ins.bands:
        end = high if b.upto is None else b.upto
        out.append(ScoreBand(label=b.label, low=start, high=end))
        start = end
    return tuple(out)


def _scale_fields(ins) -> dict:
    low, high = ins.score_range
    return {"value_min": low, "value_max": high, "bands": _bands(ins),
            "reference": ins.reference.value if ins.reference is not None else None,
            "reference_label": ins.reference.label if ins.reference is not None else "",
            "value_format": "number"}


def _score(ctx: BlockContext, ins, value) -> str:
    return ctx.fmt.number(value, ins.decimals)


def _range_note(ctx: BlockContext, ins) -> str:
    low, high = ins.score_range
    return t("ins_note_score", ctx.lang, low=ctx.fmt.number(low, 0), high=ctx.fmt.number(high, 0))


@block("instrument-score-figure", kinds=("note", "profile"))
def instrument_score_figure(ctx: BlockContext, *, instrument: str, waves: list[str] | None = None,
                            sensitivity: bool = False, municipality: str | None = None) -> list:
    """Mean score of an instrument (e.g. WHO-5 at the start) on its scale, with the reference line and threshold
    bands; with ``municipality`` (in a profile: the profile's) a bar for it beside all municipalities."""
    project = ctx.project
    ins = _instrument(ctx, instrument)
    wave_list = check_waves(project, waves or [project.wave_ids[0]])
    municipality = municipality or ctx.municipality
    if municipality is not None and municipality not in {m.name for m in project.municipalities}:
        raise ValueError(f"unknown municipality {municipality!r} (known: "
                         f"{', '.join(m.name for m in project.municipalities)})")
    if municipality is not None and sensitivity:
        raise ValueError("sensitivity is computed for all citizens only (leave out municipality)")
    table = _table(ctx, "instrument_means")
    table = table[table["instrument"] == ins.id]
    spread = _table(ctx, "instrument_sensitivity")
    spread = spread[(spread["instrument"] == ins.id) & (spread["scenario"] != "base")]
    if sensitivity and spread.empty:
        raise ValueError(f"instrument {ins.id!r} has no sensitivity scenarios (instruments.sensitivity)")
    whom = [("total", None)] if municipality is None else [(municipality, municipality),
                                                           ("total", t("all_municipalities", ctx.lang))]
    cats, values, labels, ns, lower, upper, cat_waves = [], [], [], [], [], [], []
    for w in wave_list:
        for who, shown in whom:
            row = table[(table["municipality"] == who) & (table["wave"] == w.id)]
            if row.empty or int(row["n"].iloc[0]) == 0:
                if who != "total":
                    row = None
                else:
                    raise ValueError(f"instrument {ins.id!r}: no scores at wave {w.id!r}")
            n = 0 if row is None else int(row["n"].iloc[0])
            small = row is None or _small(project, n)
            value = None if small else v(row["value"].iloc[0])
            cat = t("ins_row_score", ctx.lang, wave=w.label, n=ctx.fmt.count(n))
            cats.append(cat if shown is None else f"{shown}, {cat}")
            values.append(value)
            labels.append(SUPPRESSED if small else _score(ctx, ins, value))
            ns.append(n)
            cat_waves.append(w.id)
            scen = spread[spread["wave"] == w.id]["value"]
            lower.append(None if small or not sensitivity else v(scen.min()))
            upper.append(None if small or not sensitivity else v(scen.max()))
    series = Series(name=t("ins_series_score", ctx.lang), values=tuple(values), labels=tuple(labels), n=tuple(ns),
                    wave=wave_list[0].id if len(wave_list) == 1 else None,
                    lower=tuple(lower) if sensitivity else (), upper=tuple(upper) if sensitivity else ())
    notes = [_range_note(ctx, ins)]
    if sensitivity:
        notes.append(t("ins_note_sensitivity_whiskers", ctx.lang, scenarios=join_list(
            [s.label for s in ins.sensitivity], ctx.lang)))
    caption = t("ins_cap_score", ctx.lang, label=ins.label, wave=wave_list[0].prose if len(wave_list) == 1 else
                join_list([w.label for w in wave_list], ctx.lang))
    if municipality is not None:
        caption = f"{caption}: {municipality}"
    return [Figure(key=f"fig_score_{ins.id}", caption=caption, kind="score_bar", categories=tuple(cats),
                   series=(series,), alt_text=f"{caption}: " + ", ".join(f"{c} {lab}" for c, lab in zip(cats, labels)),
                   notes=tuple(notes), height=max(4.0, 1.0 * len(cats) + 3.0), category_waves=tuple(cat_waves),
                   **_scale_fields(ins))]


@block("instrument-categories-figure")
def instrument_categories_figure(ctx: BlockContext, *, instrument: str, wave: str | None = None,
                                 items: list[str] | None = None) -> list:
    """Collapsed answer categories (e.g. low / medium / high) per item of an instrument as 100 % stacked bars, one wave."""
    project = ctx.project
    ins = _instrument(ctx, instrument)
    if not ins.categories:
        raise ValueError(f"instrument {ins.id!r} has no collapsed categories (instruments.categories)")
    w = check_waves(project, [wave or project.wave_ids[0]])[0]
    chosen = items or ins.items
    for item in chosen:
        if item not in ins.items:
            raise ValueError(f"item {item!r} is not an item of instrument {ins.id!r} (items: {', '.join(ins.items)})")
    table = _table(ctx, "instrument_categories")
    table = table[(table["instrument"] == ins.id) & (table["wave"] == w.id)]
    cats, rows, ns = [], [], []
    for item in chosen:
        sub = table[table["item"] == item]
        n = int(sub["n"].iloc[0]) if not sub.empty else 0
        if n == 0 or _small(project, n):
            continue
        cats.append(t("ins_row_category", ctx.lang, item=project.item(item).text, n=ctx.fmt.count(n)))
        rows.append(dict(zip(sub["category"], sub["value"])))
        ns.append(n)
    if not rows:
        raise ValueError(f"instrument {ins.id!r}: no answers at wave {w.id!r}")
    series = tuple(Series(name=c.label, values=tuple(v(r.get(c.label)) for r in rows),
                          labels=tuple(ctx.fmt.percent(r.get(c.label)) for r in rows), n=tuple(ns), wave=w.id)
                   for c in ins.categories)
    groups = "; ".join(f"{c.label} = {', '.join(ctx.fmt.number(x, 0) for x in c.values)}" for c in ins.categories)
    caption = t("ins_cap_categories", ctx.lang, label=ins.label, wave=w.prose)
    return [Figure(key=f"fig_categories_{ins.id}_{w.id}", caption=caption, kind="stacked_bar", categories=tuple(cats),
                   series=series, alt_text=f"{caption}: " + ", ".join(c.label for c in ins.categories),
                   notes=(t("ins_note_categories", ctx.lang, groups=groups),), value_max=1.0,
                   height=max(6.0, 0.7 * len(cats) + 2.5))]


def _change_rows(ctx: BlockContext, ins, waves: list[str] | None) -> pd.DataFrame:
    project = ctx.project
    if not project.data.panel:
        raise ValueError("paired change needs a panel: set data.panel: true in project.yaml")
    table = _table(ctx, "instrument_change")
    table = table[table["instrument"] == ins.id]
    if waves is not None:
        check_waves(project, waves)
        table = table[table["to_wave"].isin(waves)]
    if table.empty:
        raise ValueError(f"instrument {ins.id!r}: no paired change to show")
    return table


def _p(row, test: str) -> float:
    return float(row["t_p"] if test == "t" else row["w_p"])


def _only_one_note(ctx: BlockContext, n: int) -> list[str]:
    if n == 0:
        return []
    return [t("ins_note_only_one_one", ctx.lang) if n == 1 else t("ins_note_only_one", ctx.lang, n=ctx.fmt.count(n))]


@block("instrument-change-figure")
def instrument_change_figure(ctx: BlockContext, *, instrument: str, waves: list[str] | None = None,
                             test: Test = "t", alpha: float = 0.05) -> list:
    """Dumbbell of paired change from the first to each later measurement (same persons), significant changes marked."""
    project = ctx.project
    ins = _instrument(ctx, instrument)
    table = _change_rows(ctx, ins, waves)
    first = project.wave(project.wave_ids[0])
    cats, a, b, la, lb, ns, marks, later = [], [], [], [], [], [], [], []
    for _, row in table.iterrows():
        w = project.wave(str(row["to_wave"]))
        n = int(row["n"])
        small = n == 0 or _small(project, n)
        cats.append(t("ins_row_change", ctx.lang, first=first.label, wave=w.label, n=ctx.fmt.count(n)))
        a.append(None if small else v(row["mean_from"]))
        b.append(None if small else v(row["mean_to"]))
        la.append(SUPPRESSED if small else _score(ctx, ins, row["mean_from"]))
        lb.append(SUPPRESSED if small else _score(ctx, ins, row["mean_to"]))
        ns.append(n)
        p = _p(row, test)
        marks.append(bool(not small and p == p and p < alpha))
        later.append(w.id)
    series = (Series(name=t("ins_series_first", ctx.lang, wave=first.label), values=tuple(a), labels=tuple(la),
                     n=tuple(ns), wave=first.id),
              Series(name=t("ins_series_later", ctx.lang), values=tuple(b), labels=tuple(lb), n=tuple(ns),
                     significant=tuple(marks)))
    notes = [t("ins_note_change", ctx.lang),
             t("ins_note_change_test", ctx.lang, alpha=ctx.fmt.number(alpha, 2), test=t(f"ins_test_{test}", ctx.lang)),
             *_only_one_note(ctx, int(table["only_one"].iloc[0]))]
    caption = t("ins_cap_change", ctx.lang, label=ins.label, first=first.label,
                later=join_list([project.wave(w).label for w in later], ctx.lang))
    return [Figure(key=f"fig_change_{ins.id}", caption=caption, kind="dumbbell", categories=tuple(cats),
                   series=series, alt_text=f"{caption}: " + ", ".join(
                       f"{c}: {x} → {y}" for c, x, y in zip(cats, la, lb)),
                   notes=tuple(notes), height=max(5.0, 1.0 * len(cats) + 3.0), category_waves=tuple(later),
                   **_scale_fields(ins))]


def _p_cell(ctx: BlockContext, p: float | None, small: bool) -> Cell:
    """A p-value with three decimals; below 0.001 as "< 0,001" (the exact value stays in ``Cell.value``)."""
    cell = ctx.fmt.cell(p, "number", suppressed=small, digits=3)
    if p is not None and not small and p < 0.001:
        cell = replace(cell, text=f"< {ctx.fmt.number(0.001, 3)}")
    return cell


@block("instrument-change-table")
def instrument_change_table(ctx: BlockContext, *, instrument: str, waves: list[str] | None = None) -> list:
    """Paired change per comparison: n, mean at the first and the later measurement, change, p of the t-test and Wilcoxon."""
    project = ctx.project
    ins = _instrument(ctx, instrument)
    table = _change_rows(ctx, ins, waves)
    first = project.wave(project.wave_ids[0])
    fmt = ctx.fmt
    rows = [Row(kind="header", cells=(head(t("ins_col_comparison", ctx.lang), align="left"),
                                      head(t("ins_col_n", ctx.lang)),
                                      head(t("ins_col_from", ctx.lang, first=first.label)),
                                      head(t("ins_col_to", ctx.lang)), head(t("ins_col_change", ctx.lang)),
                                      head(t("ins_col_t_p", ctx.lang)), head(t("ins_col_w_p", ctx.lang))))]
    for _, row in table.iterrows():
        w = project.wave(str(row["to_wave"]))
        n = int(row["n"])
        small = n == 0 or _small(project, n)
        values = [(row["mean_from"], ins.decimals), (row["mean_to"], ins.decimals), (row["change"], ins.decimals)]
        rows.append(Row(cells=(label(f"{first.label} → {w.label}"), fmt.cell(n, "count"),
                               *(fmt.cell(v(x), "number", suppressed=small, digits=d) for x, d in values),
                               *(_p_cell(ctx, v(row[c]), small) for c in ("t_p", "w_p")))))
    return [Table(key=f"tbl_change_{ins.id}", caption=t("ins_cap_change_table", ctx.lang, label=ins.label,
                                                       first=first.prose),
                  rows=tuple(rows), column_widths=(3.4, 1.0, 1.6, 1.9, 1.5, 1.6, 1.8),
                  notes=(t("ins_note_change", ctx.lang),
                                           *_only_one_note(ctx, int(table["only_one"].iloc[0]))))]


@block("instrument-sensitivity-figure")
def instrument_sensitivity_figure(ctx: BlockContext, *, instrument: str, wave: str | None = None) -> list:
    """Sensitivity analysis of a score: the mean as computed, with the interval of the recoding scenarios, and each scenario."""
    project = ctx.project
    ins = _instrument(ctx, instrument)
    if not ins.sensitivity:
        raise ValueError(f"instrument {ins.id!r} has no sensitivity scenarios (instruments.sensitivity)")
    w = check_waves(project, [wave or project.wave_ids[0]])[0]
    table = _table(ctx, "instrument_sensitivity")
    table = table[(table["instrument"] == ins.id) & (table["wave"] == w.id)].set_index("scenario")
    base_n = int(table.loc["base", "n"])
    if base_n == 0 or _small(project, base_n):
        raise ValueError(f"instrument {ins.id!r}: too few scores at wave {w.id!r}")
    scenario_means = [v(table.loc[s.id, "value"]) for s in ins.sensitivity]
    cats = [t("ins_row_base", ctx.lang, n=ctx.fmt.count(base_n))] + [s.label for s in ins.sensitivity]
    values = [v(table.loc["base", "value"])] + scenario_means
    lower = [min(scenario_means)] + [None] * len(scenario_means)
    upper = [max(scenario_means)] + [None] * len(scenario_means)
    labels = [_score(ctx, ins, x) for x in values]
    series = Series(name=t("ins_series_score", ctx.lang), values=tuple(values), labels=tuple(labels),
                    n=(base_n,) * len(values), wave=w.id, lower=tuple(lower), upper=tuple(upper))
    scenarios = "; ".join(f"{s.label}: " + ", ".join(f"{ctx.fmt.number(a, 0)} → {ctx.fmt.number(b, 0)}"
                                                     for a, b in s.recode.items()) for s in ins.sensitivity)
    caption = t("ins_cap_sensitivity", ctx.lang, label=ins.label, wave=w.prose)
    return [Figure(key=f"fig_sensitivity_{ins.id}", caption=caption, kind="score_bar", categories=tuple(cats),
                   series=(series,), alt_text=f"{caption}: " + ", ".join(f"{c} {x}" for c, x in zip(cats, labels)),
                   notes=(t("ins_note_sensitivity", ctx.lang, scenarios=scenarios), _range_note(ctx, ins)),
                   height=max(5.0, 1.0 * len(cats) + 3.0), **_scale_fields(ins))]


@block("wave-average-figure")
def wave_average_figure(ctx: BlockContext, *, item: str) -> list:
    """Share per option of a multi-select item as the unweighted mean of its shares over the measurements it was asked in."""
    project = ctx.project
    table = ctx.tables.get("wave_average_shares")
    if table is None or table.empty or not (table["item"] == item).any():
        raise ValueError(f"item {item!r}: no unweighted mean is computed for it (a multi-select item asked in "
                         "several waves)")
    sub = table[table["item"] == item]
    avg = sub[sub["wave"] == "average"]
    per_wave = sub[sub["wave"] != "average"].drop_duplicates("wave")
    shown = [(project.wave(str(r["wave"])), int(r["n"])) for _, r in per_wave.iterrows()]
    small = any(_small(project, n) for _, n in shown)
    values = tuple(None if small else v(x) for x in avg["value"])
    labels = tuple(SUPPRESSED if small else ctx.fmt.percent(x) for x in avg["value"])
    waves_text = join_list([w.label for w, _ in shown], ctx.lang)
    caption = t("ins_cap_wave_average", ctx.lang, item=project.item(item).text, waves=waves_text)
    with_n = join_list([t("ins_wave_n", ctx.lang, wave=w.label, n=ctx.fmt.count(n)) for w, n in shown], ctx.lang)
    series = Series(name=t("ins_cap_wave_average", ctx.lang, item="", waves=waves_text).strip(), values=values,
                    labels=labels, n=tuple(int(x) for x in avg["n"]))
    cats = tuple(str(o) for o in avg["option"])
    return [Figure(key=f"fig_wave_average_{item}", caption=caption, kind="horizontal_bar", categories=cats,
                   series=(series,), alt_text=f"{caption}: " + ", ".join(f"{c} {x}" for c, x in zip(cats, labels)),
                   notes=(t("ins_note_wave_average", ctx.lang, waves=with_n),), value_max=1.0,
                   height=max(5.0, 0.75 * len(cats) + 2.0))]
