"""``reporter.data.prefetch``: the CSV files project.yaml names are parsed in a thread and handed to the loader
once, only while unchanged; what cannot be prefetched is read (and reported) by the loader as before."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from reporter.data import prefetch
from reporter.data.load import load_survey
from reporter.data.readers import read_csv_arrow
from reporter.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def fresh(monkeypatch):
    """The module as in a new process (nothing started)."""
    monkeypatch.setattr(prefetch, "_STARTED", False)
    monkeypatch.setattr(prefetch, "_FILES", {})
    monkeypatch.setattr(prefetch, "_LISTED", threading.Event())


@pytest.fixture
def stv(tmp_path):
    return Path(shutil.copytree(FIXTURES / "stv", tmp_path / "stv"))


def _csv_files(project: Path) -> list[Path]:
    import yaml

    config = yaml.safe_load((project / "project.yaml").read_text(encoding="utf-8"))
    names = list(config["data"]["files"]) + [q["file"] for q in config.get("coded") or []]
    return [project / n for n in names if n.lower().endswith(".csv")]


def test_the_project_files_are_the_csv_files_project_yaml_names(stv):
    expected = _csv_files(stv)
    assert expected   # the fixture has CSV data files
    assert prefetch.project_csv_files(stv) == expected


def test_a_prefetched_file_is_its_parse_handed_out_once(fresh, stv):
    prefetch.start(stv)
    path = _csv_files(stv)[0]
    table, rows, encoding, delimiter = prefetch.take(path)
    expected = read_csv_arrow(path)
    assert table.equals(expected[0]) and list(rows) == list(expected[1])
    assert (encoding, delimiter) == expected[2:]
    assert prefetch.take(path) is None


def test_a_file_changed_after_the_prefetch_is_read_again(fresh, stv):
    prefetch.start(stv)
    prefetch._LISTED.wait()
    path = _csv_files(stv)[0]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert prefetch.take(path) is None


def test_nothing_is_prefetched_before_start_or_for_an_unreadable_project(fresh, tmp_path):
    assert prefetch.take(tmp_path / "x.csv") is None
    (tmp_path / "project.yaml").write_text("data: [unclosed\n", encoding="utf-8")
    assert prefetch.project_csv_files(tmp_path) == []
    prefetch.start(tmp_path)
    assert prefetch.take(tmp_path / "x.csv") is None


def test_a_file_that_does_not_parse_is_reported_by_the_loader(fresh, stv):
    path = _csv_files(stv)[0]
    path.write_bytes(b"")   # empty: the reader's error
    prefetch.start(stv)
    assert prefetch.take(path) is None
    with pytest.raises(InputError, match="empty"):
        load_survey(stv)


def test_a_survey_loaded_with_the_prefetch_is_the_same(fresh, stv):
    import pandas as pd

    _, expected = load_survey(stv)
    prefetch.start(stv)
    _, survey = load_survey(stv)
    assert not prefetch._FILES   # the loader took every prefetched file
    pd.testing.assert_frame_equal(survey.respondents, expected.respondents)
    pd.testing.assert_frame_equal(survey.answers, expected.answers)
    pd.testing.assert_frame_equal(survey.codes, expected.codes)
