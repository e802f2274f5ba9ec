"""The house typography, rule by rule (expected strings written out by hand)."""

from __future__ import annotations

import pytest

from reporter.text import typography as ty

NB, NBH, EN = "\u00a0", "\u2011", "\u2013"


@pytest.mark.parametrize("source", ['"Helt enig"', "“Helt enig”", "„Helt enig“", "»Helt enig«", "”Helt enig”"])
def test_every_quotation_style_becomes_the_danish_one(source):
    assert ty.quotes(f"Andel {source} og {source}.") == "Andel ”Helt enig” og ”Helt enig”."


def test_english_quotes_open_and_close():
    assert ty.quotes('Share "Agree".', "en") == "Share “Agree”."


@pytest.mark.parametrize("source, expected", [
    ("0-19 %", f"0{EN}19 %"), ("49 - 83 kommuner", f"49{EN}83 kommuner"), ("skala 1-5)", f"skala 1{EN}5)"),
    ("2019-09-01", "2019-09-01"), ("fald på -3", "fald på -3"), ("STV-projektleder", "STV-projektleder"),
    ("1a-1c", "1a-1c"), ("3,5-4,0", f"3,5{EN}4,0"),
])
def test_ranges_of_numbers_take_an_en_dash(source, expected):
    assert ty.ranges(source) == expected


def test_units_stay_with_their_number_and_pct_point_does_not_break():
    assert ty.units("steg med 5 pct.-point til 61 pct. og 0,1 point") == (
        f"steg med 5{NB}pct.{NBH}point til 61{NB}pct. og 0,1{NB}point")
    assert ty.units("5 points", "en") == f"5{NB}points"


def test_prose_says_pct_and_tables_keep_percent_with_the_brands_spacing():
    assert ty.prose("Svarprocenten er 81%.") == f"Svarprocenten er 81{NB}pct."
    assert ty.prose("fra 27 % til 51%") == f"fra 27{NB}pct. til 51{NB}pct."
    assert ty.label("0-19 %", percent_space=False) == f"0{EN}19%"
    assert ty.label("81%", percent_space=True) == f"81{NB}%"
    assert ty.label("3,71") == "3,71"
