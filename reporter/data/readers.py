"""Readers for survey files as survey tools export them: CSV, XLSX and SPSS ``.sav``.

Every reader returns a :class:`RawTable`: the cells as stripped strings (blank = ``""``), the header
as written, and for every data row the row number the file shows (header = row 1, first data row =
row 2; for SPSS files the case number + 1). Nothing is interpreted here beyond the encoding, the
delimiter and (for SPSS) value labels; mapping answers to options is :mod:`reporter.data.validate`'s job.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.errors import InputError, Problem

#: Bytes that cp1252 leaves undefined; a file containing them is not cp1252 text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: æ ø å Æ Ø Å é in cp1252: what Danish Excel writes when it saves "CSV (semikolonsepareret)".
_DANISH_CP1252 = frozenset(b"\xe6\xf8\xe5\xc6\xd8\xc5\xe9")
_DELIMITERS = (";", ",", "\t")

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".sav")


@dataclass
class RawTable:
    """One survey file as read: string cells, header and source row numbers."""

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    encoding: str | None = None
    delimiter: str | None = None
    value_labels: dict[str, dict] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def __len__(self) -> int:
        return len(self.frame)


def read_table(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a survey file, choosing the reader by its suffix."""
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([Problem(name, "data file not found", expected="a file listed in data.files, relative to the project directory")])
    if suffix in (".csv", ".txt"):
        return read_csv(path, display_name=name)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, display_name=name)
    if suffix == ".sav":
        return read_sav(path, display_name=name)
    raise InputError([Problem(name, "unsupported file type", value=path.suffix, expected=".csv, .xlsx or .sav")])


# --- CSV ------------------------------------------------------------------------------------------


def _row_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), else Danish cp1252; else a clear problem."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if not (_CP1252_UNDEFINED & set(data)) and (_DANISH_CP1252 & set(data)):
        return data.decode("cp1252"), "cp1252"
    offset = utf8_error.start
    raise InputError([Problem(
        name, f"wrong encoding: byte 0x{data[offset]:02x} at byte offset {offset} is not UTF-8, "
              "and the file is not Danish Windows-1252 (cp1252) text either",
        row=_row_of_offset(data, offset), expected="UTF-8 (with or without BOM) or cp1252 as Danish Excel saves it")])


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used in the header line: the most frequent of ``;``, ``,`` and tab."""
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_header(header: list[str], name: str) -> None:
    problems = []
    for i, col in enumerate(header):
        if not col:
            problems.append(Problem(name, f"column {i + 1} has no name in the header", row=1))
    for col, n in Counter(c for c in header if c).items():
        if n > 1:
            problems.append(Problem(name, f"column name appears {n} times in the header", row=1, column=col))
    if problems:
        raise InputError(problems)


def read_csv(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a CSV file (delimiter and encoding detected) into string cells."""
    path = Path(path)
    name = display_name or str(path)
    data = path.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise InputError([Problem(name, "file is empty (0 bytes)" if not data else "file is empty (only blank lines)",
                                  expected="a header row and one row per respondent")])
    text, encoding = decode_text(data, name)
    header_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(header_line)
    header = [h.strip() for h in next(csv.reader([header_line.rstrip("\r")], delimiter=delimiter))]
    _check_header(header, name)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=object, keep_default_na=False, na_filter=False,
                            skip_blank_lines=False, header=0, names=header, engine="c")
    except pd.errors.ParserError as exc:
        message = str(exc).strip()
        row = None
        if " in line " in message:
            try:
                row = int(message.split(" in line ", 1)[1].split(",", 1)[0])
            except ValueError:
                row = None
        raise InputError([Problem(name, f"cannot split the row into columns: {message}", row=row,
                                  expected=f"{len(header)} fields separated by {delimiter!r}")]) from None
    rows = np.arange(2, len(frame) + 2)
    frame = pd.DataFrame({col: _to_text_column(frame[col]) for col in header})
    frame, rows = _drop_blank_rows(frame, rows)
    if frame.empty:
        raise InputError([Problem(name, "file has a header but no data rows", row=1,
                                  expected="one row per respondent below the header")])
    return RawTable(name, frame.reset_index(drop=True), rows, encoding=encoding, delimiter=delimiter)


