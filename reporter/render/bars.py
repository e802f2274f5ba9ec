"""Native 100 % stacked bars: the geometry and colours of a ``Figure(draw="native")``, shared by the HTML
and DOCX renderers so both show the same segments. No drawing library: each segment is a box (HTML) or a
shaded table cell (Word), so labels stay real, editable text.
"""

from __future__ import annotations

from dataclasses import dataclass

from reporter.brand import Brand
from reporter.colours import band_colours, text_on
from reporter.model import Figure

MIN_LABEL_SHARE = 0.06   # segments narrower than this carry no text (it would not fit)


@dataclass(frozen=True)
class Segment:
    share: float
    colour: str
    text_colour: str
    label: str
    width: float         # percent of the bar; the row's widths add up to a hair under 100 (floats never wrap)


@dataclass(frozen=True)
class BarRow:
    label: str
    segments: tuple[Segment, ...]


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
        shown = [(float(series.values[i]), series.labels[i] if i < len(series.labels) else "", colour)
                 for series, colour in zip(figure.series, colours)
                 if i < len(series.values) and series.values[i] is not None and series.values[i] > 0]
        total = sum(share for share, _, _ in shown) or 1.0
        rows.append(BarRow(label=category, segments=tuple(
            Segment(share=share, colour=colour, text_colour=text_on(colour),
                    label=label if share >= MIN_LABEL_SHARE else "", width=99.8 * share / total)
            for share, label, colour in shown)))
    return rows
