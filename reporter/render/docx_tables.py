"""Tables of the DOCX: captions with SEQ fields, data tables (repeating header rows, status shading and
symbols, group/total rows, widths fitted to the text width), legends, note lines and key-finding boxes.

Nothing here computes or formats a value: cell texts, numbers and captions come from the model; the only
mapping is a cell's status (and its row's kind) → the brand's colour and symbol.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from reporter.brand import Brand
from reporter.model.document import Cell, KeyFinding, Report, Row, Table
from reporter.render import docx_styles as S
from reporter.render.docx_fields import add_seq
from reporter.render.table_breaks import keep_with_next
from reporter.render.widths import fit_widths, soft_hyphens
from reporter.render.docx_xml import (TEXT_WIDTH_CM, copies, el, hex_colour, paragraph_pr, shading, sub, text_run, twips,
                                      xml_text)

WIDE_TABLE_COLUMNS = 8     # tables with at least this many columns use the small table font
LEGEND_STATUSES = ("up", "same", "down")
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


# ----------------------------------------------------------------------------------------------- paragraphs
def new_paragraph(body, style: str, *, keep_next: bool = False, align: str | None = None):
    """Append a ``w:p`` with ``style`` to a body-like element (before its sectPr) and return it."""
    p = el("w:p")
    paragraph_pr(p, style, keep_next=keep_next, align=_ALIGN[align] if align else None)
    _append_block(body, p)
    return p


_SECT_PR = qn("w:sectPr")


def _section_pr(body):
    """The body's own ``w:sectPr`` (the schema puts it last: looked at first, not searched for), or None."""
    if not len(body):
        return None
    last = body[-1]
    return last if last.tag == _SECT_PR else body.find(_SECT_PR)


def _append_block(body, element) -> None:
    sect = _section_pr(body)
    if sect is not None:
        sect.addprevious(element)
    else:
        body.append(element)


def _last_block(body):
    sect = _section_pr(body)
    return sect.getprevious() if sect is not None else (body[-1] if len(body) else None)


def caption_parts(report: Report, kind: str) -> tuple[str, str, str, str]:
    """The language's caption pattern ('Tabel {number}. {title}') split around its two slots:
    (before number, between number and title, after title, SEQ identifier)."""
    strings = dict(report.strings)
    word = strings.get(kind, kind.capitalize())
    pattern = strings.get(f"caption_{kind}", f"{word} {{number}}. {{title}}")
    match = re.fullmatch(r"(.*)\{number\}(.*)\{title\}(.*)", pattern, flags=re.S)
    if match is None:
        return f"{word} ", ". ", "", word
    return match.group(1), match.group(2), match.group(3), word


def add_caption(body, report: Report, kind: str, number: int, title: str, bookmark: tuple | None = None):
    """A Caption-style paragraph above a table/figure: 'Tabel ' + SEQ field (result = model number) + title.
    ``bookmark`` = (bookmarkStart, bookmarkEnd) elements put around the SEQ field (a REF target)."""
    before, middle, after, identifier = caption_parts(report, kind)
    p = new_paragraph(body, S.CAPTION, keep_next=True)
    if before:
        p.append(text_run(before))
    if bookmark is not None:
        p.append(bookmark[0])
    add_seq(p, identifier, number)
    if bookmark is not None:
        p.append(bookmark[1])
    if middle:
        p.append(text_run(middle))
    p.append(text_run(title))
    if after:
        p.append(text_run(after))
    return p


def add_notes(body, report: Report, notes: tuple[str, ...], source: str = "", keep_last: bool = False) -> list:
    """'Note:' lines (label on the first) and a 'Kilde:' line, in the Note style."""
    strings = dict(report.strings)
    lines: list[tuple[str, str]] = [((strings.get("note", "Note:") if i == 0 else ""), text)
                                    for i, text in enumerate(notes)]
    if source:
        lines.append((strings.get("source", "Kilde:"), source))
    out = []
    for i, (label, text) in enumerate(lines):
        p = new_paragraph(body, S.NOTE, keep_next=keep_last or i < len(lines) - 1)
        if label:
            p.append(text_run(label + " ", bold=True))
        p.append(text_run(text))
        out.append(p)
    return out


def add_legend(body, report: Report, brand: Brand, keep_next: bool, table: Table | None = None):
    """Under a table with ``legend=True``: each change status as its symbol on its colour + its word (the
    table's own legend words when it has them: "stabil (±5 pct.-point)")."""
    strings = dict(report.strings)
    strings.update({f"status_{k}": v for k, v in (table.legend_words if table is not None else ())})
    p = new_paragraph(body, S.LEGEND, keep_next=keep_next)
    first = True
    for status in LEGEND_STATUSES:
        colour = brand.status_colours.get(status)
        word = strings.get(f"status_{status}")
        if colour is None or word is None:
            continue
        if not first:
            p.append(text_run("    "))
        p.append(text_run(f" {brand.status_symbols.get(status, '')} ", shade=colour))
        p.append(text_run(f" {word}"))
        first = False
    return p


