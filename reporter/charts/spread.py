"""Spread across municipalities: min–max whisker, Q1–Q3 box and median per category and wave.

Model encoding (``Figure.kind == "spread"``): ``series`` are the five statistics in the order
min, q1, median, q3, max (their names are the legend texts, e.g. "Laveste", "1. kvartil",
"Median", ...); ``categories`` are rows "<element> – <wave>" (e.g. "1a – Start"): rows with the same
element are drawn side by side, coloured by their position (= wave) as in the clustered bars.
Categories without " – " are drawn one per slot in the primary colour.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from reporter.charts.bars import GROUP_WIDTH, Context, _labels_fit_vertical, _legend, format_value_axis
from reporter.charts.theme import luminance, mix, text_on, wave_colours
from reporter.model import Figure


def _limits(figure: Figure, values: list[float]) -> tuple[float, float]:
    if figure.value_format == "percent":
        return 0.0, float(figure.value_max or 1.0)
    high = float(figure.value_max) if figure.value_max is not None else (max(values, default=1.0) * 1.05)
    low = min(values, default=0.0)
    low = float(np.floor(low * 2) / 2) if low > 0 else 0.0  # e.g. 1–5 scale starts at 1
    return low, high


def spread(fig, figure: Figure, ctx: Context) -> Axes:
    if len(figure.series) != 5:
        raise ValueError(f"spread figure {figure.key!r} needs 5 series (min, q1, median, q3, max), "
                         f"got {len(figure.series)}")
    stats = [tuple(np.nan if v is None else float(v) for v in s.values) for s in figure.series]
    rows = list(zip(*stats)) if figure.categories else []
    n = len(figure.categories)
    grouped = n > 0 and len(figure.category_groups) == n and len(figure.category_waves) == n
    groups = list(zip(figure.category_groups, figure.category_waves)) if grouped else None
    if groups:
        elements = list(dict.fromkeys(g for g, _ in groups))
        waves = list(dict.fromkeys(w for _, w in groups))
    else:
        elements = list(figure.categories)
        waves = []
    ax = fig.add_subplot()
    colours = wave_colours(ctx.brand, len(waves)) if waves else \
        [ctx.brand.colours.get("primary", ctx.brand.series[0])]
    n_w = max(len(waves), 1)
    width = GROUP_WIDTH / n_w
    median_colour = ctx.text_colour
    for i, row in enumerate(rows):
        lo, q1, med, q3, hi = row
        if groups:
            e, w = groups[i]
            x = elements.index(e) - GROUP_WIDTH / 2 + width * (waves.index(w) + 0.5)
            colour = colours[waves.index(w)]
        else:
            x = float(i)
            colour = colours[0]
        half = width * 0.36
        line = mix(colour, ctx.text_colour, 0.45) if luminance(colour) > 0.45 else colour
        if not (np.isnan(lo) or np.isnan(hi)):
            ax.plot([x, x], [lo, hi], color=line, linewidth=1.0, zorder=2, solid_capstyle="butt")
            for v in (lo, hi):
                ax.plot([x - half * 0.5, x + half * 0.5], [v, v], color=line, linewidth=1.0, zorder=2)
        if not (np.isnan(q1) or np.isnan(q3)):
            ax.add_patch(Rectangle((x - half, q1), 2 * half, q3 - q1, facecolor=colour, edgecolor=line,
                                   linewidth=0.6, zorder=3))
        if not np.isnan(med):
            inside = not (np.isnan(q1) or np.isnan(q3))
            ax.plot([x - half, x + half], [med, med], color=text_on(colour) if inside else median_colour,
                    linewidth=1.4, zorder=5, solid_capstyle="butt")
    values = [v for r in rows for v in r if not np.isnan(v)]
    low, high = _limits(figure, values)
    slot_cm = (ctx.width_cm - 1.6) / max(len(elements), 1)
    _, wrapped = _labels_fit_vertical(elements, slot_cm, 8.0, ctx.lang)
    ax.set_xticks(np.arange(len(elements)), wrapped)
    ax.set_xlim(-0.5, len(elements) - 0.5)
    ax.set_ylim(low, high + (high - low) * 0.03)
    format_value_axis(ax, figure, ctx, low, high, "y")
    ax.spines["bottom"].set_visible(True)
    names = [s.name for s in figure.series]
    handles = [Patch(facecolor=c, label=w) for w, c in zip(waves, colours)]
    handles.append(Patch(facecolor=ctx.muted, label=f"{names[1]}–{names[3]}"))
    handles.append(Line2D([], [], color=median_colour, linewidth=1.2, label=names[2]))
    handles.append(Line2D([], [], color=ctx.muted, linewidth=1.0, label=f"{names[0]}–{names[4]}"))
    _legend(fig, handles, ncol=len(handles) if len(handles) <= 6 else (len(handles) + 1) // 2)
    return ax
