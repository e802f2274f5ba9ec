"""Atomic CSV + Excel export of the metric tables."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
from openpyxl.utils.escape import unescape
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


# --- formula injection and the output set (issue 20) ---------------------------------------------------

DANGEROUS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def _dangerous_tables() -> dict[str, pd.DataFrame]:
    labels = DANGEROUS + ["Helt enig", "0-19 %"]
    return {"coded": pd.DataFrame({"label": labels, "essence": pd.Categorical(labels),
                                   "value": [-0.5] * len(labels)})}


def test_csv_cells_that_would_run_as_formulas_get_a_leading_quote(tmp_path) -> None:
    import csv

    out = write_metrics(_dangerous_tables(), tmp_path / "out")
    with open(out / "metrics" / "coded.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    # a CR inside a cell is written as a quoted "\n" (the writer would not quote a bare CR)
    expected = ["'" + d.replace("\r", "\n") for d in DANGEROUS] + ["Helt enig", "0-19 %"]
    assert [r[0] for r in rows[1:]] == expected
    assert [r[1] for r in rows[1:]] == expected
    assert {r[2] for r in rows[1:]} == {"-0.5"}  # numbers are numbers, not text


def test_workbook_stores_formula_like_text_as_text(tmp_path) -> None:
    import zipfile

    out = write_metrics(_dangerous_tables(), tmp_path / "out")
    with zipfile.ZipFile(out / "metrics.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element anywhere
    book = openpyxl.load_workbook(out / "metrics.xlsx")
    cells = [row for row in book["coded"].iter_rows(min_row=2)]
    # a control character is stored as Excel's _xHHHH_ escape (ECMA-376 ST_Xstring), which Excel reads back
    # as the character; openpyxl leaves the escape in place, so it is decoded here as Excel would
    assert [unescape(c[0].value) for c in cells] == DANGEROUS + ["Helt enig", "0-19 %"]
    assert all(c[0].data_type == "s" and c[1].data_type == "s" for c in cells)
    assert [c[0].quotePrefix for c in cells] == [True] * len(DANGEROUS) + [False, False]
    assert all(c[2].value == -0.5 and c[2].data_type == "n" for c in cells)


def _snapshot(out):
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_disk_full_while_writing_the_workbook_keeps_the_previous_set(tmp_path, monkeypatch) -> None:
    import errno

    import reporter.atomic as atomic
    from reporter.atomic import OutputError

    out = tmp_path / "out"
    write_metrics(_tables(), out)
    before = _snapshot(out)
    real = atomic.write_file

    def full_disk(path, data):
        if path.name == "metrics.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr("reporter.metrics.export.write_file", full_disk)
    changed = {k: v.assign(n=v["n"] + 1) for k, v in _tables().items()}
    with pytest.raises(OutputError) as exc:
        write_metrics(changed, out)
    assert exc.value.errno == errno.ENOSPC and exc.value.filename == str(out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["metrics", "metrics.xlsx"]


def test_a_failed_swap_puts_the_previous_set_back(tmp_path, monkeypatch) -> None:
    import os

    from reporter.atomic import OutputError

    out = tmp_path / "out"
    write_metrics(_tables(), out)
    before = _snapshot(out)
    real = os.replace

    def refuse_workbook(src, dst):
        if str(dst) == str(out / "metrics.xlsx") and Path(src).parent.name.endswith(".tmp"):  # the new one
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", refuse_workbook)
    with pytest.raises(OutputError):
        write_metrics({k: v.assign(n=0) for k, v in _tables().items()}, out)
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["metrics", "metrics.xlsx"]
