"""Every validation case: the problem names file, row, column and value where they apply."""

from __future__ import annotations

import pytest

from reporter.data.load import load_survey
from reporter.errors import InputError

FILE = "data/svar.csv"


def _problems(path):
    with pytest.raises(InputError) as exc:
        load_survey(path)
    return exc.value.problems


def _one(path, text):
    """The single problem whose message contains ``text``."""
    found = [p for p in _problems(path) if text in p.message]
    assert len(found) == 1, [str(p) for p in _problems(path)]
    return found[0]


def _place(problem):
    return problem.file, problem.row, problem.column, problem.value


def test_unknown_answer_label(builder):
    builder.rows[1]["q1"] = "Meget enig"
    p = _one(builder.csv(), "unknown answer")
    assert _place(p) == (FILE, 3, "q1", "Meget enig")
    assert "Helt enig (5)" in p.expected
    assert "data/svar.csv, row 3, column 'q1'" in str(p)


def test_unknown_answer_in_many_rows_is_one_problem_with_first_row(builder):
    builder.rows[3]["q1"] = "Enigt"
    builder.rows[5]["q1"] = "Enigt"
    p = _one(builder.csv(), "unknown answer")
    assert (p.row, p.value) == (5, "Enigt")
    assert "2 rows" in p.message


def test_unknown_municipality(builder):
    builder.rows[2]["kommune"] = "Aalborg"
    assert _place(_one(builder.csv(), "unknown municipality")) == (FILE, 4, "kommune", "Aalborg")


def test_unknown_role(builder):
    builder.rows[6]["funktion"] = "Praktikant"
    assert _place(_one(builder.csv(), "unknown role")) == (FILE, 8, "funktion", "Praktikant")


def test_unknown_wave(builder):
    builder.rows[0]["måling"] = "midt"
    p = _one(builder.csv(), "unknown wave")
    assert _place(p) == (FILE, 2, "måling", "midt")
    assert "start, slut" in p.expected


@pytest.mark.parametrize("column", ["id", "måling", "kommune", "funktion"])
def test_missing_key_column(builder, column):
    builder.columns = [c for c in builder.columns if c != column]
    p = _one(builder.csv(), "column is missing")
    assert (p.file, p.row, p.column) == (FILE, 1, column)


def test_declared_item_column_absent(builder):
    builder.columns = [c for c in builder.columns if c != "q3"]
    p = _one(builder.csv(), "column of item 'q3' is missing")
    assert (p.file, p.column) == (FILE, "q3")


def test_multi_select_option_column_absent(builder):
    builder.columns = [c for c in builder.columns if c != "q4_2"]
    p = _one(builder.csv(), "multi-select item 'q4'")
    assert (p.file, p.column) == (FILE, "q4_2")
    assert "Mails" in p.message


def test_item_of_a_wave_not_in_the_file_may_be_absent(builder):
    builder.rows = [r for r in builder.rows if r["måling"] == "start"]
    builder.columns = [c for c in builder.columns if c != "q6"]  # q6 is asked at slut only
    builder.config["data"]["files"] = ["data/svar.csv"]
    path = builder.csv()
    problems = _problems(path)  # slut now has no respondents: that is the only error
    assert [p.message for p in problems] == ["wave 'slut' (Slut) has no respondents in the data files"]
    assert problems[0].value == "slut"


def test_duplicate_respondent_within_wave(builder):
    builder.rows[1]["id"] = "1"
    p = _one(builder.csv(), "duplicate respondent id")
    assert _place(p) == (FILE, 2, "id", "1")
    assert "row 3" in p.message and "'start'" in p.message


def test_same_id_in_two_waves_is_fine(builder):
    _, survey = load_survey(builder.csv())
    assert (survey.respondents["respondent"] == "1").sum() == 2


def test_item_answered_by_role_not_asked(builder):
    builder.rows[0]["q5"] = "3"  # q5 is for medarbejder only; row 2 is a leader
    p = _one(builder.csv(), "answered by a role that was not asked")
    assert _place(p) == (FILE, 2, "q5", "leder")


