"""Write the metric tables as tidy CSV files and one Excel workbook, atomically as one set.

``write_metrics(tables, out_dir)`` produces::

    out_dir/metrics/<name>.csv    UTF-8, comma-separated, '.' decimals, missing values as empty cells
    out_dir/metrics.xlsx          one sheet per table (sheet names cut to Excel's 31 characters)

Everything is serialised in memory first, then written into a temporary folder beside the targets
(:func:`reporter.atomic.output_set`) and swapped in only when the CSVs *and* the workbook are written.
A table that fails to serialise, a full disk or a crash therefore never leaves new CSVs beside an old
workbook: the previous ``metrics/`` folder and workbook (or none) stay as they were.

Text that a spreadsheet would run as a formula (labels starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return: CSV/Excel formula injection) is neutralised by OWASP's rule: in CSV the cell gets a
leading ``'``; in the workbook every text cell is stored as text (never as a formula) and marked
with Excel's quote prefix, so it shows as typed and stays text when edited. Numbers are untouched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.atomic import write_file, output_set
from reporter.metrics.workbook import FORMULA_START, WorkbookPart, is_formula_like  # noqa: F401 - part of this API

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def sheet_names(names: list[str]) -> dict[str, str]:
    """Unique Excel sheet names (≤ 31 characters, no ``[]:*?/\\``) for the table names, in order."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "sheet"
        candidate = base[:31]
        i = 2
        while candidate.casefold() in used:
            suffix = f"~{i}"
            candidate = base[: 31 - len(suffix)] + suffix
            i += 1
        used.add(candidate.casefold())
        out[name] = candidate
    return out


def _text_columns(table: pd.DataFrame) -> list:
    return [c for c in table.columns
            if table[c].dtype == object or isinstance(table[c].dtype, (pd.CategoricalDtype, pd.StringDtype))]


def _csv_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    if "\r" in value:  # the csv writer would not quote a lone CR (our line end is "\n"): make it "\n"
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if value.startswith("\n"):
            return "'" + value
    return "'" + value if is_formula_like(value) else value


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every formula-like text cell prefixed by ``'`` (OWASP) and line breaks inside text
    written as ``\n``; other cells unchanged."""
    columns = [c for c in _text_columns(table)  # labels repeat: each distinct value is looked at once
               if any(is_formula_like(v) or (isinstance(v, str) and "\r" in v) for v in table[c].unique())]
    if not columns:
        return table
    out = table.copy()
    for col in columns:
        out[col] = out[col].astype(object).map(_csv_cell)
    return out


def table_csv(table: pd.DataFrame) -> bytes:
    """One table as CSV bytes: UTF-8, comma, '.' decimals, NaN/None as empty, no index, formula-like
    text prefixed with ``'``. The bytes are pandas' ``to_csv`` (minimal quoting, floats as Python's
    ``repr``, bools as ``True``/``False``); most tables are written by rust's CSV writer from Arrow
    columns (:func:`_arrow_csv`), which gives those bytes ten times faster."""
    safe = csv_safe(table)
    fast = _arrow_csv(safe)
    if fast is not None:
        return fast
    return safe.to_csv(index=False, sep=",", decimal=".", na_rep="", lineterminator="\n").encode("utf-8")


_FIXED_RANGE = (1e-4, 1e16)   # Python's repr writes a float in this range without an exponent, as ryu does


def _csv_float(values: np.ndarray):
    """A float64 column for the CSV writer: as numbers when ryu writes each as Python's ``repr`` does
    (NaN empty), else as the ``repr`` texts."""
    import pyarrow as pa

    finite = np.abs(values[np.isfinite(values) & (values != 0)])
    if finite.size and (finite.min() < _FIXED_RANGE[0] or finite.max() >= _FIXED_RANGE[1]):
        return pa.array([None if v != v else repr(v) for v in values.tolist()], type=pa.large_string())
    return pa.array(values, from_pandas=True)


def _csv_column(column: pd.Series):
    """One column as an Arrow array the CSV writer writes exactly as pandas would, or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from reporter.metrics.workbook import arrow_column

    dtype = column.dtype
    if isinstance(dtype, (pd.BooleanDtype, np.dtype)) and pd.api.types.is_bool_dtype(dtype):
        return pc.if_else(pa.array(column, from_pandas=True), "True", "False")
    if dtype == np.float64 or isinstance(dtype, pd.Float64Dtype):
        return _csv_float(column.to_numpy(dtype=np.float64, na_value=np.nan))
    if pd.api.types.is_integer_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        return None if dtype in (np.uint64, pd.UInt64Dtype()) else pa.array(column, from_pandas=True)
    if dtype == object or isinstance(dtype, pd.StringDtype) or (
            isinstance(dtype, pd.CategoricalDtype) and not pd.api.types.is_numeric_dtype(dtype.categories)):
        array = arrow_column(column)
        if array is not None and (pa.types.is_large_string(array.type) or pa.types.is_string(array.type)
                                  or pa.types.is_null(array.type)):
            return array
    return None


