"""The metric tables as one .xlsx workbook, written by rust_xlsxwriter (``rustpy-xlsxwriter``).

What a sheet holds (the contract :mod:`reporter.metrics.export` promises):

- a header row of the column names (bold, thin border, centred, top-aligned: pandas' header style);
- numbers as numbers (integers as Excel's doubles), bools as bools, text always as text — an inline
  string, never a formula, number or link — and text a spreadsheet would run as a formula
  (:data:`FORMULA_START`) carries Excel's quote prefix, so it stays text when edited;
- NaN, None, ``pd.NA`` and ``NaT`` as empty cells; ±inf as the text ``inf``/``-inf`` (as in the CSV:
  Excel has no infinite number); text longer than Excel's 32,767 characters cut there;
- categorical, object, nullable and Arrow-backed columns the same way, cell by cell for an object
  column that mixes text and numbers.

The writer takes Arrow columns (made here, so each column's type is ours, not the writer's guess) and
writes every sheet in one call. It stamps the current time into ``docProps/core.xml`` and has no
quote-prefix cells of its own, so the package is finished here: ``core.xml`` gets the fixed date
(:data:`WORKBOOK_DATE`) and, only in sheets that hold formula-like text, those cells get a quote-prefix
style; the other zip entries are copied as they are (their timestamps are fixed already). The same
tables therefore give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WORKBOOK_DATE = dt.datetime(2000, 1, 1)   # the document date: the same tables give the same workbook bytes
MAX_TEXT = 32_767                          # Excel's limit for a cell's text (longer text is cut, as XlsxWriter did)
EMPTY_SHEET = "metrics"                    # the one sheet of a workbook without tables

_ARROW_KINDS = ("string", "large_string", "boolean", "integer", "floating", "null")   # pyarrow.types.is_<kind>


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would read this cell as a formula (OWASP's list of first characters)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


# --- columns → Arrow -----------------------------------------------------------------------------------

def _kind(array) -> str | None:
    import pyarrow.types as pat

    t = array.type
    for kind in _ARROW_KINDS:
        if getattr(pat, f"is_{kind}")(t):
            return kind
    return None


def _cut_long_text(array):
    import pyarrow.compute as pc

    longest = pc.max(pc.utf8_length(array)).as_py()
    return pc.utf8_slice_codeunits(array, 0, MAX_TEXT) if longest and longest > MAX_TEXT else array


def _plain(value: object) -> object:
    """One cell of a mixed column as a plain Python value the writer types by itself."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if value != value else float(value)
    return str(value)[:MAX_TEXT]


def _object_array(values: np.ndarray):
    """Object cells as one Arrow array when they have one type (text, bool or numbers, with missing
    values), else None (the caller writes the column cell by cell)."""
    import pyarrow as pa

    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
        array = None
    if array is not None and _kind(array) is not None:
        return array
    cells = [_plain(v) for v in values]   # e.g. timestamps or decimals: their text, unless numbers are mixed in
    if any(isinstance(v, (bool, int, float)) for v in cells):
        return None
    return pa.array(cells, type=pa.large_string())


def arrow_column(column: pd.Series):
    """A column as an Arrow array of a type the writer keeps (text, bool, integer, float, null), or
    None when its cells must be typed one by one (an object column mixing text and numbers)."""
    import pyarrow as pa

    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = arrow_column(pd.Series(column.cat.categories, dtype=column.cat.categories.dtype))
        if categories is None:
            return None
        codes = column.cat.codes.to_numpy()
        array = categories.take(pa.array(codes, mask=codes < 0))
    elif isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        array = pa.array(column.to_numpy(), from_pandas=True)   # NaN → null
    elif isinstance(dtype, np.dtype) or dtype == object:
        array = _object_array(column.to_numpy(dtype=object))
    else:   # pandas' str, string, Int64, Float64, boolean and Arrow dtypes
        try:
            array = pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            array = None
        if array is None or _kind(array) is None:
            array = _object_array(column.to_numpy(dtype=object))
    if array is None:
        return None
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    return _cut_long_text(array) if _kind(array) in ("string", "large_string") else array


