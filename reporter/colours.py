"""Brand colour arithmetic without a drawing library: mixes, contrast, ordered ramps, band colours.

Shared by the charts (reporter.charts, matplotlib) and the renderers' native bars (reporter.render.bars),
which must not import matplotlib. Colours are ``#rrggbb`` strings; conversions match matplotlib's
``to_rgb``/``to_hex`` exactly (channel / 255, ``round(value * 255)``), so output does not change.
"""

from __future__ import annotations

from reporter.brand import Brand

NEUTRAL = "#b8bec6"  # "Ved ikke" and other non-ordered categories


def to_rgb(colour: str) -> tuple[float, float, float]:
    """'#1d3557' (or '#abc') → channels 0–1."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) not in (6, 8):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: tuple[float, ...]) -> str:
    return "#" + "".join(format(round(value * 255), "02x") for value in rgb[:3])


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
    return interpolate(anchors, n)


def interpolate(anchors: list[str], n: int) -> list[str]:
    """n colours (n ≥ 2) evenly spaced along the line through ``anchors``, first and last included."""
    out = []
    for i in range(n):
        pos = i / (n - 1) * (len(anchors) - 1)
        k = min(int(pos), len(anchors) - 2)
        out.append(mix(anchors[k], anchors[k + 1], pos - k))
    return out


def band_colours(figure, brand: Brand) -> list[str]:
    """Colours of a stacked bar's series: ordered bands light → dark on the brand's ramp, "Ved ikke"
    neutral (``Series.dont_know``). Used by the drawn chart and by the renderers' native bars, so both look
    the same."""
    ordered = [s for s in figure.series if not s.dont_know]
    ramp = iter(ordered_ramp(brand, len(ordered)))
    return [NEUTRAL if s.dont_know else next(ramp) for s in figure.series]


def series_colours(brand: Brand, n: int) -> list[str]:
    """n categorical colours from the brand's series palette (cycled if needed)."""
    return [brand.series[i % len(brand.series)] for i in range(n)]


CHART_CONTRAST = 3.0     # WCAG 1.4.11: a bar or line against the white background


def contrast(a: str, b: str = "#ffffff") -> float:
    """WCAG contrast ratio of two colours (1–21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def wave_colours(brand: Brand, n: int) -> list[str]:
    """Colours of n waves, first to last: the brand's ``waves`` palette (its last colour is the last wave's, the
    strongest), its last n colours when the project has fewer waves, interpolated when it has more. A brand
    without a wave palette gets its first series colour for the last wave and lighter mixes of it before."""
    anchors = list(brand.wave_series) or [mix(brand.series[0], "#ffffff", 0.5), brand.series[0]]
    if n <= 0:
        return []
    if n <= len(anchors):
        return anchors[len(anchors) - n:]
    return interpolate(anchors, n)


def figure_series_colours(figure, brand: Brand) -> list[str]:
    """The colour of each series of a bar chart. Series that are waves get their wave's colour: its place among
    the project's waves (``Figure.waves``), so a wave looks the same in a three-wave and a two-wave chart;
    other series take the brand's series palette in order."""
    waves = [s.wave for s in figure.series]
    if figure.series and all(waves):
        order = list(figure.waves) if all(w in figure.waves for w in waves) else list(dict.fromkeys(waves))
        colours = wave_colours(brand, len(order))
        return [colours[order.index(w)] for w in waves]
    return series_colours(brand, len(figure.series))
