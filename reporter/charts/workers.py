"""Chart worker processes started before a note's data are loaded.

``reporter note`` spends its first second or so importing pandas and loading, computing and composing the
note on one core while the other waits; the charts then take two worker processes, each of which first
imports the chart code, loads the brand's fonts into matplotlib and into its Typst rasteriser and draws its
first chart slowly. :func:`early_chart_workers` forks the workers at the start instead (this process has run
no Typst yet, so they may rasterise), has them import the chart code at once and, once the project is known,
:func:`warm` warms the brand while this process computes; :func:`charts.render.prerender` then uses them.
No output depends on any of it: a warm-up's figure is dropped from the layout cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

_EARLY: dict[str, object] = {}       # {"pool": ProcessPoolExecutor, "workers": int} while a command runs


@contextmanager
def early_chart_workers(workers: int) -> Iterator[None]:
    """``workers`` chart processes forked now, used by the :func:`~reporter.charts.render.prerender` calls
    inside the block (one worker, or a pool already started: nothing is forked)."""
    if workers < 2 or _EARLY:
        yield
        return
    import multiprocessing

    from reporter.processes import process_pool
    from reporter.typst_engine import fork_is_safe

    rasterise = fork_is_safe()      # forks of a process that has run Typst cannot run it
    with process_pool(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for _ in range(workers):
            pool.submit(_import_chart_code)
        _EARLY.update(pool=pool, workers=workers, rasterise=rasterise)
        try:
            yield
        finally:
            _EARLY.clear()


def early_pool() -> tuple[ProcessPoolExecutor, int, bool] | None:
    """The early workers, their number and whether they may rasterise with Typst, or None outside
    :func:`early_chart_workers`."""
    if not _EARLY:
        return None
    return _EARLY["pool"], int(_EARLY["workers"]), bool(_EARLY["rasterise"])   # type: ignore[return-value]


def warm(brand_key: str, lang: str) -> None:
    """Have the early workers (if any) load ``brand_key``'s fonts and draw a small chart of it, SVG and PNG."""
    early = early_pool()
    if early is None:
        return
    pool, workers, _ = early
    for _ in range(workers):
        pool.submit(_warm_brand, brand_key, lang)


def _import_chart_code() -> None:
    import reporter.charts.raster  # noqa: F401
    import reporter.charts.render  # noqa: F401


def _warm_brand(brand_key: str, lang: str) -> None:
    from reporter.brand import load_brand
    from reporter.charts import render
    from reporter.model.document import Figure, Series

    brand = load_brand(brand_key)
    figure = Figure(key="warm-up", caption="Æblegrød på øen", kind="clustered_bar", categories=("Start", "Slut"),
                    series=(Series(name="Ledere", values=(0.42, 0.57)), Series(name="Medarbejdere", values=(0.3, 0.61))),
                    alt_text="warm-up")
    try:
        render.render_figure(figure, brand, "svg", lang=lang)
        render.render_figure(figure, brand, "png", dpi=300, lang=lang)
    finally:
        render.forget_layouts(figure)
