"""Statement batteries: top-box share, full distribution and 1–5 mean per statement, and ratings among users."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from reporter.compose.blocks.common import (SUPPRESSED, check_item, explain_stars, check_waves, choose_groups, hidden, n_range,
                                          split_table, top_labels, v, wording_notes)
from reporter.compose.template.blocks import BlockContext, block
from reporter.model import Figure, Series
from reporter.text.strings import t

By = Literal["role", "side"]
Orientation = Literal["auto", "horizontal"]


def _categories(project, items: list[str], groups: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(item, group, label): the group label for one item, the statement for one group, else both."""
    out = []
    for item in items:
        text = project.item(item).text
        for g, label in groups:
            if len(items) == 1:
                out.append((item, g, label))
            elif len(groups) == 1:
                out.append((item, g, text))
            else:
                out.append((item, g, f"{text} – {label}"))
    return out


def _present(table: pd.DataFrame, items: list[str]) -> set[str]:
    return set(table[table["item"].isin(items)]["group"].astype(str))


def _share_figure(ctx: BlockContext, table: pd.DataFrame, items: list[str], by: str, groups, waves, *, key: str,
                  caption: str, notes: list[str], value_format: str = "percent",
                  orientation: str = "auto") -> Figure:
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    data = split_table(project, table, by)
    data = data[data["item"].isin(items)]
    chosen = choose_groups(project, by, groups, _present(data, items), items[0])
    wave_list = check_waves(project, waves)
    cats = _categories(project, items, chosen)
    lookup = {(str(r["item"]), str(r["group"]), str(r["wave"])): r for _, r in data.iterrows()}
    series = []
    for w in wave_list:
        rows = [lookup.get((i, g, w.id)) for i, g, _ in cats]
        small = [r is not None and hidden(project, g, r["n"]) for r, (_, g, _) in zip(rows, cats)]
        values = tuple(None if r is None or sm else v(r["value"]) for r, sm in zip(rows, small))
        ns = [r["n"] for r, sm in zip(rows, small) if r is not None and not sm]
        if all(r is None for r in rows):
            continue
        labels = tuple(SUPPRESSED if sm else fmt.percent(x) if value_format == "percent" else fmt.number(x, 2)
                       for x, sm in zip(values, small))
        rng = n_range(ns, lang)
        series.append(Series(name=f"{w.label} ({rng})" if rng else w.label, values=values, labels=labels))
    if not series:
        raise ValueError(f"item {items[0]!r}: no answers in the chosen waves")
    extra = [n for i in items for n in wording_notes(project, i, [g for g, _ in chosen])]
    kind = "horizontal_bar" if orientation == "horizontal" else "clustered_bar"   # auto: vertical unless labels are long
    return explain_stars(project, Figure(key=key, caption=caption, kind=kind, categories=tuple(c[2] for c in cats),
                  series=tuple(series), alt_text=f"{caption}: " + ", ".join(c[2] for c in cats),
                  notes=tuple(notes + extra), value_format=value_format,  # type: ignore[arg-type]
                  value_max=1.0 if value_format == "percent" else 5.0))


@block("statement-topbox-figure")
def statement_topbox_figure(ctx: BlockContext, *, items: list[str], by: By = "role",
                            groups: list[str] | None = None, waves: list[str] | None = None,
                            orientation: Orientation = "auto") -> list:
    """Top-box share per statement by role (or side) × wave: clusters = groups or statements, bars = waves."""
    project = ctx.project
    for item in items:
        check_item(project, item, ("ordinal",), top=True)
        if project.item(item).filter is not None:
            raise ValueError(f"item {item!r} is filtered; use block 'ratings-figure' (among users only)")
        if any(b.item == item for b in project.belief):
            raise ValueError(f"item {item!r} is a belief question; use block 'belief-figure'")
    top = top_labels(project, items[0])
    return [_share_figure(ctx, ctx.tables["topbox"], items, by, groups, waves, key=f"fig_topbox_{items[0]}",
                          caption=t("blk_cap_topbox", ctx.lang, top=top) if len(items) > 1
                          else project.item(items[0]).text,
                          notes=[t("blk_note_topbox", ctx.lang, top=top)], orientation=orientation)]


@block("statement-means-figure")
def statement_means_figure(ctx: BlockContext, *, items: list[str], by: By = "role",
                           groups: list[str] | None = None, waves: list[str] | None = None,
                           orientation: Orientation = "auto") -> list:
    """Mean score 1–5 per statement by role (or side) × wave, with the n range of each wave in the legend."""
    project = ctx.project
    for item in items:
        check_item(project, item, ("ordinal",))
        if not any(o.score is not None for o in project.scale_of(item).options):
            raise ValueError(f"item {item!r}: its scale has no scores, so it has no mean")
    return [_share_figure(ctx, ctx.tables["statement_means"], items, by, groups, waves,
                          key=f"fig_means_{items[0]}",
                          caption=t("blk_cap_means", ctx.lang) if len(items) > 1 else project.item(items[0]).text,
                          notes=[t("blk_note_means", ctx.lang)], value_format="number",
                          orientation=orientation)]