# ----------------------------------------------------------------------------------------------- data tables
def column_count(table: Table) -> int:
    return max((sum(c.span for c in r.cells) for r in table.rows), default=1)


DOCX_TABLE_PT = {False: 9.0, True: 7.5}     # the TableText / TableTextSmall styles


def column_widths_cm(table: Table, width_cm: float = TEXT_WIDTH_CM, lang: str = "da") -> list[float]:
    """The model's column widths scaled to the text width (without them the first, label column is wider),
    then widened where a word would not fit (:func:`reporter.render.widths.fit_widths`)."""
    n = column_count(table)
    weights = list(table.column_widths) if len(table.column_widths) == n and sum(table.column_widths) > 0 \
        else ([2.5] + [1.0] * (n - 1) if n >= 4 else [1.0] * n)
    total = sum(weights)
    wish = [width_cm * w / total for w in weights]
    return fit_widths(table, wish, DOCX_TABLE_PT[n >= WIDE_TABLE_COLUMNS], lang)


def _grid_twips(widths_cm: list[float]) -> list[int]:
    widths = [twips(w) for w in widths_cm]
    widths[-1] += twips(sum(widths_cm)) - sum(widths)   # rounding: the grid adds up to the text width
    return widths


def cell_fill(row: Row, cell: Cell, brand: Brand) -> str | None:
    """Background of a cell: its status colour (up/same/down), else its row's kind (header/group/total)."""
    if cell.status in brand.status_colours:
        return brand.status_colours[cell.status]
    kind = "header" if cell.status == "header" else cell.status if cell.status in ("group", "total") else row.kind
    key = {"header": "header_bg", "group": "group_bg", "total": "total_bg"}.get(kind)
    return brand.colours.get(key) if key else None


def cell_text(cell: Cell, brand: Brand) -> str:
    """The model's text with the status symbol in front (colour is never the only signal)."""
    symbol = brand.status_symbols.get(cell.status, "")
    if not symbol:
        return cell.text
    return f"{symbol} {cell.text}" if cell.text else symbol


def _borders(brand: Brand):
    colour = hex_colour(brand.colours.get("rule", "#bfbfbf"))
    borders = el("w:tblBorders")
    for side, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 4), ("insideV", 0)):
        if size:
            sub(borders, f"w:{side}", val="single", sz=size, space=0, color=colour)
        else:
            sub(borders, f"w:{side}", val="nil")
    return borders


def _tbl_shell(style: str, grid: list[int], caption: str = ""):
    tbl = el("w:tbl")
    pr = sub(tbl, "w:tblPr")
    sub(pr, "w:tblStyle", val=style)
    sub(pr, "w:tblW", w=sum(grid), type="dxa")
    return tbl, pr


HEADER_PADDING_TWIPS = 80     # 4 pt, as styles/css/base.css `table.data th { padding: 2.2pt 4pt }`; body cells keep
                              # the style's 3.4 pt, so a status cell ("▲ 66%") fits its column on one line


