"""Column widths that keep words whole (reporter.render.widths)."""

from __future__ import annotations

import pytest

from reporter.model import Cell, Row, Table
from reporter.render.widths import CHAR_EM, PADDING_CM, PT_CM, fit_widths, longest_piece


def _table(header: list[str], body: list[list[str]]) -> Table:
    rows = [Row(tuple(Cell(h, status="header", align="left" if i == 0 else "center") for i, h in enumerate(header)),
                kind="header")]
    rows += [Row(tuple(Cell(v, align="left" if i == 0 else "right") for i, v in enumerate(r))) for r in body]
    return Table(key="t", caption="t", rows=tuple(rows))


def test_longest_piece():
    assert longest_piece("Fast kontaktperson", "da", wraps=True, hyphenate=False) == len("kontaktperson")
    assert longest_piece("1.234 %", "da", wraps=False) == 7
    # with hyphenation the longest syllable run (plus the hyphen) of "Nul-punkt-s-må-ling"
    assert longest_piece("Nulpunktsmåling", "da", wraps=True) == len("punkt") + 1


def test_a_narrow_column_is_widened_from_the_slack_of_the_others():
    table = _table(["Kommune", "Afslutningsmåling"], [["Ballerup", "55 %"]])
    wish = [14.0, 2.0]
    fitted = fit_widths(table, wish, 8.5, "da")
    needed = len("Afslutningsmåling") * CHAR_EM * 8.5 * PT_CM + PADDING_CM     # hand: 17 chars at 8.5 pt
    assert fitted[1] == pytest.approx(needed)
    assert sum(fitted) == pytest.approx(16.0)
    assert fitted[0] == pytest.approx(16.0 - needed)


def test_hyphenation_is_the_fallback_when_whole_words_cannot_fit():
    table = _table(["Kommune"] + ["Afslutningsmåling"] * 8, [["A"] + ["5 %"] * 8])
    fitted = fit_widths(table, [8.0] + [1.0] * 8, 8.5, "da")
    whole = len("Afslutningsmåling") * CHAR_EM * 8.5 * PT_CM + PADDING_CM
    assert 8 * whole > 16.0                                            # whole words cannot fit 8 times
    assert all(w < whole for w in fitted[1:])
    piece = longest_piece("Afslutningsmåling", "da", wraps=True) * CHAR_EM * 8.5 * PT_CM + PADDING_CM
    assert all(w >= piece - 1e-9 for w in fitted[1:])
    assert sum(fitted) == pytest.approx(16.0)


def test_numbers_get_their_whole_width():
    table = _table(["", "Slut"], [["Samlet", "▲ 100 %"]])
    fitted = fit_widths(table, [15.5, 0.5], 8.5, "da")
    assert fitted[1] >= len("▲ 100 %") * CHAR_EM * 8.5 * PT_CM + PADDING_CM - 1e-9
