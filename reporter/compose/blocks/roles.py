"""Role splits: choices, multi-select shares and numeric means by role or side × wave; numeric means per
municipality."""

from __future__ import annotations

from typing import Literal

from reporter.compose.blocks.common import (SUPPRESSED, check_item, explain_stars, check_waves, choose_groups, hidden, n_range, split_table,
                                          v, wording_notes)
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Figure, Series
from reporter.text.collation import sort_key
from reporter.text.strings import t

By = Literal["role", "side"]


@block("role-split-figure")
def role_split_figure(ctx: BlockContext, *, item: str, by: By = "role", groups: list[str] | None = None,
                      waves: list[str] | None = None) -> list:
    """A single-choice, multi-select or numeric item split by role (or side) × wave; role wordings in the note."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    check_item(project, item, ("single", "multi", "numeric", "ordinal"))
    kind = project.scale_of(item).kind
    name = {"single": "choices", "ordinal": "choices", "multi": "multi_select", "numeric": "numeric_means"}[kind]
    table = ctx.tables[name]
    if kind == "ordinal" and not (table["item"] == item).any():
        table = ctx.tables["statement_distribution"]
    data = split_table(project, table, by)
    data = data[data["item"] == item]
    if data.empty:
        raise ValueError(f"item {item!r}: no answers")
    chosen = choose_groups(project, by, groups, set(data["group"].astype(str)), item)
    wave_list = [w for w in check_waves(project, waves) if (data["wave"].astype(str) == w.id).any()]
    notes = []
    if kind == "numeric":
        cats = [label for _, label in chosen]
        series = []
        for w in wave_list:
            rows = [data[(data["group"].astype(str) == g) & (data["wave"].astype(str) == w.id)] for g, _ in chosen]
            small = [not r.empty and hidden(project, g, r["n"].iloc[0]) for r, (g, _) in zip(rows, chosen)]
            values = tuple(None if r.empty or sm else v(r["value"].iloc[0]) for r, sm in zip(rows, small))
            rng = n_range([r["n"].iloc[0] for r, sm in zip(rows, small) if not r.empty and not sm], lang)
            series.append(Series(name=f"{w.label} ({rng})" if rng else w.label, values=values,
                                 labels=tuple(SUPPRESSED if sm else fmt.number(x, 1) for x, sm in zip(values, small))))
        top = max((x for s in series for x in s.values if x is not None), default=1.0)
        notes.append(t("blk_note_numeric", lang))
        fig = Figure(key=f"fig_split_{item}", caption=project.item(item).text, kind="clustered_bar",
                     categories=tuple(cats), series=tuple(series), value_format="number", value_max=top * 1.15,
                     alt_text=project.item(item).text + ": " + ", ".join(cats), notes=())
    else:
        options = [o.label for o in project.scale_of(item).options]
        options = [o for o in options if (data["option"].astype(str) == o).any()]
        series = []
        for g, label in chosen:
            for w in wave_list:
                sub = data[(data["group"].astype(str) == g) & (data["wave"].astype(str) == w.id)]
                if sub.empty:
                    continue
                small = hidden(project, g, sub["n"].iloc[0])
                by_option = {str(o): v(x) for o, x in zip(sub["option"], sub["value"])}
                values = tuple(None if small else by_option.get(o) for o in options)
                name = label if len(wave_list) == 1 else f"{label} – {w.label}"
                series.append(Series(name=f"{name} (n={fmt.count(sub['n'].iloc[0])})", values=values,
                                     labels=tuple(SUPPRESSED if small else fmt.percent(x) for x in values)))
        if kind == "multi":
            notes.append(t("blk_note_multi", lang))
        fig = Figure(key=f"fig_split_{item}", caption=project.item(item).text, kind="horizontal_bar",
                     categories=tuple(options), series=tuple(series), value_max=1.0,
                     alt_text=project.item(item).text + ": " + ", ".join(options), notes=())
    notes += wording_notes(project, item, [g for g, _ in chosen])
    from dataclasses import replace

    return [explain_stars(project, replace(fig, notes=tuple(notes)))]


@block("numeric-municipality-figure")
def numeric_municipality_figure(ctx: BlockContext, *, items: list[str], waves: list[str] | None = None,
                                municipalities: list[str] | None = None, labels: list[str] | None = None) -> list:
    """Numeric means (e.g. caseload) per municipality: one bar per item × wave, municipalities alphabetically
    (all with answers, or those listed: about 30 fit on a page). With several items the legend names them by
    ``labels`` (default 'Spørgsmål 1', 'Spørgsmål 2' …) and the note gives each question in full."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    for item in items:
        check_item(project, item, ("numeric",))
    if labels is not None and len(labels) != len(items):
        raise ValueError(f"labels: {len(items)} items need {len(items)} labels, got {len(labels)}")
    short = {i: (labels[k] if labels is not None else t("blk_series_question", lang, i=k + 1))
             for k, i in enumerate(items)}
    data = ctx.tables["numeric_means_municipality"]
    data = data[data["item"].isin(items) & (data["municipality"].astype(str) != "total")]
    if municipalities is not None:
        known = {m.name for m in project.municipalities}
        for m in municipalities:
            if m not in known:
                raise ValueError(f"unknown municipality {m!r}")
            if not (data["municipality"].astype(str) == m).any():
                raise ValueError(f"municipality {m!r} has no answers to {', '.join(items)}")
        data = data[data["municipality"].astype(str).isin(municipalities)]
    wave_list = [w for w in check_waves(project, waves) if (data["wave"].astype(str) == w.id).any()]
    munis = sorted(set(data["municipality"].astype(str)), key=sort_key)
    if not munis:
        raise ValueError(f"items {items}: no answers")
    lookup = {(str(r["municipality"]), str(r["item"]), str(r["wave"])): r for _, r in data.iterrows()}
    series = []
    for item in items:
        for w in wave_list:
            rows = [lookup.get((m, item, w.id)) for m in munis]
            # a municipality's mean is a group of its own: hidden below the threshold of the item's sides
            sides = {project.role(r).side for r in (project.item(item).roles or [x.id for x in project.roles])}
            small = [r is not None and any(hidden(project, s, r["n"]) for s in sides) for r in rows]
            values = tuple(None if r is None or sm else v(r["value"]) for r, sm in zip(rows, small))
            name = w.label if len(items) == 1 else f"{short[item]} – {w.label}"
            series.append(Series(name=name, values=values,
                                 labels=tuple(SUPPRESSED if sm else fmt.number(x, 1) for x, sm in zip(values, small))))
    top = max((x for s in series for x in s.values if x is not None), default=1.0)
    caption = project.item(items[0]).text if len(items) == 1 else t("blk_cap_numeric_municipality", lang)
    return [explain_stars(project, Figure(key=f"fig_numeric_municipality_{items[0]}", caption=caption, kind="horizontal_bar",
                   categories=tuple(munis), series=tuple(series), value_format="number", value_max=top * 1.15,
                   alt_text=caption + ": " + ", ".join(munis),
                   notes=(t("blk_note_numeric", lang),) + (() if len(items) == 1 else tuple(
                       t("blk_note_question", lang, label=short[i], text=project.item(i).text) for i in items))))]
