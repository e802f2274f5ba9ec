"""CSV files into Arrow tables: the encoding and the delimiter found, rows split by pyarrow's CSV reader.

Imports no pandas, so a thread can read a project's CSV files while the command still imports the rest
(:mod:`reporter.data.prefetch`). :func:`read_csv_arrow` gives dictionary-encoded string columns and each
row's number in the file; :mod:`reporter.data.readers` turns them into a :class:`~reporter.data.readers.RawTable`.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reporter.errors import InputError, Problem

#: Bytes that cp1252 leaves undefined; a file containing them is not cp1252 text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
#: æ ø å Æ Ø Å é in cp1252: what Danish Excel writes when it saves "CSV (semikolonsepareret)".
_DANISH_CP1252 = frozenset(b"\xe6\xf8\xe5\xc6\xd8\xc5\xe9")
_DELIMITERS = (";", ",", "\t")
_HEAD_BYTES = 1 << 16
_SCAN_BYTES = 1 << 24


def normalise_text(text: str) -> str:
    """A cell as kept: stripped, Unicode NFC."""
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def check_header(header: list[str], name: str) -> None:
    """Every header column named, and each name once; else the problems, on row 1."""
    problems = []
    for i, col in enumerate(header):
        if not col:
            problems.append(Problem(name, f"column {i + 1} has no name in the header", row=1))
    for col, n in Counter(c for c in header if c).items():
        if n > 1:
            problems.append(Problem(name, f"column name appears {n} times in the header", row=1, column=col))
    if problems:
        raise InputError(problems)


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


def read_csv_arrow(path: str | Path, *, display_name: str | None = None, threads: bool = True):
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
        check_header(header, name)
        try:
            table, bad = _arrow_csv(path, encoding, delimiter, header, threads=threads)
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
