"""Figure model → image bytes (SVG for PDF/HTML, PNG for DOCX), deterministic.

No pyplot: a ``matplotlib.figure.Figure`` with an explicit Agg canvas, drawn inside an
``rc_context`` with the brand theme, so nothing leaks into matplotlib's global state. Every text
gets the brand font *file* (never a same-named system font). Same input → same bytes: fixed SVG
hash salt, no dates or version strings in the metadata.

A figure is laid out once (constrained layout, without a draw) and then has no layout engine, so each save
draws it exactly once. The PNG is not a second matplotlib draw: Typst rasterises the figure's SVG
(:mod:`reporter.charts.raster`) at the pixel size matplotlib would give, in the brand's fonts.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import matplotlib
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure as MplFigure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text

from reporter.brand import Brand
from reporter.charts.bars import CM, LABEL_SIZE, Context, clustered_bar, horizontal_bar, stacked_bar
from reporter.charts.fonts import register_matplotlib_fonts
from reporter.charts.measure import ChartCanvas, save_svg
from reporter.charts.images import ImageFormat, ImageSpec, _image_key, _layout_key, render_figure
from reporter.charts.raster import svg_to_png
from reporter.charts.costs import KINDS as COST_KINDS
from reporter.charts.instruments import KINDS as INSTRUMENT_KINDS
from reporter.charts.register import KINDS as REGISTER_KINDS
from reporter.charts.spread import spread
from reporter.charts.theme import chart_font, chart_theme
from reporter.fonts import font_file
from reporter.model import Figure

CREATOR = "reporter"

KINDS: dict[str, Callable[[MplFigure, Figure, Context], Axes]] = {
    "clustered_bar": clustered_bar,
    "stacked_bar": stacked_bar,
    "horizontal_bar": horizontal_bar,
    "spread": spread,
    **REGISTER_KINDS,   # line, km, effect_bar, ratio_bar, scatter (reporter.charts.register)
    **COST_KINDS,       # stacked_column, xy_line, signed_bar (reporter.charts.costs)
    **INSTRUMENT_KINDS,  # score_bar, dumbbell (reporter.charts.instruments)
}

# with these False, ``set_layout_engine(None)`` removes the engine instead of choosing one from the rc
_NO_LAYOUT = {"figure.autolayout": False, "figure.constrained_layout.use": False}
_BOLD = {"semibold", "demibold", "demi", "bold", "heavy", "extra bold", "black"}


def apply_font(fig: MplFigure, family: str, brand: Brand) -> None:
    """Give every text of the figure the family's font file (by weight and style), keeping its size."""
    for text in fig.findobj(Text):
        weight = text.get_fontweight()
        bold = weight in _BOLD or (isinstance(weight, (int, float)) and weight >= 600)
        italic = text.get_fontstyle() in ("italic", "oblique")
        text.set_fontproperties(FontProperties(
            family=family, weight="bold" if bold else "normal", style="italic" if italic else "normal",
            size=text.get_fontsize(), fname=str(font_file(family, brand, bold=bold, italic=italic))))


def fit_bar_labels(fig: MplFigure, ctx: Context) -> None:
    """Shrink, then turn, data labels that are wider than their bar (many bars in a cluster)."""
    texts, bar_width = ctx.hints.get("bar_labels", ([], 0.0))
    if not texts:
        return
    renderer = fig.canvas.get_renderer()
    ax = texts[0].axes
    x0 = ax.transData.transform((0, 0))[0]
    bar_px = abs(ax.transData.transform((bar_width, 0))[0] - x0)
    widest = max(t.get_window_extent(renderer).width for t in texts)
    if widest <= bar_px * 1.12:
        return
    if widest * 6.3 / LABEL_SIZE <= bar_px * 1.12:
        for t in texts:
            t.set_fontsize(6.3)
        return
    for t in texts:
        t.set_rotation(90)
        t.set_fontsize(6.5)
    # make room above the highest bar for the turned labels
    top = ax.get_ylim()[1]
    ax.set_ylim(0, top * 1.08)


