"""load_survey: respondents and the long answers table per schema.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from reporter.data.load import load_survey
from reporter.data.schema import ANSWER_COLUMNS, CODE_COLUMNS, RESPONDENT_COLUMNS


def _answer(survey, wave, respondent, item, option=None):
    a = survey.answers
    sel = (a["wave"] == wave) & (a["respondent"] == respondent) & (a["item"] == item)
    if option is not None:
        sel &= a["option"] == option
    rows = a[sel]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_respondents_table(builder):
    project, survey = load_survey(builder.csv())
    r = survey.respondents
    assert list(r.columns) == RESPONDENT_COLUMNS
    assert len(r) == 7
    assert list(r["wave"].cat.categories) == ["start", "slut"]
    assert list(r["municipality"].cat.categories) == ["Aarhus", "Ærø"]
    assert list(r["role"].cat.categories) == ["leder", "medarbejder"]
    assert list(r["side"].cat.categories) == ["employee", "leader"]
    first = r.iloc[0]
    assert (first["respondent"], first["role"], first["side"], first["raw_role"]) == ("1", "leder", "leader", "Jobcenterchef")
    assert (first["source_file"], first["source_row"]) == ("data/svar.csv", 2)
    assert r["source_row"].tolist() == [2, 3, 4, 5, 6, 7, 8]
    assert survey.warnings == ()


def test_answers_columns_and_categories(builder):
    project, survey = load_survey(builder.csv())
    a = survey.answers
    assert list(a.columns) == ANSWER_COLUMNS
    assert list(a["item"].cat.categories) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert a["wave"].dtype == "category"
    # blank cells are not answers: respondent 4 left q2 blank, respondent 5 at slut answered q1, q2 only
    assert not ((a["respondent"] == "4") & (a["item"] == "q2")).any()
    assert a[(a["wave"] == "slut") & (a["respondent"] == "5")]["item"].tolist() == ["q1", "q2"]


def test_ordinal_scores_top_and_dont_know(builder):
    _, survey = load_survey(builder.csv())
    row = _answer(survey, "start", "1", "q1")
    assert (row["option"], row["code"], row["score"], row["is_top"], row["is_dont_know"]) == ("Helt enig", "5", 5.0, True, False)
    dk = _answer(survey, "start", "3", "q1")
    assert dk["is_dont_know"] and math.isnan(dk["score"]) and not dk["is_top"]
    assert _answer(survey, "start", "4", "q1")["is_top"] == False  # noqa: E712 - Uenig


@pytest.mark.parametrize(("respondent", "wave", "label", "score", "top"), [
    ("1", "start", "Helt uenig", 5.0, True),
    ("3", "start", "Uenig", 4.0, True),
    ("1", "slut", "Hverken enig eller uenig", 3.0, False),
    ("2", "start", "Enig", 2.0, False),
    ("5", "slut", "Helt enig", 1.0, False),
])
def test_reverse_item_is_mirrored(builder, respondent, wave, label, score, top):
    _, survey = load_survey(builder.csv())
    row = _answer(survey, wave, respondent, "q2")
    assert (row["option"], row["score"], row["is_top"]) == (label, score, top)


def test_single_multi_numeric_text(builder):
    _, survey = load_survey(builder.csv())
    ja = _answer(survey, "start", "1", "q3")
    assert (ja["option"], ja["code"], ja["is_top"], math.isnan(ja["score"])) == ("Ja", "1", True, True)
    assert _answer(survey, "start", "1", "q4", "Møder")["value"] == 1.0
    mails = _answer(survey, "start", "1", "q4", "Mails")
    assert (mails["value"], mails["code"]) == (0.0, "2")
    # respondents not asked the multi-select (blank cells) have no rows
    assert not ((survey.answers["item"] == "q4") & (survey.answers["respondent"] == "2")).any()
    assert _answer(survey, "start", "4", "q5")["value"] == 7.5
    assert _answer(survey, "slut", "2", "q5")["value"] == 0.0
    assert _answer(survey, "slut", "1", "q6")["option"] == "For lidt tid"
    assert len(survey.answers) == 29


def test_numeric_codes_map_like_labels(builder):
    for row in builder.rows:
        for col in ("q1", "q2"):
            label = row.get(col)
            if label:
                row[col] = str(next(o["code"] for o in builder.config["scales"]["enig"]["options"] if o["label"] == label))
    _, by_code = load_survey(builder.csv())
    other = type(builder)(builder.root.parent / "labels")
    _, by_label = load_survey(other.csv())
    cols = ["wave", "respondent", "item", "option", "code", "score", "value", "is_top", "is_dont_know"]
    pd.testing.assert_frame_equal(by_code.answers[cols], by_label.answers[cols])


@pytest.mark.parametrize("fmt", ["xlsx", "sav", "sav-labels"])
def test_xlsx_and_sav_load_like_csv(builder, fmt):
    other = type(builder)(builder.root.parent / "csv")
    _, reference = load_survey(other.csv())
    path = builder.xlsx() if fmt == "xlsx" else builder.sav(codes=(fmt == "sav"))
    _, survey = load_survey(path)
    cols = ["wave", "respondent", "municipality", "role", "item", "option", "code", "score", "value", "is_top",
            "is_dont_know", "source_row"]
    pd.testing.assert_frame_equal(survey.answers[cols], reference.answers[cols])


def test_sav_rows_are_case_number_plus_one(builder):
    _, survey = load_survey(builder.sav())
    assert survey.respondents["source_row"].tolist() == list(range(2, 9))
    assert set(survey.respondents["source_file"]) == {"data/svar.sav"}


def test_coded_answers(builder):
    builder.config["coded"] = [{"id": "q6", "title": "Barrierer", "file": "data/koder.csv",
                                "codes": [{"code": "tid", "label": "Tid"}, {"code": "ingen", "label": "Ingen"}]}]
    path = builder.csv()
    (path / "data" / "koder.csv").write_text("respondent,wave,code\n1,slut,tid\n2,slut,ingen\n2,slut,tid\n",
                                             encoding="utf-8")
    _, survey = load_survey(path)
    c = survey.codes
    assert list(c.columns) == CODE_COLUMNS
    assert c[["question", "wave", "respondent", "code"]].astype(str).values.tolist() == [
        ["q6", "slut", "1", "tid"], ["q6", "slut", "2", "ingen"], ["q6", "slut", "2", "tid"]]
    assert list(c["wave"].cat.categories) == ["start", "slut"]


def test_zero_leaders_is_a_warning(builder):
    builder.rows = [r for r in builder.rows if not (r["måling"] == "slut" and r["funktion"] == "Jobcenterchef")]
    _, survey = load_survey(builder.csv())
    (warning,) = survey.warnings
    assert warning.severity == "warning"
    assert "Aarhus" in warning.message and "slut" in warning.message and "no leaders" in warning.message


def test_wave_labels_and_role_ids_are_accepted(builder):
    builder.rows[0]["måling"] = "Startmåling"
    builder.rows[1]["funktion"] = "medarbejder"
    builder.rows[2]["funktion"] = "LEDER"
    _, survey = load_survey(builder.csv())
    assert survey.respondents["wave"].tolist()[:3] == ["start", "start", "start"]
    assert survey.respondents["role"].tolist()[:3] == ["leder", "medarbejder", "leder"]


def test_multi_select_columns_from_config(builder):
    builder.item("q4")["columns"] = {"Møder": "brugte_moeder"}
    builder.columns = [("brugte_moeder" if c == "q4_1" else c) for c in builder.columns]
    for row in builder.rows:
        if "q4_1" in row:
            row["brugte_moeder"] = row.pop("q4_1")
    _, survey = load_survey(builder.csv())
    assert _answer(survey, "start", "3", "q4", "Møder")["value"] == 0.0
    assert _answer(survey, "start", "3", "q4", "Mails")["value"] == 1.0
    assert survey.warnings == ()
