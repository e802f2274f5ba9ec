"""The municipality as the unit ('Flere skal med'): core-element scores over municipalities, spread (box
plots, five-number table, movers), municipalities per answer, groupings by attribute and 'Top 3' counts."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from reporter.compose.blocks.common import (SUPPRESSED, check_item, check_waves, min_n, municipality_hidden,
                                            municipality_respondents, n_range, v)
from reporter.compose.cells import head, label
from reporter.compose.template.blocks import BlockContext, block
from reporter.metrics.municipal import (NOT_ANSWERED, attribute_groups, group_by_attribute, municipality_distribution,
                                        municipality_ticks)
from reporter.model import Figure, Paragraph, Row, Series, Table
from reporter.text.collation import sort_key
from reporter.text.strings import t

Metric = Literal["core_score", "indicator"]
STATS = ("min", "q1", "median", "q3", "max")


def _cores(project) -> list[tuple[str, str]]:
    return [(c.id, f"{c.id}. {c.label}") for tr in project.tracks for c in tr.core_elements]


def _elements(ctx: BlockContext, metric: str, elements: list[str] | None) -> list[tuple[str, str]]:
    """(id, label) of core elements (core_score) or indices (indicator), filtered by ``elements``."""
    project = ctx.project
    known = _cores(project) if metric == "core_score" else [(x.id, x.label) for _, _, x in project.indices()]
    if elements is None:
        return known
    ids = dict(known)
    for e in elements:
        if e not in ids:
            raise ValueError(f"unknown {'core element' if metric == 'core_score' else 'index'} {e!r} "
                             f"(known: {', '.join(ids)})")
    return [(e, ids[e]) for e in elements]


def _key_column(metric: str) -> str:
    return "core_element" if metric == "core_score" else "index"


@block("core-score-figure")
def core_score_figure(ctx: BlockContext, *, waves: list[str] | None = None, elements: list[str] | None = None) -> list:
    """The 1–5 fidelity score per core element, mean over the municipalities, by wave, with 'N = 49–83 kommuner'."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    data = ctx.tables["core_scores"]
    data = data[data["municipality"] == "total"]
    if data.empty:
        raise ValueError("the project has no core elements with items")
    cores = _elements(ctx, "core_score", elements)
    lookup = {(str(r["core_element"]), str(r["wave"])): r for _, r in data.iterrows()}
    series, ns = [], []
    for w in check_waves(project, waves):
        rows = [lookup.get((c, w.id)) for c, _ in cores]
        if all(r is None for r in rows):
            continue
        values = tuple(None if r is None else v(r["value"]) for r in rows)
        ns += [int(r["n"]) for r in rows if r is not None]
        series.append(Series(name=w.label, values=values, labels=tuple(fmt.number(x, 2) for x in values)))
    caption = t("blk_cap_core_score", lang)
    return [Figure(key="fig_core_scores", caption=caption, kind="clustered_bar",
                   categories=tuple(lbl for _, lbl in cores), series=tuple(series), value_format="number",
                   value_max=5.0, alt_text=caption + ": " + ", ".join(lbl for _, lbl in cores),
                   notes=(t("blk_note_core_score", lang) + " " + n_range(ns, lang, "blk_n_municipalities") + ".",))]


def _spread_data(ctx: BlockContext, metric: str) -> pd.DataFrame:
    return ctx.tables["core_score_spread" if metric == "core_score" else "spread"]


