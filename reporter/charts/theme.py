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

from reporter.brand import DEFAULT_MPLSTYLE, Brand

STYLE_FILE = DEFAULT_MPLSTYLE


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
# The colour helpers live in reporter.colours (no matplotlib: the renderers' native bars use them too).
from reporter.colours import (  # noqa: E402,F401  (re-exported)
    NEUTRAL, band_colours, contrast, figure_series_colours, luminance, mix, ordered_ramp, series_colours, text_on,
    wave_colours,
)