def _distribution_source(ctx: BlockContext, item: str) -> pd.DataFrame:
    for name in ("statement_distribution", "choices", "belief"):
        table = ctx.tables.get(name)
        if table is not None and not table.empty and (table["item"] == item).any():
            return table[table["item"] == item]
    raise ValueError(f"item {item!r}: no distribution is computed for it (fidelity items are shown as top-box "
                     f"shares or means: blocks 'statement-topbox-figure', 'statement-means-figure')")


@block("distribution-figure")
def distribution_figure(ctx: BlockContext, *, items: list[str], by: By = "role", groups: list[str] | None = None,
                        waves: list[str] | None = None) -> list:
    """100 % stacked distribution per statement (ordinal, banded or single-choice) by group × wave, 'Ved ikke' kept."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    for item in items:
        check_item(project, item, ("ordinal", "single"))
    bands = [o.label for o in project.scale_of(items[0]).options]
    for item in items[1:]:
        if [o.label for o in project.scale_of(item).options] != bands:
            raise ValueError(f"item {item!r} has other answer options than {items[0]!r}; one figure needs one scale")
    wave_list = check_waves(project, waves)
    categories, rows = [], []
    shown_groups: list[str] = []
    for item in items:
        data = split_table(project, _distribution_source(ctx, item), by)
        chosen = choose_groups(project, by, groups, set(data["group"].astype(str)), item)
        shown_groups += [g for g, _ in chosen]
        for g, glabel in chosen:
            for w in wave_list:
                sub = data[(data["group"].astype(str) == g) & (data["wave"].astype(str) == w.id)]
                if sub.empty:
                    continue
                n = int(sub["n"].iloc[0])
                if hidden(project, g, n):   # a group too small to show is left out, as in the belief figures
                    continue
                head = glabel if len(items) == 1 else f"{project.item(item).text} – {glabel}"
                categories.append(f"{head} – {w.label} (n={fmt.count(n)})")
                rows.append({str(o): v(x) for o, x in zip(sub["option"], sub["value"])})
    if not rows:
        raise ValueError(f"item {items[0]!r}: no answers in the chosen waves and groups")
    series = tuple(Series(name=b, values=tuple(r.get(b) for r in rows), labels=tuple(fmt.percent(r.get(b)) for r in rows))
                   for b in bands)
    has_dont_know = any(o.dont_know for o in project.scale_of(items[0]).options)
    note = t("blk_note_distribution" if has_dont_know else "blk_note_distribution_all", lang)
    notes = [note] + [n for i in items for n in wording_notes(project, i, shown_groups)]
    caption = project.item(items[0]).text if len(items) == 1 else t("blk_note_distribution", lang).rstrip(".")
    return [Figure(key=f"fig_distribution_{items[0]}", caption=caption, kind="stacked_bar",
                   categories=tuple(categories), series=series,
                   alt_text=f"{caption}: {len(categories)} rows, " + ", ".join(bands), notes=tuple(notes),
                   value_max=1.0, height=max(6.0, 0.55 * len(categories) + 2.0))]


@block("ratings-figure")
def ratings_figure(ctx: BlockContext, *, items: list[str] | None = None, by: By = "role",
                   groups: list[str] | None = None, wave: str | None = None) -> list:
    """Rating battery among users only: one row per activity (filtered item), bars = roles or sides, one wave."""
    project, fmt, lang = ctx.project, ctx.fmt, ctx.lang
    table = ctx.tables["ratings"]
    if items is None:
        items = list(dict.fromkeys(table["item"].astype(str)))
        if not items:
            raise ValueError("the project has no filtered rating items")
    for item in items:
        check_item(project, item, ("ordinal",), top=True)
        if project.item(item).filter is None:
            raise ValueError(f"item {item!r} has no filter; use block 'statement-topbox-figure'")
    wave_id = wave or project.wave_ids[-1]
    check_waves(project, [wave_id])
    data = split_table(project, table, by)
    data = data[data["item"].isin(items) & (data["wave"].astype(str) == wave_id)]
    chosen = choose_groups(project, by, groups, set(data["group"].astype(str)), items[0])
    lookup = {(str(r["item"]), str(r["group"])): r for _, r in data.iterrows()}
    series = []
    for g, label in chosen:
        rows = [lookup.get((i, g)) for i in items]
        small = [r is not None and hidden(project, g, r["n"]) for r in rows]
        values = tuple(None if r is None or sm else v(r["value"]) for r, sm in zip(rows, small))
        rng = n_range([r["n"] for r, sm in zip(rows, small) if r is not None and not sm], lang)
        series.append(Series(name=f"{label} ({rng})" if rng else label, values=values,
                             labels=tuple(SUPPRESSED if sm else fmt.percent(x) for x, sm in zip(values, small))))
    cats = tuple(project.item(i).text for i in items)
    top = top_labels(project, items[0])
    return [explain_stars(project, Figure(key=f"fig_ratings_{items[0]}", caption=t("blk_cap_ratings", lang), kind="horizontal_bar",
                   categories=cats, series=tuple(series), alt_text=t("blk_cap_ratings", lang) + ": " + ", ".join(cats),
                   notes=(t("blk_note_ratings", lang, top=top) + f" ({project.wave(wave_id).prose})",),
                   value_max=1.0))]