@dataclass
class _Drawn:
    """A laid-out matplotlib figure and the image bytes already saved from it."""

    fig: MplFigure
    theme: dict
    images: dict[tuple[str, int], bytes] = field(default_factory=dict)


_DRAWN: OrderedDict[tuple, _Drawn] = OrderedDict()
_DRAWN_MAX = 24


def _plain(text: str) -> str:
    return text.replace("\u2011", "-")


def drawable_text(figure: Figure) -> Figure:
    """The figure with plain hyphens for non-breaking ones (U+2011, which the chart fonts lack; a chart label
    wraps only where ``reporter.charts.labels`` breaks it)."""
    if "\u2011" not in repr(figure):
        return figure
    series = tuple(replace(s, name=_plain(s.name), labels=tuple(_plain(x) for x in s.labels)) for s in figure.series)
    return replace(figure, caption=_plain(figure.caption), categories=tuple(_plain(c) for c in figure.categories),
                   series=series, category_groups=tuple(_plain(c) for c in figure.category_groups),
                   category_waves=tuple(_plain(c) for c in figure.category_waves), x_title=_plain(figure.x_title),
                   y_title=_plain(figure.y_title), annotation=_plain(figure.annotation))


def _draw(figure: Figure, brand: Brand, width_cm: float, lang: str) -> _Drawn:
    """Lay out ``figure`` (constrained layout, no draw); the layout is then frozen so a save draws it once."""
    try:
        draw = KINDS[figure.kind]
    except KeyError:
        raise ValueError(f"unknown chart kind {figure.kind!r}; known: {', '.join(KINDS)}") from None
    figure = drawable_text(figure)
    register_matplotlib_fonts(brand)
    family = chart_font(brand)
    theme = chart_theme(brand)
    with matplotlib.rc_context(theme):
        fig = MplFigure(figsize=(width_cm * CM, figure.height * CM), dpi=100, layout="constrained")
        ChartCanvas(fig)   # an Agg canvas sharing the process's text extents (reporter.charts.measure)
        ctx = Context(brand=brand, lang=lang, width_cm=width_cm)
        draw(fig, figure, ctx)
        height_cm = max(figure.height, ctx.hints.get("min_height_cm", 0.0))
        fig.set_size_inches(width_cm * CM, height_cm * CM)
        apply_font(fig, family, brand)
        fig.get_layout_engine().execute(fig)   # the constrained layout alone (text sizes), no draw
        fit_bar_labels(fig, ctx)
        apply_font(fig, family, brand)
    # freeze the layout: data labels live inside the axes, so saving needs no new layout. No layout engine
    # at all (not even a placeholder), so a save draws once, without a dry draw first.
    with matplotlib.rc_context(_NO_LAYOUT):
        fig.set_layout_engine(None)
    return _Drawn(fig=fig, theme=theme)


def draw_image(figure: Figure, brand: Brand, fmt: ImageFormat = "svg", dpi: int = 300,
               width_cm: float = 16.0, lang: str = "da") -> bytes:
    """A figure's image drawn in this process (:func:`reporter.charts.images.render_figure` without the images
    drawn ahead). The laid-out figure is kept in a small per-process cache, so the HTML, PDF and DOCX of one
    report (and SVG and PNG of one figure) share a single layout; the bytes are the same as a fresh draw."""
    return _image(_layout(figure, brand, width_cm, lang), brand, fmt, dpi)


def _layout(figure: Figure, brand: Brand, width_cm: float, lang: str) -> _Drawn:
    """The figure laid out, from the per-process cache (least recently used dropped)."""
    key = _layout_key(figure, brand, width_cm, lang)
    drawn = _DRAWN.get(key)
    if drawn is None:
        drawn = _draw(figure, brand, width_cm, lang)
        _DRAWN[key] = drawn
        while len(_DRAWN) > _DRAWN_MAX:
            _DRAWN.popitem(last=False)
    else:
        _DRAWN.move_to_end(key)
    return drawn


