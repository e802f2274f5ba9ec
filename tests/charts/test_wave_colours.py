"""Chart colours: one colour per wave across every chart of a note (the last wave the strongest), every series
colour of every brand at least 3:1 against white, traffic-light cells that read in greyscale."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from reporter.brand import available_brands, load_brand
from reporter.charts.render import render_figure
from reporter.colours import CHART_CONTRAST, contrast, figure_series_colours, luminance, wave_colours
from reporter.model import Figure, Series

BRANDS = available_brands()
DARK_TEXT_CONTRAST = 4.5     # WCAG AA for the cell text on a status colour
GREY_STEP = 0.15             # relative luminance between any two status colours


def test_contrast_is_the_wcag_ratio():
    # reference values of the WCAG definition: black on white 21:1, #767676 on white 4.54:1
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.01)
    assert contrast("#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("key", BRANDS)
def test_every_series_and_wave_colour_of_a_brand_contrasts_three_to_one_with_white(key):
    brand = load_brand(key)
    colours = list(brand.series) + [c for n in range(1, 7) for c in wave_colours(brand, n)]
    weak = [(c, round(contrast(c), 2)) for c in colours if contrast(c) < CHART_CONTRAST]
    assert not weak, weak


@pytest.mark.parametrize("key", BRANDS)
@pytest.mark.parametrize("n", [2, 3, 4])
def test_the_last_wave_is_the_strongest_and_waves_darken_in_order(key, n):
    colours = wave_colours(load_brand(key), n)
    lum = [luminance(c) for c in colours]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == n
    assert colours[-1] == wave_colours(load_brand(key), n + 1)[-1]     # the last wave keeps its colour


@pytest.mark.parametrize("key", BRANDS)
def test_status_colours_differ_in_grey_and_in_shape_and_keep_the_text_readable(key):
    brand = load_brand(key)
    text = brand.colours["text"]
    statuses = ("up", "same", "down")
    for a, b in itertools.combinations(statuses, 2):
        gap = abs(luminance(brand.status_colours[a]) - luminance(brand.status_colours[b]))
        assert gap >= GREY_STEP, (a, b, round(gap, 3))
    for s in statuses:
        assert contrast(brand.status_colours[s], text) >= DARK_TEXT_CONTRAST, s
    symbols = [brand.status_symbols[s] for s in statuses]
    assert all(symbols) and len(set(symbols)) == 3


def _three_wave() -> Figure:
    waves = (("Start", "start", (0.27, 0.35, 0.328)), ("Midt", "midt", (0.55, 0.6, 0.5)), ("Slut", "slut", (0.62, 1.0, 0.57)))
    return Figure(key="fig_1a", caption="1a. Ledelse", kind="clustered_bar", categories=("Leder", "Mentor", "Total"),
                  series=tuple(Series(name, values, wave=wave) for name, wave, values in waves),
                  alt_text="Figur", value_max=1.0, waves=("start", "midt", "slut"))


def _two_wave(figure: Figure) -> Figure:
    """The same chart with the first wave left out (a question not asked at the first wave)."""
    return dataclasses.replace(figure, series=figure.series[1:])


def test_a_wave_has_the_same_colour_in_a_three_and_a_two_wave_chart():
    brand = load_brand("nordlys")
    three = _three_wave()
    full = figure_series_colours(three, brand)
    assert full == wave_colours(brand, 3)
    assert figure_series_colours(_two_wave(three), brand) == full[1:]
    # and the drawn chart uses them: every wave colour is a bar fill of the SVG
    svg = render_figure(_two_wave(three), brand, "svg").decode()
    fills = set(re.findall(r"fill: ?(#[0-9a-f]{6})", svg))
    assert set(full[1:]) <= fills and full[0] not in fills


def test_in_both_notes_each_wave_has_one_colour_and_every_bar_contrasts(rendered_note):
    _, report, _ = rendered_note
    brand = load_brand(report.brand)
    seen: dict[str, set[str]] = {}
    for figure in report.figures():
        if figure.kind not in ("clustered_bar", "horizontal_bar"):
            continue
        for series, colour in zip(figure.series, figure_series_colours(figure, brand)):
            assert contrast(colour) >= CHART_CONTRAST, (figure.caption, series.name, colour)
            if series.wave:
                seen.setdefault(series.wave, set()).add(colour)
    assert seen and all(len(c) == 1 for c in seen.values()), seen
    waves = list(report.figures()[0].waves)
    darkest = min((next(iter(c)) for c in seen.values()), key=luminance)
    assert seen[waves[-1]] == {darkest}
