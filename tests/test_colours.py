"""reporter.colours computes what matplotlib.colors would (so moving the helpers changed no output)."""

import pytest
from matplotlib.colors import to_hex, to_rgb

from reporter.colours import mix, to_hex as own_hex, to_rgb as own_rgb


@pytest.mark.parametrize("colour", ["#1d3557", "#ffffff", "#000000", "#e76f51", "#abc"])
def test_to_rgb_matches_matplotlib(colour):
    assert own_rgb(colour) == pytest.approx(to_rgb(colour), abs=0)


@pytest.mark.parametrize("a, b, t", [("#1d3557", "#ffffff", 0.8), ("#a8dadc", "#457b9d", 0.37),
                                     ("#0b5563", "#c08497", 0.5), ("#000000", "#ffffff", 0.5)])
def test_mix_matches_matplotlib(a, b, t):
    ra, rb = to_rgb(a), to_rgb(b)
    assert mix(a, b, t) == to_hex(tuple(x + (y - x) * t for x, y in zip(ra, rb)))
    assert own_hex(own_rgb(a)) == a


def test_bad_colour_is_named():
    with pytest.raises(ValueError, match="'blue'"):
        own_rgb("blue")