def sheet_data(table: pd.DataFrame):
    """What the writer gets for one table: an Arrow table, or (a column mixing types) rows of plain
    values keyed by column name."""
    import pyarrow as pa

    names = [str(c) for c in table.columns]
    arrays = [arrow_column(table.iloc[:, i]) for i in range(table.shape[1])]
    if all(a is not None for a in arrays):
        return pa.Table.from_arrays(arrays, names=names) if arrays else pa.table({})
    if len(set(names)) < len(names):
        raise ValueError(f"a table with a mixed-type column has repeated column names: {names}")
    columns = [[_plain(v) for v in table.iloc[:, i].tolist()] for i in range(table.shape[1])]
    return [dict(zip(names, row)) for row in zip(*columns)]


def has_formula_like_text(table: pd.DataFrame) -> bool:
    """Whether any text cell of ``table`` is formula-like (each distinct value is looked at once)."""
    for i in range(table.shape[1]):
        column = table.iloc[:, i]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            codes = np.asarray(column.cat.codes)
            values = column.cat.categories[np.unique(codes[codes >= 0])]   # the categories in use
        elif isinstance(dtype, np.dtype) and dtype.kind in "biufcmM":
            continue
        else:
            values = column.dropna().unique()
        if any(is_formula_like(v) for v in values):
            return True
    return False


# --- the workbook ------------------------------------------------------------------------------------

def _header_format():
    import rustpy_xlsxwriter as rx

    return rx.Format().set_bold().set_border("thin").set_align("center").set_align("top")


