"""Native 100 % stacked bars: the geometry and colours of a ``Figure(draw="native")``, shared by the HTML
and DOCX renderers so both show the same segments. No drawing library: each segment is a box (HTML) or a
shaded table cell (Word), so labels stay real, editable text.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporter.brand import Brand
from reporter.charts.labels import is_dont_know
from reporter.charts.theme import NEUTRAL, ordered_ramp, text_on
from reporter.model import Figure

MIN_LABEL_SHARE = 0.06   # segments narrower than this carry no text (it would not fit)


@dataclass(frozen=True)
class Segment:
    share: float
    colour: str
    text_colour: str
    label: str
    width: float = 0.0   # percent of the bar; the row's widths add up to a hair under 100 (floats never wrap)


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: tuple[Segment, ...]


def band_colours(figure: Figure, brand: Brand) -> list[str]:
    """Ordered bands light → dark on the brand's ramp, "Ved ikke" neutral (as the drawn stacked bars)."""
    ordered = [s for s in figure.series if not is_dont_know(s.name)]
    ramp = iter(ordered_ramp(brand, len(ordered)))
    return [NEUTRAL if is_dont_know(s.name) else next(ramp) for s in figure.series]


def legend(figure: Figure, brand: Brand) -> list[tuple[str, str]]:
    """(band name, colour) in series order."""
    return [(s.name, c) for s, c in zip(figure.series, band_colours(figure, brand))]


def stacked_rows(figure: Figure, brand: Brand) -> list[BarRow]:
    """One row per category; segments with a share > 0, in series order, with their printed labels."""
    if figure.kind != "stacked_bar":
        raise ValueError(f"native drawing supports stacked_bar figures only, not {figure.kind!r}")
    colours = band_colours(figure, brand)
    rows = []
    for i, category in enumerate(figure.categories):
        segments = []
        for series, colour in zip(figure.series, colours):
            value = series.values[i] if i < len(series.values) else None
            if value is None or value != value or value <= 0:
                continue
            text = series.labels[i] if i < len(series.labels) and value >= MIN_LABEL_SHARE else ""
            segments.append(Segment(share=float(value), colour=colour, text_colour=text_on(colour), label=text))
        total = sum(seg.share for seg in segments) or 1.0
        segments = [Segment(s.share, s.colour, s.text_colour, s.label, width=99.8 * s.share / total) for s in segments]
        rows.append(BarRow(label=category, segments=tuple(segments)))
    return rows
