"""Reading a project's CSV files ahead in a thread: the same tables as reading them in place, never a stale
one, never a different message, no thread left behind."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from reporter.cli import app
from reporter.data import prefetch, readers
from reporter.data.load import load_survey
from reporter.data.readers import read_csv, read_table
from reporter.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(autouse=True)
def _no_read_ahead_left():
    yield
    prefetch.finish()
    assert not [t for t in threading.enumerate() if t.name == "reporter-read-ahead"]


def _project(tmp_path: Path, files: list[str], contents: dict[str, bytes]) -> Path:
    listed = ", ".join(files)
    (tmp_path / "project.yaml").write_text(f"id: p\ndata:\n  files: [{listed}]\n", encoding="utf-8")
    for name, data in contents.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


def _same(a, b) -> None:
    assert a.columns == b.columns
    assert a.encoding == b.encoding and a.delimiter == b.delimiter
    assert np.array_equal(a.rows, b.rows)
    for column in a.columns:
        assert a.frame[column].tolist() == b.frame[column].tolist()
        assert list(a.frame[column].cat.categories) == list(b.frame[column].cat.categories)


def test_the_table_read_ahead_is_the_table_read_in_place(tmp_path):
    # a BOM, CRLF, a quoted line break, an NFD cell (a warning) and a blank spacer row: each step of the reader
    data = '\ufeffid;kommune;svar\r\n1;Ærø;"Enig\r\nhelt"\r\n;;\r\n2;Aarhus;Uenig\r\n3;Ko\u0308ge;Enig\r\n'
    root = _project(tmp_path, ["data/a.csv"], {"data/a.csv": data.encode("utf-8")})
    path = root / "data" / "a.csv"
    expected = read_csv(path)
    prefetch.start(root)
    seen = []
    real = readers.read_csv_arrow
    readers.read_csv_arrow = lambda *a, **k: seen.append(a) or real(*a, **k)
    try:
        got = read_csv(path)
    finally:
        readers.read_csv_arrow = real
    assert seen == []            # the thread's table was used, not a second read
    _same(got, expected)
    assert [w.message for w in got.warnings] == [w.message for w in expected.warnings]
    assert prefetch.take(path) is None   # handed over once


def test_a_file_changed_after_the_read_ahead_is_read_again(tmp_path):
    root = _project(tmp_path, ["a.csv"], {"a.csv": b"id;svar\n1;Enig\n"})
    prefetch.start(root)
    prefetch._current.thread.join()
    (root / "a.csv").write_bytes(b"id;svar\n1;Uenig\n2;Enig\n")
    os.utime(root / "a.csv", ns=(1, 1))   # even a file whose new mtime is older: size and ctime differ
    table = read_csv(root / "a.csv")
    assert table.frame["svar"].tolist() == ["Uenig", "Enig"]


def test_a_file_failing_ahead_gets_the_loaders_own_message(tmp_path):
    bad = b"id;svar\n1;Enig\n2;Enig;x;y\n"
    root = _project(tmp_path, ["a.csv"], {"a.csv": bad})
    with pytest.raises(InputError) as plain:
        read_table(root / "a.csv", display_name="a.csv")
    prefetch.start(root)
    with pytest.raises(InputError) as ahead:
        read_table(root / "a.csv", display_name="a.csv")
    assert [p.file for p in ahead.value.problems] == ["a.csv"]
    assert ahead.value.problems == plain.value.problems


def test_only_plain_csv_files_inside_the_project_are_read_ahead(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes(b"id\n1\n")
    root = tmp_path / "p"
    root.mkdir()
    _project(root, ["a.csv", "b.TSV", "../outside.csv", str(outside), "c.xlsx", "missing.csv", "a.csv", "d.txt"],
             {"a.csv": b"id\n1\n", "b.TSV": b"id\n1\n", "c.xlsx": b"x", "d.txt": b"id\n1\n"})
    assert prefetch.planned_files(root) == [os.path.realpath(root / n) for n in ("a.csv", "b.TSV", "d.txt")]


def test_the_coded_questions_files_are_read_ahead_after_the_survey_files(tmp_path):
    root = _project(tmp_path, ["s.csv"], {"s.csv": b"id\n1\n", "codes/b.csv": b"respondent\n1\n"})
    with (root / "project.yaml").open("a", encoding="utf-8") as fh:
        fh.write("coded:\n- {id: b, file: codes/b.csv}\n- {id: c, file: ../c.csv}\n- just text\n")
    assert prefetch.planned_files(root) == [os.path.realpath(root / n) for n in ("s.csv", "codes/b.csv")]


@pytest.mark.parametrize("text", ["data: [unclosed", "- a list\n", "data: {files: data/a.csv}\n", "id: p\n", ""])
def test_a_project_file_it_cannot_read_plans_nothing(tmp_path, text):
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.csv").write_bytes(b"id\n1\n")
    assert prefetch.planned_files(tmp_path) == []
    prefetch.start(tmp_path)
    assert prefetch._current is None


def test_a_project_loads_the_same_with_and_without_the_read_ahead(tmp_path):
    root = tmp_path / "stv"
    shutil.copytree(FIXTURES / "stv", root)
    _, plain = load_survey(root)
    prefetch.start(root)
    _, ahead = load_survey(root)
    assert prefetch._current.results == {}   # the survey file was taken
    for name in ("respondents", "answers"):
        pd.testing.assert_frame_equal(getattr(plain, name), getattr(ahead, name), check_exact=True)


def test_the_commands_read_the_survey_ahead_and_leave_no_thread(tmp_path, monkeypatch):
    root = tmp_path / "stv"
    shutil.copytree(FIXTURES / "stv", root)
    in_place = []
    real = readers.read_csv_arrow
    monkeypatch.setattr(readers, "read_csv_arrow", lambda path, **k: in_place.append(Path(path).name) or real(path, **k))
    result = CliRunner().invoke(app, ["metrics", str(root), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "responses.csv" not in in_place       # data.files came from the thread
    assert "barriers.csv" not in in_place        # and the coded question's file
    assert prefetch._current is None
    assert not [t for t in threading.enumerate() if t.name == "reporter-read-ahead"]