def _raw_workbook(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """The writer's package of the sheets (not finished: its own date, no quote prefixes)."""
    import rustpy_xlsxwriter as rx

    entries = [(name, sheet_data(table)) for name, table in sheets.items()]
    buffer = io.BytesIO()
    rx.write_worksheets(entries, buffer, header_format={"general": _header_format()}, inf_value="inf")
    return buffer.getvalue()


def write_workbook(sheets: Mapping[str, pd.DataFrame], parts: Sequence[WorkbookPart] = ()) -> bytes:
    """The tables as .xlsx bytes, one sheet each, named by the keys (valid Excel sheet names, in order);
    no tables gives one empty sheet :data:`EMPTY_SHEET`.

    ``parts`` (from :func:`write_part`, e.g. in other processes) hold some of these sheets already written:
    those sheets are taken from them as they are, so the bytes are the same as without them. A part that does
    not fit (a sheet not in ``sheets``, written as the first sheet or not where the workbook says otherwise,
    other styles) is not used: its sheets are written here."""
    if not sheets:
        sheets = {EMPTY_SHEET: pd.DataFrame()}
    names = list(sheets)
    usable = [part for part in parts if _fits(part, names)]
    taken = {name: part for part in usable for name in part.sheets}
    quoted_names = {name for part in usable for name in part.quoted}
    quoted = [i for i, (name, table) in enumerate(sheets.items(), start=1)
              if (name in quoted_names if name in taken else has_formula_like_text(table))]
    skeleton = _raw_workbook({name: _PLACEHOLDER if name in taken else table for name, table in sheets.items()})
    if usable:
        try:
            skeleton = _with_part_sheets(skeleton, names, usable)
        except _PartMismatch:   # e.g. the parts' styles differ from the skeleton's: write everything here
            quoted = [i for i, table in enumerate(sheets.values(), start=1) if has_formula_like_text(table)]
            skeleton = _raw_workbook(sheets)
    return finish_package(skeleton, quoted_sheets=quoted)


# --- parts: sheets written on their own (another process), put into the workbook as they are -------------

# a sheet standing for one that a part holds (a header cell, so that the header style is registered as
# in the whole workbook and its styles.xml is the same)
_PLACEHOLDER = pd.DataFrame({"placeholder": pd.Series([], dtype=float)})
_PART_HEAD = "placeholder"          # the first sheet of a part whose sheets do not start the workbook


@dataclass(frozen=True)
class WorkbookPart:
    """Sheets written on their own by :func:`write_part`, to be put into a workbook by :func:`write_workbook`:
    ``sheets`` their names in order, ``data`` the writer's package, ``first`` whether they were written as the
    workbook's first sheets (else after an empty placeholder sheet, so that none of them is the selected tab),
    ``quoted`` the sheets holding formula-like text."""

    sheets: tuple[str, ...]
    data: bytes
    first: bool
    quoted: frozenset[str]


def write_part(sheets: Mapping[str, pd.DataFrame], *, first: bool) -> WorkbookPart:
    """Some sheets of a workbook, written as the rust writer writes them inside the whole workbook: as the
    first sheets when ``first``, else after a placeholder. Each sheet's XML does not depend on the other
    sheets, so :func:`write_workbook` copies their zip entries into the workbook byte for byte."""
    names = tuple(sheets)
    head = {} if first else {_unused_name(names): _PLACEHOLDER}
    quoted = frozenset(name for name, table in sheets.items() if has_formula_like_text(table))
    return WorkbookPart(names, _raw_workbook({**head, **sheets}), first, quoted)


def _unused_name(names: Sequence[str]) -> str:
    taken = {n.casefold() for n in names}
    name, i = _PART_HEAD, 2
    while name.casefold() in taken:
        name, i = f"{_PART_HEAD}{i}", i + 1
    return name


def _fits(part: WorkbookPart, names: list[str]) -> bool:
    """Whether the part's sheets are sheets of the workbook, its first sheet first there exactly when the
    part was written as the first sheets (the writer selects the first sheet's tab)."""
    if not part.sheets or len(set(part.sheets)) != len(part.sheets) or not set(part.sheets) <= set(names):
        return False
    return part.first == (part.sheets[0] == names[0]) and (part.first or names[0] not in part.sheets)


class _PartMismatch(Exception):
    """A part's package differs from the skeleton's in what the sheets refer to (styles)."""


def _with_part_sheets(skeleton: bytes, names: list[str], parts: Sequence[WorkbookPart]) -> bytes:
    """The skeleton with the placeholder sheets replaced by the parts' written sheets (entries copied)."""
    with zipfile.ZipFile(io.BytesIO(skeleton)) as z:
        styles = z.read("xl/styles.xml")
    raw: dict[str, tuple[bytes, str]] = {}
    for part in parts:
        with zipfile.ZipFile(io.BytesIO(part.data)) as z:
            if z.read("xl/styles.xml") != styles:
                raise _PartMismatch("xl/styles.xml")
        shift = 1 if part.first else 2
        for k, name in enumerate(part.sheets):
            raw[f"xl/worksheets/sheet{names.index(name) + 1}.xml"] = (part.data, f"xl/worksheets/sheet{k + shift}.xml")
    return replace_entries(skeleton, {}, raw=raw)


# --- the package: fixed date, quote prefixes ----------------------------------------------------------

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified) xsi:type=\"dcterms:W3CDTF\">)[^<]*(</dcterms:\2>)")
_CELL_XFS = re.compile(rb"<cellXfs count=\"(\d+)\">(.*?)</cellXfs>", re.S)
_QUOTE_XF = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
# an unstyled inline-string cell whose text starts like a formula (a CR is written as _x000D_; a literal
# "_x" in the text is escaped as _x005F_x, so it cannot look like one)
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t( xml:space="preserve")?>([=+\-@\t]|_x000D_)')


def _fixed_core(xml: bytes) -> bytes:
    stamp = WORKBOOK_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    fixed, n = _CORE_DATES.subn(lambda m: m.group(1) + stamp + m.group(3), xml)
    if n != 2:
        raise RuntimeError("the workbook's docProps/core.xml has no created/modified dates to fix")
    return fixed


def _with_quote_style(styles: bytes) -> tuple[bytes, int]:
    match = _CELL_XFS.search(styles)
    if match is None:
        raise RuntimeError("the workbook's xl/styles.xml has no cellXfs")
    count = int(match.group(1))
    replaced = b'<cellXfs count="%d">' % (count + 1) + match.group(2) + _QUOTE_XF + b"</cellXfs>"
    return styles[:match.start()] + replaced + styles[match.end():], count


