from reporter.brand import load_brand
from reporter.charts.theme import (
    NEUTRAL, base_rc, brand_rc, chart_theme, compose, luminance, ordered_ramp, text_on,
)


def test_layers_compose_later_wins():
    assert compose({"a": 1, "b": 1}, {"b": 2}) == {"a": 1, "b": 2}


def test_theme_is_base_plus_brand():
    brand = load_brand("fjord")
    theme = chart_theme(brand, {"font.size": 7})
    assert theme["svg.hashsalt"] == "reporter"
    assert theme["grid.color"] == brand.colours["rule"]
    assert theme["font.size"] == 7
    assert set(base_rc()) <= set(theme) and set(brand_rc(brand)) <= set(theme)
    assert list(theme["axes.prop_cycle"].by_key()["color"]) == list(brand.series)


def test_ordered_ramp_goes_light_to_dark():
    ramp = ordered_ramp(load_brand("nordlys"), 5)
    lum = [luminance(c) for c in ramp]
    assert lum == sorted(lum, reverse=True)
    assert NEUTRAL not in ramp


def test_text_on_contrasts():
    assert text_on("#1d3557") == "#ffffff"
    assert text_on("#ffe8a3") != "#ffffff"
