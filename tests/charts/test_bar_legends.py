

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


def test_legend_rows_always_end():
    """Nine entries too long for three columns: the column count keeps falling (it once stayed at 3 forever)."""
    import signal

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.patches import Patch

    from reporter.charts.bars import _legend

    fig = MplFigure(figsize=(16 / 2.54, 6 / 2.54), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    names = [f"Hvor mange borgere havde du i gennemsnit i din sagsstamme – måling {i}" for i in range(9)]
    signal.alarm(20)
    try:
        _legend(fig, [Patch(label=n) for n in names])
    finally:
        signal.alarm(0)
    assert fig.legends[0]._ncols == 1
