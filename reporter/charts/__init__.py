"""Charts: document-model figures → SVG/PNG with matplotlib (Agg, no pyplot), brand-themed.

The names below are imported when first asked for, so a module of this package that needs no matplotlib
(:mod:`reporter.charts.standby`, imported by ``reporter note`` before it forks) does not import it.
"""

from __future__ import annotations

__all__ = ["KINDS", "chart_theme", "render_figure"]

_FROM = {"KINDS": "reporter.charts.render", "render_figure": "reporter.charts.images",
         "chart_theme": "reporter.charts.theme"}


def __getattr__(name: str):
    if name in _FROM:
        import importlib

        return getattr(importlib.import_module(_FROM[name]), name)
    raise AttributeError(f"module 'reporter.charts' has no attribute {name!r}")
