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

import datetime as dt
import io
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
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
    text prefixed with ``'``."""
    return csv_safe(table).to_csv(index=False, sep=",", decimal=".", na_rep="", lineterminator="\n").encode("utf-8")


_WORKBOOK_DATE = dt.datetime(2000, 1, 1)  # fixed document date: the same tables give the same workbook bytes
_HEADER = {"bold": True, "border": 1, "align": "center", "valign": "top"}  # pandas' header style


def _column_values(column: pd.Series) -> tuple[str, list]:
    """A column as ``(kind, plain Python values)``: ``number`` (NaN = empty), ``bool`` or ``any`` (per cell)."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype) and not column.hasnans:
        return "bool", column.to_numpy(dtype=bool).tolist()
    if (pd.api.types.is_float_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)) and isinstance(dtype, np.dtype):
        return "number", column.to_numpy().tolist()
    return "any", column.astype(object).tolist()


def _write_sheet(sheet, table: pd.DataFrame, header, quoted) -> None:
    """One table on one sheet, row by row:
    header row, then numbers as numbers, text always as text (never a formula; formula-like text with
    the quote prefix), missing values as empty cells."""
    for c, name in enumerate(table.columns):
        sheet.write_string(0, c, str(name), header)
    columns = [_column_values(table[name]) for name in table.columns]
    number, string, boolean = sheet.write_number, sheet.write_string, sheet.write_boolean
    for r in range(len(table)):
        row = r + 1
        for c, (kind, values) in enumerate(columns):
            v = values[r]
            if kind == "number":
                if v == v:  # NaN stays empty
                    number(row, c, v)
            elif kind == "bool":
                boolean(row, c, v)
            elif isinstance(v, str):
                if v.startswith(FORMULA_START):
                    string(row, c, v, quoted)
                else:
                    string(row, c, v)
            elif v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
                continue
            elif isinstance(v, (bool, np.bool_)):
                boolean(row, c, bool(v))
            elif isinstance(v, (int, float, np.integer, np.floating)):
                number(row, c, float(v) if isinstance(v, np.floating) else v)
            else:
                string(row, c, str(v))


class _Workbook:
    """One .xlsx workbook being written in memory, a sheet per table in the order they are added."""

    def __init__(self) -> None:
        import xlsxwriter

        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(self._buffer, {"in_memory": True, "strings_to_numbers": False,
                                                        "strings_to_formulas": False, "strings_to_urls": False,
                                                        "nan_inf_to_errors": True})
        self._book.set_properties({"created": _WORKBOOK_DATE})
        self._header = self._book.add_format(_HEADER)
        self._quoted = self._book.add_format({"quote_prefix": True})
        self._names: list[str] = []

    def add(self, name: str, table: pd.DataFrame) -> None:
        self._names.append(name)
        sheet = sheet_names(self._names)[name]   # the same names as for the whole list at once
        _write_sheet(self._book.add_worksheet(sheet), table, self._header, self._quoted)

    def close(self) -> bytes:
        if not self._names:
            self._book.add_worksheet("metrics")
        self._book.close()
        return self._buffer.getvalue()


def workbook_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """All tables as one .xlsx workbook (one sheet each), in memory, written with XlsxWriter: every text
    cell is a text cell (XlsxWriter turns no string into a formula, number or link) and formula-like text
    carries Excel's quote prefix. The document date is fixed, so the bytes depend on the tables only."""
    book = _Workbook()
    for name, table in tables.items():
        book.add(name, table)
    return book.close()


class StreamedWorkbook:
    """The workbook of :func:`workbook_bytes`, written in a forked process while the tables are still
    being computed: :meth:`add` each table as it is made (``compute_all(..., on_table=book.add)``),
    then :meth:`result` gives the same bytes ``workbook_bytes`` gives for those tables in that order.
    The writer process dies with this one; leaving the ``with`` block ends it."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_stream_worker, args=(child, os.getpid()), daemon=True,
                                        name="reporter-workbook")
        self._process.start()
        child.close()
        self._broken = False
        self._sent: list[str] = []

    def add(self, name: str, table: pd.DataFrame) -> None:
        self._sent.append(name)
        if self._broken:
            return
        try:
            self._conn.send((name, table))
        except OSError:  # the writer failed: result() reports why
            self._broken = True

    def result_for(self, tables: Mapping[str, pd.DataFrame]) -> bytes:
        """The workbook of ``tables``: the streamed one when exactly these tables were added, in this
        order; otherwise written here from ``tables`` (the streamed one is dropped)."""
        if list(tables) != self._sent:
            self.close()
            return workbook_bytes(tables)
        return self.result()

    def result(self) -> bytes:
        """The workbook bytes (waits for the writer); its error as a RuntimeError if it failed."""
        if not self._broken:
            try:
                self._conn.send(None)
            except OSError:  # the writer has stopped; its error may still be waiting in the pipe
                self._broken = True
        try:
            status, payload = self._conn.recv()
        except (OSError, EOFError) as exc:
            raise RuntimeError(f"the workbook writer stopped: {exc}") from exc
        if status != "ok":
            raise RuntimeError(f"writing the workbook failed: {payload}")
        return payload

    def close(self) -> None:
        self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __enter__(self) -> "StreamedWorkbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _stream_worker(conn, parent: int) -> None:
    from reporter.processes import die_with_parent

    import queue
    import threading

    die_with_parent(parent)
    received: queue.Queue = queue.Queue()

    def receive() -> None:  # reads on while a sheet is written, so the sender never waits for the writer
        try:
            while True:
                item = conn.recv()
                received.put(item)
                if item is None:
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the writer loop
            received.put(exc)

    threading.Thread(target=receive, name="workbook-receiver", daemon=True).start()
    try:
        book = _Workbook()
        while (item := received.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            book.add(*item)
        conn.send(("ok", book.close()))
    except EOFError:  # the parent closed the pipe without asking for the result
        pass
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass
    finally:
        conn.close()


def _check_names(names: list[str]) -> None:
    for name in names:
        if not _SAFE_NAME.match(name):
            raise ValueError(f"metric table name {name!r} is not a safe file name (letters, digits, _ . -)")


def write_metrics(tables: Mapping[str, pd.DataFrame], out_dir: str | Path,
                  workbook: Callable[[], bytes] | None = None) -> Path:
    """Write ``out_dir/metrics/<name>.csv`` and ``out_dir/metrics.xlsx`` atomically as one set; returns
    ``out_dir``. ``workbook`` gives the workbook's bytes when it is made elsewhere (e.g.
    :meth:`StreamedWorkbook.result`); by default it is written here from ``tables``."""
    out_dir = Path(out_dir)
    _check_names(list(tables))
    csvs = {name: table_csv(table) for name, table in tables.items()}
    workbook = workbook() if workbook is not None else workbook_bytes(tables)
    with output_set(out_dir, "metrics", replaces=("metrics", "metrics.xlsx")) as staging:
        folder = staging / "metrics"
        folder.mkdir()
        for name, data in csvs.items():
            write_file(folder / f"{name}.csv", data)
        write_file(staging / "metrics.xlsx", workbook)
    return out_dir
