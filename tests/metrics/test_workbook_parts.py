"""Workbook parts: sheets written on their own (another process) and put into the workbook give exactly the
bytes of the workbook written in one go; a part that does not fit is not used (same bytes again)."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from reporter.metrics.export import workbook_bytes, workbook_part
from reporter.metrics.workbook import replace_entries


def _tables() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(7)
    n = 400
    return {
        "first": pd.DataFrame({"municipality": ["total", "Aabo"] * 3, "value": rng.random(6)}),
        "second": pd.DataFrame({"label": ["=SUM(A1)", "plain", "+45 1234", "@x"] * (n // 4),
                                "n": rng.integers(0, 99, n)}),
        "third": pd.DataFrame({"share": rng.random(n), "flag": rng.random(n) > 0.5,
                               "group": pd.Categorical(rng.choice(["lede", "medarbejder"], n))}),
        "fourth": pd.DataFrame({"text": ["-1 point", "ok"], "value": [np.nan, 2.5]}),
        "fifth": pd.DataFrame({"x": [1, 2, 3]}),
    }


def _subset(tables, names):
    return {name: tables[name] for name in names}


@pytest.mark.parametrize("split", [
    (["first", "third"], ["second", "fourth", "fifth"]),     # the parts hold every sheet
    (["second", "fifth"],),                                  # one part in the middle and at the end
    (["first"], ["fourth"]),                                 # the rest written with the skeleton
])
def test_parts_give_the_bytes_of_the_whole_workbook(split) -> None:
    tables = _tables()
    whole = workbook_bytes(tables)
    parts = [workbook_part(_subset(tables, names), first=names[0] == "first") for names in split]
    assert workbook_bytes(tables, parts) == whole


def test_the_parts_sheets_are_copied_not_written_again(monkeypatch) -> None:
    tables = _tables()
    part = workbook_part(_subset(tables, ["second", "third"]), first=False)
    import reporter.metrics.workbook as workbook

    written: list[list[str]] = []
    real = workbook._raw_workbook
    monkeypatch.setattr(workbook, "_raw_workbook", lambda sheets: written.append(
        [name for name, table in sheets.items() if table is not workbook._PLACEHOLDER]) or real(sheets))
    data = workbook_bytes(tables, [part])
    assert written == [["first", "fourth", "fifth"]]
    assert data == workbook_bytes(tables)
    # the copied sheet keeps its cells and the quote prefix of its formula-like text
    sheet = openpyxl.load_workbook(io.BytesIO(data))["second"]
    assert sheet["A2"].value == "=SUM(A1)" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["A3"].value == "plain" and not sheet["A3"].quotePrefix


@pytest.mark.parametrize("names, first", [
    (["second", "third"], True),      # says it starts the workbook, but "first" does
    (["first", "third"], False),      # holds the first sheet, written after a placeholder
    (["second", "elsewhere"], False),  # a sheet the workbook does not have
])
def test_a_part_that_does_not_fit_is_not_used(names, first) -> None:
    tables = _tables()
    others = {**tables, "elsewhere": pd.DataFrame({"z": [0]})}
    part = workbook_part(_subset(others, names), first=first)
    assert workbook_bytes(tables, [part]) == workbook_bytes(tables)


def test_a_table_whose_sheet_name_differs_makes_no_part() -> None:
    assert workbook_part({"x" * 40: pd.DataFrame({"a": [1]})}, first=True) is None
    assert workbook_part({}, first=True) is None


def test_replace_entries_copies_an_entry_of_another_zip_under_this_name() -> None:
    def zip_of(entries):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in entries.items():
                z.writestr(name, text)
        return buffer.getvalue()

    target = zip_of({"a.txt": "a", "b.txt": "placeholder", "c.txt": "c" * 30})
    donor = zip_of({"other/name.txt": "donated " * 40})
    out = replace_entries(target, {"a.txt": b"new a"}, raw={"b.txt": (donor, "other/name.txt")})
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert z.testzip() is None
        assert z.namelist() == ["a.txt", "b.txt", "c.txt"]
        assert z.read("a.txt") == b"new a" and z.read("b.txt") == b"donated " * 40 and z.read("c.txt") == b"c" * 30
        copied = z.getinfo("b.txt")
    with zipfile.ZipFile(io.BytesIO(donor)) as z:
        source = z.getinfo("other/name.txt")
    assert (copied.CRC, copied.compress_size) == (source.CRC, source.compress_size)
    with pytest.raises(ValueError):
        replace_entries(target, {"b.txt": b"x"}, raw={"b.txt": (donor, "other/name.txt")})
