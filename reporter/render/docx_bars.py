"""Native stacked bars in Word (``Figure.draw == "native"``): a legend line of shaded runs, then per
category a label and a one-row table whose cells are the segments — widths in proportion to the shares,
shaded in the band colours, the values as editable text. Geometry from :mod:`reporter.render.bars`."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from reporter.brand import Brand
from reporter.model.document import Figure
from reporter.render import docx_styles as S
from reporter.render.bars import legend, stacked_rows
from reporter.render.docx_tables import _append_block, new_paragraph
from reporter.render.docx_xml import TEXT_WIDTH_CM, copies, el, paragraph_pr, shading, sub, text_run, xml_text

TWIPS_PER_CM = 567
LABEL_CM = 5.4


@copies
def _cell(width: int, fill: str | None, text: str, colour: str | None, align, size_pt: float):
    """One bar cell (``w:tc``): a segment or the label. Built once per distinct arguments and copied
    (:func:`~reporter.render.docx_xml.copies`): the bars of a batch repeat widths, colours and values."""
    tc = el("w:tc")
    tc_pr = sub(tc, "w:tcPr")
    sub(tc_pr, "w:tcW", w=width, type="dxa")
    if fill:
        tc_pr.append(shading(fill))
    sub(tc_pr, "w:vAlign", val="center")
    p = sub(tc, "w:p")
    paragraph_pr(p, S.TABLE_TEXT_SMALL, align=align)
    if text:
        p.append(text_run(text, colour=colour, size_pt=size_pt))
    return tc


def _bar_table(label: str, segments, width_twips: int, description: str):
    """One category: its label cell, then one shaded cell per segment."""
    label_twips = round(LABEL_CM * TWIPS_PER_CM)
    widths = [max(1, round(seg.share * width_twips)) for seg in segments]
    tbl = el("w:tbl")
    pr = sub(tbl, "w:tblPr")
    sub(pr, "w:tblW", w=label_twips + sum(widths), type="dxa")
    sub(pr, "w:tblLayout", type="fixed")
    margins = sub(pr, "w:tblCellMar")
    for side in ("left", "right"):
        sub(margins, f"w:{side}", w=0, type="dxa")
    sub(pr, "w:tblDescription", val=xml_text(description))
    grid = sub(tbl, "w:tblGrid")
    for w in [label_twips] + widths:
        sub(grid, "w:gridCol", w=w)
    tr = sub(tbl, "w:tr")
    sub(sub(tr, "w:trPr"), "w:cantSplit")
    tr.append(_cell(label_twips, None, label, None, WD_ALIGN_PARAGRAPH.RIGHT, 7.0))
    for seg, w in zip(segments, widths):
        tr.append(_cell(w, seg.colour, seg.label, seg.text_colour, WD_ALIGN_PARAGRAPH.CENTER, 6.5))
    return tbl


def add_native_bars(body, figure: Figure, brand: Brand) -> None:
    """The figure's legend and bars, after its caption and before its notes."""
    p = new_paragraph(body, S.LEGEND, keep_next=True, align="center")
    for name, colour in legend(figure, brand):
        p.append(text_run("   ", shade=colour))
        p.append(text_run(f" {name}   "))
    width = round((TEXT_WIDTH_CM - LABEL_CM) * TWIPS_PER_CM)
    for row in stacked_rows(figure, brand):
        _append_block(body, _bar_table(row.label, row.segments, width, f"{figure.alt_text} {row.label}"))
        new_paragraph(body, S.SMALL, keep_next=True)      # Word needs a paragraph between two tables
