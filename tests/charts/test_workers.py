"""Chart workers forked early (reporter note): the same bytes as drawing here, and no trace of the warm-up."""

from __future__ import annotations

from reporter.charts import render
from reporter.charts.workers import _warm_brand, early_chart_workers, early_pool, warm


def test_prerender_uses_the_early_workers_and_gives_the_bytes_drawn_here(brand, samples):
    figures = list(samples.values())[:4]
    specs = (("svg", 300, 16.0), ("png", 150, 16.0))
    expected = {(f.key, fmt): render.render_figure(f, brand, fmt, dpi=dpi, width_cm=width)
                for f in figures for fmt, dpi, width in specs}
    render._DRAWN.clear()
    assert early_pool() is None
    with early_chart_workers(2):
        _, workers, _ = early_pool()
        assert workers == 2
        warm(brand.key, "da")
        assert render.prerender(figures, brand, "da", specs, 2) == len(expected)
    assert early_pool() is None
    try:
        for f in figures:
            for fmt, dpi, width in specs:
                assert render.render_figure(f, brand, fmt, dpi=dpi, width_cm=width) == expected[(f.key, fmt)]
        assert not render._DRAWN     # every image came from the workers: nothing was laid out here
    finally:
        render.forget_prerendered()


def test_one_worker_forks_nothing():
    with early_chart_workers(1):
        assert early_pool() is None


def test_the_warm_up_leaves_no_layout_behind(brand):
    before = dict(render._DRAWN)
    _warm_brand(brand.key, "da")
    assert render._DRAWN == before
