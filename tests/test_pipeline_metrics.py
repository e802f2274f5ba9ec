"""``compute_metrics``: the metric tables split between two processes are exactly ``compute_all``'s (same
names in the same order, equal frames), for survey, register and cost projects; and ``SURVEY_TABLES`` names
every survey table ``compute_all`` makes, in its order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from register_helpers import REGISTER_PROJECT

from reporter import pipeline
from reporter.data.load import load_survey
from reporter.metrics.compute import SURVEY_TABLES, compute_all

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROJECTS = [FIXTURES / "stv", FIXTURES / "sof", FIXTURES / "fsm", FIXTURES / "social-support", REGISTER_PROJECT]


@pytest.fixture(scope="module", params=PROJECTS, ids=lambda p: p.name)
def loaded(request):
    return load_survey(request.param)


def test_two_processes_make_compute_alls_tables(loaded, monkeypatch):
    project, survey = loaded
    expected = compute_all(project, survey)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM_ANSWERS", 0)   # the fixtures are small: split them anyway
    split = pipeline.compute_metrics(project, survey, workers=2)
    assert list(split) == list(expected)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(split[name], table, check_exact=True, obj=name)


def test_one_worker_is_compute_all(loaded):
    project, survey = loaded
    assert list(pipeline.compute_metrics(project, survey, workers=1)) == list(compute_all(project, survey))


def test_survey_tables_name_every_survey_table_in_order(loaded):
    project, survey = loaded
    made = list(compute_all(project, survey))
    survey_made = [name for name in made if name in SURVEY_TABLES]
    assert survey_made == [name for name in SURVEY_TABLES if name in made]
    # what is not a survey table is a register or cost table, made after the survey tables
    others = [name for name in made if name not in SURVEY_TABLES]
    assert all(name.startswith(("register_", "cost_", "budget_")) for name in others), others
    assert made[:len(survey_made)] == survey_made
    assert pipeline.SECOND_WORKER_TABLES <= set(SURVEY_TABLES)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_processes_write_the_files_of_one(loaded, monkeypatch, tmp_path):
    """export_metrics with the CSV bytes and workbook sheets made in both processes writes byte for byte
    the files write_metrics makes from compute_all's tables in one process."""
    from reporter.metrics.export import write_metrics

    project, survey = loaded
    write_metrics(compute_all(project, survey), tmp_path / "one")
    monkeypatch.setattr(pipeline, "PARALLEL_FROM_ANSWERS", 0)
    used: list[int] = []
    import reporter.metrics.export as export

    original = export.workbook_part
    monkeypatch.setattr(export, "workbook_part", lambda tables, **kw: used.append(len(tables)) or original(tables, **kw))
    tables = pipeline.export_metrics(project, survey, tmp_path / "two", workers=2)
    assert list(tables) == list(compute_all(project, survey))
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert used   # this process made parts (the forked one's calls are not seen here)
