"""Loading the cost sheet: numbers as spreadsheets write them, and one clear error per bad cell."""

from __future__ import annotations

import csv

import pytest
import yaml
from cost_helpers import cost_rows, write_csv, write_project

from reporter.data.costs import parse_amount
from reporter.data.load import load_survey
from reporter.errors import InputError


@pytest.mark.parametrize("text,typed,expected", [
    ("1.234,50", False, 1234.5), ("412,5", False, 412.5), ("1.500", False, 1500.0), ("1500.25", False, 1500.25),
    ("12.500 kr.", False, 12500.0), ("1,234.5", False, 1234.5), ("2.500.000", False, 2_500_000.0),
    ("1.125", True, 1.125), ("abc", False, None), ("", False, None), ("12 500", False, 12500.0),
])
def test_parse_amount(text, typed, expected):
    assert parse_amount(text, typed) == expected


def _with_row(tmp_path, change):
    project = write_project(tmp_path / "p", note=None)
    rows = cost_rows()
    change(rows)
    write_csv(project / "costs.csv", rows)
    return project


def _problems(project):
    with pytest.raises(InputError) as info:
        load_survey(project)
    return info.value.problems


def test_unknown_municipality_names_file_row_column_value(tmp_path):
    project = _with_row(tmp_path, lambda rows: rows[4].update(kommune="Kolding"))
    [problem] = _problems(project)
    assert (problem.file, problem.row, problem.column, problem.value) == ("costs.csv", 6, "kommune", "Kolding")
    assert "unknown municipality" in problem.message
    assert "Kolding" in str(problem) and "costs.csv, row 6, column 'kommune'" in str(problem)


def test_negative_amount(tmp_path):
    def change(rows):
        rows[50]["beløb"] = "-12.000"
    [problem] = _problems(_with_row(tmp_path, change))
    assert (problem.row, problem.column, problem.value, problem.message) == (52, "beløb", "-12.000", "negative amount")


def test_not_a_number(tmp_path):
    def change(rows):
        rows[0]["timer"] = "mange"
    [problem] = _problems(_with_row(tmp_path, change))
    assert (problem.row, problem.column, problem.value, problem.message) == (2, "timer", "mange", "not a number")


def test_hours_without_rate_and_both_units(tmp_path):
    def change(rows):
        rows[1]["timeløn"] = ""
        rows[2]["beløb"] = "100"
    problems = _problems(_with_row(tmp_path, change))
    assert [(p.row, p.column) for p in problems] == [(3, "timeløn"), (4, "beløb")]


def test_unknown_phase_and_missing_column(tmp_path):
    project = _with_row(tmp_path, lambda rows: rows[3].update(fase="Planlægning"))
    [problem] = _problems(project)
    assert (problem.row, problem.column, problem.value) == (5, "fase", "Planlægning")
    rows = [{k: v for k, v in r.items() if k != "post"} for r in cost_rows()]
    write_csv(project / "costs.csv", rows)
    [problem] = _problems(project)
    assert (problem.file, problem.column, problem.message) == ("costs.csv", "post", "column not found")


def test_a_municipality_alias_is_accepted_in_the_sheet(tmp_path):
    project = _with_row(tmp_path, lambda rows: rows[0].update(kommune="kommune a"))
    _, survey = load_survey(project)
    assert survey.costs.lines["municipality"].iloc[0] == "Kommune A"


def test_participants_of_an_unknown_municipality_and_a_missing_one(tmp_path):
    project = write_project(tmp_path / "p", note=None)
    path = project / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    del config["costs"]["participants"]["Vejen"]
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    [problem] = _problems(project)
    assert problem.file.endswith("project.yaml") and problem.value == "Vejen"
    config["costs"]["participants"]["Kolding"] = 40
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    problems = _problems(project)
    assert any("costs.participants.Kolding: unknown municipality" in p.message for p in problems)


def test_budget_sheet_unknown_actor(tmp_path):
    project = write_project(tmp_path / "p", note=None)
    with (project / "budget.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerow(["B", "region", "100"])
    [problem] = _problems(project)
    assert (problem.file, problem.column, problem.value) == ("budget.csv", "aktør", "region")


def test_xlsx_cost_sheet(tmp_path):
    import openpyxl

    project = write_project(tmp_path / "p", note=None)
    book = openpyxl.Workbook()
    sheet = book.active
    rows = cost_rows()
    sheet.append(list(rows[0]))
    from reporter.data.costs import parse_amount as parse
    for r in rows:
        sheet.append([r["kommune"], r["fase"], r["gruppe"], r["post"],
                      parse(r["timer"]) if r["timer"] else None, parse(r["timeløn"]) if r["timeløn"] else None,
                      parse(r["beløb"]) if r["beløb"] else None])
    sheet.append(["Tønder", "drift", "", "Ekstra", None, None, -5])
    book.save(project / "costs.xlsx")
    path = project / "project.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["costs"]["file"] = "costs.xlsx"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    [problem] = _problems(project)
    assert (problem.file, problem.row, problem.column, problem.message) == ("costs.xlsx", len(rows) + 2, "beløb",
                                                                            "negative amount")


def test_every_loaded_table_carries_the_aliases_and_errors_quote_the_file(tmp_path):
    project_dir = write_project(tmp_path / "p", note=None)
    project, survey = load_survey(project_dir)
    aliases = ["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]
    assert [m.name for m in project.municipalities] == aliases
    assert list(survey.respondents["municipality"].cat.categories) == aliases
    assert set(survey.answers["municipality"].astype(str)) == set(aliases)
    assert list(survey.costs.lines["municipality"].cat.categories) == aliases
    rows = cost_rows()
    rows[0]["beløb"] = "x"
    write_csv(project_dir / "costs.csv", rows)
    problems = _problems(project_dir)
    assert any(p.row == 2 and p.column == "beløb" for p in problems)


def test_reporter_note_with_a_bad_cost_line_writes_nothing(tmp_path):
    from typer.testing import CliRunner

    from reporter.cli import app

    def change(rows):
        rows[4]["kommune"] = "Kolding"
        rows[60]["beløb"] = "-1.000"
    project = _with_row(tmp_path, change)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["note", str(project), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "costs.csv, row 6, column 'kommune': unknown municipality (value 'Kolding')" in text
    assert "costs.csv, row 62, column 'beløb': negative amount (value '-1.000')" in text
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_an_empty_cost_sheet(tmp_path):
    project = write_project(tmp_path / "p", note=None)
    (project / "costs.csv").write_text("kommune;fase;gruppe;post;timer;timeløn;beløb\n", encoding="utf-8")
    [problem] = _problems(project)
    assert (problem.file, problem.message) == ("costs.csv", "file has a header but no data rows")
