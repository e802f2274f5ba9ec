"""summary_table / print_summary on the mini project."""

from __future__ import annotations

from rich.console import Console

from reporter.data.load import load_survey
from reporter.data.summary import municipalities_per_wave, print_summary, response_rates, summary_table


def test_summary_table_counts(builder):
    project, survey = load_survey(builder.csv())
    table = summary_table(project, survey)
    assert list(table.columns) == ["Startmåling", "Slutmåling"]
    assert list(table.index) == ["Leder", "Medarbejder", "Total"]
    assert table.loc["Leder"].tolist() == [2, 1]
    assert table.loc["Medarbejder"].tolist() == [2, 2]
    assert table.loc["Total"].tolist() == [4, 3]


def test_role_without_respondents_shows_zero(builder):
    builder.config["roles"].append({"id": "mentor", "label": "Mentor", "side": "employee", "raw": ["Mentor"]})
    project, survey = load_survey(builder.csv())
    assert summary_table(project, survey).loc["Mentor"].tolist() == [0, 0]


def test_rates_and_municipalities(builder):
    project, survey = load_survey(builder.csv())
    assert response_rates(project, survey) == {"start": 0.5, "slut": None}
    assert municipalities_per_wave(project, survey) == {"start": (2, 2), "slut": (1, 1)}


def test_print_summary(builder):
    builder.columns = builder.columns + ["ekstra"]
    project, survey = load_survey(builder.csv())
    console = Console(record=True, width=200)
    print_summary(console, project, survey)
    text = console.export_text()
    assert "Startmåling" in text and "Slutmåling" in text
    assert "Total" in text and "50 %" in text
    assert "fidelitetsspørgsmål: 1 medarbejder / 1 leder" in text
    assert "'ekstra'" in text
