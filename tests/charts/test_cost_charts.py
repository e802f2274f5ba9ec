"""Cost charts (stacked columns, line over participants, signed bars): draw with missing and negative values,
the model's own labels as text, the same bytes twice."""

from __future__ import annotations

import pytest

from reporter.charts import render_figure
from reporter.model import Figure, Series

CATS = ("Kommune A", "Kommune B", "Gennemsnit")


def stacked() -> Figure:
    e, o = (2200.0, 2900.0, 4400.0), (56500.0, None, 87500.0)
    totals = (58700.0, 2900.0, 91900.0)
    lab = lambda vs: tuple("" if v is None else f"{v:,.0f} kr.".replace(",", ".") for v in vs)  # noqa: E731
    return Figure(key="f1", caption="Omkostninger", kind="stacked_column", categories=CATS,
                  series=(Series("Etableringsomk.", e, lab(e)), Series("Driftsomk.", o, lab(o)),
                          Series("Samlede omk.", totals, lab(totals), total=True)),
                  alt_text="x", value_format="amount", y_title="kr. pr. borger")


def line() -> Figure:
    xs = (38.0, 50.4, 68.0)
    return Figure(key="f2", caption="Følsomhed", kind="xy_line", categories=("38", "50", "68"),
                  series=(Series("Driftsomk.", (116000.0, 87500.0, 64800.0), ("116.000 kr.", "87.500 kr.", "64.800 kr."), x=xs),
                          Series("Samlede omk.", (121800.0, None, 68100.0), ("121.800 kr.", "", "68.100 kr."), x=xs)),
                  alt_text="x", value_format="amount", x_title="Borgere pr. år")


def signed() -> Figure:
    return Figure(key="f3", caption="Budget", kind="signed_bar", categories=("Arketype A", "Arketype B"),
                  series=(Series("Kommune", (-91800.0, -26600.0), ("-91.800 kr.", "-26.600 kr.")),
                          Series("Stat", (0.0, None), ("0 kr.", "")),
                          Series("Samlet", (-91800.0, 21700.0), ("-91.800 kr.", "21.700 kr."))),
                  alt_text="x", value_format="amount", reference=0.0)


@pytest.mark.parametrize("make", [stacked, line, signed])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_cost_charts_render_deterministically(make, fmt, brand):
    first = render_figure(make(), brand, fmt, dpi=72)
    assert first == render_figure(make(), brand, fmt, dpi=72)
    assert first.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")


def test_labels_are_the_models_texts(brand):
    svg = render_figure(stacked(), brand, "svg").decode()
    assert "91.900 kr." in svg and "56.500 kr." in svg and "Samlede omk." not in svg   # totals: labels, no legend
    assert "100.000" in svg                                                             # ticks with a thousands dot
    svg = render_figure(signed(), brand, "svg").decode()
    assert "-91.800 kr." in svg and "21.700 kr." in svg and "-100.000" in svg           # the axis reaches below 0
    svg = render_figure(line(), brand, "svg").decode()
    assert "121.800 kr." in svg and "Borgere pr. år" in svg