def _drop_blank_rows(frame: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop rows where every cell is blank (spacer lines); keep the others' row numbers."""
    if frame.empty:
        return frame, rows
    blank = (frame == "").all(axis=1).to_numpy()
    if blank.any():
        frame = frame.loc[~blank]
        rows = rows[~blank]
    return frame, rows


# --- cell normalisation for typed readers -----------------------------------------------------------


def _cell_text(value: object) -> str:
    """One cell as text: blank for missing, integers without '.0', strings stripped."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.floating):
        return _cell_text(float(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _to_text_column(series: pd.Series, labels: dict[str, str] | None = None) -> pd.Series:
    """Convert a column to text cells by mapping its unique values (vectorised).

    ``labels`` optionally maps a cell text (e.g. an SPSS code ``"3"``) to the text to use instead.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = [_cell_text(u) for u in uniques]
    if labels:
        texts = [labels.get(t, t) for t in texts]
    texts = np.array(texts + [""], dtype=object)
    return pd.Series(texts[codes], index=series.index, dtype=object)


# --- XLSX -------------------------------------------------------------------------------------------


def read_xlsx(path: str | Path, *, display_name: str | None = None, sheet: int | str = 0) -> RawTable:
    """Read the first sheet of an Excel workbook: header in row 1, one respondent per row."""
    path = Path(path)
    name = display_name or str(path)
    if path.stat().st_size == 0:
        raise InputError([Problem(name, "file is empty (0 bytes)", expected="an Excel workbook")])
    try:
        raw = pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise InputError([Problem(name, f"cannot read the Excel workbook: {exc}", expected="an .xlsx workbook")]) from None
    if raw.empty:
        raise InputError([Problem(name, "workbook sheet is empty", expected="a header row and one row per respondent")])
    header = [_cell_text(v) for v in raw.iloc[0].tolist()]
    while header and not header[-1]:  # trailing unnamed, empty columns
        if raw.iloc[1:, len(header) - 1].isna().all():
            header.pop()
        else:
            break
    _check_header(header, name)
    body = raw.iloc[1:, : len(header)]
    body.columns = header
    frame = pd.DataFrame({col: _to_text_column(body[col]) for col in header})
    rows = np.arange(2, len(frame) + 2)
    frame, rows = _drop_blank_rows(frame, rows)
    if frame.empty:
        raise InputError([Problem(name, "sheet has a header but no data rows", row=1,
                                  expected="one row per respondent below the header")])
    return RawTable(name, frame.reset_index(drop=True), rows)


# --- SPSS -------------------------------------------------------------------------------------------


def read_sav(path: str | Path, *, display_name: str | None = None, apply_labels: bool = True) -> RawTable:
    """Read an SPSS file; with ``apply_labels`` codes that have a value label become the label text.

    Codes without a value label stay as numbers (written without '.0'), so both codes and labels
    reach the answer mapping. Row numbers are case number + 1, as if the header were row 1.
    """
    import pyreadstat

    path = Path(path)
    name = display_name or str(path)
    if path.stat().st_size == 0:
        raise InputError([Problem(name, "file is empty (0 bytes)", expected="an SPSS .sav file")])
    try:
        df, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False)
    except Exception as exc:  # pyreadstat.ReadstatError and friends
        raise InputError([Problem(name, f"cannot read the SPSS file: {exc}", expected="an SPSS .sav file")]) from None
    if df.empty:
        raise InputError([Problem(name, "SPSS file has variables but no cases", expected="one case per respondent")])
    value_labels = {col: dict(labels) for col, labels in (meta.variable_value_labels or {}).items()}
    columns = {}
    for col in df.columns:
        labels = value_labels.get(col) if apply_labels else None
        by_text = {_cell_text(code): str(label).strip() for code, label in labels.items()} if labels else None
        columns[str(col)] = _to_text_column(df[col], by_text)
    frame = pd.DataFrame(columns)
    rows = np.arange(2, len(frame) + 2)
    frame, rows = _drop_blank_rows(frame, rows)
    return RawTable(name, frame.reset_index(drop=True), rows, value_labels=value_labels)
