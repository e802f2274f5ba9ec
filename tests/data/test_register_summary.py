"""`reporter validate` mentions the register extract: persons per group and the period rows."""

from __future__ import annotations

import pandas as pd
from register_helpers import REGISTER_PROJECT
from rich.console import Console

from reporter.data.load import load_survey
from reporter.data.summary import print_summary


def test_summary_counts_register_persons():
    project, survey = load_survey(REGISTER_PROJECT)
    console = Console(record=True, width=200)
    print_summary(console, project, survey)
    text = console.export_text()
    persons = pd.read_csv(REGISTER_PROJECT / "register" / "persons.csv")
    n_k = int((persons["gruppe"] == "K").sum())
    assert f"Sammenligningsgruppen {n_k}" in text
    rows = len(pd.read_parquet(REGISTER_PROJECT / "register" / "weeks.parquet"))
    assert f"{rows:,}".replace(",", ".") + " rækker pr. person og periode" in text
