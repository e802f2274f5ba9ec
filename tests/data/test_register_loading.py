"""Register extract loading: the test project loads; bad input gives problems naming file, row, column, value."""

from __future__ import annotations

import pandas as pd
import pytest

from reporter.config.load import load_project
from reporter.data.register import load_register
from reporter.errors import InputError
from register_helpers import REGISTER_PROJECT, copy_project, edit_config


def test_test_project_loads():
    project = load_project(REGISTER_PROJECT)
    data = load_register(project, REGISTER_PROJECT)
    persons = pd.read_csv(REGISTER_PROJECT / "register" / "persons.csv")
    weeks = pd.read_parquet(REGISTER_PROJECT / "register" / "weeks.parquet")
    assert len(data.persons) == len(persons) and len(data.periods) == len(weeks)
    assert list(data.persons["group"].cat.categories) == ["I", "K", "P"]
    assert (data.periods["person_row"] >= 0).all()
    # the row positions point to the right persons
    first = weeks.iloc[100]
    assert data.persons["person"].iloc[data.periods["person_row"].iloc[100]] == str(first["person_id"])


def _problems(project_dir) -> list:
    with pytest.raises(InputError) as info:
        load_register(load_project(project_dir), project_dir)
    return info.value.problems


@pytest.fixture
def csv_project(tmp_path):
    """The test project with the weeks as CSV (easier to break by hand)."""
    root = copy_project(tmp_path / "p")
    pd.read_parquet(root / "register" / "weeks.parquet").to_csv(root / "register" / "weeks.csv", index=False)
    edit_config(root, lambda c: c["register"]["periods_file"].update(file="register/weeks.csv"))
    return root


def _edit_csv(path, change):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(path, index=False)


def test_duplicate_person_within_a_week(csv_project):
    path = csv_project / "register" / "weeks.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = pd.concat([frame, frame.iloc[[5]]], ignore_index=True)
    frame.to_csv(path, index=False)
    [p] = _problems(csv_project)
    assert p.file == "register/weeks.csv" and p.column == "person_id" and p.row == len(frame) + 1
    assert "more than once in the same week" in p.message and str(p.value) == frame.iloc[5]["person_id"]


def test_date_before_project_and_in_the_future(csv_project):
    path = csv_project / "register" / "persons.csv"
    _edit_csv(path, lambda f: (f.loc.__setitem__((3, "visitation"), "2015-01-05"),
                               f.loc.__setitem__((7, "ophoer"), "2030-06-01")))
    problems = {p.message: p for p in _problems(csv_project)}
    early = problems["date before the project start"]
    assert (early.file, early.row, early.column, str(early.value)) == ("register/persons.csv", 5, "visitation", "2015-01-05")
    late = problems["date in the future (after the extract date)"]
    assert (late.row, late.column, str(late.value)) == (9, "ophoer", "2030-06-01")


def test_undeclared_status(csv_project):
    _edit_csv(csv_project / "register" / "weeks.csv", lambda f: f.loc.__setitem__((10, "status"), "ferie"))
    [p] = _problems(csv_project)
    assert (p.row, p.column, p.value, p.message) == (12, "status", "ferie", "status not declared")


def test_group_with_no_persons(csv_project):
    edit_config(csv_project, lambda c: c["register"]["groups"].append(
        {"code": "X", "label": "Ekstra", "role": "comparison"}))
    [p] = _problems(csv_project)
    assert p.column == "gruppe" and p.value == "X" and "has no persons" in p.message


def test_undeclared_group(csv_project):
    _edit_csv(csv_project / "register" / "persons.csv", lambda f: f.loc.__setitem__((0, "gruppe"), "Z"))
    problems = _problems(csv_project)
    assert any(p.message == "group not declared" and p.row == 2 and p.value == "Z" for p in problems)


def test_event_after_censoring(csv_project):
    def change(f):
        row = f.index[(f["ophoer"] != "") & (f["forste_virk"] != "")][0]
        f.loc[row, "forste_virk"] = (pd.Timestamp(f.loc[row, "ophoer"]) + pd.Timedelta(days=3)).strftime("%Y-%m-%d")
        change.row = int(row) + 2
    _edit_csv(csv_project / "register" / "persons.csv", change)
    [p] = _problems(csv_project)
    assert p.column == "forste_virk" and p.row == change.row and "event after censoring" in p.message


def test_person_missing_from_persons_file_and_bad_week(csv_project):
    def change(f):
        f.loc[0, "person_id"] = "999"
        f.loc[1, "uge"] = "105"
    _edit_csv(csv_project / "register" / "weeks.csv", change)
    problems = {p.message: p for p in _problems(csv_project)}
    assert problems["person not in the persons file"].row == 2
    bad = problems["week not in 1–104"]
    assert (bad.row, bad.column, str(bad.value)) == (3, "uge", "105")


def test_missing_column_is_named(csv_project):
    edit_config(csv_project, lambda c: c["register"]["persons"]["columns"].update(start="visiteret"))
    [p] = _problems(csv_project)
    assert p.file == "register/persons.csv" and p.column == "visiteret" and p.message == "column not found"


def test_xlsx_persons_file(tmp_path):
    root = copy_project(tmp_path / "p")
    pd.read_csv(root / "register" / "persons.csv", dtype=str, keep_default_na=False).to_excel(
        root / "register" / "persons.xlsx", index=False)
    edit_config(root, lambda c: c["register"]["persons"].update(file="register/persons.xlsx"))
    data = load_register(load_project(root), root)
    assert len(data.persons) == len(pd.read_csv(root / "register" / "persons.csv"))


def test_sav_persons_file(tmp_path):
    import pyreadstat

    root = copy_project(tmp_path / "p")
    frame = pd.read_csv(root / "register" / "persons.csv", dtype=str, keep_default_na=False)
    frame["person_id"] = frame["person_id"].astype(float)   # SPSS numbers are doubles: 100001.0 → "100001"
    pyreadstat.write_sav(frame, str(root / "register" / "persons.sav"))
    edit_config(root, lambda c: c["register"]["persons"].update(file="register/persons.sav"))
    data = load_register(load_project(root), root)
    assert data.persons["person"].iloc[0] == frame["person_id"].iloc[0].astype(int).astype(str)
    assert (data.periods["person_row"] >= 0).all()      # the weeks (integer ids) still find their persons
