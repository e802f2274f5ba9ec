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
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from reporter.atomic import write_file, output_set

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


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would read this cell as a formula (OWASP's list of first characters)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


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
    columns = [c for c in _text_columns(table)
               if table[c].astype(object).map(lambda v: is_formula_like(v) or (isinstance(v, str) and "\r" in v)).any()]
    if not columns:
        return table
    out = table.copy()
    for col in columns:
        out[col] = out[col].astype(object).map(_csv_cell)
    return out


def table_csv(table: pd.DataFrame) -> bytes:
    """One table as CSV bytes: UTF-8, comma, '.' decimals, NaN/None as empty, no index, formula-like
    text prefixed with ``'``."""
    return csv_safe(table).to_csv(index=False, sep=",", decimal=".", na_rep="", lineterminator="\n").encode("utf-8")


def _excel_ready(table: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as plain values so openpyxl can write them; everything else unchanged."""
    out = table.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out


def workbook_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """All tables as one .xlsx workbook (one sheet each), in memory."""
    names = sheet_names(list(tables))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if not tables:
            pd.DataFrame().to_excel(writer, sheet_name="metrics", index=False)
        for name, table in tables.items():
            _excel_ready(table).to_excel(writer, sheet_name=names[name], index=False)
        for sheet in writer.book.worksheets:
            _store_text_as_text(sheet)
    return buffer.getvalue()


def _store_text_as_text(sheet) -> None:
    """openpyxl stores a string starting with '=' as a formula: make every such cell plain text, and mark
    formula-like text with the quote prefix so that editing the cell in Excel keeps it text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _check_names(names: list[str]) -> None:
    for name in names:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"metric table name {name!r} is not a safe file name (letters, digits, _ . -)")


def write_metrics(tables: Mapping[str, pd.DataFrame], out_dir: str | Path) -> Path:
    """Write ``out_dir/metrics/<name>.csv`` and ``out_dir/metrics.xlsx`` atomically as one set; returns
    ``out_dir``."""
    out_dir = Path(out_dir)
    _check_names(list(tables))
    csvs = {name: table_csv(table) for name, table in tables.items()}
    workbook = workbook_bytes(tables)
    with output_set(out_dir, "metrics", replaces=("metrics", "metrics.xlsx")) as staging:
        folder = staging / "metrics"
        folder.mkdir()
        for name, data in csvs.items():
            write_file(folder / f"{name}.csv", data)
        write_file(staging / "metrics.xlsx", workbook)
    return out_dir
