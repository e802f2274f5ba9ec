"""The example projects load, match the response tables of the source notes, and `reporter validate` works."""

from __future__ import annotations

import shutil
import unicodedata
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


def _nfd_copy(target: Path, *, yaml_too: bool) -> Path:
    shutil.copytree(STV, target)
    names = ["data/responses.csv", "data/barriers.csv"] + (["project.yaml"] if yaml_too else [])
    for name in names:
        path = target / name
        text = path.read_text(encoding="utf-8-sig" if name.endswith(".csv") else "utf-8")
        path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8-sig" if name.endswith(".csv") else "utf-8")
    return target


def _metrics_csvs(project_dir: Path, out: Path) -> dict[str, bytes]:
    from reporter.metrics.compute import compute_all
    from reporter.metrics.export import write_metrics

    project, survey = load_survey(project_dir)
    write_metrics(compute_all(project, survey), out)
    return {p.name: p.read_bytes() for p in sorted((out / "metrics").glob("*.csv"))}


@needs_stv
@pytest.mark.parametrize("yaml_too", [False, True], ids=["data-files", "data-files-and-project-yaml"])
def test_nfd_copy_of_stv_gives_identical_metrics(tmp_path, yaml_too):
    nfd = _nfd_copy(tmp_path / "stv-nfd", yaml_too=yaml_too)
    raw = (nfd / "data/responses.csv").read_bytes()
    assert raw != (STV / "data/responses.csv").read_bytes()
    assert "Rådgiver".encode() not in raw and unicodedata.normalize("NFD", "Rådgiver").encode() in raw

    result = CliRunner().invoke(app, ["validate", str(nfd)], terminal_width=200)
    assert result.exit_code == 0, result.output
    _, survey = load_survey(nfd)
    (warning,) = [w for w in survey.warnings if "NFC" in w.message and w.file == "data/responses.csv"]
    # every cell holding å, é, ... in the NFC file is one normalised cell in the NFD copy
    lines = (STV / "data/responses.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    changed = sum(unicodedata.normalize("NFD", cell) != cell for line in lines for cell in line.split(";"))
    assert changed > 0 and warning.message.startswith(f"{changed} cell(s)")

    nfc = _metrics_csvs(STV, tmp_path / "out-nfc")
    decomposed = _metrics_csvs(nfd, tmp_path / "out-nfd")
    assert list(decomposed) == list(nfc) and len(nfc) > 10
    for name in nfc:
        assert decomposed[name] == nfc[name], name