def _arrow_csv(table: pd.DataFrame) -> bytes | None:
    """``table`` as pandas' CSV bytes, written from Arrow columns; None when a column is one whose text
    could differ (a single column, whose empty cells pandas writes as ``""``; mixed objects; float32 …)."""
    import pyarrow as pa
    import rustpy_xlsxwriter as rx

    if table.shape[1] < 2:
        return None
    arrays = []
    for i in range(table.shape[1]):
        array = _csv_column(table.iloc[:, i])
        if array is None:
            return None
        arrays.append(array)
    buffer = io.BytesIO()
    rx.write_csv(pa.Table.from_arrays(arrays, names=[str(c) for c in table.columns]), buffer, inf_value="inf")
    return buffer.getvalue()


def workbook_bytes(tables: Mapping[str, pd.DataFrame], parts: Sequence[WorkbookPart] = ()) -> bytes:
    """All tables as one .xlsx workbook (one sheet each, named by :func:`sheet_names`), in memory: every
    text cell is a text cell (never a formula, number or link) and formula-like text carries Excel's
    quote prefix. The document date is fixed, so the bytes depend on the tables only
    (:mod:`reporter.metrics.workbook`). ``parts`` (:func:`workbook_part`) hold some of the tables' sheets
    already written (another process wrote them): the same bytes."""
    from reporter.metrics.workbook import write_workbook

    names = sheet_names(list(tables))
    fitting = [part for part in parts if all(names.get(name) == name for name in part.sheets)]
    return write_workbook({names[name]: table for name, table in tables.items()}, fitting)


def workbook_part(tables: Mapping[str, pd.DataFrame], *, first: bool) -> WorkbookPart | None:
    """The sheets of some tables written on their own, for :func:`workbook_bytes` of a workbook holding
    them (``first``: they are its first sheets); None when a table name is not its own sheet name."""
    from reporter.metrics.workbook import write_part

    if not tables or any(sheet != name for name, sheet in sheet_names(list(tables)).items()):
        return None
    return write_part(tables, first=first)


def _check_names(names: list[str]) -> None:
    for name in names:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"metric table name {name!r} is not a safe file name (letters, digits, _ . -)")


def write_metrics(tables: Mapping[str, pd.DataFrame], out_dir: str | Path, *,
                  csvs: Mapping[str, bytes] | None = None, parts: Sequence[WorkbookPart] = ()) -> Path:
    """Write ``out_dir/metrics/<name>.csv`` and ``out_dir/metrics.xlsx`` atomically as one set; returns
    ``out_dir``. ``csvs`` (:func:`table_csv` bytes of some tables) and ``parts`` (:func:`workbook_part`)
    are what another process already serialised; the files are the same as without them."""
    out_dir = Path(out_dir)
    _check_names(list(tables))
    ready = csvs or {}
    csv_files = {name: ready[name] if name in ready else table_csv(table) for name, table in tables.items()}
    workbook = workbook_bytes(tables, [p for p in parts if p is not None])
    with output_set(out_dir, "metrics", replaces=("metrics", "metrics.xlsx")) as staging:
        folder = staging / "metrics"
        folder.mkdir()
        for name, data in csv_files.items():
            write_file(folder / f"{name}.csv", data)
        write_file(staging / "metrics.xlsx", workbook)
    return out_dir
