"""Text and tables of a PDF, read from its structure tags (the renderer writes tagged PDF).

Every character of a tagged PDF belongs to a marked-content id (MCID) on its page; the structure tree says
which MCIDs form a table cell (``TH``/``TD`` in ``TR`` in ``Table``) and which paragraph precedes a table (its
caption). So tables come back exactly as rendered — rows, header rows, spans — without guessing a grid from
ruling lines. Text outside tables is compared page by page, line by line. Untagged PDFs still compare by
page text (and raster); they simply have no tables.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber
from pdfplumber.structure import PDFStructElement, PDFStructTree, StructTreeMissing
from pdfplumber.utils import extract_text

from reporter.compare.report import Difference
from reporter.compare.tables import Grid, GridCell, compare_tables
from reporter.compare.text_diff import compare_lines

_Key = tuple[int, int]   # (page number, mcid)


@dataclass(frozen=True)
class PdfTable:
    """A table of the PDF: its caption, its grid and the page it starts on."""

    caption: str
    grid: Grid
    page: int


@dataclass(frozen=True)
class PdfContent:
    """What is compared of a PDF: text lines per page (table cells excluded) and the tables."""

    pages: tuple[tuple[str, ...], ...]
    tables: tuple[PdfTable, ...]


class PdfReadError(ValueError):
    """The file is not a readable PDF."""


def read_pdf(data: bytes, name: str = "PDF") -> PdfContent:
    """Read the text and tables of a PDF's bytes."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for broken files
        raise PdfReadError(f"{name} is not a readable PDF: {type(exc).__name__}: {exc}") from None
    with pdf:
        chars: dict[_Key, list[dict]] = defaultdict(list)
        untagged: dict[int, list[dict]] = defaultdict(list)
        for page in pdf.pages:
            for char in page.chars:
                mcid = char.get("mcid")
                if mcid is None:
                    untagged[page.page_number].append(char)
                else:
                    chars[(page.page_number, mcid)].append(char)
        tables, table_keys = _tables(_struct_roots(pdf), chars)
        rest: dict[int, list[dict]] = defaultdict(list)
        for number, cs in untagged.items():
            rest[number].extend(cs)
        for key, cs in chars.items():
            if key not in table_keys:
                rest[key[0]].extend(cs)
        pages = [_lines(rest.get(page.page_number, [])) for page in pdf.pages]
    return PdfContent(pages=tuple(pages), tables=tuple(tables))


def _struct_roots(pdf) -> list[PDFStructElement]:
    """The top elements of the document's structure tree (none for an untagged PDF)."""
    try:
        return list(PDFStructTree(pdf))
    except StructTreeMissing:
        return []


SOFT_HYPHEN = "\u00ad"
BREAK_HYPHEN = "\u2010"      # what WeasyPrint's text layer has where it hyphenated a word


def _unsoft(line: str) -> str:
    """A line with Typst's soft hyphens read as WeasyPrint's: the one ending the line (where the word was
    broken) as U+2010, the others (invisible break opportunities Typst keeps in its text layer) removed."""
    if SOFT_HYPHEN not in line:
        return line
    end = BREAK_HYPHEN if line.endswith(SOFT_HYPHEN) else ""
    return line.rstrip(SOFT_HYPHEN).replace(SOFT_HYPHEN, "") + end


def _lines(chars: list[dict]) -> tuple[str, ...]:
    """Characters (any order) → text lines in reading order, whitespace normalised."""
    if not chars:
        return ()
    chars = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    text = extract_text(chars, x_tolerance=1.5, y_tolerance=3)
    return tuple(line for line in (_unsoft(" ".join(raw.split())) for raw in text.splitlines()) if line)


def _text(element: PDFStructElement, chars: dict[_Key, list[dict]]) -> tuple[str, int | None]:
    """Text of a structure element (its first page only: repeated header rows are not doubled) and that page."""
    keys = [(page, mcid) for page, mcid in element.all_mcids() if page is not None]
    if not keys:
        return "", None
    first = keys[0][0]
    own = [c for key in keys if key[0] == first for c in chars.get(key, [])]
    return " ".join(_lines(own)), first


def _walk(elements: list[PDFStructElement]) -> Iterator[tuple[PDFStructElement, PDFStructElement | None]]:
    """Every Table element with the element just before it in its parent (the caption candidate)."""
    for element in elements:
        previous = None
        for child in element.children:
            if child.type == "Table":
                yield child, previous
            else:
                yield from _walk([child])
            previous = child


