"""The long answers table: row order (respondent, then items in configuration order, multi options in
column order) from the counting sort, and the same table from the sorting fallback."""

from pathlib import Path

import numpy as np
import pandas as pd

import reporter.data.load as load
from reporter.data.load import load_survey

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _parts(project_dir: Path):
    project, survey = load_survey(project_dir)
    return project, survey.respondents, survey.__dict__["answers"].parts


def test_rows_follow_respondents_then_configured_items():
    project, respondents, parts = _parts(FIXTURES / "social-support")
    table, keys = load._answer_table(project, respondents, parts)
    item_rank = {i.id: k for k, i in enumerate(project.items)}
    # derived from the table's own columns: the respondent row never decreases, and within one
    # respondent row the item's place in project.items never decreases
    row = keys.respondent_row
    rank = table["item"].map(item_rank).to_numpy()
    assert (np.diff(row) >= 0).all()
    same = np.diff(row) == 0
    assert (np.diff(rank)[same] >= 0).all()
    assert table["respondent"].tolist() == respondents["respondent"].to_numpy()[row].tolist()
    assert len(table) == sum(len(rows) for _, rows in parts)


def test_sorting_fallback_gives_the_same_table(monkeypatch):
    for name in ("social-support", "stv"):
        project, respondents, parts = _parts(FIXTURES / name)
        fast, fast_keys = load._answer_table(project, respondents, parts)
        monkeypatch.setattr(load, "_places", lambda *args: None)
        slow, slow_keys = load._answer_table(project, respondents, parts)
        monkeypatch.undo()
        pd.testing.assert_frame_equal(fast, slow, check_exact=True)
        assert (fast_keys.respondent_row == slow_keys.respondent_row).all()
        assert (fast_keys.option == slow_keys.option).all()


def test_item_rows_group_the_rows_by_configured_item():
    for name in ("social-support", "stv"):
        project, respondents, parts = _parts(FIXTURES / name)
        table, keys = load._answer_table(project, respondents, parts)
        codes = table["item"].cat.codes.to_numpy()
        assert keys.item_rows.tolist() == np.argsort(codes, kind="stable").tolist()
