"""Readers for survey (and register) files as tools export them: CSV, Parquet, XLSX and SPSS ``.sav``.

Every reader returns a :class:`RawTable`: one categorical column of text cells per header column
(blank = ``""``; stripped; Unicode NFC), the header as written, and for every data row the row number
the file shows (header = row 1, first data row = row 2; for SPSS and Parquet the record number + 1).
Nothing is interpreted beyond the encoding, the delimiter, cell types (XLSX, SPSS, Parquet) and SPSS
value labels; mapping answers to options is :mod:`reporter.data.answers`' job.

CSV and Parquet are read with pyarrow: CSV cells are parsed straight into dictionary arrays (one
integer code per cell, each distinct text stored once), so memory grows with the number of cells,
not with the text in them. Noise the readers accept and report as :attr:`RawTable.warnings`: cells
in decomposed Unicode (NFD, as macOS writes them), XLSX numbers formatted as dates. Problems that
stop loading (:class:`InputError`): unreadable encodings, rows with more or fewer fields than the
header (naming the row and both counts), XLSX formula cells without a saved value.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from reporter.data import prefetch
from reporter.data.csv_arrow import check_header, normalise_text, read_csv_arrow
from reporter.errors import InputError, Problem

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".sav", ".parquet")


@dataclass
class RawTable:
    """One tabular file as read: categorical text cells, header, source row numbers and reader warnings."""

    file: str
    frame: pd.DataFrame
    rows: np.ndarray
    encoding: str | None = None
    delimiter: str | None = None
    value_labels: dict[str, dict] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def __len__(self) -> int:
        return len(self.frame)


def read_table(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a tabular file, choosing the reader by its suffix (CSV/TXT/TSV, Parquet, XLSX, SAV)."""
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([Problem(name, "data file not found", expected="a file listed in data.files, relative to the project directory")])
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path, display_name=name)
    if suffix == ".parquet":
        return read_parquet(path, display_name=name)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, display_name=name)
    if suffix == ".sav":
        return read_sav(path, display_name=name)
    raise InputError([Problem(name, "unsupported file type", value=path.suffix, expected=".csv, .parquet, .xlsx or .sav")])


# --- text cells ----------------------------------------------------------------------------------


def fold(text: object) -> str:
    """The matching key of a label: NFC, inner whitespace (incl. no-break spaces) collapsed, case-folded."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _cell_text(value: object) -> str:
    """One typed cell as text: blank for missing, integers without '.0', strings stripped."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (bool, np.bool_)):
        return str(value)
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


@dataclass
class _Normalised:
    """Cells changed by NFC normalisation, per column."""

    counts: dict[str, int] = field(default_factory=dict)

    def warning(self, name: str) -> list[Problem]:
        if not self.counts:
            return []
        total = sum(self.counts.values())
        columns = ", ".join(self.counts)
        return [Problem(name, f"{total} cell(s) were in decomposed Unicode (NFD, as macOS saves files) and were "
                              f"normalised to NFC before matching (columns {columns})", severity="warning")]


def _text_categorical(codes: np.ndarray, texts: list[str], column: str, seen: _Normalised) -> pd.Categorical:
    """Categorical of normalised texts from codes (-1 = blank) into raw ``texts``; counts NFC changes."""
    stripped = [t.strip() for t in texts]
    final = [normalise_text(t) for t in stripped]
    changed = np.array([f != s for f, s in zip(final, stripped)], dtype=bool)
    if changed.any():
        counts = np.bincount(codes[codes >= 0], minlength=len(texts))
        n = int(counts[changed].sum())
        if n:
            seen.counts[column] = seen.counts.get(column, 0) + n
    uniq_codes, categories = pd.factorize(pd.Index(final + [""], dtype=object))
    remap = uniq_codes.astype(np.int64)
    blank = remap[-1]
    new_codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], blank)
    return pd.Categorical.from_codes(new_codes.astype(code_dtype(len(categories))), categories=pd.Index(categories, dtype=object))


def code_dtype(n: int) -> type:
    """The integer type pandas keeps as the codes of a categorical with ``n`` categories."""
    return np.int8 if n < 127 else np.int16 if n < 32767 else np.int32