@block("spread-figure")
def spread_figure(ctx: BlockContext, *, metric: Metric = "core_score", elements: list[str] | None = None,
                  waves: list[str] | None = None) -> list:
    """Spread across municipalities as box/median plots per core element (or index) × wave."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    data = _spread_data(ctx, metric)
    key = _key_column(metric)
    elems = _elements(ctx, metric, elements)
    wave_list = check_waves(project, waves)
    lookup = {(str(r[key]), str(r["wave"]), str(r["statistic"])): r for _, r in data.iterrows()}
    cats, rows, ns = [], [], []
    for e, _ in elems:
        for w in wave_list:
            if (e, w.id, "median") not in lookup:
                continue
            cats.append(f"{e} – {w.label}")
            rows.append([v(lookup[(e, w.id, s)]["value"]) for s in STATS])
            ns.append(int(lookup[(e, w.id, "median")]["n"]))
    if not rows:
        raise ValueError(f"no spread for metric {metric!r}")
    number = metric == "core_score"
    series = tuple(Series(name=t(f"blk_{s}", lang), values=tuple(r[i] for r in rows),
                          labels=tuple(fmt.number(r[i], 2) if number else fmt.percent(r[i]) for r in rows))
                   for i, s in enumerate(STATS))
    caption = t("blk_cap_spread", lang)
    return [Figure(key=f"fig_spread_{metric}", caption=caption, kind="spread", categories=tuple(cats), series=series,
                   value_format="number" if number else "percent", value_max=5.0 if number else 1.0,
                   alt_text=caption + ": " + ", ".join(cats),
                   notes=(n_range(ns, lang, "blk_n_municipalities") + ".",))]


@block("spread-table")
def spread_table(ctx: BlockContext, *, metric: Metric = "core_score", elements: list[str] | None = None,
                 waves: list[str] | None = None) -> list:
    """Five-number summary across municipalities (lowest, quartiles, median, highest, N) per element × wave."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    data = _spread_data(ctx, metric)
    key = _key_column(metric)
    lookup = {(str(r[key]), str(r["wave"]), str(r["statistic"])): r for _, r in data.iterrows()}
    kind = "number" if metric == "core_score" else "percent"
    rows = [Row(cells=(head(t("blk_element", lang), align="left"), head(t("blk_wave", lang), align="left"))
                + tuple(head(t(f"blk_{s}", lang)) for s in STATS) + (head(t("blk_n_munis", lang)),), kind="header")]
    for e, elabel in _elements(ctx, metric, elements):
        for w in check_waves(project, waves):
            if (e, w.id, "median") not in lookup:
                continue
            cells = [label(elabel), label(w.label)]
            cells += [fmt.cell(lookup[(e, w.id, s)]["value"], kind=kind) for s in STATS]
            cells.append(fmt.cell(lookup[(e, w.id, "median")]["n"], kind="count"))
            rows.append(Row(cells=tuple(cells)))
    return [Table(key=f"spread_{metric}", caption=t("blk_cap_spread", lang), rows=tuple(rows),
                  column_widths=(5.0, 1.8) + (1.4,) * 5 + (1.6,))]


