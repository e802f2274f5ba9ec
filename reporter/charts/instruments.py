"""Instrument charts: a score on its scale with threshold bands and a reference line, and paired change as a
dumbbell. Same theme and conventions as the survey charts (:mod:`reporter.charts.bars`).

Model encoding (``Figure.kind``):

- ``score_bar``: one horizontal bar per category (a group at a measurement, or a scenario) of the first
  series' ``values``; ``lower``/``upper`` whiskers when given (a sensitivity interval); ``labels`` printed at
  the bar end. The value axis runs ``value_min``–``value_max`` (the score's range); ``bands`` are shaded behind
  the bars with their labels in the legend; ``reference`` is a dashed line named ``reference_label``.
- ``dumbbell``: one row per category (first → k-th measurement); series 0 = the first measurement (grey
  dot), series 1 = the later one (brand colour), a line between them; a dot whose ``Series.significant`` is
  true gets a ring (the change is significant). Axis, bands and reference as for ``score_bar``.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from reporter.charts import labels as lab
from reporter.charts.bars import LABEL_SIZE, Context, _legend, _values
from reporter.charts.theme import mix, series_colours
from reporter.model import Figure
from reporter.text.numbers import fmt_number
from reporter.text.strings import t

GREY = "#9a9a9a"


def _scale(ax: Axes, figure: Figure, ctx: Context, n: int) -> list:
    """Value axis over the score range, bands shaded behind, reference line; the legend handles they add."""
    values = [v for s in figure.series for v in (*s.values, *s.lower, *s.upper) if v is not None]
    low = figure.value_min if figure.value_min is not None else min([0.0, *values])
    high = figure.value_max if figure.value_max is not None else max([1.0, *values]) * 1.1
    ax.set_xlim(low, high)
    ax.set_ylim(-0.6, n - 0.4)
    handles: list = []
    colour = series_colours(ctx.brand, 1)[0]
    shades = np.linspace(0.74, 0.93, max(len(figure.bands), 1))   # the lowest band darkest
    for band, shade in zip(figure.bands, shades):
        face = mix(colour, "#ffffff", float(shade))
        ax.axvspan(band.low, band.high, color=face, zorder=0, linewidth=0)
        handles.append(Patch(facecolor=face, edgecolor=mix(colour, "#ffffff", 0.7), linewidth=0.5, label=band.label))
    for band in figure.bands[:-1]:
        ax.axvline(band.high, color=mix(colour, "#ffffff", 0.55), linewidth=0.6, zorder=1)
    if figure.reference is not None:
        ax.axvline(figure.reference, color=ctx.text_colour, linewidth=1.0, linestyle=(0, (4, 2)), zorder=4)
        value = fmt_number(figure.reference, _digits(figure), ctx.lang)
        handles.append(Line2D([], [], color=ctx.text_colour, linewidth=1.0, linestyle=(0, (4, 2)),
                              label=f"{figure.reference_label} ({value})" if figure.reference_label else value))
    ax.grid(False)
    ax.spines["bottom"].set_visible(True)
    ax.tick_params(axis="x", labelsize=LABEL_SIZE + 0.5)
    ax.xaxis.set_major_formatter(lambda v, _: fmt_number(v, 0 if high - low >= 10 else 1, ctx.lang))
    if figure.x_title:
        ax.set_xlabel(figure.x_title)
    return handles


def _digits(figure: Figure) -> int:
    span = (figure.value_max or 0) - (figure.value_min or 0)
    return 0 if span >= 10 else 2


def _category_ticks(ax: Axes, figure: Figure, ctx: Context, y: np.ndarray) -> None:
    width = max(12, int((ctx.width_cm * 0.35) * 4.2))
    ax.set_yticks(y, [lab.wrap(c, width, ctx.lang) for c in figure.categories])
    ax.tick_params(axis="y", length=0)


def score_bar(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    n = len(figure.categories)
    y = np.arange(n)[::-1].astype(float)
    handles = _scale(ax, figure, ctx, n)
    s = figure.series[0] if figure.series else None
    colour = series_colours(ctx.brand, 1)[0]
    values = _values(s.values) if s else np.zeros(0)
    lower = _values(s.lower) if s and s.lower else np.full(n, np.nan)
    upper = _values(s.upper) if s and s.upper else np.full(n, np.nan)
    left = ax.get_xlim()[0]
    span = ax.get_xlim()[1] - left
    for i in range(n):
        v = values[i]
        if not math.isfinite(v):
            continue
        ax.barh(y[i], v - left, left=left, height=0.5, color=colour, zorder=3)
        edge = v
        if math.isfinite(lower[i]) and math.isfinite(upper[i]):
            ax.errorbar(v, y[i], xerr=[[v - lower[i]], [upper[i] - v]], fmt="none", ecolor=ctx.text_colour,
                        elinewidth=1.0, capsize=4, zorder=5)
            edge = upper[i]
        if s and s.labels and s.labels[i]:
            ax.text(edge + 0.012 * span, y[i], s.labels[i], va="center", ha="left", fontsize=LABEL_SIZE,
                    color=ctx.text_colour, zorder=6)
    _category_ticks(ax, figure, ctx, y)
    if s is not None:
        handles.insert(0, Patch(facecolor=colour, label=s.name))
    _legend(fig, handles, ncol=min(len(handles), 2))
    return ax


def dumbbell(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    n = len(figure.categories)
    y = np.arange(n)[::-1].astype(float)
    handles = _scale(ax, figure, ctx, n)
    colour = series_colours(ctx.brand, 1)[0]
    first, later = (figure.series + (None, None))[:2]
    a = _values(first.values) if first else np.full(n, np.nan)
    b = _values(later.values) if later else np.full(n, np.nan)
    marked = later.significant if later and later.significant else (False,) * n
    for i in range(n):
        if math.isfinite(a[i]) and math.isfinite(b[i]):
            ax.plot([a[i], b[i]], [y[i], y[i]], color=mix(colour, "#ffffff", 0.5), linewidth=2.2, zorder=3,
                    solid_capstyle="butt")
        if math.isfinite(a[i]):
            ax.scatter([a[i]], [y[i]], s=70, color=GREY, zorder=4, linewidths=0)
        if math.isfinite(b[i]):
            ax.scatter([b[i]], [y[i]], s=70, color=colour, zorder=5, linewidths=0)
            if marked[i]:   # a ring around the dot, with a white gap, marks a significant change
                ax.scatter([b[i]], [y[i]], s=190, facecolors="none", edgecolors=ctx.text_colour, linewidths=1.3,
                           zorder=5)
        for series, x, above in ((first, a[i], False), (later, b[i], True)):
            if series is None or not series.labels or not math.isfinite(x) or not series.labels[i]:
                continue
            ax.text(x, y[i] + (0.28 if above else -0.28), series.labels[i], ha="center",
                    va="bottom" if above else "top", fontsize=LABEL_SIZE, color=ctx.text_colour, zorder=6)
    _category_ticks(ax, figure, ctx, y)
    own = []
    if first is not None:
        own.append(Line2D([], [], linestyle="none", marker="o", markersize=7, color=GREY, label=first.name))
    if later is not None:
        own.append(Line2D([], [], linestyle="none", marker="o", markersize=7, color=colour, label=later.name))
        if any(marked):
            own.append(Line2D([], [], linestyle="none", marker="o", markersize=10, markerfacecolor="none",
                              markeredgecolor=ctx.text_colour, markeredgewidth=1.3,
                              label=t("ins_significant", ctx.lang)))
    _legend(fig, own + handles, ncol=min(len(own + handles), 3))
    return ax


KINDS = {"score_bar": score_bar, "dumbbell": dumbbell}
