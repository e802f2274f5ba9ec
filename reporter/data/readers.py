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

import codecs
import datetime
import math
import unicodedata
import zipfile
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
_HEAD_BYTES = 1 << 16
_SCAN_BYTES = 1 << 24

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


def normalise_text(text: str) -> str:
    """A cell as kept: stripped, Unicode NFC."""
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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
    return pd.Categorical.from_codes(new_codes.astype(_code_dtype(len(categories))), categories=pd.Index(categories, dtype=object))


def _code_dtype(n: int) -> type:
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
            return pd.Categorical.from_codes(codes.astype(_code_dtype(len(categories))), categories=categories)
    return _text_categorical(codes.astype(np.int64), dictionary.to_pylist(), name, seen)


def _frame(columns: dict[str, pd.Categorical]) -> pd.DataFrame:
    return pd.DataFrame(columns, copy=False)


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


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used in the header line: the most frequent of ``;``, ``,`` and tab."""
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _utf16(head: bytes) -> str | None:
    """``utf-16`` (BOM), ``utf-16-le``/``-be`` (NUL bytes in every other position) or None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    return None


def _head_is_utf8(head: bytes, whole: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    except UnicodeDecodeError:
        return False
    return True


def _scan_encoding(path: Path, name: str) -> str:
    """Scan the whole file: UTF-8, else Danish cp1252; else a problem naming the first bad byte and its row."""
    counts = np.zeros(256, dtype=np.int64)
    first_bad: tuple[int, int] | None = None
    base, lines, carry = 0, 0, b""
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_SCAN_BYTES)
            data = carry + chunk
            if not data:
                break
            cut = len(data) if not chunk else data.rfind(b"\n") + 1 or len(data)
            piece, carry = data[:cut], data[cut:]
            counts += np.bincount(np.frombuffer(piece, dtype=np.uint8), minlength=256)
            if first_bad is None:
                try:
                    piece.decode("utf-8")
                except UnicodeDecodeError as exc:
                    first_bad = (base + exc.start, lines + piece.count(b"\n", 0, exc.start) + 1)
            lines += piece.count(b"\n")
            base += len(piece)
            if not chunk:
                break
    if first_bad is None:
        return "utf-8"
    present = {b for b in range(256) if counts[b]}
    if not (_CP1252_UNDEFINED & present) and (_DANISH_CP1252 & present):
        return "cp1252"
    offset, row = first_bad
    with path.open("rb") as fh:
        fh.seek(offset)
        byte = fh.read(1)[0]
    raise InputError([Problem(
        name, f"wrong encoding: byte 0x{byte:02x} at byte offset {offset} is not UTF-8, "
              "and the file is not Danish Windows-1252 (cp1252) text either",
        row=row, expected="UTF-8 (with or without BOM), UTF-16 (Excel's Unicode text) or cp1252 as Danish Excel saves it")])


def _header_line(head: bytes, encoding: str) -> str:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    text = text.lstrip("\ufeff")
    for i, ch in enumerate(text):
        if ch in "\r\n":
            return text[:i]
    return text


@dataclass
class _BadRows:
    """Rows whose field count differs from the header's (collected by pyarrow's invalid-row handler)."""

    rows: list = field(default_factory=list)

    def __call__(self, row) -> str:
        self.rows.append((row.number, row.expected_columns, row.actual_columns, row.text))
        return "skip"


def _has_quotes(path: Path) -> bool:
    """Whether the file holds a double quote at all (only then can a cell hold a line break)."""
    import mmap

    with path.open("rb") as fh:
        try:
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                return mm.find(b'"') >= 0
        except ValueError:  # empty file
            return False


def _arrow_csv(path: Path, encoding: str, delimiter: str, header: list[str], *, threads: bool = True):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    bad = _BadRows()
    # line breaks inside quoted cells need a slower way of splitting the file into blocks
    newlines_in_values = _has_quotes(path)
    text = pa.dictionary(pa.int32(), pa.string())
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, encoding=encoding, use_threads=threads,
                                       block_size=1 << 21),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=newlines_in_values, ignore_empty_lines=False,
                                         invalid_row_handler=bad),
        convert_options=pacsv.ConvertOptions(column_types={c: text for c in header}, strings_can_be_null=False,
                                             quoted_strings_can_be_null=False))
    return table, bad.rows


