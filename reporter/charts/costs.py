"""Cost charts: stacked columns of amounts, a line over participants, and signed (±) clustered bars.
Same theme and conventions as the survey charts (:mod:`reporter.charts.bars`); every printed number is the
model's own label text (compose rounds and formats the amounts), axis ticks are whole kroner.

Model encoding (``Figure.kind``):

- ``stacked_column``: vertical columns, one per category (municipalities and "Gennemsnit"); the series
  are stacked segments (establishment, operation) with their ``labels`` inside; a series with
  ``total=True`` is not drawn but its label is printed above the column.
- ``xy_line``: each series a line through the points (``Series.x``, ``values``) with markers and the
  ``labels`` beside the points; ``categories`` are the tick texts at the x positions of the first series.
- ``signed_bar``: clustered vertical bars that may be negative (budget results), a zero line, labels
  above positive and below negative bars; categories = clusters (scenarios), series = bars (actors).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator

from reporter.charts import labels as lab
from reporter.charts.bars import GROUP_WIDTH, LABEL_SIZE, Context, _chars_for, _legend, _nice_ceiling, _values
from reporter.charts.theme import series_colours, text_on
from reporter.model import Figure
from reporter.text.numbers import fmt_number


def _step(span: float) -> float:
    raw = span / 5 if span > 0 else 1.0
    exponent = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10 ** exponent >= raw:
            return m * 10 ** exponent
    return 10 ** (exponent + 1)


def _amount_axis(ax: Axes, ctx: Context, low: float, high: float) -> None:
    """Value axis from ``low`` to ``high`` with round ticks in whole kroner ("20.000")."""
    step = _step(high - low)
    ticks = np.arange(math.floor(low / step) * step, high + step * 1e-6, step)
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.set_yticks(ticks, [fmt_number(t, 0, ctx.lang) for t in ticks])
    ax.set_ylim(low, high)
    ax.grid(True, axis="y")
    ax.grid(False, axis="x")


def _wrapped(figure: Figure, ctx: Context, slots: int) -> list[str]:
    width = _chars_for((ctx.width_cm - 2.0) / max(slots, 1) * 0.9, 8.0)
    return [lab.wrap(c, width, ctx.lang) for c in figure.categories]


def stacked_column(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    parts = [s for s in figure.series if not s.total]
    totals = [s for s in figure.series if s.total]
    colours = series_colours(ctx.brand, len(parts))
    n = len(figure.categories)
    x = np.arange(n, dtype=float)
    bottom = np.zeros(n)
    heights = np.zeros(n)
    for s in parts:
        heights += np.nan_to_num(_values(s.values), nan=0.0)
    top = float(_nice_ceiling(max(heights.max(initial=0.0), 1.0) * 1.12))
    handles = []
    width = min(0.62, 1.3 / max((ctx.width_cm - 2) / max(n, 1), 0.1))
    for s, colour in zip(parts, colours):
        vals = np.nan_to_num(_values(s.values), nan=0.0)
        ax.bar(x, vals, bottom=bottom, width=width, color=colour, linewidth=0.4, edgecolor="white", zorder=2)
        handles.append(Patch(facecolor=colour, label=s.name))
        for xi, b, v, text in zip(x, bottom, vals, lab.series_labels(figure, s, ctx.lang, ctx.percent_space)):
            if text and v >= top * 0.045:
                ax.text(xi, b + v / 2, text, ha="center", va="center", fontsize=LABEL_SIZE - 0.5,
                        color=text_on(colour), zorder=3)
        bottom = bottom + vals
    for s in totals:
        for xi, h, text in zip(x, heights, lab.series_labels(figure, s, ctx.lang, ctx.percent_space)):
            if text:
                ax.text(xi, h + top * 0.015, text, ha="center", va="bottom", fontsize=LABEL_SIZE,
                        fontweight="bold", color=ctx.text_colour, zorder=3)
    ax.set_xticks(x, _wrapped(figure, ctx, n))
    ax.set_xlim(-0.6, n - 0.4)
    _amount_axis(ax, ctx, 0.0, top)
    ax.spines["bottom"].set_visible(True)
    if figure.y_title:
        ax.set_ylabel(figure.y_title)
    _legend(fig, handles)
    return ax


def xy_line(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    colours = series_colours(ctx.brand, len(figure.series))
    handles, high = [], 0.0
    xs_all: list[float] = []
    ranked = sorted(range(len(figure.series)), key=lambda i: -np.nansum(_values(figure.series[i].values)))
    below = set(ranked[1:2])   # the line just under the top one labels below its points (no overlap)
    for index, (s, colour) in enumerate(zip(figure.series, colours)):
        xs, ys = _values(s.x), _values(s.values)
        above = index not in below
        ok = np.isfinite(xs) & np.isfinite(ys)
        xs_all += list(xs[ok])
        high = max(high, float(ys[ok].max(initial=0.0)))
        ax.plot(xs[ok], ys[ok], color=colour, linewidth=1.6, marker="o", markersize=4, zorder=3)
        handles.append(Line2D([], [], color=colour, linewidth=1.6, marker="o", markersize=4, label=s.name))
        for xi, yi, text in zip(xs, ys, lab.series_labels(figure, s, ctx.lang, ctx.percent_space)):
            if text and math.isfinite(xi) and math.isfinite(yi):
                ax.annotate(text, (xi, yi), xytext=(0, 5 if above else -6), textcoords="offset points", ha="center",
                            va="bottom" if above else "top",
                            fontsize=LABEL_SIZE - 0.5, color=ctx.text_colour, zorder=4)
    top = float(_nice_ceiling(max(high, 1.0) * 1.15))
    _amount_axis(ax, ctx, 0.0, top)
    first = figure.series[0] if figure.series else None
    if first is not None and first.x and len(figure.categories) == len(first.x):
        ticks = [float(v) for v in first.x if v is not None]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xticks(ticks, [lab.wrap(c, 20, ctx.lang) for c in figure.categories])
    if xs_all:
        span = (max(xs_all) - min(xs_all)) or 1.0
        ax.set_xlim(min(xs_all) - 0.12 * span, max(xs_all) + 0.12 * span)
    ax.spines["bottom"].set_visible(True)
    if figure.x_title:
        ax.set_xlabel(figure.x_title)
    if figure.y_title:
        ax.set_ylabel(figure.y_title)
    _legend(fig, handles)
    return ax


def signed_bar(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    colours = series_colours(ctx.brand, len(figure.series))
    n_cat, n_ser = len(figure.categories), max(len(figure.series), 1)
    x = np.arange(n_cat, dtype=float)
    width = GROUP_WIDTH / n_ser
    values = np.array([_values(s.values) for s in figure.series]) if figure.series else np.zeros((0, n_cat))
    finite = values[np.isfinite(values)] if values.size else np.zeros(0)
    low, high = float(min(finite.min(initial=0.0), 0.0)), float(max(finite.max(initial=0.0), 0.0))
    span = (high - low) or 1.0
    low, high = low - 0.14 * span * (low < 0), high + 0.14 * span
    handles = []
    for i, (s, colour) in enumerate(zip(figure.series, colours)):
        vals = _values(s.values)
        pos = x - GROUP_WIDTH / 2 + width * (i + 0.5)
        ok = np.isfinite(vals)
        ax.bar(pos[ok], vals[ok], width=width * 0.9, color=colour, linewidth=0, zorder=2)
        handles.append(Patch(facecolor=colour, label=s.name))
        for p, v, text in zip(pos, vals, lab.series_labels(figure, s, ctx.lang, ctx.percent_space)):
            if text and math.isfinite(v):
                below = v < 0
                ax.text(p, v + (-1 if below else 1) * span * 0.015, text, ha="center",
                        va="top" if below else "bottom", fontsize=LABEL_SIZE - 1, color=ctx.text_colour,
                        rotation=90 if n_ser * n_cat > 12 else 0, zorder=3)
    ax.axhline(0, color=ctx.text_colour, linewidth=0.8, zorder=4)
    ax.set_xticks(x, _wrapped(figure, ctx, n_cat))
    ax.set_xlim(-0.5, n_cat - 0.5)
    _amount_axis(ax, ctx, low, high)
    if figure.y_title:
        ax.set_ylabel(figure.y_title)
    _legend(fig, handles)
    return ax


KINDS = {"stacked_column": stacked_column, "xy_line": xy_line, "signed_bar": signed_bar}