def test_item_answered_in_wave_not_asked(builder):
    builder.rows[1]["q6"] = "Noget tekst"  # q6 is asked at slut only
    p = _one(builder.csv(), "answered in a wave in which it was not asked")
    assert _place(p) == (FILE, 3, "q6", "start")


def test_empty_file(builder):
    p = _one(builder.raw(b""), "empty")
    assert p.file == FILE


def test_header_only_file(builder):
    p = _one(builder.raw("id;måling;kommune;funktion;q1\n".encode()), "no data rows")
    assert (p.file, p.row) == (FILE, 1)


def test_wrong_encoding(builder):
    data = "id;måling;kommune;funktion\n".encode() + b"1;start;\x81rhus;Sagsbehandler\n"
    p = _one(builder.raw(data), "wrong encoding")
    assert (p.file, p.row) == (FILE, 2)
    assert "byte offset" in p.message


def test_cp1252_file_loads(builder):
    _, survey = load_survey(builder.csv(encoding="cp1252", sep=","))
    assert "Ærø" in set(survey.respondents["municipality"])


def test_wave_with_no_respondents(builder):
    builder.rows = [r for r in builder.rows if r["måling"] == "start"]
    p = _one(builder.csv(), "has no respondents")
    assert p.value == "slut" and "'slut'" in p.message


def test_municipality_outside_its_waves(builder):
    builder.rows[6]["kommune"] = "Ærø"  # Ærø takes part at start only
    p = _one(builder.csv(), "does not take part in")
    assert _place(p) == (FILE, 8, "måling", "slut")
    assert "'Ærø'" in p.message


@pytest.mark.parametrize(("value", "text"), [("250", "out of range"), ("-1", "out of range"), ("mange", "not a number")])
def test_numeric_answer_checks(builder, value, text):
    builder.rows[3]["q5"] = value
    assert _place(_one(builder.csv(), text)) == (FILE, 5, "q5", value)


def test_multi_select_value_not_binary(builder):
    builder.rows[0]["q4_2"] = "Ja"
    p = _one(builder.csv(), "is not 0/1")
    assert _place(p) == (FILE, 2, "q4_2", "Ja")


def test_filter_not_met_is_a_warning(builder):
    builder.rows[1]["q4_1"] = "1"  # respondent 2 answered q3 = Nej
    builder.rows[1]["q4_2"] = "0"
    _, survey = load_survey(builder.csv())
    (w,) = survey.warnings
    assert w.severity == "warning"
    assert _place(w) == (FILE, 3, "q3", "Nej")
    assert "'q4'" in w.message
    # nothing dropped: the answers are kept
    a = survey.answers
    assert ((a["respondent"] == "2") & (a["wave"] == "start") & (a["item"] == "q4")).sum() == 2


def test_unknown_column_is_a_warning(builder):
    builder.columns = builder.columns + ["ekstra"]
    _, survey = load_survey(builder.csv())
    (w,) = survey.warnings
    assert (w.file, w.row, w.column, w.severity) == (FILE, 1, "ekstra", "warning")


def test_blank_keys_are_errors(builder):
    builder.rows[2]["id"] = ""
    p = _one(builder.csv(), "respondent id is blank")
    assert (p.file, p.row, p.column) == (FILE, 4, "id")


def test_all_problems_are_reported_not_just_the_first(builder):
    builder.rows[0]["q1"] = "Nja"
    builder.rows[1]["kommune"] = "Atlantis"
    builder.rows[2]["funktion"] = "Chef"
    builder.rows[3]["q5"] = "x"
    problems = _problems(builder.csv())
    assert {p.row for p in problems} == {2, 3, 4, 5}


def test_problem_list_is_capped(builder):
    for i, row in enumerate(builder.rows):
        row["q1"] = f"forkert {i}"
    builder.rows += [dict(builder.rows[1], id=str(100 + i), q1=f"galt {i}") for i in range(60)]
    problems = _problems(builder.csv())
    assert len(problems) == 51
    assert problems[-1].message == "... and 17 more problem(s)"  # 7 + 60 distinct wrong answers


def test_missing_data_file(builder):
    builder.write_config()
    p = _one(builder.root, "not found")
    assert p.file == FILE