def _to_text_column(series: pd.Series, labels: dict[str, str] | None = None, *, column: str = "",
                    seen: _Normalised | None = None) -> pd.Categorical:
    """A typed column as categorical text cells, mapping each distinct value once (vectorised).

    ``labels`` optionally maps a cell text (e.g. an SPSS code ``"3"``) to the text to use instead.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = [_cell_text(u) for u in uniques]
    if labels:
        texts = [labels.get(t, t) for t in texts]
    return _text_categorical(np.asarray(codes), texts, column, seen if seen is not None else _Normalised())


def _arrow_text_column(column, name: str, seen: _Normalised) -> pd.Categorical:
    """An Arrow (chunked) column as categorical text cells; strings stay dictionary-encoded.

    Stripping and NFC run on the dictionary (each distinct text once) with pyarrow compute; only when
    they change a text are the codes remapped.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    typ = column.type
    if pa.types.is_dictionary(typ) and (pa.types.is_string(typ.value_type) or pa.types.is_large_string(typ.value_type)):
        combined = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    elif pa.types.is_string(typ) or pa.types.is_large_string(typ):
        combined = pc.dictionary_encode(column).combine_chunks()
    else:
        return _to_text_column(column.to_pandas(), column=name, seen=seen)
    if combined.null_count:
        combined = pa.DictionaryArray.from_arrays(combined.indices.fill_null(len(combined.dictionary)),
                                                  pa.concat_arrays([combined.dictionary.cast(pa.string()),
                                                                    pa.array([""], pa.string())]))
    dictionary = combined.dictionary.cast(pa.string())
    codes = combined.indices.to_numpy(zero_copy_only=False)
    trimmed = pc.utf8_trim_whitespace(dictionary)
    final = pc.utf8_normalize(trimmed, "NFC")
    if not pc.any(pc.not_equal(final, dictionary)).as_py():
        categories = pd.Index(dictionary.to_numpy(zero_copy_only=False), dtype=object)
        if pc.count_distinct(dictionary).as_py() == len(dictionary):
            return pd.Categorical.from_codes(codes.astype(code_dtype(len(categories))), categories=categories)
    return _text_categorical(codes.astype(np.int64), dictionary.to_pylist(), name, seen)


def _frame(columns: dict[str, pd.Categorical]) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)


