import io
import re

import matplotlib
import pytest
from PIL import Image

from reporter.charts import KINDS, render_figure
from reporter.model import Figure, Series


@pytest.mark.parametrize("name", ["clustered_bar", "horizontal_bar", "means", "spread", "stacked_bar"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_each_kind_renders_with_missing_values(name, fmt, brand, samples):
    data = render_figure(samples[name], brand, fmt, dpi=72)
    if fmt == "svg":
        assert data.startswith(b"<?xml") and b"</svg>" in data
    else:
        assert data.startswith(b"\x89PNG")


def test_every_model_kind_has_a_chart():
    from typing import get_args

    from reporter.model.document import ChartKind
    assert set(get_args(ChartKind)) == set(KINDS)


@pytest.mark.parametrize("name", ["clustered_bar", "horizontal_bar", "means", "spread", "stacked_bar"])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_same_bytes_twice(name, fmt, brand, samples):
    assert render_figure(samples[name], brand, fmt, dpi=100) == render_figure(samples[name], brand, fmt, dpi=100)


def test_svg_has_no_date_or_version(brand, samples):
    svg = render_figure(samples["clustered_bar"], brand, "svg").decode()
    assert "<dc:date>" not in svg
    assert matplotlib.__version__ not in svg


def test_png_at_requested_dpi_and_width(brand, samples):
    png = render_figure(samples["clustered_bar"], brand, "png", dpi=300, width_cm=16)
    image = Image.open(io.BytesIO(png))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert abs(image.width - 16 / 2.54 * 300) <= 1
    small = Image.open(io.BytesIO(render_figure(samples["clustered_bar"], brand, "png", dpi=150, width_cm=8)))
    assert abs(small.width - 8 / 2.54 * 150) <= 1


def test_svg_keeps_text_as_text_in_danish_format(brand, samples):
    svg = render_figure(samples["clustered_bar"], brand, "svg").decode()
    space = "\u00a0" if brand.percent_space else ""
    assert f"33{space}%" in svg  # 0.328 → 33 %, half away from zero on the exact value
    assert "*" in svg  # the model's own label for a suppressed value
    assert "font-family" in svg and brand.font_heading in svg
    assert "Virksomheds-" in svg  # long role name hyphenated, not cut off


def test_number_format_uses_decimal_comma():
    from reporter.brand import load_brand
    figure = Figure(key="f", caption="c", kind="horizontal_bar", categories=("a", "b"),
                    series=(Series("Slut", (3.714, 4.315)),), alt_text="", value_format="number", value_max=5)
    svg = render_figure(figure, load_brand("nordlys"), "svg").decode()
    assert "3,71" in svg and "4,32" in svg


def test_no_pyplot_state_leaks(brand, samples):
    before = dict(matplotlib.rcParams)
    render_figure(samples["stacked_bar"], brand, "svg")
    assert dict(matplotlib.rcParams) == before
    import sys
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt
        assert plt.get_fignums() == []


def test_rows_grow_the_height(brand, samples):
    few = Image.open(io.BytesIO(render_figure(samples["stacked_bar"], brand, "png", dpi=50)))
    many_cats = tuple(f"Gruppe {i} – Start (n=10)" for i in range(14))
    many = Figure(key="m", caption="c", kind="stacked_bar", categories=many_cats,
                  series=(Series("Ja", (0.5,) * 14), Series("Nej", (0.5,) * 14)), alt_text="", height=5.0)
    tall = Image.open(io.BytesIO(render_figure(many, brand, "png", dpi=50)))
    assert tall.height > few.height


def test_unknown_kind_and_format(brand, samples):
    with pytest.raises(ValueError):
        render_figure(samples["clustered_bar"], brand, "jpg")
    bad = Figure(key="x", caption="c", kind="pie", categories=(), series=(), alt_text="")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_figure(bad, brand, "svg")


def test_spread_needs_five_series(brand, samples):
    bad = Figure(key="x", caption="c", kind="spread", categories=("1a",), series=(Series("Median", (0.5,)),),
                 alt_text="")
    with pytest.raises(ValueError, match="5 series"):
        render_figure(bad, brand, "svg")


def _row_centres(figure):
    from matplotlib.figure import Figure as MplFigure

    from reporter.charts.bars import Context, stacked_bar

    from reporter.brand import load_brand

    ctx = Context(brand=load_brand("nordlys"), lang="da", width_cm=16.0)
    ax = stacked_bar(MplFigure(), figure, ctx)
    return list(ax.get_yticks())


def test_stacked_rows_are_grouped_by_the_model_not_by_dashes_in_labels():
    """A title with ' – ' in it is no group; rows of one Figure.category_groups entry stay together."""
    from reporter.model import Figure, Series

    cats = ("Tro – og viden (n=10)", "Tro – og viden (n=12)", "Andet (n=9)")
    base = dict(key="f", caption="c", kind="stacked_bar", categories=cats, alt_text="",
                series=(Series("A", (0.5, 0.5, 0.5)), Series("B", (0.5, 0.5, 0.5))))
    flat = _row_centres(Figure(**base))
    grouped = _row_centres(Figure(**base, category_groups=("x", "x", "y")))
    step = flat[1] - flat[0]
    assert flat[2] - flat[1] == pytest.approx(step)                    # no group: even rows
    assert grouped[1] - grouped[0] == pytest.approx(step)              # same group: no gap
    assert grouped[2] - grouped[1] == pytest.approx(step + 0.35)       # new group: a gap


def _crowded(n_series: int, n_categories: int) -> Figure:
    cats = tuple(f"Gruppe {i}" for i in range(n_categories))
    return Figure(key="crowd", caption="c", kind="clustered_bar", categories=cats,
                  series=tuple(Series(f"S{j}", tuple(0.55 + 0.01 * j for _ in cats)) for j in range(n_series)),
                  alt_text="", value_max=1.0)


def _count_draws(monkeypatch) -> list:
    from matplotlib.figure import Figure as MplFigure

    calls = []
    real = MplFigure.draw

    def draw(self, renderer):
        calls.append(renderer)
        return real(self, renderer)

    monkeypatch.setattr(MplFigure, "draw", draw)
    return calls


def test_layout_draws_nothing_and_a_save_draws_once(monkeypatch, samples):
    """No dry draw: the layout is the layout engine alone, and the frozen figure has no engine at all (a
    placeholder engine would make every savefig draw twice)."""
    from reporter.brand import load_brand
    from reporter.charts.render import _draw, render_figure

    brand = load_brand("nordlys")
    calls = _count_draws(monkeypatch)
    drawn = _draw(samples["stacked_bar"], brand, 16.0, "da")
    assert calls == []
    assert drawn.fig.get_layout_engine() is None
    fresh = Figure(key="once", caption="c", kind="clustered_bar", categories=("a", "b"),
                   series=(Series("Start", (0.31, 0.42)),), alt_text="", value_max=1.0)
    render_figure(fresh, brand, "svg")
    assert len(calls) == 1
    render_figure(fresh, brand, "png", dpi=120)        # rasterised from the SVG: no matplotlib draw
    assert len(calls) == 1


@pytest.mark.parametrize("n_series, width_cm, size, rotation", [
    (3, 16.0, 7.0, 0.0),      # room: labels as they are
    (5, 16.0, 6.3, 0.0),      # a little too wide: smaller
    (6, 10.0, 6.5, 90.0),     # much too wide: turned
])
def test_bar_labels_are_fitted_from_the_layout_alone(n_series, width_cm, size, rotation):
    """fit_bar_labels measures the labels after the layout engine ran (no draw before it): the same decisions
    as measured after a full draw (old path: sizes found with matplotlib 3.11 by a full draw)."""
    from reporter.brand import load_brand
    from reporter.charts.render import _draw

    drawn = _draw(_crowded(n_series, 6), load_brand("nordlys"), width_cm, "da")
    labels = drawn.fig.axes[0].texts
    assert len(labels) == n_series * 6
    assert {(t.get_fontsize(), t.get_rotation()) for t in labels} == {(size, rotation)}
