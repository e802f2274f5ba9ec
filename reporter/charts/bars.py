"""Bar charts: clustered (vertical or, for long labels, horizontal), horizontal, 100 % stacked."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator

from reporter.brand import Brand
from reporter.charts import labels as lab
from reporter.charts.theme import band_colours, figure_series_colours, text_on
from reporter.model import Figure

CM = 1 / 2.54
PT_PER_CM = 72 / 2.54
LABEL_SIZE = 7.0  # data labels, pt
GROUP_WIDTH = 0.8  # share of a category slot the bars of one cluster use
MAX_BAR_CM = 1.3  # widest vertical bar


@dataclass(frozen=True)
class Context:
    """What a chart function needs besides the figure: brand, language, size (cm)."""

    brand: Brand
    lang: str
    width_cm: float
    hints: dict = field(default_factory=dict)  # chart → renderer: min_height_cm, bar_labels

    @property
    def percent_space(self) -> bool:
        return self.brand.percent_space

    @property
    def text_colour(self) -> str:
        return self.brand.colours.get("text", "#222222")

    @property
    def muted(self) -> str:
        return self.brand.colours.get("muted", "#666666")


def _values(values) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _data_max(figure: Figure) -> float:
    vals = [v for s in figure.series for v in s.values if v is not None and v == v]
    return max(vals, default=0.0)


def value_limit(figure: Figure) -> float:
    """Upper end of the value axis: the model's value_max, else a round number above the data."""
    if figure.value_max is not None:
        return float(figure.value_max)
    top = _data_max(figure)
    if figure.value_format == "percent":
        return 1.0 if top > 0.6 or top == 0 else min(1.0, np.ceil(top * 10 + 0.5) / 10)
    return float(_nice_ceiling(top * 1.05)) if top > 0 else 1.0


def _nice_ceiling(x: float) -> float:
    exponent = np.floor(np.log10(x))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * 10 ** exponent >= x:
            return m * 10 ** exponent
    return 10 ** (exponent + 1)


def value_ticks(figure: Figure, low: float, high: float) -> np.ndarray:
    """Round tick positions: every 20 % for shares, 4–6 steps otherwise."""
    if figure.value_format == "percent" and high - low >= 0.5:
        step = 0.2
    else:
        span = high - low
        raw = span / 5 if span > 0 else 1
        exponent = np.floor(np.log10(raw))
        step = min((m * 10 ** exponent for m in (1, 2, 2.5, 5, 10) if m * 10 ** exponent >= raw))
    ticks = np.arange(np.ceil(low / step - 1e-9) * step, high + step * 1e-6, step)
    return np.round(ticks, 10)


def format_value_axis(ax: Axes, figure: Figure, ctx: Context, low: float, high: float, axis: str) -> None:
    ticks = value_ticks(figure, low, high)
    step = float(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    texts = [lab.tick_text(figure, float(t), step, ctx.lang, ctx.percent_space) for t in ticks]
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(FixedLocator(ticks))
    (ax.set_yticks if axis == "y" else ax.set_xticks)(ticks, texts)
    ax.grid(True, axis=axis)
    ax.grid(False, axis="x" if axis == "y" else "y")


def _chars_for(width_cm: float, fontsize: float) -> int:
    """About how many characters of a sans-serif font at ``fontsize`` fit in ``width_cm`` (a wide estimate)."""
    return max(4, int(width_cm * PT_PER_CM / (0.58 * fontsize)))


def _legend(fig, handles, ncol: int | None = None) -> None:
    if not handles:
        return
    ncol = ncol or len(handles)
    # more rows when the entries would be wider than the figure (long series names: role × wave with n)
    import math

    import matplotlib
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=matplotlib.rcParams["legend.fontsize"]).get_size_in_points()
    widths = [0.58 * size * len(h.get_label()) + 2.6 * size for h in handles]
    room = fig.get_figwidth() * 72 * 0.96
    while ncol > 1 and max(sum(widths[i:i + ncol]) for i in range(0, len(widths), ncol)) > room:
        # one more row; strictly fewer columns each time (9 entries: 9 → 5 → 3 → 2 → 1, never stuck at 3)
        ncol = min(ncol - 1, math.ceil(len(handles) / (math.ceil(len(handles) / ncol) + 1)))
    fig.legend(handles=handles, loc="outside upper center", ncol=ncol, frameon=False)


