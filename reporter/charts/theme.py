"""Chart themes as composable data (plotnine style): rc dicts layered left to right.

``chart_theme(brand)`` = base rc (``styles/matplotlib/reporter.mplstyle``) + the brand folder's
``chart.mplstyle`` (if any) + brand colours + font.
Colour helpers (sequential band ramps, contrast text colour) live here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from cycler import cycler
from matplotlib.colors import to_hex, to_rgb

from reporter.brand import DEFAULT_MPLSTYLE, Brand

STYLE_FILE = DEFAULT_MPLSTYLE
NEUTRAL = "#b8bec6"  # "Ved ikke" and other non-ordered categories


@lru_cache(maxsize=None)
def _base(path: Path) -> tuple[tuple[str, Any], ...]:
    params = matplotlib.rc_params_from_file(str(path), use_default_template=False)
    return tuple(params.items())


def base_rc(path: Path = STYLE_FILE) -> dict[str, Any]:
    """Layer 1: sizes, spines, grid, legend, determinism settings from the .mplstyle file."""
    return dict(_base(path))


def brand_rc(brand: Brand) -> dict[str, Any]:
    """Layer 2: the brand's text, rule and series colours."""
    c = brand.colours
    text, muted, rule = c.get("text", "#222222"), c.get("muted", "#666666"), c.get("rule", "#cccccc")
    return {
        "text.color": text,
        "axes.labelcolor": text,
        "axes.edgecolor": muted,
        "xtick.color": text,
        "ytick.color": text,
        "xtick.labelcolor": text,
        "ytick.labelcolor": text,
        "grid.color": rule,
        "legend.labelcolor": text,
        "axes.prop_cycle": cycler(color=list(brand.series)),
    }


def font_rc(family: str) -> dict[str, Any]:
    """Layer 3: the chart font family (files are attached explicitly when drawing)."""
    return {"font.family": [family], "svg.fonttype": "none"}


def compose(*layers: Mapping[str, Any]) -> dict[str, Any]:
    """Merge rc layers; later layers win."""
    out: dict[str, Any] = {}
    for layer in layers:
        out.update(layer)
    return out


def chart_font(brand: Brand) -> str:
    """Charts use the brand's heading family (a sans in both brands: clearer at small sizes)."""
    return brand.font_heading


def chart_theme(brand: Brand, *extra: Mapping[str, Any]) -> dict[str, Any]:
    """The full rc dict for a brand; ``extra`` layers (e.g. {"font.size": 7}) go on top."""
    own = base_rc(brand.mplstyle) if brand.mplstyle else {}
    return compose(base_rc(), own, brand_rc(brand), font_rc(chart_font(brand)), *extra)


# ---------------------------------------------------------------- colours

def mix(a: str, b: str, t: float) -> str:
    """Colour between a (t=0) and b (t=1)."""
    ra, rb = to_rgb(a), to_rgb(b)
    return to_hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a colour."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(x) for x in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_on(colour: str, dark: str = "#1f2933", light: str = "#ffffff") -> str:
    """Dark or white text, whichever contrasts more with the background colour."""
    bg = luminance(colour)
    contrast_light = (1.05) / (bg + 0.05)
    contrast_dark = (bg + 0.05) / (luminance(dark) + 0.05)
    return light if contrast_light >= contrast_dark else dark


def ordered_ramp(brand: Brand, n: int) -> list[str]:
    """n colours from light to dark for ordered bands (0-19 % … 80-100 %).

    Anchors: the brand's ``ramp`` colours if it has them, else its third, second and first series
    colours (light → dark: both brands order their palette dark, mid, light first).
    """
    if brand.colours.get("ramp"):
        anchors = brand.colours["ramp"].split()
    elif len(brand.series) >= 3:
        anchors = [brand.series[2], brand.series[1], brand.series[0]]
    else:
        anchors = [mix(brand.series[0], "#ffffff", 0.8), brand.series[0]]
    if n <= 0:
        return []
    if n == 1:
        return [anchors[-1]]
    out = []
    for i in range(n):
        pos = i / (n - 1) * (len(anchors) - 1)
        k = min(int(pos), len(anchors) - 2)
        out.append(mix(anchors[k], anchors[k + 1], pos - k))
    return out


def band_colours(figure, brand: Brand) -> list[str]:
    """Colours of a stacked bar's series: ordered bands light → dark on the brand's ramp, "Ved ikke"
    neutral. Used by the drawn chart and by the renderers' native bars, so both look the same."""
    from reporter.charts.labels import is_dont_know

    ordered = [s for s in figure.series if not is_dont_know(s.name)]
    ramp = iter(ordered_ramp(brand, len(ordered)))
    return [NEUTRAL if is_dont_know(s.name) else next(ramp) for s in figure.series]


def series_colours(brand: Brand, n: int) -> list[str]:
    """n categorical colours from the brand's series palette (cycled if needed)."""
    return [brand.series[i % len(brand.series)] for i in range(n)]
