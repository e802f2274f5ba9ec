"""The metrics workbook (rust_xlsxwriter): cell types and values as in the tables, formula-like text as
quote-prefixed text, a fixed document date, and a zip whose untouched entries are the writer's bytes."""

from __future__ import annotations

import decimal
import io
import zipfile

import numpy as np
import openpyxl
from openpyxl.utils.escape import unescape
import pandas as pd
import pytest

from reporter.metrics.export import workbook_bytes
from reporter.metrics.workbook import MAX_TEXT, arrow_column, replace_entries, sheet_data


def _sheet(data: bytes, name: str) -> list[list[openpyxl.cell.Cell]]:
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(data))[name].iter_rows()]


def _values(rows) -> list[list[object]]:
    return [[c.value for c in row] for row in rows]


def test_every_kind_of_column_keeps_its_cells() -> None:
    table = pd.DataFrame({
        "float": [0.1 + 0.2, np.nan, -2.5],
        "int": [2**53 + 1, 7, -3],
        "nullable_int": pd.array([1, None, 3], dtype="Int64"),
        "bool": [True, False, True],
        "nullable_bool": pd.array([True, None, False], dtype="boolean"),
        "str": pd.array(["Ærø", None, "b"], dtype="str"),
        "string": pd.array(["x", None, "y"], dtype="string"),
        "arrow_int": pd.array([4, None, 6], dtype="int64[pyarrow]"),
        "category": pd.Categorical(["lav", None, "høj"]),
        "number_category": pd.Categorical([1, 2, None]),
        "object": pd.Series(["a", None, pd.NA], dtype=object),
        "all_none": pd.Series([None, None, None], dtype=object),
    })
    rows = _sheet(workbook_bytes({"t": table}), "t")
    assert _values(rows[:1]) == [list(table.columns)]
    body = _values(rows[1:])
    assert [r[0] for r in body] == [0.30000000000000004, None, -2.5]     # every digit (no 16-digit rounding)
    assert [r[1] for r in body] == [float(2**53), 7, -3]                 # Excel keeps doubles: 2^53 + 1 → 2^53
    assert [r[2] for r in body] == [1, None, 3]
    assert [r[3] for r in body] == [True, False, True]
    assert [r[4] for r in body] == [True, None, False]
    assert [r[5] for r in body] == ["Ærø", None, "b"]
    assert [r[6] for r in body] == ["x", None, "y"]
    assert [r[7] for r in body] == [4, None, 6]
    assert [r[8] for r in body] == ["lav", None, "høj"]
    assert [r[9] for r in body] == [1, 2, None]
    assert [r[10] for r in body] == ["a", None, None]
    assert [r[11] for r in body] == [None, None, None]
    types = {c.column_letter: c.data_type for c in rows[1]}
    assert types["A"] == types["B"] == types["C"] == types["J"] == "n"
    assert types["D"] == types["E"] == "b"
    assert types["F"] == types["G"] == types["I"] == types["K"] == "s"


def test_an_object_column_mixing_types_is_typed_cell_by_cell() -> None:
    mixed = pd.Series(["a", 1, 2.5, None, True, np.nan, pd.NA, np.int64(3), np.float64(0.5), pd.NaT,
                       decimal.Decimal("1.5"), np.bool_(False)], dtype=object)
    assert arrow_column(mixed) is None   # no one Arrow type: written as rows of plain values
    rows = _sheet(workbook_bytes({"m": pd.DataFrame({"value": mixed, "n": range(len(mixed))})}), "m")
    cells = [row[0] for row in rows[1:]]
    assert [c.value for c in cells] == ["a", 1, 2.5, None, True, None, None, 3, 0.5, None, "1.5", False]
    assert [c.data_type for c in cells if c.value is not None] == ["s", "n", "n", "b", "n", "n", "s", "b"]
    assert [row[1].value for row in rows[1:]] == list(range(len(mixed)))


def test_other_objects_are_written_as_their_text() -> None:
    table = pd.DataFrame({"when": pd.to_datetime(["2024-01-02", None]), "d": [decimal.Decimal("2.50"), None],
                          "n": [1, 2]})
    body = _values(_sheet(workbook_bytes({"t": table}), "t")[1:])
    assert body == [["2024-01-02 00:00:00", "2.50", 1], [None, None, 2]]