def _drop_blank_rows(frame: pd.DataFrame, rows: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """Drop rows where every cell is blank (spacer lines); keep the others' row numbers."""
    if frame.empty:
        return frame, rows
    blank = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        values = frame[col].array
        if isinstance(values, pd.Categorical):
            cats = values.categories
            blank_code = cats.get_loc("") if "" in cats else -2
            blank &= np.asarray(values.codes) == blank_code
        else:
            blank &= (frame[col] == "").to_numpy()
        if not blank.any():
            return frame, rows
    frame = frame.loc[~blank]
    return frame, rows[~blank]


def _finish(name: str, frame: pd.DataFrame, rows: np.ndarray, what: str, **kw) -> RawTable:
    frame, rows = _drop_blank_rows(frame, rows)
    if frame.empty:
        raise InputError([Problem(name, f"{what} has a header but no data rows", row=1,
                                  expected="one row per respondent below the header")])
    return RawTable(name, frame.reset_index(drop=True), np.asarray(rows, dtype=np.int64), **kw)


# --- CSV ------------------------------------------------------------------------------------------



def read_csv(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a CSV file (delimiter and encoding detected) into categorical text cells."""
    path = Path(path)
    name = display_name or str(path)
    ahead = prefetch.take(path)   # read in a thread while the command imported (reporter.data.prefetch)
    table, rows, encoding, delimiter = ahead if ahead is not None else read_csv_arrow(path, display_name=name)
    del ahead
    tables = [table]
    del table
    columns, warnings = arrow_text_columns(tables.pop(), name)
    return _finish(name, _frame(columns), rows, "file", encoding=encoding, delimiter=delimiter, warnings=warnings)


def arrow_text_columns(table, display_name: str) -> tuple[dict[str, pd.Categorical], list[Problem]]:
    """Every column of an Arrow table as categorical text cells (stripped, NFC); the NFC warning, if any.

    Each Arrow column is released once converted, so pass the only reference to the table
    (``arrow_text_columns(tables.pop(), name)``) to keep the peak memory at about one copy.
    """
    import pyarrow as pa

    seen = _Normalised()
    columns = {}
    for name in list(table.column_names):
        column = table.column(0)
        table = table.remove_column(0)
        columns[normalise_text(str(name))] = _arrow_text_column(column, name, seen)
        del column
    del table
    pa.default_memory_pool().release_unused()
    return columns, seen.warning(display_name)


# --- Parquet --------------------------------------------------------------------------------------


def read_parquet(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a Parquet file: string columns dictionary-encoded, other types as text (integers without '.0').

    Row numbers are the record number + 1, as if a header were row 1.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    name = display_name or str(path)
    if path.stat().st_size == 0:
        raise InputError([Problem(name, "file is empty (0 bytes)", expected="a Parquet file")])
    try:
        schema = pq.read_schema(path)
        strings = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        table = pq.read_table(path, read_dictionary=strings)
    except (pa.ArrowException, OSError) as exc:
        raise InputError([Problem(name, f"cannot read the Parquet file: {exc}", expected="a Parquet file")]) from None
    header = [normalise_text(str(c)) for c in table.column_names]
    check_header(header, name)
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    tables = [table]
    del table
    columns, warnings = arrow_text_columns(tables.pop(), name)
    return _finish(name, _frame(columns), rows, "Parquet file", warnings=warnings)


# --- XLSX -------------------------------------------------------------------------------------------


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (``<f>`` element)."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with zf.open(info) as fh:
                        tail = b""
                        while chunk := fh.read(1 << 20):
                            data = tail + chunk
                            if b"<f>" in data or b"<f " in data or b":f>" in data or b":f " in data:
                                return True
                            tail = data[-4:]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False


def _xlsx_rows(path: Path, sheet: int | str, *, data_only: bool) -> tuple[list[list], list[list[bool]]]:
    """Cell values (and whether each is date-formatted) of one sheet, rows padded to equal length."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers store a wrong sheet size; read every row there is
        values, dates = [], []
        for row in ws.iter_rows():
            values.append([getattr(c, "value", None) for c in row])
            dates.append([bool(getattr(c, "is_date", False)) for c in row])
    finally:
        wb.close()
    width = max((len(r) for r in values), default=0)
    for r, d in zip(values, dates):
        r.extend([None] * (width - len(r)))
        d.extend([False] * (width - len(d)))
    return values, dates


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


_DATE_TYPES = (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


def read_xlsx(path: str | Path, *, display_name: str | None = None, sheet: int | str = 0) -> RawTable:
    """Read the first sheet of an Excel workbook: header in row 1, one respondent per row.

    Numbers formatted as dates are read as the number underneath (with a warning); formula cells
    without a saved value (a workbook written by a script and never opened in Excel) are an error
    naming the cells.
    """
    from openpyxl.utils.datetime import to_excel

    path = Path(path)
    name = display_name or str(path)
    if path.stat().st_size == 0:
        raise InputError([Problem(name, "file is empty (0 bytes)", expected="an Excel workbook")])
    try:
        values, dates = _xlsx_rows(path, sheet, data_only=True)
        formulas = _xlsx_rows(path, sheet, data_only=False)[0] if _has_formulas(path) else None
    except Exception as exc:  # openpyxl raises several types for damaged files
        raise InputError([Problem(name, f"cannot read the Excel workbook: {exc}", expected="an .xlsx workbook")]) from None
    while values and all(v is None for v in values[-1]):
        values.pop()
    if not values:
        raise InputError([Problem(name, "workbook sheet is empty", expected="a header row and one row per respondent")])
    header = [normalise_text(_cell_text(v)) for v in values[0]]
    while header and not header[-1]:  # trailing unnamed, empty columns
        if all(r[len(header) - 1] is None for r in values[1:]):
            header.pop()
        else:
            break
    check_header(header, name)
    problems, warnings = [], []
    body = values[1:]
    for j, col in enumerate(header):
        if formulas is not None:
            missing = [(i + 2, formulas[i + 1][j]) for i, r in enumerate(body)
                       if r[j] is None and i + 1 < len(formulas) and isinstance(formulas[i + 1][j], str)
                       and formulas[i + 1][j].startswith("=")]
            if missing:
                cells = ", ".join(f"{_column_letter(j)}{r}" for r, _ in missing[:10])
                more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
                problems.append(Problem(
                    name, f"{len(missing)} formula cell(s) have no saved value (cells {cells}{more}); the workbook was "
                          "written by a program that does not calculate formulas", row=missing[0][0], column=col,
                    value=missing[0][1], expected="values, or the workbook opened and saved once in Excel or LibreOffice"))
        as_date = [i for i, r in enumerate(body) if dates[i + 1][j] and isinstance(r[j], _DATE_TYPES)]
        if as_date:
            for i in as_date:
                number = to_excel(body[i][j])
                body[i][j] = number
            first = as_date[0]
            warnings.append(Problem(
                name, f"{len(as_date)} number cell(s) are formatted as dates in Excel; the number underneath is used",
                row=first + 2, column=col, value=_cell_text(body[first][j]), severity="warning"))
    if problems:
        raise InputError(problems)
    seen = _Normalised()
    columns = {}
    for j, col in enumerate(header):
        columns[col] = _to_text_column(pd.Series([r[j] for r in body], dtype=object), column=col, seen=seen)
    rows = np.arange(2, len(body) + 2, dtype=np.int64)
    return _finish(name, _frame(columns), rows, "sheet", warnings=warnings + seen.warning(name))


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
    seen = _Normalised()
    columns = {}
    for col in df.columns:
        labels = value_labels.get(col) if apply_labels else None
        by_text = {_cell_text(code): str(label).strip() for code, label in labels.items()} if labels else None
        columns[normalise_text(str(col))] = _to_text_column(df[col], by_text, column=str(col), seen=seen)
    frame = _frame(columns)
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    frame, rows = _drop_blank_rows(frame, rows)
    return RawTable(name, frame.reset_index(drop=True), rows, value_labels=value_labels, warnings=seen.warning(name))