def _labels_fit_vertical(categories, slot_cm: float, fontsize: float,
                         lang: str = "da") -> tuple[bool, list[str]]:
    """Wrapped labels for a category slot; fits = at most 3 lines none wider than the slot."""
    width = _chars_for(slot_cm * 0.95, fontsize)
    wrapped = [lab.wrap(c, width, lang) for c in categories]
    lines = [line for w in wrapped for line in w.split("\n")]
    fits = max((len(x) for x in lines), default=0) <= width + 1 and \
        max((lab.line_count(w) for w in wrapped), default=1) <= 3
    return fits, wrapped


# ---------------------------------------------------------------- clustered / horizontal

def clustered_bar(fig, figure: Figure, ctx: Context) -> Axes:
    """Clusters = categories (roles + Total), bars = series (waves); labels on bars; legend on top.

    Falls back to horizontal bars when category labels would need more than three lines.
    """
    n_cat = max(len(figure.categories), 1)
    slot_cm = (ctx.width_cm - 1.6) / n_cat
    fits, wrapped = _labels_fit_vertical(figure.categories, slot_cm, 8.0, ctx.lang)
    if not fits:
        return horizontal_bar(fig, figure, ctx)
    ax = fig.add_subplot()
    colours = figure_series_colours(figure, ctx.brand)
    n_ser = max(len(figure.series), 1)
    width = min(GROUP_WIDTH / n_ser, MAX_BAR_CM / slot_cm)  # few categories: no slabs
    cluster = width * n_ser
    x = np.arange(len(figure.categories), dtype=float)
    top = value_limit(figure)
    pad = top * 0.012
    handles = []
    texts = []
    for i, (series, colour) in enumerate(zip(figure.series, colours)):
        vals = _values(series.values)
        pos = x - cluster / 2 + width * (i + 0.5)
        ok = ~np.isnan(vals)
        ax.bar(pos[ok], vals[ok], width=width * 0.9, color=colour, linewidth=0, zorder=2)
        handles.append(Patch(facecolor=colour, label=series.name))
        for p, v, text in zip(pos, vals, lab.series_labels(figure, series, ctx.lang, ctx.percent_space)):
            if not text:
                continue
            y = (0 if np.isnan(v) else v) + pad
            texts.append(ax.text(p, y, text, ha="center", va="bottom", fontsize=LABEL_SIZE,
                                 color=ctx.text_colour, zorder=3, clip_on=False))
    ax.set_xticks(x, wrapped)
    ax.set_xlim(-0.5, len(figure.categories) - 0.5)
    ax.set_ylim(0, top * 1.1)
    format_value_axis(ax, figure, ctx, 0.0, top, "y")
    ax.spines["bottom"].set_visible(True)
    ax.set_axisbelow(True)
    if len(figure.series) > 1:
        _legend(fig, handles)
    ctx.hints["bar_labels"] = (texts, width * 0.9)  # checked by render.fit_bar_labels
    return ax


