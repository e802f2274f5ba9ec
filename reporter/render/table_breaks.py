"""Where a table may break across pages: one rule for the PDF/HTML and the DOCX renderer.

A table with few body rows is kept on one page. A longer one may break, but never so that fewer than
``MIN_ROWS`` body rows stand on either side of the break: the first ``MIN_ROWS - 1`` body rows are kept with
the row after them, and so are the rows before the last ``MIN_ROWS - 1``. A group row ("SPOR 1") is kept with
the row after it, header rows with the body (and they repeat on every page the table runs onto), and the last
row with the legend and note lines under the table, so a caption or a legend never stands alone.

WeasyPrint ignores ``orphans``/``widows`` for table rows and ``break-inside: avoid`` on a row group, but it
honours ``break-after: avoid`` between two rows; Word honours "keep with next" on the rows' paragraphs
(rows themselves do not split: ``cantSplit``).
"""

from __future__ import annotations

from reporter.model.document import Table

MIN_ROWS = 3               # body rows on each side of a page break
KEEP_TOGETHER_ROWS = 10    # tables with at most this many body rows are kept on one page


def body_count(table: Table) -> int:
    return sum(1 for r in table.rows if r.kind != "header")


def keeps_together(table: Table) -> bool:
    """The whole table stands on one page (it is short enough to move to the next page whole)."""
    return body_count(table) <= KEEP_TOGETHER_ROWS


def keep_with_next(table: Table, has_foot: bool = True) -> tuple[bool, ...]:
    """For every row of ``table`` (header rows included, in order): must no page break fall after it?"""
    together = keeps_together(table)
    n = body_count(table)
    out: list[bool] = []
    body_index = 0
    for index, row in enumerate(table.rows):
        last = index == len(table.rows) - 1
        if row.kind == "header":
            out.append(True)
            continue
        i = body_index
        body_index += 1
        if last:
            out.append(has_foot)
        elif together or row.kind == "group":
            out.append(True)
        else:
            # no break after body row i when fewer than MIN_ROWS rows would stand before or after it
            out.append(i + 1 < MIN_ROWS or n - (i + 1) < MIN_ROWS)
    return tuple(out)
