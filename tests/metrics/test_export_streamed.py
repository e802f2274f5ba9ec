"""The workbook written in a separate process while the tables are computed: the same bytes as the
workbook written from the finished tables, and a failure in the writer fails the export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reporter.metrics.export import StreamedWorkbook, workbook_bytes, write_metrics

ROOT = Path(__file__).resolve().parents[2]


def test_streamed_workbook_of_a_project_is_the_workbook_of_its_tables(tmp_path):
    """stv-summary has a register section, so its register tables are streamed too."""
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(ROOT / "fixtures" / "stv-summary")
    seen: list[str] = []
    with StreamedWorkbook() as book:
        def add(name, table):
            seen.append(name)
            book.add(name, table)

        tables = compute_all(project, survey, on_table=add)
        streamed = book.result()
    assert seen == list(tables) and any(n.startswith("register_") for n in seen)
    assert streamed == workbook_bytes(tables)
    assert compute_all(project, survey).keys() == tables.keys()


def test_sheet_names_are_made_as_for_the_whole_list():
    tables = {"fidelity_indicator_municipality_change": pd.DataFrame({"a": [1]}),
              "fidelity_indicator_municipality_changes": pd.DataFrame({"b": ["x"]})}
    with StreamedWorkbook() as book:
        for name, table in tables.items():
            book.add(name, table)
        assert book.result() == workbook_bytes(tables)
    with StreamedWorkbook() as book:
        assert book.result() == workbook_bytes({})   # no tables: one empty sheet, as in process


class Unwritable(pd.DataFrame):
    """A table whose columns cannot be read by the sheet writer (fails in the writer process)."""

    @property
    def _constructor(self):
        return Unwritable

    def __reduce__(self):
        return (_broken, ())


def _broken():
    raise RuntimeError("cannot rebuild this table")


def test_a_failing_writer_fails_the_export_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    tables = {"fine": pd.DataFrame({"a": [1]}), "bad": Unwritable({"b": [2]})}
    with StreamedWorkbook() as book:
        for name, table in tables.items():
            book.add(name, table)
        with pytest.raises(RuntimeError, match="cannot rebuild this table"):
            write_metrics(tables, out, workbook=book.result)
    assert not out.exists() or list(out.iterdir()) == []


def test_tables_other_than_the_streamed_ones_are_written_here():
    """E.g. when the tables did not come through ``on_table``: the workbook is the one of the tables given."""
    tables = {"a": pd.DataFrame({"x": [1]}), "b": pd.DataFrame({"y": [2.5]})}
    with StreamedWorkbook() as book:
        book.add("a", tables["a"])
        assert book.result_for(tables) == workbook_bytes(tables)