def horizontal_bar(fig, figure: Figure, ctx: Context) -> Axes:
    """Categories top to bottom (labels wrapped), one bar per series, value labels at the bar end."""
    ax = fig.add_subplot()
    n_ser = max(len(figure.series), 1)
    waves = all(s.wave for s in figure.series)
    colours = figure_series_colours(figure, ctx.brand) if n_ser > 1 or waves else \
        [ctx.brand.colours.get("primary", ctx.brand.series[0])]
    label_width = _chars_for(ctx.width_cm * 0.38, 8.0)
    wrapped = [lab.wrap(c, label_width, ctx.lang) for c in figure.categories]
    # slot height grows with the number of label lines and bars
    slots = [max(lab.line_count(w) * 0.36, n_ser * 0.36 + 0.12) for w in wrapped]
    centres, y = [], 0.0
    for s in slots:
        centres.append(y + s / 2)
        y += s
    centres_arr = np.array(centres)
    top = value_limit(figure)
    handles = []
    for i, (series, colour) in enumerate(zip(figure.series, colours)):
        vals = _values(series.values)
        bar_h = 0.36 * 0.86
        pos = centres_arr - (n_ser * 0.36) / 2 + 0.36 * (i + 0.5)
        ok = ~np.isnan(vals)
        ax.barh(pos[ok], vals[ok], height=bar_h, color=colour, linewidth=0, zorder=2)
        handles.append(Patch(facecolor=colour, label=series.name))
        for p, v, text in zip(pos, vals, lab.series_labels(figure, series, ctx.lang, ctx.percent_space)):
            if not text:
                continue
            xpos = (0 if np.isnan(v) else v) + top * 0.01
            ax.text(xpos, p, text, ha="left", va="center", fontsize=LABEL_SIZE, color=ctx.text_colour,
                    zorder=3, clip_on=False)
    ax.set_yticks(centres_arr, wrapped)
    ax.set_ylim(y, 0)
    ax.set_xlim(0, top * 1.1)
    format_value_axis(ax, figure, ctx, 0.0, top, "x")
    ax.spines["left"].set_visible(True)
    ax.spines["bottom"].set_visible(False)
    if n_ser > 1:
        _legend(fig, handles)
    needed = y * 0.9 + (1.9 if n_ser > 1 else 1.3)
    ctx.hints["min_height_cm"] = needed
    return ax


# ---------------------------------------------------------------- stacked

def stacked_bar(fig, figure: Figure, ctx: Context) -> Axes:
    """100 % horizontal stacked bars: rows = categories (group × wave), segments = series (bands).

    Ordered bands get a light-to-primary ramp, "Ved ikke" a neutral grey; segments of 5 % or more
    carry their value; groups of rows ("Leder – Start", "Leder – Slut", …) are set apart by a gap.
    """
    ax = fig.add_subplot()
    colours = band_colours(figure, ctx.brand)
    groups = figure.category_groups if len(figure.category_groups) == len(figure.categories) else ()
    label_width = _chars_for(ctx.width_cm * 0.34, 8.0)
    wrapped = [lab.wrap(c, label_width, ctx.lang) for c in figure.categories]
    row_h = [max(0.62, 0.36 * lab.line_count(w) + 0.1) for w in wrapped]
    centres, y = [], 0.0
    for i, h in enumerate(row_h):
        if groups and i > 0 and groups[i] != groups[i - 1]:
            y += 0.35
        centres.append(y + h / 2)
        y += h
    centres_arr = np.array(centres)
    left = np.zeros(len(figure.categories))
    handles = []
    bar_h = 0.46
    for series, colour in zip(figure.series, colours):
        vals = np.nan_to_num(_values(series.values), nan=0.0)
        ax.barh(centres_arr, vals, left=left, height=bar_h, color=colour, linewidth=0.4,
                edgecolor="white", zorder=2)
        handles.append(Patch(facecolor=colour, label=series.name))
        texts = lab.series_labels(figure, series, ctx.lang, ctx.percent_space)
        for c, l0, v, text in zip(centres_arr, left, vals, texts):
            if text and v >= 0.05:
                ax.text(l0 + v / 2, c, text, ha="center", va="center", fontsize=LABEL_SIZE - 0.5,
                        color=text_on(colour), zorder=3)
        left = left + vals
    ax.set_yticks(centres_arr, wrapped)
    ax.set_ylim(y + 0.05, -0.05)
    ax.set_xlim(0, 1.0)
    format_value_axis(ax, figure, ctx, 0.0, 1.0, "x")
    ax.spines["bottom"].set_visible(False)
    ncol = len(handles) if len(handles) <= 6 else (len(handles) + 1) // 2
    _legend(fig, handles, ncol=ncol)
    legend_rows = 1 if len(handles) <= 6 else 2
    ctx.hints["min_height_cm"] = y * 0.9 + 1.1 + 0.5 * legend_rows
    return ax
