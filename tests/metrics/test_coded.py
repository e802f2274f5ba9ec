"""Coded open answers: "Anført af X ud af Y" per code × side × wave."""

from __future__ import annotations

import pandas as pd
import pytest
from factory import answers, make_project, make_survey

from reporter.metrics.coded import COLUMNS, coded_counts

CODED = [{"id": "barriere", "title": "Barrierer", "file": "b.csv", "item": "barriere", "codes": [
    {"code": "tid", "label": "Tidspres", "essence": "For mange sager", "group": "Ressourcer"},
    {"code": "adm", "label": "administration", "group": "Ressourcer"},
    {"code": "bil", "label": "Bilproblemer", "group": "Logistik"},
]}]


def _survey(project):
    rows = (answers("slut", 1, "Aabenraa", "sagsbehandler", {"barriere": "Travlt og bøvl"})
            + answers("slut", 2, "Aabenraa", "mentor", {"barriere": "Bøvl"})
            + answers("slut", 3, "Billund", "mentor", {"barriere": "Ingen"})          # answered, no code
            + answers("slut", 4, "Billund", "leder", {"barriere": "Tid"})
            + answers("slut", 5, "Billund", "mentor", {"f1": "Enig"}))                # did not answer
    codes = pd.DataFrame([
        ("barriere", "slut", "1", "tid"), ("barriere", "slut", "1", "adm"),
        ("barriere", "slut", "1", "tid"),                                           # same code twice: once
        ("barriere", "slut", "2", "adm"), ("barriere", "slut", "4", "tid"),
    ], columns=["question", "wave", "respondent", "code"])
    return make_survey(project, rows, codes=codes)


def _x_of_y(table, side):
    sub = table[table["group"] == side]
    return {c: (x, y) for c, x, y in zip(sub["code"], sub["value"], sub["n"])}


def test_x_ud_af_y_per_side() -> None:
    project = make_project(coded=CODED)
    table = coded_counts(project, _survey(project), "barriere")
    assert list(table.columns) == COLUMNS
    assert _x_of_y(table, "employee") == {"adm": (2, 3), "tid": (1, 3), "bil": (0, 3)}
    assert _x_of_y(table, "leader") == {"tid": (1, 1), "adm": (0, 1), "bil": (0, 1)}
    assert table["share"].iloc[0] == pytest.approx(2 / 3)
    assert set(table["wave"]) == {"slut"} and set(table["municipality"]) == {"total"}
    row = table[(table["code"] == "tid")].iloc[0]
    assert (row["label"], row["code_group"], row["essence"]) == ("Tidspres", "Ressourcer", "For mange sager")


def test_sorted_by_count_then_label_casefolded() -> None:
    project = make_project(coded=CODED)
    table = coded_counts(project, _survey(project), "barriere")
    assert list(table["group"]) == ["employee"] * 3 + ["leader"] * 3
    # leaders: tid 1, then the zeros by label: "administration" before "Bilproblemer" (case-folded)
    assert list(table[table["group"] == "leader"]["code"]) == ["tid", "adm", "bil"]


def test_without_text_item_the_coded_respondents_are_the_base() -> None:
    coded = [dict(CODED[0], item=None, id="other")]
    project = make_project(coded=coded)
    survey = _survey(project)
    survey = make_survey(project, [], respondents=[("slut", "1", "Aabenraa", "sagsbehandler"),
                                                   ("slut", "2", "Aabenraa", "mentor"),
                                                   ("slut", "4", "Billund", "leder")],
                         codes=survey.codes.assign(question="other"))
    assert _x_of_y(coded_counts(project, survey, "other"), "employee")["adm"] == (2, 2)


def test_unknown_question_or_code_is_an_error() -> None:
    project = make_project(coded=CODED)
    survey = _survey(project)
    with pytest.raises(ValueError, match="unknown coded question"):
        coded_counts(project, survey, "nope")
    bad = make_survey(project, [], respondents=[("slut", "1", "Aabenraa", "mentor")],
                      codes=pd.DataFrame([("barriere", "slut", "1", "xyz")],
                                         columns=["question", "wave", "respondent", "code"]))
    with pytest.raises(ValueError, match="xyz"):
        coded_counts(project, bad, "barriere")
