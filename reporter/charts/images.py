"""A figure's image bytes for the renderers, and the images drawn ahead in other processes.

This module imports no matplotlib: a process whose charts were all drawn elsewhere (``reporter note`` with its
standby chart process, :mod:`reporter.charts.standby`) never loads it. Only an image that is not ready is drawn
here, by :mod:`reporter.charts.render`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from reporter.brand import Brand
from reporter.model import Figure

ImageFormat = Literal["svg", "png"]
ImageSpec = tuple[str, int, float]  # (format, dpi, width_cm)

# image bytes drawn elsewhere (another process) for this process's renderers: see :func:`prerender`
_READY: dict[tuple, bytes] = {}


def _layout_key(figure: Figure, brand: Brand, width_cm: float, lang: str) -> tuple:
    """What a figure's layout depends on (the brand by value: a recoloured copy is another layout)."""
    return (figure, repr(brand), float(width_cm), lang)


def _image_key(fmt: str, dpi: int) -> tuple[str, int]:
    """What one saved image of a layout depends on (dpi only matters for PNG)."""
    return (fmt, dpi if fmt == "png" else 0)


def render_figure(figure: Figure, brand: Brand, fmt: ImageFormat = "svg", dpi: int = 300,
                  width_cm: float = 16.0, lang: str = "da") -> bytes:
    """Draw a model figure as SVG or PNG bytes at ``width_cm`` wide (height from ``figure.height``,
    grown when the rows need more room); PNG carries ``dpi`` in its header.

    An image drawn ahead (:func:`prerender`) is returned as it is; any other is drawn here
    (:func:`reporter.charts.render.draw_image`, which keeps the laid-out figure for the other formats).
    """
    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown image format {fmt!r}; use 'svg' or 'png'")
    ready = _READY.get(_layout_key(figure, brand, width_cm, lang) + _image_key(fmt, dpi))
    if ready is not None:
        return ready
    from reporter.charts.render import draw_image

    return draw_image(figure, brand, fmt, dpi, width_cm, lang)


def prerender(figures: list[Figure], brand: Brand, lang: str, specs: tuple[ImageSpec, ...], workers: int = 2,
              standby=None, meanwhile: Callable[[], object] | None = None) -> int:
    """Draw the figures' images in ``workers`` forked processes and keep the bytes for this process,
    so the renderers that follow find every chart ready (charts are most of a note's render time).
    Returns the number of images added. The bytes are identical to drawing them here.

    ``meanwhile`` runs here once the drawing has been handed out, before its images are collected (work of
    this process that needs no chart: importing the renderers, say). The workers rasterise the PNGs too
    (Typst), unless this process has run Typst already (its forks cannot: :mod:`reporter.typst_engine`); then
    the workers draw the SVGs and this process rasterises them. With a live ``standby``
    (:class:`reporter.charts.standby.ChartStandby`) the workers are forked from that process, which has
    matplotlib imported and warm, and this process imports no matplotlib."""
    todo = [f for f in dict.fromkeys(figures)
            if any(_layout_key(f, brand, w, lang) + _image_key(fmt, dpi) not in _READY for fmt, dpi, w in specs)]
    if not todo:
        if meanwhile is not None:
            meanwhile()
        return 0
    if standby is not None and standby.start_drawing(todo, brand, lang, specs, workers):
        if meanwhile is not None:
            meanwhile()
        drawn = standby.drawn()
        if drawn is not None:
            _READY.update(drawn)
            return len(drawn)
        meanwhile = None   # done already; the standby died: draw the figures here
    from reporter.charts.render import draw_in_workers

    return draw_in_workers(todo, brand, lang, specs, workers, _READY, meanwhile)


def forget_prerendered() -> None:
    """Drop the prerendered bytes (after a document is written; they are only needed while rendering it)."""
    _READY.clear()
