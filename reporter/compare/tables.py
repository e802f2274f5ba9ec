"""Tables as grids of labelled cells, and their comparison (shared by the PDF and the DOCX reader).

A table is addressed the way a reader names a number: by its caption, the row's label (its first cell) and
the column's header (the header rows' texts over that column, joined with " / " when there are several,
e.g. "Medarbejder / Start"). Comparing by labels instead of positions means an added row is reported as one
added row, not as every row below it having changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reporter.compare.report import Difference


@dataclass(frozen=True)
class GridCell:
    """One cell as read from a file: text, column span, page (PDF), header flag, fill colour (DOCX), and its
    column header when the file states it (tagged PDF ``Headers``); otherwise it comes from the position."""

    text: str
    span: int = 1
    page: int | None = None
    header: bool = False
    fill: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class LabelledCell:
    """A body cell with its row label and column header."""

    row: str
    column: str
    text: str
    page: int | None = None
    fill: str | None = None


@dataclass(frozen=True)
class Grid:
    """A table's body cells keyed by (row label, column header), plus the row labels in order."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[LabelledCell, ...]
    page: int | None = None

    @classmethod
    def from_rows(cls, rows: list[tuple[bool, list[GridCell]]]) -> "Grid":
        """Build from rows of cells in document order; ``rows[i][0]`` marks a header row.

        Without marked header rows, leading rows made only of header cells are taken as the header.
        """
        if not any(is_header for is_header, _ in rows):
            rows = list(rows)
            for i, (_, cells) in enumerate(rows):
                if cells and all(c.header for c in cells):
                    rows[i] = (True, cells)
                else:
                    break
        width = max((sum(max(1, c.span) for c in cells) for _, cells in rows), default=0)
        heads: list[list[str]] = [[] for _ in range(width)]
        labels: list[str] = []
        out: list[LabelledCell] = []
        seen: Counter[str] = Counter()
        first_page = None
        body_started = False
        for is_header, cells in rows:
            if first_page is None:
                first_page = next((c.page for c in cells if c.page is not None), None)
            if is_header and not body_started:
                column = 0
                for cell in cells:
                    for k in range(column, min(width, column + max(1, cell.span))):
                        if cell.text and (not heads[k] or heads[k][-1] != cell.text):
                            heads[k].append(cell.text)
                    column += max(1, cell.span)
                continue
            body_started = True
            if not cells:
                continue
            label = cells[0].text
            seen[label] += 1
            if seen[label] > 1:
                label = f"{label} ({seen[label]})"
            labels.append(label)
            column = max(1, cells[0].span)
            for cell in cells[1:]:
                header = cell.column or (" / ".join(heads[column]) if column < width else "")
                out.append(LabelledCell(row=label, column=header or f"column {column + 1}", text=cell.text,
                                        page=cell.page, fill=cell.fill))
                column += max(1, cell.span)
        columns = tuple(dict.fromkeys(c.column for c in out))
        return cls(rows=tuple(labels), columns=columns, cells=tuple(out), page=first_page)


def _keyed(tables: list[tuple[str, Grid]]) -> dict[tuple[str, int], Grid]:
    """Tables keyed by (caption, occurrence) so two tables with the same caption stay apart."""
    seen: Counter[str] = Counter()
    out = {}
    for caption, grid in tables:
        seen[caption] += 1
        out[(caption, seen[caption])] = grid
    return out


def _cells(grid: Grid) -> dict[tuple[str, str], LabelledCell]:
    out: dict[tuple[str, str], LabelledCell] = {}
    for cell in grid.cells:
        key = (cell.row, cell.column)
        n = 2
        while key in out:
            key = (cell.row, f"{cell.column} ({n})")
            n += 1
        out[key] = cell
    return out


def compare_tables(a: list[tuple[str, Grid]], b: list[tuple[str, Grid]], name: str, *,
                   paged: bool) -> list[Difference]:
    """Differences between the tables of A and B: tables, rows and columns missing or added, cell values and
    (when both sides carry one) cell fill colours. ``paged`` puts each difference on its page."""
    out: list[Difference] = []
    old, new = _keyed(a), _keyed(b)
    for key, grid in old.items():
        if key not in new:
            out.append(Difference(name, "missing", table=key[0], page=grid.page if paged else None,
                                  detail="table missing"))
    for key, grid in new.items():
        if key not in old:
            out.append(Difference(name, "extra", table=key[0], page=grid.page if paged else None,
                                  detail="table added"))
    for key, grid_a in old.items():
        grid_b = new.get(key)
        if grid_b is None:
            continue
        caption = key[0]
        page = grid_b.page if paged else None
        rows_b = set(grid_b.rows)
        rows_a = set(grid_a.rows)
        for row in grid_a.rows:
            if row not in rows_b:
                out.append(Difference(name, "missing", table=caption, row=row, page=page, detail="row missing"))
        for row in grid_b.rows:
            if row not in rows_a:
                out.append(Difference(name, "extra", table=caption, row=row, page=page, detail="row added"))
        cols_b, cols_a = set(grid_b.columns), set(grid_a.columns)
        for column in grid_a.columns:
            if column not in cols_b:
                out.append(Difference(name, "missing", table=caption, column=column, page=page,
                                      detail="column missing"))
        for column in grid_b.columns:
            if column not in cols_a:
                out.append(Difference(name, "extra", table=caption, column=column, page=page,
                                      detail="column added"))
        cells_b = _cells(grid_b)
        for key_cell, cell_a in _cells(grid_a).items():
            cell_b = cells_b.get(key_cell)
            if cell_b is None:
                continue
            where = dict(table=caption, row=key_cell[0], column=key_cell[1],
                         page=(cell_b.page or cell_a.page) if paged else None)
            if cell_a.text != cell_b.text:
                out.append(Difference(name, "cell", before=cell_a.text, after=cell_b.text, **where))
            if cell_a.fill != cell_b.fill:
                out.append(Difference(name, "shading", before=cell_a.fill or "none", after=cell_b.fill or "none",
                                      **where))
    return out
