"""Panel validation: a later first answer is a warning, a second questionnaire in one measurement and an answer
outside an instrument's range are errors naming file, row, column and value; nothing is written then."""

from __future__ import annotations

import subprocess
import sys

import pytest
from instrument_helpers import FULL_GSE, ROWS, write_panel

from reporter.data.load import load_survey
from reporter.errors import InputError


def test_late_first_answer_is_a_warning_naming_the_row(tmp_path):
    project, survey = load_survey(write_panel(tmp_path / "p", ROWS))
    late = [w for w in survey.warnings if "answers first in measurement" in w.message]
    assert len(late) == 1
    w = late[0]
    assert (w.file, w.row, w.column, w.value) == ("data.csv", 10, "id", "p6")   # header = row 1, p6 on line 10
    assert "'m2'" in w.message and "change from 'm1' leaves them out" in w.message


def test_no_panel_no_panel_warning(tmp_path):
    _, survey = load_survey(write_panel(tmp_path / "p", ROWS, panel=False))
    assert not [w for w in survey.warnings if "panel" in w.message]


def test_two_questionnaires_in_one_measurement_is_an_error(tmp_path):
    rows = ROWS + [("p2", "m2", "Aby", [1, 1, 1, 1, 1], FULL_GSE)]        # p2 answers m2 twice (lines 8 and 13)
    with pytest.raises(InputError) as caught:
        load_survey(write_panel(tmp_path / "p", rows))
    problem = next(p for p in caught.value.problems if "twice" in p.message)
    assert (problem.file, problem.row, problem.column, problem.value) == ("data.csv", 8, "id", "p2")
    assert "measurement 'm2'" in problem.message and "row 13" in problem.message


def test_answer_outside_the_instrument_range_is_an_error(tmp_path):
    rows = ROWS + [("p7", "m1", "Aby", [2, 6, 2, 2, 2], FULL_GSE)]        # 6 on a 0–5 item, line 13
    with pytest.raises(InputError) as caught:
        load_survey(write_panel(tmp_path / "p", rows))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("data.csv", 13, "who5_2", "6")
    assert "outside the range of instrument 'WHO-5' (0–5)" in problem.message


def test_bad_panel_writes_nothing(tmp_path):
    rows = ROWS + [("p2", "m2", "Aby", [1, 1, 1, 1, 1], FULL_GSE)]
    project = write_panel(tmp_path / "p", rows)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "reporter", "note", str(project), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "data.csv, row 8, column 'id'" in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert not out.exists() or not any(out.iterdir())


def test_respondent_in_two_municipalities_is_a_warning(tmp_path):
    rows = [r if r[:2] != ("p3", "m3") else ("p3", "m3", "Aby", r[3], r[4]) for r in ROWS]   # line 12
    _, survey = load_survey(write_panel(tmp_path / "p", rows))
    (w,) = [w for w in survey.warnings if "more than one municipality" in w.message]
    assert (w.file, w.row, w.column, w.value) == ("data.csv", 12, "kommune", "p3")
    assert "'Bby', then 'Aby'" in w.message