def _bad_row_problems(name: str, bad: list, expected_n: int, delimiter: str) -> tuple[list[Problem], list[int]]:
    """Errors for rows with a wrong field count (entirely empty rows excepted); and the skipped row numbers."""
    problems, skipped = [], []
    shown = 0
    for number, expected, actual, text in sorted(bad, key=lambda b: b[0] or 0):
        skipped.append(number)
        if not text.strip(" \t\r\n\x00\ufeff" + delimiter):
            continue  # an entirely empty row (blanks, or fewer delimiters than the header): a spacer
        if shown == 20:
            problems.append(Problem(name, f"... and {len([b for b in bad if b[3].strip()]) - shown} more row(s) with "
                                          "the wrong number of fields"))
            break
        shown += 1
        why = "fewer fields than the header (a cut-off or incomplete row?)" if actual < expected else \
            "more fields than the header (an unquoted delimiter in a cell?)"
        preview = text if len(text) <= 80 else text[:77] + "..."
        problems.append(Problem(name, f"row has {actual} field(s) but the header has {expected}: {why}",
                                row=number, value=preview, expected=f"{expected_n} fields separated by {delimiter!r}"))
    return problems, skipped


def read_csv_arrow(path: str | Path, *, display_name: str | None = None):
    """Read a CSV file into a pyarrow Table of dictionary-encoded string columns.

    Encoding (UTF-8 with or without BOM, UTF-16 as Excel's "Unicode text" saves it, or Danish cp1252)
    and delimiter (``;``, ``,`` or tab, from the header) are detected; LF, CRLF and CR-only line ends
    are accepted. Returns ``(table, rows, encoding, delimiter)`` where ``rows`` are the file's row
    numbers of the table's rows (header = 1). Raises :class:`InputError` naming file and row.
    """
    import pyarrow as pa

    path = Path(path)
    name = display_name or str(path)
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if not head:
        raise InputError([Problem(name, "file is empty (0 bytes)", expected="a header row and one row per respondent")])
    encoding = _utf16(head) or ("utf-8" if _head_is_utf8(head, size <= len(head)) else _scan_encoding(path, name))
    if size <= len(head) and not codecs.decode(head, encoding, errors="replace").strip("\ufeff \t\r\n\x00"):
        raise InputError([Problem(name, "file is empty (only blank lines)",
                                  expected="a header row and one row per respondent")])
    for attempt in range(2):
        header_line = _header_line(head, encoding)
        delimiter = sniff_delimiter(header_line)
        header = [normalise_text(h) for h in next(_csv_reader(header_line, delimiter), [])]
        _check_header(header, name)
        try:
            table, bad = _arrow_csv(path, encoding, delimiter, header)
            break
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if "invalid UTF8" in message and encoding == "utf-8" and attempt == 0:
                encoding = _scan_encoding(path, name)
                continue
            raise InputError([Problem(name, f"cannot split the file into rows and columns: {message}",
                                      expected=f"{len(header)} fields separated by {delimiter!r} per row")]) from None
        except (UnicodeError, LookupError) as exc:
            raise InputError([Problem(name, f"cannot decode the file as {encoding}: {exc}",
                                      expected="UTF-8, UTF-16 or cp1252 text")]) from None
    rows = np.arange(2, table.num_rows + 2, dtype=np.int64)
    if bad:
        if any(number is None for number, *_ in bad):  # row numbers are known only to a sequential parse
            table, bad = _arrow_csv(path, encoding, delimiter, header, threads=False)
        problems, skipped = _bad_row_problems(name, bad, len(header), delimiter)
        if problems:
            raise InputError(problems)
        every = np.arange(2, table.num_rows + len(skipped) + 2, dtype=np.int64)
        rows = every[~np.isin(every, np.asarray(skipped, dtype=np.int64))]
    return table, rows, encoding, delimiter


def _csv_reader(line: str, delimiter: str):
    import csv

    return csv.reader([line], delimiter=delimiter)


def read_csv(path: str | Path, *, display_name: str | None = None) -> RawTable:
    """Read a CSV file (delimiter and encoding detected) into categorical text cells."""
    path = Path(path)
    name = display_name or str(path)
    table, rows, encoding, delimiter = read_csv_arrow(path, display_name=name)
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
    _check_header(header, name)
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
    _check_header(header, name)
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
