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


def test_band_colours_follow_the_model_not_the_label():
    """'Ved ikke' is neutral because the series says it is the don't-know category, whatever its wording."""
    from reporter.brand import load_brand
    from reporter.charts.theme import band_colours
    from reporter.model import Figure, Series

    brand = load_brand("nordlys")
    figure = Figure(key="f", caption="c", kind="stacked_bar", categories=("a",), alt_text="",
                    series=(Series("Lav", (0.5,)), Series("Høj", (0.3,)), Series("Kan ikke svare", (0.1,), dont_know=True),
                            Series("Ved ikke", (0.1,))))
    colours = band_colours(figure, brand)
    assert colours[2] == NEUTRAL
    assert NEUTRAL not in (colours[0], colours[1], colours[3])
    assert colours[:2] + [colours[3]] == ordered_ramp(brand, 3)