def _finish_tbl_pr(pr, caption: str) -> None:
    sub(pr, "w:tblLayout", type="fixed")
    sub(pr, "w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
    if caption:
        sub(pr, "w:tblCaption", val=xml_text(caption))


@copies
def _cell_shell(width: int, span: int, fill: str | None, is_header: bool, style: str, keep_next: bool, align):
    """A data table's ``w:tc`` without its text: cell properties and an empty paragraph (its last child) with
    its properties. Built once per distinct arguments and copied (:func:`~reporter.render.docx_xml.copies`)."""
    tc = el("w:tc")
    tc_pr = sub(tc, "w:tcPr")
    sub(tc_pr, "w:tcW", w=width, type="dxa")
    if span > 1:
        sub(tc_pr, "w:gridSpan", val=span)
    if fill:
        tc_pr.append(shading(fill))
    if is_header:        # a header has the PDF's room for its words (padding 4 pt a side): it wraps alike
        margins = sub(tc_pr, "w:tcMar")
        sub(margins, "w:left", w=HEADER_PADDING_TWIPS, type="dxa")
        sub(margins, "w:right", w=HEADER_PADDING_TWIPS, type="dxa")
    sub(tc_pr, "w:vAlign", val="center" if is_header else "top")
    p = sub(tc, "w:p")
    paragraph_pr(p, style, keep_next=keep_next, align=align)
    return tc


def build_table(table: Table, brand: Brand, lang: str = "da", has_foot: bool = False) -> object:
    """The ``w:tbl`` element of a model table. Rows never split; where the table may break between rows is
    :func:`reporter.render.table_breaks.keep_with_next` ("keep with next" on the rows' paragraphs; the last
    row is kept with the legend/notes when ``has_foot``)."""
    widths = column_widths_cm(table, lang=lang)
    grid = _grid_twips(widths)
    columns = len(grid)
    small = columns >= WIDE_TABLE_COLUMNS
    style = S.TABLE_TEXT_SMALL if small else S.TABLE_TEXT
    keep = keep_with_next(table, has_foot)
    tbl, pr = _tbl_shell(S.DATA_TABLE, grid)
    pr.append(_borders(brand))
    _finish_tbl_pr(pr, table.caption)
    tbl_grid = sub(tbl, "w:tblGrid")
    for w in grid:
        sub(tbl_grid, "w:gridCol", w=w)
    header_done = False
    for index, row in enumerate(table.rows):
        tr = sub(tbl, "w:tr")
        tr_pr = sub(tr, "w:trPr")
        sub(tr_pr, "w:cantSplit")
        is_header = row.kind == "header" and not header_done
        if is_header:
            sub(tr_pr, "w:tblHeader")      # repeats at the top of every page the table runs onto
        else:
            header_done = True
        bold = row.kind in ("header", "group", "total")
        column = 0
        cells = list(row.cells)
        used = sum(c.span for c in cells)
        if used < columns:                 # a short row is padded so the grid stays rectangular
            cells.append(Cell(text="", span=columns - used))
        for cell in cells:
            span = max(1, min(cell.span, columns - column))
            tc = _cell_shell(sum(grid[column:column + span]), span, cell_fill(row, cell, brand), is_header, style,
                             bool(keep[index]), _ALIGN.get(cell.align, WD_ALIGN_PARAGRAPH.LEFT))
            tr.append(tc)
            p = tc[-1]
            colour = brand.colours.get("header_text") if (row.kind == "header" or cell.status == "header") else None
            text = cell_text(cell, brand)
            if text and span == 1 and (is_header or (column == 0 and cell.align == "left")):
                text = soft_hyphens(text, lang)   # the PDF's th cells hyphenate (hyphens: auto; not th[colspan])
            if text:
                p.append(text_run(text, bold=bold or cell.status in ("header", "group", "total")
                                  or cell.emphasis == "bold", italic=cell.emphasis == "italic", colour=colour))
            column += span
            if column >= columns:
                break
    return tbl


def add_table(body, report: Report, brand: Brand, table: Table, bookmark: tuple | None = None) -> None:
    """Caption (above), table, legend and notes of a model table."""
    add_caption(body, report, "table", table.number, table.caption, bookmark)
    has_foot = bool(table.legend or table.notes or table.source)
    tbl = build_table(table, brand, report.language, has_foot)
    _append_block(body, tbl)
    if table.legend:
        add_legend(body, report, brand, keep_next=bool(table.notes or table.source), table=table)
    add_notes(body, report, table.notes, table.source)


# ----------------------------------------------------------------------------------------------- key findings
def add_key_finding(body, brand: Brand, finding: KeyFinding, write_inlines=None) -> None:
    """A key finding as a one-cell shaded box: headline and text; an accent rule on the left.
    ``write_inlines(p, inlines)`` writes authored text (``finding.inlines``) when there is some."""
    if _last_block(body) is not None and _last_block(body).tag == qn("w:tbl"):
        new_paragraph(body, S.SPACER)   # Word would merge two adjacent tables into one
    grid = [twips(TEXT_WIDTH_CM)]
    tbl, pr = _tbl_shell(S.BOX_TABLE, grid)
    _finish_tbl_pr(pr, finding.headline)
    sub(sub(tbl, "w:tblGrid"), "w:gridCol", w=grid[0])
    tr = sub(tbl, "w:tr")
    sub(sub(tr, "w:trPr"), "w:cantSplit")
    tc = sub(tr, "w:tc")
    tc_pr = sub(tc, "w:tcPr")
    sub(tc_pr, "w:tcW", w=grid[0], type="dxa")
    borders = sub(tc_pr, "w:tcBorders")
    sub(borders, "w:left", val="single", sz=24, space=0, color=hex_colour(brand.colours.get("primary", "#000000")))
    fill = brand.colours.get("group_bg")
    if fill:
        tc_pr.append(shading(fill))
    head = sub(tc, "w:p")
    head.get_or_add_pPr().style = S.KF_HEADLINE
    head.append(text_run(finding.headline))
    text = sub(tc, "w:p")
    text.get_or_add_pPr().style = S.KF_TEXT
    if finding.inlines and write_inlines is not None:
        write_inlines(text, finding.inlines)
    else:
        text.append(text_run(finding.text))
    _append_block(body, tbl)
    new_paragraph(body, S.SPACER)   # separates consecutive boxes (Word merges adjacent tables)
