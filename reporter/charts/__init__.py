"""Charts: document-model figures → SVG/PNG with matplotlib (Agg, no pyplot), brand-themed."""

from reporter.charts.render import KINDS, render_figure
from reporter.charts.theme import chart_theme

__all__ = ["KINDS", "chart_theme", "render_figure"]