def finish_package(data: bytes, quoted_sheets: list[int] = ()) -> bytes:
    """The writer's .xlsx bytes with the fixed document date and, in ``quoted_sheets`` (1-based), the
    quote prefix on every text cell that starts like a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        new = {"docProps/core.xml": _fixed_core(z.read("docProps/core.xml"))}
        if quoted_sheets:
            new["xl/styles.xml"], index = _with_quote_style(z.read("xl/styles.xml"))
            attribute = b' s="%d"' % index
            for number in quoted_sheets:
                name = f"xl/worksheets/sheet{number}.xml"
                new[name], n = _FORMULA_CELL.subn(lambda m: b'<c r="' + m.group(1) + b'"' + attribute
                                                  + m.group(0)[len(m.group(1)) + 7:], z.read(name))
                if not n:   # the writer's cell XML is not what this expects: refuse rather than drop the guard
                    raise RuntimeError(f"no formula-like text cell found in {name} to mark with the quote prefix")
    return replace_entries(data, new)


# Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16)
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


def replace_entries(data: bytes, new: Mapping[str, bytes],
                    raw: Mapping[str, tuple[bytes, str]] | None = None) -> bytes:
    """The zip ``data`` with the contents of the entries named in ``new`` replaced (deflated again, same
    name, timestamp and attributes), and those named in ``raw`` replaced by an entry of another zip
    (``{name: (zip bytes, its entry name)}``: copied as stored there, under this name); every other entry
    is copied byte for byte, in the same order."""
    raw = raw or {}
    infos, central_start = _entries(data)
    missing = (set(new) | set(raw)) - {i.filename for i in infos}
    if missing:
        raise KeyError(f"not in the workbook: {sorted(missing)}")
    if set(new) & set(raw):
        raise ValueError(f"an entry both rewritten and copied: {sorted(set(new) & set(raw))}")
    donors: dict[int, tuple[bytes, dict[str, tuple[zipfile.ZipInfo, int]]]] = {}
    for donor, _ in raw.values():
        if id(donor) not in donors:
            donor_infos, donor_central = _entries(donor)
            ends = [i.header_offset for i in donor_infos[1:]] + [donor_central]
            donors[id(donor)] = (donor, {i.filename: (i, end) for i, end in zip(donor_infos, ends)})
    ends = [i.header_offset for i in infos[1:]] + [central_start]
    out = io.BytesIO()
    central = []
    for info, end in zip(infos, ends):
        offset, target = out.tell(), info.filename
        name = target.encode("utf-8")
        if target in raw:
            donor, donor_name = raw[target]
            donor, by_name = donors[id(donor)]
            source, source_end = by_name[donor_name]
            record = donor[source.header_offset:source_end]
            old_length = _LOCAL.unpack_from(record)[10]
            out.write(record[:26] + struct.pack("<H", len(name)) + record[28:30] + name + record[30 + old_length:])
            info = source   # the donor's flags, checksum, sizes and method, under this entry's name
            method = info.compress_type
        flags, crc, size, usize = info.flag_bits, info.CRC, info.compress_size, info.file_size
        if target in new:
            content = new[target]
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = packer.compress(content) + packer.flush()
            flags, crc, size, usize = info.flag_bits & ~0x08, zlib.crc32(content), len(body), len(content)
            dostime, dosdate = _dos(info.date_time)
            out.write(_LOCAL.pack(b"PK\x03\x04", info.extract_version, 0, flags, zipfile.ZIP_DEFLATED,
                                  dostime, dosdate, crc, size, usize, len(name), 0))
            out.write(name)
            out.write(body)
            method = zipfile.ZIP_DEFLATED
        elif out.tell() == offset:   # neither rewritten nor copied from another zip
            out.write(data[info.header_offset:end])   # local header, data, data descriptor as they are
            method = info.compress_type
        dostime, dosdate = _dos(info.date_time)
        central.append(_CENTRAL.pack(b"PK\x01\x02", info.create_version, info.create_system,
                                     info.extract_version, 0, flags, method, dostime, dosdate, crc, size,
                                     usize, len(name), len(info.extra), len(info.comment), 0,
                                     info.internal_attr, info.external_attr, offset)
                       + name + info.extra + info.comment)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos), out.tell() - start, start, 0))
    return out.getvalue()


def _entries(data: bytes) -> tuple[list[zipfile.ZipInfo], int]:
    """A zip's entries in file order and where its central directory starts."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = sorted(z.infolist(), key=lambda i: i.header_offset)
    end_record = data.rfind(b"PK\x05\x06")
    return infos, _END.unpack_from(data, end_record)[6]


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day
