"""The example projects load, match the response tables of the source notes, and `reporter validate` works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reporter.cli import app
from reporter.data.load import load_survey
from reporter.data.summary import summary_table

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
STV = FIXTURES / "stv"
SOF = FIXTURES / "sof"

needs_stv = pytest.mark.skipif(not (STV / "data").is_dir(), reason="STV fixture data not generated")
needs_sof = pytest.mark.skipif(not (SOF / "data").is_dir(), reason="SOF fixture data not generated")


@needs_stv
def test_stv_response_table():
    project, survey = load_survey(STV)
    table = summary_table(project, survey)
    assert table.to_dict("index") == {
        "Leder": {"Startmåling": 88, "Midtvejsmåling": 65, "Slutmåling": 72},
        "STV-projektleder": {"Startmåling": 28, "Midtvejsmåling": 25, "Slutmåling": 27},
        "Sagsbehandler": {"Startmåling": 265, "Midtvejsmåling": 239, "Slutmåling": 206},
        "Virksomhedskonsulent": {"Startmåling": 143, "Midtvejsmåling": 109, "Slutmåling": 105},
        "Mentor": {"Startmåling": 63, "Midtvejsmåling": 29, "Slutmåling": 39},
        "Total": {"Startmåling": 587, "Midtvejsmåling": 467, "Slutmåling": 449},
    }
    assert all(p.severity == "warning" for p in survey.warnings)
    assert len(survey.codes) > 0
    assert set(survey.answers["item"].unique()) <= {i.id for i in project.items}


@needs_sof
def test_sof_response_table():
    project, survey = load_survey(SOF)
    table = summary_table(project, survey)
    assert table.to_dict("index") == {
        "Leder": {"Nulpunktsmåling": 32, "Midtvejsmåling": 28, "Slutmåling": 28},
        "Medarbejder": {"Nulpunktsmåling": 205, "Midtvejsmåling": 202, "Slutmåling": 183},
        "Total": {"Nulpunktsmåling": 237, "Midtvejsmåling": 230, "Slutmåling": 211},
    }
    # SPSS codes came through as labels: every ordinal answer has an option label of its scale
    a = survey.answers
    enighed = {o.label for o in project.scales["enighed"].options}
    fid = a[a["item"].isin(project.fidelity_items())]
    assert set(fid["option"]) <= enighed
    assert "Billund" not in set(survey.respondents.loc[survey.respondents["wave"] == "afslutning", "municipality"])


@needs_stv
def test_cli_validate_prints_table():
    result = CliRunner().invoke(app, ["validate", str(STV)], terminal_width=200)
    assert result.exit_code == 0, result.output
    for text in ("Startmåling", "Sagsbehandler", "587", "467", "449", "Total"):
        assert text in result.output


@needs_stv
def test_cli_validate_broken_project_exits_1(tmp_path):
    broken = tmp_path / "stv"
    shutil.copytree(STV, broken)
    data = broken / "data" / "responses.csv"
    lines = data.read_text(encoding="utf-8-sig").splitlines()
    header, first = lines[0].split(";"), lines[1].split(";")
    first[header.index("kommune")] = "Atlantis"
    lines[1] = ";".join(first)
    data.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = CliRunner().invoke(app, ["validate", str(broken)], terminal_width=200)
    assert result.exit_code == 1
    assert "unknown municipality" in result.output
    assert "row 2" in result.output and "'Atlantis'" in result.output


def test_cli_validate_mini_project(builder):
    result = CliRunner().invoke(app, ["validate", str(builder.csv())], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Startmåling" in result.output and "Ingen advarsler" in result.output


def test_cli_validate_bad_config_exits_1(builder):
    builder.item("q2")["scale"] = "enighed"
    result = CliRunner().invoke(app, ["validate", str(builder.csv())], terminal_width=200)
    assert result.exit_code == 1
    assert "items.1 (q2).scale" in result.output and "'enighed'" in result.output
