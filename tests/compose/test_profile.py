"""The profile's document model: slugs, waves of a municipality that left early, rank positions."""

from __future__ import annotations

import pandas as pd
from example_projects import computed

from reporter.compose.profile import build_profile, profile_inputs, profile_waves, rank_positions, slug


def test_slug_is_still_importable_from_the_profile_builder():
    from reporter.text.slugs import slug as text_slug

    assert slug is text_slug


def test_rank_positions_share_ranks_on_ties_and_skip_blanks():
    pr = pd.DataFrame({
        "municipality": ["A", "B", "C", "D", "total"],
        "group": ["samlet"] * 5, "wave": ["w"] * 5,
        "value": [0.5, 0.7, 0.5, float("nan"), 0.6],
    })
    assert rank_positions(pr, "w") == {"B": (1, 3), "A": (2, 3), "C": (2, 3)}


def test_a_municipality_that_left_early_is_shown_at_its_own_last_wave():
    c = computed("sof")
    first, last = profile_waves(c.project, "Billund")
    assert (first.id, last.id) == ("nulpunkt", "midtvejs")
    report = build_profile(c.project, profile_inputs(c.project, c.tables), "Billund")
    lead = report.sections[0].blocks[0].text
    assert "udgik af projektet efter midtvejsmålingen" in lead and "viser derfor resultaterne fra midtvejsmålingen" in lead
    assert "0 af 0" not in lead
    indicators = next(t for t in report.tables() if t.key == "profile_indicators")
    assert [cell.text for cell in indicators.rows[0].cells[1:3]] == [first.label, last.label]
    values = [row.cells[2].text for row in indicators.rows[1:] if row.kind == "body"]
    assert values and all(values), "Billund has answers in its last wave"
    assert report.front.subtitle == last.table_label


def test_a_municipality_in_every_wave_compares_first_and_last():
    c = computed("stv")
    first, last = profile_waves(c.project, "Ballerup")
    assert (first.id, last.id) == (c.project.waves[0].id, c.project.waves[-1].id)