def test_formula_like_text_is_quote_prefixed_text_in_every_text_column() -> None:
    dangerous = ["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\rx"]
    safe = ["Helt enig", "0-19 %", "a=b", "_x000D_ literal"]
    labels = dangerous + safe
    table = pd.DataFrame({"str": pd.array(labels, dtype="str"), "category": pd.Categorical(labels),
                          "object": pd.Series(labels, dtype=object), "value": [-1.0] * len(labels)})
    data = workbook_bytes({"plain": pd.DataFrame({"x": ["=no"]}).iloc[:0], "coded": table})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any("<f>" in z.read(n).decode() or "<f " in z.read(n).decode() for n in z.namelist()
                       if n.startswith("xl/worksheets/"))
    rows = _sheet(data, "coded")
    for col in range(3):
        cells = [row[col] for row in rows[1:]]
        assert [unescape(c.value) for c in cells] == labels
        assert all(c.data_type == "s" for c in cells)
        assert [c.quotePrefix for c in cells] == [True] * len(dangerous) + [False] * len(safe)
    assert all(row[3].value == -1.0 and not row[3].quotePrefix for row in rows[1:])
    assert not any(c.quotePrefix for c in rows[0])   # the header keeps its own style


def test_header_row_has_pandas_header_style() -> None:
    rows = _sheet(workbook_bytes({"t": pd.DataFrame({"a": [1], "b": ["x"]})}), "t")
    for cell in rows[0]:
        assert cell.font.b and cell.alignment.horizontal == "center" and cell.alignment.vertical == "top"
        assert {cell.border.left.style, cell.border.right.style, cell.border.top.style,
                cell.border.bottom.style} == {"thin"}
    assert not rows[1][0].font.b and rows[1][0].border.left.style is None


def test_missing_values_infinity_and_long_text() -> None:
    table = pd.DataFrame({"f": [np.inf, -np.inf, np.nan], "t": ["x" * (MAX_TEXT + 5), "", None], "n": [1, 2, 3]})
    body = _values(_sheet(workbook_bytes({"t": table}), "t")[1:])
    assert [r[0] for r in body] == ["inf", "-inf", None]          # as in the CSV; Excel has no infinity
    assert body[0][1] == "x" * MAX_TEXT and body[1][1] is None and body[2][1] is None


def test_empty_tables_and_no_tables() -> None:
    data = workbook_bytes({"no_rows": pd.DataFrame({"a": pd.Series([], dtype=float), "b": []}),
                           "no_columns": pd.DataFrame()})
    assert _values(_sheet(data, "no_rows")) == [["a", "b"]]
    assert _values(_sheet(data, "no_columns")) == []
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes({})))
    assert book.sheetnames == ["metrics"] and book["metrics"].max_row == 1 and book["metrics"]["A1"].value is None


def test_repeated_column_names_stay_as_they_are() -> None:
    table = pd.DataFrame([[1, "x"], [2, "y"]], columns=["a", "a"])
    assert _values(_sheet(workbook_bytes({"t": table}), "t")) == [["a", "a"], [1, "x"], [2, "y"]]
    mixed = pd.DataFrame([[1, "x"], ["y", 2]], columns=["a", "a"])
    with pytest.raises(ValueError, match="repeated column names"):
        sheet_data(mixed)


def test_document_date_is_fixed_and_the_zip_is_sound() -> None:
    tables = {"t": pd.DataFrame({"a": [1.5], "b": ["=x"]})}
    data = workbook_bytes(tables)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        core = z.read("docProps/core.xml").decode()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>' in core
    assert workbook_bytes(tables) == data
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.created.year == 2000 and book.properties.modified.year == 2000


def test_replace_entries_copies_the_other_entries_byte_for_byte() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "first " * 100)
        z.writestr("b.txt", "second")
        z.writestr("c.txt", "third " * 50)
    original = buffer.getvalue()
    patched = replace_entries(original, {"b.txt": b"changed"})
    with zipfile.ZipFile(io.BytesIO(patched)) as z:
        assert z.testzip() is None
        assert z.namelist() == ["a.txt", "b.txt", "c.txt"]
        assert z.read("b.txt") == b"changed" and z.read("c.txt") == b"third " * 50
        first = z.getinfo("a.txt")
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        a = z.getinfo("a.txt")
        raw = original[a.header_offset:z.getinfo("b.txt").header_offset]
    assert patched[first.header_offset:first.header_offset + len(raw)] == raw
    with pytest.raises(KeyError):
        replace_entries(original, {"missing.txt": b""})


def test_an_unused_formula_like_category_needs_no_quote_prefix() -> None:
    table = pd.DataFrame({"c": pd.Categorical(["a", "b"], categories=["a", "b", "=unused"]), "n": [1, 2]})
    assert _values(_sheet(workbook_bytes({"t": table}), "t")) == [["c", "n"], ["a", 1], ["b", 2]]
