"""The process-wide text extents (reporter.charts.measure): the same images as matplotlib's own canvases give,
and a memo keyed by everything a measurement depends on."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.font_manager import FontProperties

from reporter.brand import load_brand
from reporter.charts import measure, render
from reporter.fonts import font_file


def _stock_svg(fig, target, **savefig) -> None:
    fig.savefig(target, format="svg", **savefig)


def _fresh_images(samples, brand) -> dict[str, bytes]:
    render._DRAWN.clear()
    return {name: render.draw_image(figure, brand, "svg", width_cm=16.0) for name, figure in samples.items()}


def test_charts_are_the_bytes_matplotlib_own_canvases_give(monkeypatch, samples):
    """Every sample kind, drawn twice in a row with the memo (the second time every text comes from it), and
    once with matplotlib's FigureCanvasAgg and savefig: the same SVG bytes."""
    brand = load_brand("nordlys")
    measure.forget_extents()
    first = _fresh_images(samples, brand)
    assert measure._EXTENTS, "the memo was not used"
    second = _fresh_images(samples, brand)
    monkeypatch.setattr(render, "ChartCanvas", FigureCanvasAgg)
    monkeypatch.setattr(render, "save_svg", _stock_svg)
    stock = _fresh_images(samples, brand)
    render._DRAWN.clear()
    assert first.keys() == stock.keys() and len(stock) >= 5
    for name in stock:
        assert first[name] == stock[name], name
        assert second[name] == stock[name], name


def test_a_text_is_measured_once_per_process_across_figures(monkeypatch, samples):
    """The second figure of the same kind and texts measures nothing with FreeType: all from the memo."""
    brand = load_brand("nordlys")
    measured = []
    real_agg, real_svg = RendererAgg.get_text_width_height_descent, RendererSVG.get_text_width_height_descent
    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent",
                        lambda self, *a: measured.append("agg") or real_agg(self, *a))
    monkeypatch.setattr(RendererSVG, "get_text_width_height_descent",
                        lambda self, *a: measured.append("svg") or real_svg(self, *a))
    measure.forget_extents()
    render._DRAWN.clear()
    render.draw_image(samples["clustered_bar"], brand, "svg")
    assert "agg" in measured and "svg" in measured
    measured.clear()
    render._DRAWN.clear()
    render.draw_image(samples["clustered_bar"], brand, "svg")
    render._DRAWN.clear()
    assert measured == []


@pytest.mark.parametrize("change", ["size", "weight", "dpi", "hinting_factor", "kind"])
def test_the_memo_key_holds_what_a_measurement_depends_on(change):
    brand = load_brand("nordlys")
    regular = str(font_file(brand.font_heading, brand))
    bold = str(font_file(brand.font_heading, brand, bold=True))
    prop = FontProperties(size=7.0, fname=regular)
    base = measure.extents_key("agg", "Leder", prop, 100)
    if change == "size":
        other = measure.extents_key("agg", "Leder", FontProperties(size=8.0, fname=regular), 100)
    elif change == "weight":
        other = measure.extents_key("agg", "Leder", FontProperties(size=7.0, weight="bold", fname=bold), 100)
    elif change == "dpi":
        other = measure.extents_key("agg", "Leder", prop, 300)
    elif change == "kind":
        other = measure.extents_key("svg", "Leder", prop, 100)
    else:
        with matplotlib.rc_context({"text.hinting_factor": 1}):
            other = measure.extents_key("agg", "Leder", prop, 100)
    assert other != base
    assert measure.extents_key("agg", "Leder", FontProperties(size=7.0, fname=regular), 100) == base


def test_measurements_from_the_memo_are_those_freetype_gives():
    """Bigger text is wider; the memo gives back exactly what a plain Agg renderer measures."""
    brand = load_brand("nordlys")
    regular = str(font_file(brand.font_heading, brand))
    measure.forget_extents()
    memo = measure.MeasuredRendererAgg(10, 10, 100)
    plain = RendererAgg(10, 10, 100)
    small, big = FontProperties(size=7.0, fname=regular), FontProperties(size=14.0, fname=regular)
    for prop in (small, big, small):
        assert memo.get_text_width_height_descent("Medarbejder", prop, False) == \
            plain.get_text_width_height_descent("Medarbejder", prop, False)
    assert memo.get_text_width_height_descent("Medarbejder", big, False)[0] > \
        memo.get_text_width_height_descent("Medarbejder", small, False)[0]
    assert len(measure._EXTENTS) == 2


def test_the_memo_is_bounded_in_a_long_lived_process(monkeypatch):
    brand = load_brand("nordlys")
    prop = FontProperties(size=7.0, fname=str(font_file(brand.font_heading, brand)))
    monkeypatch.setattr(measure, "_EXTENTS_MAX", 3)
    measure.forget_extents()
    renderer = measure.MeasuredRendererAgg(10, 10, 100)
    for word in ("a", "b", "c", "d"):
        renderer.get_text_width_height_descent(word, prop, False)
    assert len(measure._EXTENTS) == 1