def _image(drawn: _Drawn, brand: Brand, fmt: str, dpi: int) -> bytes:
    """One image of a laid-out figure (kept with it): the SVG saved by matplotlib; a PNG rasterised from
    that SVG by Typst (:mod:`reporter.charts.raster`) at matplotlib's pixel size for ``dpi``."""
    image_key = _image_key(fmt, dpi)
    if image_key not in drawn.images:
        if fmt == "png":
            drawn.images[image_key] = _raster(brand, dpi, _raster_input(drawn, brand, dpi))
        else:
            buffer = io.BytesIO()
            with matplotlib.rc_context(drawn.theme):
                save_svg(drawn.fig, buffer, dpi=dpi, metadata={"Date": None, "Creator": CREATOR})
            drawn.images[image_key] = buffer.getvalue()
    return drawn.images[image_key]


@dataclass(frozen=True)
class _RasterInput:
    """What a PNG is rasterised from: the figure's SVG, its size in inches and its background colour."""

    svg: bytes
    size_in: tuple[float, float]
    fill: str


def _raster_input(drawn: _Drawn, brand: Brand, dpi: int) -> _RasterInput:
    width, height = drawn.fig.get_size_inches()
    return _RasterInput(_image(drawn, brand, "svg", dpi), (float(width), float(height)), _face_colour(drawn))


def _raster(brand: Brand, dpi: int, source: _RasterInput) -> bytes:
    return svg_to_png(source.svg, brand, dpi, source.size_in, source.fill, software=CREATOR)


def _face_colour(drawn: _Drawn) -> str:
    """The saved figure's background as ``#rrggbbaa`` (``savefig.facecolor``; "auto": the figure's own)."""
    colour = drawn.theme.get("savefig.facecolor", "auto")
    return to_hex(drawn.fig.get_facecolor() if colour == "auto" else colour, keep_alpha=True)


def _draw_images(figure: Figure, brand: Brand, lang: str, specs: tuple[ImageSpec, ...],
                 rasterise: bool = True) -> dict[ImageSpec, bytes | _RasterInput]:
    """Worker job: every requested image of one figure, from one layout; without ``rasterise`` (a worker
    that cannot run Typst) a PNG is left as what to rasterise it from."""
    images: dict[ImageSpec, bytes | _RasterInput] = {}
    for spec in specs:
        fmt, dpi, width = spec
        if fmt == "png" and not rasterise:
            images[spec] = _raster_input(_layout(figure, brand, width, lang), brand, dpi)
        else:
            images[spec] = render_figure(figure, brand, fmt, dpi=dpi, width_cm=width, lang=lang)
    return images


def draw_in_workers(todo: list[Figure], brand: Brand, lang: str, specs: tuple[ImageSpec, ...], workers: int,
                    ready: dict[tuple, bytes], meanwhile: Callable[[], object] | None = None) -> int:
    """The images of ``todo`` drawn in ``workers`` processes forked from this one, put into ``ready``
    (:func:`reporter.charts.images.prerender`); ``meanwhile`` runs once they are handed out. Returns the
    number of images added."""
    import multiprocessing

    from reporter.processes import process_pool  # workers that die with this process
    from reporter.typst_engine import fork_is_safe

    added = 0
    rasterise = fork_is_safe()
    with process_pool(min(workers, len(todo)), mp_context=multiprocessing.get_context("fork")) as pool:
        results = pool.map(_draw_images, todo, [brand] * len(todo), [lang] * len(todo), [specs] * len(todo),
                           [rasterise] * len(todo))
        if meanwhile is not None:
            meanwhile()
        for figure, images in zip(todo, results):
            for (fmt, dpi, width), data in images.items():
                if isinstance(data, _RasterInput):
                    data = _raster(brand, dpi, data)
                ready[_layout_key(figure, brand, width, lang) + _image_key(fmt, dpi)] = data
                added += 1
    return added
