import pytest

from reporter.charts.labels import hyphenate, tick_text, value_text, wrap
from reporter.model import Figure, Series


def fig(fmt="percent"):
    return Figure(key="f", caption="c", kind="clustered_bar", categories=("a",), series=(Series("s", (0.5,)),),
                  alt_text="", value_format=fmt)


def test_wrap_at_spaces_and_hyphens():
    assert wrap("Plan for opfølgning undervejs", 12) == "Plan for\nopfølgning\nundervejs"
    assert wrap("STV-projektleder", 14) == "STV-\nprojektleder"
    assert wrap("Total", 14) == "Total"


def test_long_danish_word_is_hyphenated():
    assert hyphenate("Virksomhedskonsulent", 14) == ["Virksomheds-", "konsulent"]
    assert wrap("Virksomhedskonsulent", 14) == "Virksomheds-\nkonsulent"
    assert all(len(line) <= 10 for line in wrap("Virksomhedskonsulent", 10).split("\n"))


def test_value_and_tick_text():
    assert value_text(fig(), 0.335, "da", False) == "34%"
    assert value_text(fig(), 0.335, "da", True) == "34\u00a0%"
    assert value_text(fig(), None, "da", False) == ""
    assert value_text(fig("number"), 3.714, "da", False) == "3,71"
    assert value_text(fig("number"), 25461, "da", False) == "25.461"
    assert tick_text(fig(), 0.4, 0.2, "da", False) == "40%"
    assert tick_text(fig("number"), 2.5, 0.5, "da", False) == "2,5"
    assert tick_text(fig("number"), 3.0, 1.0, "en", False) == "3"


def test_labels_module_parses_no_meaning_out_of_text():
    """Group and don't-know come from the model (Series.dont_know, Figure.category_groups), not from labels."""
    import reporter.charts.labels as labels

    assert not hasattr(labels, "is_dont_know") and not hasattr(labels, "split_group")
