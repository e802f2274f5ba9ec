"""Instrument scoring on hand-made answer sheets, against the instruments' published rules, and config errors.

WHO-5 (Topp et al. 2015; the WHO-5 sheet of the Psychiatric Research Unit): raw score = sum of the five 0–5
answers, × 4 gives 0–100; no score unless all five are answered. General Self-Efficacy (Schwarzer & Jerusalem):
sum of ten 1–4 answers (10–40); with at most three items missing the score is the mean of the answered items
(× 10 on the sum scale), with four or more missing there is no score.
"""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from reporter.config.instruments import Instrument

WHO5 = Instrument(id="who5", label="WHO-5", items=[f"w{k}" for k in range(1, 6)], min=0, max=5, score="sum",
                  multiplier=4, max_missing=0,
                  bands=[{"label": "stor risiko", "upto": 35}, {"label": "risiko", "upto": 50}, {"label": "ingen"}])
GSE = Instrument(id="gse", label="GSE", items=[f"g{k}" for k in range(1, 11)], min=1, max=4, score="sum",
                 max_missing=3)
BIP = Instrument(id="bip", label="BIP", items=[f"b{k}" for k in range(1, 7)], min=1, max=5, score="mean",
                 max_missing=2)


@pytest.mark.parametrize("sheet, expected", [
    ([5, 4, 3, 2, 1], (5 + 4 + 3 + 2 + 1) * 4),      # 60
    ([0, 0, 0, 0, 0], 0),
    ([5, 5, 5, 5, 5], 100),
    ([3, 3, 1, 4, 0], 11 * 4),                      # 44
    ([5, 4, None, 2, 1], math.nan),                 # one item missing: WHO-5 gives no score
    ([None] * 5, math.nan),
])
def test_who5_raw_sum_times_four_and_no_score_with_a_missing_item(sheet, expected):
    got = WHO5.score_of(sheet)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@pytest.mark.parametrize("sheet, expected", [
    ([3] * 10, 30.0),
    ([1, 2, 3, 4, 1, 2, 3, 4, 1, 2], 23.0),
    ([4, 4, 4, 4, 4, 4, 4, None, None, None], 40.0),                  # 3 missing: mean 4 × 10
    ([1, 2, 3, 4, 1, 2, 3, None, None, None], 16 / 7 * 10),           # 3 missing: 22,857…
    ([2, 3, 2, 3, 2, 3, 2, 3, 2, None], 22 / 9 * 10),                 # 1 missing: 24,444…
    ([4, 4, 4, 4, 4, 4, None, None, None, None], math.nan),           # 4 missing: no score
])
def test_gse_sum_with_up_to_three_missing_items_prorated(sheet, expected):
    got = GSE.score_of(sheet)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


def test_bip_mean_of_answered_indicators():
    assert BIP.score_of([4, 4, 3, 5, 2, 4]) == pytest.approx(22 / 6)
    assert BIP.score_of([4, None, 3, 5, None, 4]) == pytest.approx(4.0)
    assert math.isnan(BIP.score_of([4, None, None, 5, None, 4]))


def test_score_range_and_bands():
    assert WHO5.score_range == (0, 100) and GSE.score_range == (10, 40) and BIP.score_range == (1, 5)
    assert WHO5.band_of(28) == "stor risiko" and WHO5.band_of(35) == "stor risiko"
    assert WHO5.band_of(36) == "risiko" and WHO5.band_of(50) == "risiko" and WHO5.band_of(52) == "ingen"
    assert WHO5.band_of(math.nan) is None


@pytest.mark.parametrize("change, message", [
    ({"bands": [{"label": "a", "upto": 50}, {"label": "b", "upto": 28}]}, "band limits"),
    ({"bands": [{"label": "a"}, {"label": "b", "upto": 28}]}, "only the last band"),
    ({"max_missing": 5}, "max_missing"),
    ({"min": 5, "max": 0}, "min must be below max"),
    ({"categories": [{"label": "lav", "values": [0, 1]}, {"label": "høj", "values": [1, 5]}]}, "two categories"),
    ({"sensitivity": [{"id": "x", "label": "X", "recode": {3: 7}}]}, "recodes outside"),
])
def test_inconsistent_instrument_is_refused(change, message):
    spec = {"id": "who5", "label": "WHO-5", "items": ["a", "b", "c", "d", "e"], "min": 0, "max": 5,
            "multiplier": 4, **change}
    with pytest.raises(ValidationError, match=message):
        Instrument(**spec)


def test_instrument_items_must_exist_and_fit_the_range(tmp_path):
    from instrument_helpers import ROWS, write_panel

    from reporter.config.load import load_project
    from reporter.errors import InputError

    project_dir = write_panel(tmp_path / "p", ROWS)
    text = (project_dir / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("    min: 0\n", "    min: 1\n", 1).replace("items: [who5_1,", "items: [who5_9, who5_1,", 1)
    (project_dir / "project.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_project(project_dir)
    message = str(caught.value)
    assert "instruments.0 (who5).items: unknown item 'who5_9'" in message
    assert "option 'På intet tidspunkt' of scale 'who5' has score 0.0, outside the instrument's range 1–5" in message
