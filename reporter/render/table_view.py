"""Placement facts about a model table shared by the HTML/PDF and Typst renderers: head and body rows, column
count, fitted column widths (percent of the text width), the small font of wide tables, where it may break."""

from __future__ import annotations

from dataclasses import dataclass

from reporter.model.document import Row, Table
from reporter.render.table_breaks import keep_with_next, keeps_together
from reporter.render.widths import fit_widths

WIDE_TABLE_COLUMNS = 8      # tables with at least this many columns get the small font
TABLE_WIDTH_CM = 16.0
TABLE_FONT_PT = {False: 8.5, True: 7.5}     # styles/css/base.css: table.data, table.data.wide


@dataclass(frozen=True)
class TableView:
    """Placement facts about a model table (no text is made here)."""

    table: Table
    head: tuple[Row, ...]
    body: tuple[Row, ...]
    columns: int
    widths: tuple[float, ...]   # percent of the text width, one per column ('' = automatic)
    wide: bool
    keep_together: bool
    keep_next: tuple[bool, ...] = ()    # per body row: no page break after it (render/table_breaks.py)


def table_view(table: Table, lang: str = "da") -> TableView:
    head = tuple(r for r in table.rows if r.kind == "header")
    body = tuple(r for r in table.rows if r.kind != "header")
    columns = max((sum(c.span for c in r.cells) for r in table.rows), default=1)
    widths: tuple[float, ...] = ()
    wide = columns >= WIDE_TABLE_COLUMNS
    if len(table.column_widths) == columns and sum(table.column_widths) > 0:
        total = sum(table.column_widths)
        wish = [TABLE_WIDTH_CM * w / total for w in table.column_widths]
        fitted = fit_widths(table, wish, TABLE_FONT_PT[wide], lang)
        widths = tuple(round(100.0 * w / TABLE_WIDTH_CM, 3) for w in fitted)
    has_foot = bool(table.legend or table.notes or table.source)
    keep = keep_with_next(table, has_foot)
    keep_next = tuple(k for k, r in zip(keep, table.rows) if r.kind != "header")
    return TableView(table=table, head=head, body=body, columns=columns, widths=widths,
                     wide=wide, keep_together=keeps_together(table), keep_next=keep_next)
