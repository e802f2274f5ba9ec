"""Register charts: lines over weeks, Kaplan-Meier steps with bands, effect and ratio bars with CI whiskers,
scatter with a fitted line. Same theme and conventions as the survey charts (:mod:`reporter.charts.bars`).

Model encoding (``Figure.kind``):

- ``line``: ``categories`` = periods ("1".."104"); a series per line; line style from ``Series.role``
  (intervention solid, comparison dashed, population dotted), colour per distinct ``Series.name``.
- ``km``: ``categories`` = times ("0".."104"); a step curve per series with its ``lower``/``upper`` band.
- ``effect_bar``: horizontal bars of the one series' ``values`` with ``lower``/``upper`` whiskers around
  ``Figure.reference`` (0); ``labels`` (e.g. "6 pct.-point**") printed beside each bar.
- ``ratio_bar``: the same around 1 on a log axis (odds and hazard ratios).
- ``scatter``: ``Series.x`` against ``Series.values``, ``labels`` = point names, ``fit_line`` = (slope,
  intercept) drawn across the data, ``annotation`` (the equation) in the corner.
- ``bar_line``: bars of the first series and a line with markers through the second series on the same
  axis, both labelled; ``categories`` = periods (Figur 2-2: referred per month and the running total).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter, NullLocator

from reporter.charts import labels as lab
from reporter.charts.bars import LABEL_SIZE, Context, _legend, _values, format_value_axis
from reporter.charts.theme import mix, series_colours, text_on
from reporter.model import Figure
from reporter.text.numbers import fmt_number

STYLE_KEY = "#7a7a7a"   # legend entries that show a line style only (grey: not one of the series colours)
LINE_STYLES = {"intervention": "-", "comparison": (0, (4, 2.5)), "population": (0, (1, 1.5)), "": "-"}


def _colours(figure: Figure, ctx: Context) -> dict[str, str]:
    names = list(dict.fromkeys(s.name for s in figure.series))
    return dict(zip(names, series_colours(ctx.brand, len(names))))


def _period_ticks(ax: Axes, n: int, first: int) -> None:
    step = 4 if n <= 30 else 13 if n <= 120 else 26
    ticks = [first] + [x for x in range(step, first + n + 1, step) if x > first]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticks(ticks, [str(x) for x in ticks])


def _value_axis(ax: Axes, figure: Figure, ctx: Context, values: list[float]) -> None:
    top = max([v for v in values if math.isfinite(v)], default=1.0)
    if figure.value_max is not None:
        high = float(figure.value_max)
    elif figure.value_format == "percent":
        high = min(1.0, math.ceil(top * 10 + 0.5) / 10) if top > 0 else 1.0
    else:
        high = float(np.ceil(top * 1.1)) if top > 0 else 1.0
    ax.set_ylim(0, high)
    format_value_axis(ax, figure, ctx, 0.0, high, "y")


def line(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    x = np.array([float(c) for c in figure.categories]) if figure.categories else np.array([])
    colours = _colours(figure, ctx)
    values = []
    for s in figure.series:
        y = _values(s.values)
        values += list(y[np.isfinite(y)])
        ax.plot(x, y, color=colours[s.name], linestyle=LINE_STYLES.get(s.role, "-"), linewidth=1.5,
                solid_capstyle="butt", zorder=3)
    _value_axis(ax, figure, ctx, values)
    if len(x):
        ax.set_xlim(x[0], x[-1])
        _period_ticks(ax, len(x), int(x[0]))
    ax.spines["bottom"].set_visible(True)
    if figure.x_title:
        ax.set_xlabel(figure.x_title)
    handles = [Line2D([], [], color=c, linewidth=1.5, label=n) for n, c in colours.items()]
    # when colours show names and styles show groups, add one legend entry per line style
    if len(colours) < len(figure.series):
        handles += [Line2D([], [], color=STYLE_KEY, linestyle=LINE_STYLES.get(s.role, "-"), linewidth=1.5,
                           label=s.group) for s in {s.role: s for s in figure.series}.values()]
    _legend(fig, handles, ncol=min(len(handles), 4))
    return ax


def km(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    x = np.array([float(c) for c in figure.categories]) if figure.categories else np.array([])
    colours = _colours(figure, ctx)
    for s in figure.series:
        colour = colours[s.name]
        y = _values(s.values)
        if s.lower and s.upper:
            ax.fill_between(x, _values(s.lower), _values(s.upper), step="post", color=mix(colour, "#ffffff", 0.7),
                            alpha=0.6, linewidth=0, zorder=2)
        ax.step(x, y, where="post", color=colour, linestyle=LINE_STYLES.get(s.role, "-"), linewidth=1.5, zorder=3)
    ax.set_ylim(0, 1.0)
    format_value_axis(ax, figure, ctx, 0.0, 1.0, "y")
    if len(x):
        ax.set_xlim(x[0], x[-1])
        _period_ticks(ax, len(x) - 1, int(x[0]))
    ax.spines["bottom"].set_visible(True)
    if figure.x_title:
        ax.set_xlabel(figure.x_title)
    if figure.y_title:
        ax.set_ylabel(figure.y_title)
    handles = [Line2D([], [], color=colours[s.name], linestyle=LINE_STYLES.get(s.role, "-"), linewidth=1.5,
                      label=s.name) for s in figure.series]
    handles.append(Patch(facecolor=ctx.muted, alpha=0.35, label="95 %"))
    _legend(fig, handles)
    return ax


def _bars(fig, figure: Figure, ctx: Context, ratio: bool) -> Axes:
    ax = fig.add_subplot()
    s = figure.series[0] if figure.series else None
    n = len(figure.categories)
    y = np.arange(n)[::-1].astype(float)
    ref = float(figure.reference if figure.reference is not None else (1.0 if ratio else 0.0))
    colour = series_colours(ctx.brand, 1)[0]
    values = _values(s.values) if s else np.zeros(0)
    lower = _values(s.lower) if s and s.lower else np.full(n, np.nan)
    upper = _values(s.upper) if s and s.upper else np.full(n, np.nan)
    finite = values[np.isfinite(values)]
    bounds = np.concatenate([finite, lower[np.isfinite(lower)], upper[np.isfinite(upper)], [ref]])
    if ratio:
        bounds = bounds[bounds > 0]
        lo, hi = float(bounds.min()) / 1.15, float(bounds.max()) * 1.6   # room for the labels
        ax.set_xscale("log")
    else:
        span = float(bounds.max() - bounds.min()) or 1.0
        lo, hi = float(bounds.min()) - 0.08 * span, float(bounds.max()) + 0.25 * span
    for i in range(n):
        v = values[i]
        if not math.isfinite(v):
            continue
        ax.barh(y[i], v - ref, left=ref, height=0.55, color=mix(colour, "#ffffff", 0.45), zorder=3)
        if math.isfinite(lower[i]) and math.isfinite(upper[i]):
            ax.errorbar(v, y[i], xerr=[[v - lower[i]], [upper[i] - v]], fmt="none", ecolor=ctx.text_colour,
                        elinewidth=0.9, capsize=3, zorder=4)
        if s and s.labels and s.labels[i]:
            edge = upper[i] if math.isfinite(upper[i]) else v
            x_text = max(edge, ref) * (1.04 if ratio else 1) + (0 if ratio else 0.02 * (hi - lo))
            ax.text(x_text, y[i], s.labels[i], va="center", ha="left", fontsize=LABEL_SIZE, color=ctx.text_colour,
                    zorder=5)
    ax.axvline(ref, color=ctx.text_colour, linewidth=0.8, zorder=4)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.6, n - 0.4)
    width = max(12, int((ctx.width_cm * 0.4) * 4.2))
    ax.set_yticks(y, [lab.wrap(c, width, ctx.lang) for c in figure.categories])
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    if ratio:
        ticks = [t for t in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4) if lo <= t <= hi]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xticks(ticks, [fmt_number(t, 2 if t < 1 and t != 0.5 else 1 if t % 1 else 0, ctx.lang) for t in ticks])
    elif figure.value_format == "pp":
        step = _nice_step(hi - lo)
        ticks = np.arange(math.ceil(lo / step) * step, hi + 1e-12, step)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        digits = 0 if step * 100 >= 1 else 1
        ax.set_xticks(ticks, [fmt_number(t * 100, digits, ctx.lang) for t in ticks])
        ax.set_xlabel("pct.-point" if ctx.lang == "da" else "percentage points")
    return ax


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 0.01
    exponent = math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10 ** exponent >= raw:
            return m * 10 ** exponent
    return 10 ** (exponent + 1)


def effect_bar(fig, figure: Figure, ctx: Context) -> Axes:
    return _bars(fig, figure, ctx, ratio=False)


def ratio_bar(fig, figure: Figure, ctx: Context) -> Axes:
    return _bars(fig, figure, ctx, ratio=True)


def scatter(fig, figure: Figure, ctx: Context) -> Axes:
    ax = fig.add_subplot()
    colour = series_colours(ctx.brand, 1)[0]
    s = figure.series[0] if figure.series else None
    x = _values(s.x) if s else np.zeros(0)
    y = _values(s.values) if s else np.zeros(0)
    ok = np.isfinite(x) & np.isfinite(y)
    ax.scatter(x[ok], y[ok], s=14, color=colour, zorder=3, linewidths=0)
    if figure.fit_line is not None and ok.any():
        slope, intercept = figure.fit_line
        xs = np.array([x[ok].min(), x[ok].max()])
        ax.plot(xs, slope * xs + intercept, color=ctx.text_colour, linewidth=1.0, linestyle=(0, (4, 2)), zorder=4)
    if figure.annotation:
        ax.text(0.98, 0.96, figure.annotation, transform=ax.transAxes, ha="right", va="top", fontsize=LABEL_SIZE,
                color=ctx.text_colour)
    if ok.any():
        pad = (x[ok].max() - x[ok].min()) * 0.05 or 0.1
        ax.set_xlim(x[ok].min() - pad, x[ok].max() + pad)
    values = list(y[ok])
    if figure.value_format == "percent":
        top = max(values, default=1.0)
        high = min(1.0, math.ceil(top * 10 + 0.5) / 10)
        ax.set_ylim(0, high)
        format_value_axis(ax, figure, ctx, 0.0, high, "y")
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v, 1, ctx.lang)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v, 2, ctx.lang)))
    ax.grid(True, axis="both")
    ax.spines["bottom"].set_visible(True)
    ax.spines["left"].set_visible(True)
    if figure.x_title:
        ax.set_xlabel(figure.x_title)
    if figure.y_title:
        ax.set_ylabel(lab.wrap(figure.y_title, 40, ctx.lang))
    return ax


def bar_line(fig, figure: Figure, ctx: Context) -> Axes:
    """Bars of the first series with a line through the second on the same axis, both labelled: citizens
    referred per period (labels inside the bars, at their foot) and the running total (labels above the points)."""
    ax = fig.add_subplot()
    bars, running = figure.series[0], figure.series[1]
    colours = series_colours(ctx.brand, 2)
    x = np.arange(len(figure.categories), dtype=float)
    heights = _values(bars.values)
    line_values = _values(running.values)
    top = float(np.nanmax(np.concatenate([heights, line_values]))) if len(x) else 1.0
    high = max(top * 1.15, 1.0)
    ax.bar(x, heights, width=0.6, color=colours[0], zorder=2)
    for xi, h, text in zip(x, heights, bars.labels):
        if not text or not math.isfinite(h):
            continue
        inside = h >= high * 0.09          # inside at the foot of the bar, clear of the line above it
        ax.text(xi, high * 0.015 if inside else h + high * 0.01, text, ha="center", va="bottom", fontsize=LABEL_SIZE,
                color=text_on(colours[0]) if inside else ctx.text_colour, zorder=3)
    ax.plot(x, line_values, color=colours[1], linewidth=1.8, marker="o", markersize=3.5, zorder=4)
    for xi, y, text in zip(x, line_values, running.labels):
        if text and math.isfinite(y):
            ax.annotate(text, (xi, y), textcoords="offset points", xytext=(0, 6), ha="center",
                        fontsize=LABEL_SIZE, color=ctx.text_colour, zorder=5)
    ax.set_ylim(0, high)
    ax.set_xticks(x, list(figure.categories))
    ax.spines["bottom"].set_visible(True)
    ax.grid(False, axis="x")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_number(v, 0, ctx.lang)))
    if figure.y_title:
        ax.set_ylabel(figure.y_title)
    handles = [Patch(facecolor=colours[0], label=bars.name),
               Line2D([], [], color=colours[1], linewidth=1.8, marker="o", markersize=3.5, label=running.name)]
    _legend(fig, handles, ncol=2)
    return ax


KINDS = {"line": line, "km": km, "effect_bar": effect_bar, "ratio_bar": ratio_bar, "scatter": scatter,
         "bar_line": bar_line}