@block("movers")
def movers(ctx: BlockContext, *, metric: Metric = "core_score", element: str, as_list: bool = True) -> list:
    """Municipalities below the median at the first wave and above it at the last: a sentence and a list."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    table = ctx.tables["core_score_movers" if metric == "core_score" else "movers"]
    (eid, elabel), = _elements(ctx, metric, [element])
    moved = table[table[_key_column(metric)].astype(str) == eid] if not table.empty else table
    names = sorted(moved["municipality"].astype(str), key=sort_key) if not moved.empty else []
    first, last = project.waves[0].prose, project.waves[-1].prose
    key = "blk_movers_none" if not names else "blk_movers_one" if len(names) == 1 else "blk_movers"
    out: list = [Paragraph(t(key, lang, n=fmt.count(len(names)), first=first, last=last, element=elabel))]
    if names and as_list:
        kind = "number" if metric == "core_score" else "percent"
        respondents = municipality_respondents(ctx.tables)
        first_id, last_id = project.waves[0].id, project.waves[-1].id
        items, starred = [], False

        def shown(value, name: str, wave: str) -> str:
            nonlocal starred
            if municipality_hidden(project, respondents, name, wave):   # a municipality's own value
                starred = True
                return SUPPRESSED
            return fmt.number(value, 2) if kind == "number" else fmt.percent(value)

        for _, r in moved.assign(_k=moved["municipality"].astype(str).map(sort_key)).sort_values("_k").iterrows():
            name = str(r["municipality"])
            a, b = shown(r["first_value"], name, first_id), shown(r["value"], name, last_id)
            # bullet paragraphs, not a ListBlock: the DOCX renderer has no list support yet
            items.append(Paragraph(f"{name}: {a} → {b}", style="bullet"))
        out.extend(items)
        if starred:
            out.append(Paragraph(t("blk_note_movers_hidden", lang, n=min_n(project, "total"))))
    return out


@block("municipality-distribution-figure")
def municipality_distribution_figure(ctx: BlockContext, *, item: str, side: Literal["leader", "employee"] = "leader",
                                     waves: list[str] | None = None) -> list:
    """Municipalities (not respondents) over the answer categories by wave, labels = number of municipalities,
    with 'Har ikke besvaret'."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    check_item(project, item, ("ordinal", "single"))
    counts = ctx.tables["municipality_counts"]
    if not (counts["group"] == side).any() if not counts.empty else True:
        raise ValueError(f"item {item!r}: no municipality-level answers from side {side!r} "
                         f"(municipality counts are computed for the leader side)")
    dist = municipality_distribution(project, counts, item, side)
    if dist.empty:
        raise ValueError(f"item {item!r}: no answers from side {side!r}")
    options = [o.label for o in project.scale_of(item).options] + [NOT_ANSWERED]
    shown = [w for w in check_waves(project, waves) if (dist["wave"] == w.id).any()]
    cats, rows = [], []
    for w in shown:
        sub = dist[dist["wave"] == w.id]
        n = int(sub["n"].iloc[0])
        cats.append(f"{w.label} (N={fmt.count(n)})")
        rows.append({str(r["option"]): (int(r["value"]), n) for _, r in sub.iterrows()})
    series = []
    for o in options:
        counts_o = [r.get(o, (0, 1)) for r in rows]
        name = t("blk_not_answered", lang) if o == NOT_ANSWERED else o
        series.append(Series(name=name, values=tuple(c / n if n else None for c, n in counts_o),
                             labels=tuple(fmt.count(c) if c else "" for c, _ in counts_o)))
    return [Figure(key=f"fig_municipalities_{item}", caption=project.item(item).text, kind="stacked_bar",
                   categories=tuple(cats), series=tuple(series), value_max=1.0,
                   alt_text=project.item(item).text + ": " + ", ".join(s.name for s in series),
                   notes=(t("blk_note_muni_distribution", lang, side=t(side, lang).lower()),),
                   height=max(4.5, 0.6 * len(cats) + 2.5))]


def _attribute_source(ctx: BlockContext, metric: str, element: str | None) -> tuple[pd.DataFrame, str, str]:
    lang = ctx.lang
    if metric == "core_score":
        if element is None:
            raise ValueError("metric 'core_score' needs parameter 'element' (a core element id)")
        (eid, elabel), = _elements(ctx, "core_score", [element])
        data = ctx.tables["core_scores"]
        return data[data["core_element"] == eid], "number", t("blk_metric_core_score", lang, element=elabel)
    data = ctx.tables[metric]
    data = data[data["group"] == "samlet"]
    return data, "number" if metric == "fidelity_mean" else "percent", t(f"blk_metric_{metric}", lang)


