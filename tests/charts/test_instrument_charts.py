"""The instrument charts (score_bar, dumbbell) draw from the model only: bands, reference, whiskers, significance
marks; same bytes twice; labels as text in the SVG."""

from __future__ import annotations

import pytest

from reporter.charts import render_figure
from reporter.model import Figure, ScoreBand, Series

BANDS = (ScoreBand("Stor risiko", 0, 35), ScoreBand("Risiko", 35, 50), ScoreBand("Ingen risiko", 50, 100))


def score() -> Figure:
    return Figure(key="fig_score", caption="Trivsel", kind="score_bar", categories=("1. måling (N=359)", "2. måling"),
                  series=(Series("Gennemsnitlig score", (46.2, None), ("46,2", ""), lower=(37.6, None),
                                 upper=(52.8, None)),),
                  alt_text="Trivsel", value_format="number", value_min=0, value_max=100, bands=BANDS,
                  reference=68, reference_label="Befolkningsgennemsnit")


def dumbbell(marks=(True, False, True)) -> Figure:
    return Figure(key="fig_change", caption="Progression", kind="dumbbell",
                  categories=("1. → 2. måling (n=268)", "1. → 3. måling (n=250)", "1. → 4. måling (n=0)"),
                  series=(Series("1. måling", (46.0, 46.0, None), ("46,0", "46,0", "*"), wave="m1"),
                          Series("Senere måling", (50.2, 51.9, None), ("50,2", "51,9", "*"), significant=marks)),
                  alt_text="Progression", value_format="number", value_min=0, value_max=100, bands=BANDS,
                  reference=68, reference_label="Befolkningsgennemsnit", category_waves=("m2", "m3", "m4"))


@pytest.mark.parametrize("make", [score, dumbbell])
@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_renders_deterministically_with_missing_values(make, fmt, brand):
    first = render_figure(make(), brand, fmt, dpi=72)
    assert first == render_figure(make(), brand, fmt, dpi=72)
    assert first.startswith(b"<?xml" if fmt == "svg" else b"\x89PNG")


def test_score_bar_text(brand):
    svg = render_figure(score(), brand, "svg").decode()
    for text in ("46,2", "Stor risiko", "Ingen risiko", "Befolkningsgennemsnit (68)", "1. måling (N=359)"):
        assert text in svg


def test_dumbbell_marks_significance_in_the_legend_only_when_marked(brand):
    svg = render_figure(dumbbell(), brand, "svg").decode()
    assert "50,2" in svg and "46,0" in svg and "Signifikant (p &lt; 0,05)" in svg
    plain = render_figure(dumbbell((False, False, False)), brand, "svg").decode()
    assert "Signifikant" not in plain
    english = render_figure(dumbbell(), brand, "svg", lang="en").decode()
    assert "Significant (p &lt; 0.05)" in english