def test_coded_answer_checks(builder):
    builder.config["coded"] = [{"id": "q6", "title": "Barrierer", "file": "data/koder.csv",
                                "codes": [{"code": "tid", "label": "Tid"}]}]
    path = builder.csv()
    (path / "data" / "koder.csv").write_text(
        "respondent,wave,code\n1,slut,tid\n1,slut,penge\n99,slut,tid\n2,midt,tid\n", encoding="utf-8")
    problems = _problems(path)
    assert len(problems) == 3, [str(p) for p in problems]
    code = next(p for p in problems if "catalogue" in p.message)
    assert _place(code) == ("data/koder.csv", 3, "code", "penge")
    resp = next(p for p in problems if "not in the survey data" in p.message)
    assert _place(resp) == ("data/koder.csv", 4, "respondent", "99")
    wave = next(p for p in problems if "wave" in p.message and p.column == "wave")
    assert _place(wave) == ("data/koder.csv", 5, "wave", "midt")


def test_raw_role_claimed_by_two_roles(builder):
    builder.config["roles"][1]["raw"].append("Teamleder")
    p = _one(builder.csv(), "also mapped to role")
    assert p.value == "Teamleder" and "roles.1 (medarbejder).raw" in p.message


def test_multi_select_answered_by_role_not_asked(builder):
    builder.item("q4")["roles"] = ["leder"]
    builder.rows[1]["q4_1"] = "1"  # employee, not asked
    builder.rows[1]["q3"] = "Ja"
    p = _one(builder.csv(), "answered by a role that was not asked")
    assert _place(p) == (FILE, 3, "q4_1", "medarbejder")


def test_codes_for_respondent_not_asked_the_coded_item(builder):
    builder.config["coded"] = [{"id": "barrierer", "item": "q6", "title": "Barrierer", "file": "data/koder.csv",
                                "codes": [{"code": "tid", "label": "Tid"}]}]
    path = builder.csv()
    (path / "data" / "koder.csv").write_text("respondent,wave,code\n1,slut,tid\n2,start,tid\n", encoding="utf-8")
    p = _one(path, "not put to their role in this wave")  # q6 is asked at slut only
    assert _place(p) == ("data/koder.csv", 3, "respondent", "2")


def test_codes_are_checked_against_the_role_the_respondent_had_in_that_wave(builder):
    """Respondent 2 answers as a case worker at the start and as a team leader at the end; the coded item is put
    to leaders only: the start's code is the one not asked (the role is looked up per wave, not per person)."""
    builder.item("q6").pop("waves")
    builder.item("q6")["roles"] = ["leder"]
    for row in builder.rows:
        if row["id"] == "2" and row["måling"] == "slut":
            row["funktion"] = "Teamleder"
            row.pop("q5", None)
        if row["måling"] == "start" and row["funktion"] == "Sagsbehandler":
            row.pop("q6", None)
    builder.config["coded"] = [{"id": "barrierer", "item": "q6", "title": "Barrierer", "file": "data/koder.csv",
                                "codes": [{"code": "tid", "label": "Tid"}]}]
    path = builder.csv()
    (path / "data" / "koder.csv").write_text("respondent,wave,code\n2,slut,tid\n2,start,tid\n1,start,tid\n",
                                            encoding="utf-8")
    (p,) = [p for p in _problems(path) if p.severity == "error"]
    assert "not put to their role in this wave" in p.message
    assert _place(p) == ("data/koder.csv", 3, "respondent", "2")


def test_municipality_without_leaders_in_a_wave_is_a_warning(builder):
    builder.rows[2]["funktion"] = "Sagsbehandler"  # Ærø's only leader at start
    _, survey = load_survey(builder.csv())
    (w,) = survey.warnings
    assert (w.file, w.severity) == ("data/svar.csv", "warning")
    assert w.message == ("municipality 'Ærø' has no leaders among its respondents in wave 'start'; "
                         "leader-side values will be blank")


def test_municipality_without_respondents_in_a_wave_is_a_warning(builder):
    builder.rows = [r for r in builder.rows if r["kommune"] != "Ærø"]
    _, survey = load_survey(builder.csv())
    assert [w.message for w in survey.warnings] == ["municipality 'Ærø' has no respondents in wave 'start'"]