def _ids(value) -> list[str]:
    """The ``Headers`` attribute of a TD (ids of its header cells) as strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [i.decode("latin-1") if isinstance(i, bytes) else str(i) for i in items]


def _rows(table: PDFStructElement) -> list[tuple[bool, PDFStructElement]]:
    rows = []
    for section in table.children:
        section_rows = section.children if section.type in ("THead", "TBody", "TFoot") else [section]
        rows.extend((section.type == "THead", tr) for tr in section_rows if tr.type == "TR")
    return rows


_CELL_ID = re.compile(r"-(\d+)-(\d+)$")


def _position(cell_id: str) -> tuple[int, int] | None:
    """WeasyPrint names header cells ``<table>-<row>-<column>`` (grid positions)."""
    match = _CELL_ID.search(cell_id)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _table_grid_rows(table: PDFStructElement, chars: dict[_Key, list[dict]]) -> list[tuple[bool, list[GridCell]]]:
    """Rows of GridCells. WeasyPrint leaves empty cells out of the tags, so positions alone can shift; the
    header cells' ids carry their grid position and a TD's ``Headers`` attribute names its column's header
    cell, which gives each TD its column header exactly (all header rows over that column, top to bottom)."""
    rows = _rows(table)
    heads: dict[int, list[tuple[int, str]]] = defaultdict(list)
    column_of: dict[str, int] = {}
    for is_head, tr in rows:
        if not is_head:
            continue
        for cell in tr.children:
            position = _position(str(cell.id)) if cell.id else None
            if position is None:
                continue
            text = _text(cell, chars)[0]
            span = int(cell.attributes.get("ColSpan", 1) or 1)
            column_of[str(cell.id)] = position[1]
            for k in range(position[1], position[1] + max(1, span)):
                heads[k].append((position[0], text))
    width = max((sum(int(c.attributes.get("ColSpan", 1) or 1) for c in tr.children) for is_head, tr in rows
                 if is_head), default=0)
    out = []
    for is_head, tr in rows:
        cells = []
        children = list(tr.children)
        # Typst's last, empty 0 pt column (the cell that keeps a run of rows on one page) is not the table's
        while width and len(children) > width and not _text(children[-1], chars)[0]:
            children.pop()
        for cell in children:
            text, page = _text(cell, chars)
            span = int(cell.attributes.get("ColSpan", 1) or 1)
            columns = [column_of[i] for i in _ids(cell.attributes.get("Headers")) if i in column_of]
            column = None
            if columns and not is_head:
                labels = [t for _, t in sorted(heads[max(columns)]) if t]
                column = " / ".join(dict.fromkeys(labels)) or None
            cells.append(GridCell(text=text, span=span, page=page, header=cell.type == "TH", column=column))
        out.append((is_head, cells))
    return out


def _tables(roots: list[PDFStructElement], chars: dict[_Key, list[dict]]) -> tuple[list[PdfTable], set[_Key]]:
    """Every tagged table with its caption. A table without a caption right after a table with the same
    header rows is that table continued on the next page (WeasyPrint tags each page's part separately)."""
    found: list[tuple[str, list[tuple[bool, list[GridCell]]]]] = []
    keys: set[_Key] = set()
    candidates = [(roots[0], None)] if len(roots) == 1 and roots[0].type == "Table" else list(_walk(roots))
    for table, before in candidates:
        caption = _text(before, chars)[0] if before is not None and before.type in ("P", "Caption") else ""
        rows = _table_grid_rows(table, chars)
        keys.update(k for k in table.all_mcids() if k[0] is not None)
        head = [[c.text for c in cells] for is_head, cells in rows if is_head]
        if not caption and found:
            previous_head = [[c.text for c in cells] for is_head, cells in found[-1][1] if is_head]
            if head == previous_head:
                found[-1][1].extend((False, cells) for is_head, cells in rows if not is_head)
                continue
        found.append((caption, rows))
    tables = []
    for caption, rows in found:
        grid = Grid.from_rows(rows)
        tables.append(PdfTable(caption=caption, grid=grid, page=grid.page or 1))
    return tables, keys


def compare_pdf_text(a: PdfContent, b: PdfContent, name: str) -> list[Difference]:
    """Page count, page text (outside tables) and table cells of two read PDFs."""
    out: list[Difference] = []
    if len(a.pages) != len(b.pages):
        out.append(Difference(name, "pages", before=str(len(a.pages)), after=str(len(b.pages)),
                              detail="page count differs"))
    for index in range(max(len(a.pages), len(b.pages))):
        old = a.pages[index] if index < len(a.pages) else ()
        new = b.pages[index] if index < len(b.pages) else ()
        out.extend(compare_lines(old, new, name, page=index + 1))
    out.extend(compare_tables([(t.caption, t.grid) for t in a.tables], [(t.caption, t.grid) for t in b.tables],
                              name, paged=True))
    return out
