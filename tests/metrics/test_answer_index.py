"""The shared answer index (reporter/metrics/answer_index.py): its fast paths give what plain pandas gives.

The loader's keys (``Survey.answer_keys``: option codes, respondent rows) and the per-respondent cell codes
are shortcuts; a Survey made from a copy of the same answers frame has none of them and goes the generic
way (every column factorised from the frame). Both must give the same tables, and the codes must be those
a straightforward pandas computation gives.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from constructed_project import write_project

from reporter.data.load import load_survey
from reporter.metrics.answer_index import answer_index, survey_index
from reporter.metrics.compute import compute_all
from reporter.metrics.grouping import codes_at
from reporter.metrics.topbox import topbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def constructed(tmp_path_factory):
    return load_survey(write_project(tmp_path_factory.mktemp("constructed")))


def _generic(survey):
    """The same survey without the loader's keys: a fresh copy of the answers frame."""
    return dataclasses.replace(survey, answers=survey.answers.copy())


@pytest.mark.parametrize("name", ["stv", "social-support"])
def test_loader_keys_and_generic_path_give_the_same_tables(name):
    project, survey = load_survey(ROOT / "fixtures" / name)
    assert survey.answer_keys is not None
    fast = compute_all(project, survey)
    generic_survey = _generic(survey)
    assert generic_survey.answer_keys is None
    generic = compute_all(project, generic_survey)
    assert list(fast) == list(generic)
    for table in fast:
        pd.testing.assert_frame_equal(fast[table], generic[table], check_exact=True, obj=table)


def test_answer_keys_describe_the_answers_table(constructed):
    _, survey = constructed
    keys, answers, people = survey.answer_keys, survey.answers, survey.respondents
    labels = np.append(keys.option_labels, None)[keys.option]
    assert labels.tolist() == answers["option"].tolist()
    assert keys.respondent_rows == len(people)
    row = keys.respondent_row
    assert people["respondent"].to_numpy()[row].tolist() == answers["respondent"].tolist()
    assert people["wave"].to_numpy()[row].tolist() == answers["wave"].astype(object).tolist()


@pytest.mark.parametrize("generic", [False, True])
def test_codes_and_cells_are_the_positions_in_the_requested_order(constructed, generic):
    project, survey = constructed
    survey = _generic(survey) if generic else survey
    answers = survey.answers
    index = survey_index(survey)
    pos = np.arange(0, len(answers), 3)
    munis = [m.name for m in reversed(project.municipalities)]   # an order other than the categories'
    waves = ["efter"]                                            # "foer" rows get -1
    municipality = answers["municipality"].astype(str).to_numpy()[pos]
    wave = answers["wave"].astype(str).to_numpy()[pos]
    expected_m = np.array([munis.index(m) for m in municipality])
    expected_w = np.array([waves.index(w) if w in waves else -1 for w in wave])
    assert codes_at(answers, "municipality", pos, munis).tolist() == expected_m.tolist()
    expected_cell = np.where(expected_w < 0, -1, expected_m * len(waves) + expected_w)
    assert index.cells_at(pos, [("municipality", munis), ("wave", waves)]).tolist() == expected_cell.tolist()
    labels = ["i meget høj grad", "VED IKKE"]                     # options compared case-insensitively
    option = answers["option"].to_numpy()[pos]
    expected_o = [{"i meget høj grad": 0, "ved ikke": 1}.get(str(o).casefold(), -1) for o in option]
    assert index.codes_at("option", pos, labels, casefold=True).tolist() == expected_o
    assert answer_index(answers) is index


def test_topbox_is_the_plain_pandas_share(constructed):
    project, survey = constructed
    answers = survey.answers
    valid = answers[~answers["is_dont_know"]]
    by_role = valid.groupby(["wave", "role", "item"], observed=True)["is_top"].agg(["sum", "size"]).reset_index()
    total = valid.groupby(["wave", "item"], observed=True)["is_top"].agg(["sum", "size"]).reset_index()
    table = topbox(project, survey)
    for frame, group in ((by_role, None), (total, "total")):
        for row in frame.itertuples():
            g = group or row.role
            got = table[(table["group"] == g) & (table["wave"] == row.wave) & (table["item"] == row.item)]
            assert len(got) == 1
            assert got["n"].iloc[0] == row.size
            assert got["value"].iloc[0] == row.sum / row.size
    assert len(table) == len(by_role) + len(total)
