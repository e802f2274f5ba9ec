

def test_long_legend_wraps_into_rows():
    """Six long series names do not fit one legend row at 16 cm: the legend gets several rows, inside the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch

    from reporter.charts.bars import _legend

    fig = MplFigure(figsize=(16 / 2.54, 6 / 2.54), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    names = ["Medarbejder – Afslutning (n=183)"] * 6
    _legend(fig, [Patch(label=n) for n in names])
    legend = fig.legends[0]
    assert 1 < legend._ncols < 6
    fig.draw_without_rendering()
    box = legend.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