def _shown_values(ctx: BlockContext, data: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The municipality values the documents may show: those flagged ``suppressed`` by the metric (fidelity mean,
    power-ranking) or resting on fewer respondents than the disclosure rule are left out (a group mean with them
    would let a reader work the hidden value out from the shown ones); returns the rows and how many were left."""
    rows = data[data["municipality"].astype(str) != "total"]
    if "suppressed" in rows.columns:
        hide = rows["suppressed"].fillna(False).astype(bool).to_numpy()
    else:
        respondents = municipality_respondents(ctx.tables)
        hide = [municipality_hidden(ctx.project, respondents, m, w) for m, w in zip(rows["municipality"], rows["wave"])]
    hide = pd.Series(hide, index=rows.index, dtype=bool) & rows["value"].notna()
    return rows[~hide], int(hide.sum())


@block("attribute-table")
def attribute_table(ctx: BlockContext, *, attribute: str,
                    metric: Literal["fidelity_mean", "power_ranking", "core_score"] = "fidelity_mean",
                    element: str | None = None, bands: list[float] | None = None,
                    band_labels: list[str] | None = None, title: str | None = None,
                    waves: list[str] | None = None) -> list:
    """A municipality metric averaged by size band or attribute group (population, volume, readiness …), by wave,
    with the number of municipalities."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    groups = attribute_groups(project, attribute, bands, band_labels)
    data, kind, metric_label = _attribute_source(ctx, metric, element)
    data, left_out = _shown_values(ctx, data)
    grouped = group_by_attribute(data, groups)
    least = project.thresholds.min_municipalities
    wave_list = check_waves(project, waves)
    order = list(band_labels) if bands is not None and band_labels is not None else \
        sorted(set(groups.values()), key=sort_key)
    lookup = {(str(r["attribute_group"]), str(r["wave"])): r for _, r in grouped.iterrows()}
    name = title or attribute
    rows = [Row(cells=(head(name[:1].upper() + name[1:], align="left"),)
                + tuple(head(w.label, span=2) for w in wave_list), kind="header"),
            Row(cells=(head("", align="left"),) + (head(metric_label if len(metric_label) < 14 else t("blk_score", lang)),
                                                   head(t("blk_n", lang))) * len(wave_list), kind="header")]
    small = False
    for g in order:
        cells = [label(g)]
        for w in wave_list:
            r = lookup.get((g, w.id))
            few = r is not None and int(r["n"]) < least     # the mean of one or two municipalities is theirs
            small |= few
            cells += [fmt.cell(None if r is None else r["value"], kind=kind, suppressed=few),
                      fmt.cell(None if r is None else r["n"], kind="count")]
        rows.append(Row(cells=tuple(cells)))
    notes = [t("blk_note_attribute", lang)]
    if left_out:
        notes.append(t("blk_note_attribute_hidden", lang, n=min_n(project, "total")))
    if small:
        notes.append(t("blk_note_attribute_small", lang, k=least))
    return [Table(key=f"attribute_{attribute}_{metric}", caption=t("blk_cap_attribute", lang, metric=metric_label,
                                                                   attribute=name),
                  rows=tuple(rows), notes=tuple(notes),
                  column_widths=(4.5,) + (1.6, 1.2) * len(wave_list))]


@block("top-priorities-figure")
def top_priorities_figure(ctx: BlockContext, *, item: str, side: Literal["leader", "employee"] = "leader",
                          wave: str | None = None, top: int = 3) -> list:
    """'Top 3' priorities counted as municipalities: how many municipalities chose each option, most first."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    check_item(project, item, ("multi",))
    counts = ctx.tables["municipality_counts"]
    ticks = municipality_ticks(project, counts, item, side)
    if ticks.empty:
        raise ValueError(f"item {item!r}: no answers from side {side!r}")
    wave_id = wave or str(ticks["wave"].iloc[-1])
    check_waves(project, [wave_id])
    sub = ticks[ticks["wave"] == wave_id].sort_values("value", ascending=False, kind="stable")
    if sub.empty:
        raise ValueError(f"item {item!r}: no answers in wave {wave_id!r}")
    n = int(sub["n"].iloc[0])
    values = tuple(float(x) for x in sub["value"])
    return [Figure(key=f"fig_priorities_{item}", caption=project.item(item).text, kind="horizontal_bar",
                   categories=tuple(sub["option"].astype(str)),
                   series=(Series(name=project.wave(wave_id).label, values=values,
                                  labels=tuple(fmt.count(x) for x in values)),),
                   value_format="number", value_max=float(n),
                   alt_text=project.item(item).text + ": " + ", ".join(sub["option"].astype(str)),
                   notes=(t("blk_note_priorities", lang, side=t(side, lang).lower(), k=top, n=fmt.count(n))
                          + f" ({project.wave(wave_id).prose})",))]
