"""Atomic CSV + Excel export of the metric tables."""

from __future__ import annotations

import math

import openpyxl
import pandas as pd
import pytest

from reporter.metrics.export import sheet_names, write_metrics


def _tables() -> dict[str, pd.DataFrame]:
    return {
        "responses": pd.DataFrame({"municipality": ["total", "total"], "group": ["leder", "total"],
                                   "wave": ["start", "start"], "value": [3, 10], "n": [3, 10]}),
        "fidelity_mean": pd.DataFrame({"municipality": ["Ærø", "Aabenraa"], "group": ["samlet", "samlet"],
                                       "wave": pd.Categorical(["slut", "slut"]), "value": [3.714, float("nan")],
                                       "n": [12, 0]}),
    }


class Unserialisable(pd.DataFrame):
    """A table whose CSV serialisation fails half-way through the export."""

    def to_csv(self, *args, **kwargs):  # noqa: D102
        raise RuntimeError("cannot serialise")


def test_writes_csv_per_table_and_one_workbook(tmp_path) -> None:
    out = write_metrics(_tables(), tmp_path / "out")
    assert out == tmp_path / "out"
    assert sorted(p.name for p in (out / "metrics").iterdir()) == ["fidelity_mean.csv", "responses.csv"]
    text = (out / "metrics" / "fidelity_mean.csv").read_text(encoding="utf-8")
    assert text.splitlines() == ["municipality,group,wave,value,n", "Ærø,samlet,slut,3.714,12", "Aabenraa,samlet,slut,,0"]
    book = openpyxl.load_workbook(out / "metrics.xlsx")
    assert book.sheetnames == ["responses", "fidelity_mean"]
    back = pd.read_excel(out / "metrics.xlsx", sheet_name="fidelity_mean")
    assert list(back.columns) == ["municipality", "group", "wave", "value", "n"]
    assert back["value"].iloc[0] == pytest.approx(3.714) and math.isnan(back["value"].iloc[1])


def test_failure_leaves_previous_output_untouched_and_no_temp_files(tmp_path) -> None:
    out = tmp_path / "out"
    write_metrics(_tables(), out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = dict(_tables(), zzz_broken=Unserialisable({"a": [1]}), more=pd.DataFrame({"b": [2]}))
    with pytest.raises(RuntimeError):
        write_metrics(broken, out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["metrics", "metrics.xlsx"]


def test_failure_on_first_run_writes_nothing(tmp_path) -> None:
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        write_metrics(dict(_tables(), broken=Unserialisable({"a": [1]})), out)
    assert not out.exists() or list(out.iterdir()) == []


def test_rewrite_replaces_the_folder_so_stale_tables_disappear(tmp_path) -> None:
    out = tmp_path / "out"
    write_metrics(dict(_tables(), old_table=pd.DataFrame({"a": [1]})), out)
    write_metrics(_tables(), out)
    assert not (out / "metrics" / "old_table.csv").exists()
    assert sorted(p.name for p in out.iterdir()) == ["metrics", "metrics.xlsx"]


def test_unsafe_table_name_is_refused_before_writing(tmp_path) -> None:
    with pytest.raises(ValueError, match="safe file name"):
        write_metrics({"../evil": pd.DataFrame({"a": [1]})}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_sheet_names_are_short_unique_and_valid() -> None:
    names = sheet_names(["fidelity_indicator_municipality_change", "fidelity_indicator_municipality_changes",
                         "a:b"])
    values = list(names.values())
    assert all(len(v) <= 31 for v in values)
    assert len({v.casefold() for v in values}) == 3
    assert names["a:b"] == "a_b"
