"""Authored boxes in the DOCX: key findings, learning points, challenge/solution and chapter conclusions as a
one-cell shaded table (like the resumé's key findings) with an accent rule on the left, the title as a bold
first paragraph, then the box's paragraphs and lists inside the cell.

Colours per kind come from the brand: ``box_<kind>`` (the rule) and ``box_<kind>_bg`` (the fill), e.g.
``box_learning: "#2a9d8f"``. Without them a kind falls back to the brand's own colours (rule: primary,
accent or muted; fill: a light tint of the rule, the key finding's ``group_bg``).
"""

from __future__ import annotations

from typing import Callable

from docx.oxml.ns import qn

from reporter.brand import Brand
from reporter.model.document import Box
from reporter.render import docx_styles as S
from reporter.render.docx_tables import _append_block, _finish_tbl_pr, _last_block, _tbl_shell, new_paragraph
from reporter.render.docx_xml import TEXT_WIDTH_CM, hex_colour, shading, sub, twips

# kind → (brand colour key of the rule when the brand has no box_<kind>, fill = tint of the rule by this much)
_DEFAULTS = {"key_finding": ("primary", None), "learning": ("accent", 0.88), "challenge": ("accent", 0.92),
             "conclusion": ("primary", 0.90), "info": ("muted", 0.90)}
RULE_EIGHTHS = 24           # 3 pt accent rule


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white (``amount`` = share of white), as '#rrggbb'."""
    value = colour.lstrip("#")
    rgb = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def box_colours(brand: Brand, kind: str) -> tuple[str, str]:
    """(rule, fill) of a box kind."""
    key, amount = _DEFAULTS.get(kind, ("primary", 0.9))
    rule = brand.colours.get(f"box_{kind}") or brand.colours.get(key) or "#000000"
    fill = brand.colours.get(f"box_{kind}_bg")
    if not fill:
        fill = brand.colours.get("group_bg", tint(rule, 0.9)) if amount is None else tint(rule, amount)
    return rule, fill


def add_box(body, brand: Brand, box: Box, write_blocks: Callable[[object, tuple], None]) -> object:
    """Append ``box`` to ``body``; ``write_blocks(cell, blocks)`` writes the content into the cell."""
    last = _last_block(body)
    if last is not None and last.tag == qn("w:tbl"):
        new_paragraph(body, S.SPACER)   # Word would merge two adjacent tables into one
    rule, fill = box_colours(brand, box.kind)
    width = twips(TEXT_WIDTH_CM)
    tbl, pr = _tbl_shell(S.BOX_TABLE, [width])
    _finish_tbl_pr(pr, box.title or box.kind)
    sub(sub(tbl, "w:tblGrid"), "w:gridCol", w=width)
    tr = sub(tbl, "w:tr")
    tc = sub(tr, "w:tc")
    tc_pr = sub(tc, "w:tcPr")
    sub(tc_pr, "w:tcW", w=width, type="dxa")
    borders = sub(tc_pr, "w:tcBorders")
    sub(borders, "w:left", val="single", sz=RULE_EIGHTHS, space=0, color=hex_colour(rule))
    tc_pr.append(shading(fill))
    if box.title:
        from reporter.render.docx_inlines import styled_run

        head = new_paragraph(tc, S.KF_HEADLINE, keep_next=True)
        head.append(styled_run(box.title, bold=True))
    write_blocks(tc, box.blocks)
    if not len(tc.findall(qn("w:p"))) or tc[-1].tag != qn("w:p"):
        new_paragraph(tc, S.KF_TEXT)    # a cell must end with a paragraph
    _append_block(body, tbl)
    new_paragraph(body, S.SPACER)       # separates consecutive boxes (Word merges adjacent tables)
    return tbl
