"""The bar + running-total chart (Figur 2-2 "Antal borgere og visitation"): draws deterministically, prints the
model's labels, and a small bar keeps its label above the bar."""

from __future__ import annotations

import pytest

from reporter.charts import render_figure
from reporter.model import Figure, Series


def intake(started=(86, 65, 3), running=(86, 151, 154)) -> Figure:
    return Figure(key="f", caption="Antal borgere og visitation", kind="bar_line",
                  categories=("Uge 43 2016", "Uge 44 2016", "Uge 45 2016"),
                  series=(Series("Visiterede borgere", started, tuple(str(x) for x in started)),
                          Series("Visiterede i alt (kumuleret)", running, tuple(f"{x:,}".replace(",", ".")
                                                                               for x in running))),
                  alt_text="x", value_format="number", y_title="Antal borgere")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_bar_line_renders_deterministically(fmt, brand):
    first = render_figure(intake(), brand, fmt, dpi=72)
    assert first == render_figure(intake(), brand, fmt, dpi=72)
    assert first.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")


def test_bar_line_prints_every_label_and_the_legend(brand):
    svg = render_figure(intake(started=(86, 1200, 3), running=(86, 1286, 1289)), brand, "svg").decode()
    for text in ("86", "1200", "1.286", "1.289", "Uge 44 2016", "Visiterede borgere",
                 "Visiterede i alt (kumuleret)", "Antal borgere"):
        assert text in svg, text
