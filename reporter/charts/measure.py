"""Text extents measured once per process, for every chart drawn in it.

matplotlib measures a text (FreeType lays it out) for the layout and again when it writes the SVG, and keeps
the results per renderer, that is per figure and per save. The charts of one report repeat most of their
texts (tick labels, roles, waves, legend entries: 241 different texts of 692 measured for the STV note), so
the renderers here share one memo per process, keyed by everything the measurement depends on: the string,
the font properties (family, style, weight, size, file), the renderer's dpi and the rc settings FreeType is
given (hinting, hinting factor, kerning factor). The extents are the numbers matplotlib computes, so the images
are the same bytes. Mathtext and TeX are measured as matplotlib does, without the memo.
"""

from __future__ import annotations

import codecs

import matplotlib
from matplotlib import cbook
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from matplotlib.font_manager import FontProperties

_EXTENTS: dict[tuple, tuple[float, float, float]] = {}
_EXTENTS_MAX = 50_000   # a long-lived process (reporter serve) starts the memo afresh beyond this
_RC = ("text.hinting", "text.hinting_factor", "text.kerning_factor")


def extents_key(kind: str, s: str, prop: FontProperties, dpi: float) -> tuple:
    """What one measurement depends on (``kind``: the renderer family, whose measurements differ)."""
    return (kind, s, tuple(prop.__dict__.items()), float(dpi), tuple(matplotlib.rcParams[k] for k in _RC))


def _measured(renderer, kind: str, measure, s: str, prop: FontProperties, ismath) -> tuple[float, float, float]:
    if ismath is not False:
        return measure(s, prop, ismath)
    key = extents_key(kind, s, prop, getattr(renderer, "dpi", 72.0))
    found = _EXTENTS.get(key)
    if found is None:
        if len(_EXTENTS) >= _EXTENTS_MAX:
            _EXTENTS.clear()
        found = _EXTENTS[key] = measure(s, prop, ismath)
    return found


class MeasuredRendererAgg(RendererAgg):
    """The Agg renderer (used here for the layout only), its text extents from the process's memo."""

    def get_text_width_height_descent(self, s, prop, ismath):
        return _measured(self, "agg", super().get_text_width_height_descent, s, prop, ismath)


class MeasuredRendererSVG(RendererSVG):
    """The SVG writer, its text extents from the process's memo."""

    def get_text_width_height_descent(self, s, prop, ismath):
        return _measured(self, "svg", super().get_text_width_height_descent, s, prop, ismath)


class ChartCanvas(FigureCanvasAgg):
    """A chart figure's canvas: :class:`FigureCanvasAgg` whose renderer shares the process's text extents."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = MeasuredRendererAgg(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


class ChartCanvasSVG(FigureCanvasSVG):
    """The SVG canvas of a chart: matplotlib's ``print_svg`` with :class:`MeasuredRendererSVG` as the writer."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, dpi=None, facecolor=None,
                  edgecolor=None, orientation=None):
        # print_figure applies dpi and colours itself and hands them to a third-party canvas too; matplotlib's
        # own print_svg does not take them (they are dropped before they reach it)
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            width, height = self.figure.get_size_inches()
            w, h = width * 72, height * 72
            renderer = MixedModeRenderer(
                self.figure, width, height, dpi,
                MeasuredRendererSVG(w, h, fh, image_dpi=dpi, metadata=metadata),
                bbox_inches_restore=bbox_inches_restore)
            self.figure.draw(renderer)
            renderer.finalize()


def save_svg(fig, target, **savefig) -> None:
    """``fig.savefig(target, format="svg", **savefig)`` through :class:`ChartCanvasSVG`; the figure keeps its
    own canvas afterwards."""
    canvas = fig.canvas
    ChartCanvasSVG(fig)
    try:
        fig.savefig(target, format="svg", **savefig)
    finally:
        fig.set_canvas(canvas)


def forget_extents() -> None:
    """Empty the memo (tests; a long-lived process that registers other fonts under the same files)."""
    _EXTENTS.clear()
