"""Bullet, numbered and nested lists through Word's numbering (``word/numbering.xml``).

Two multi-level definitions (``w:abstractNum``) are added to the reference document's numbering part the
first time a list is written: a bullet list (•, –, ▪ …) and a decimal list ("1.", with each level counting
on its own). All bullet lists share one ``w:num``; every ordered :class:`ListBlock` gets its own ``w:num``
with a ``w:startOverride`` (the block's ``start``), so each numbered list restarts. Items are ListParagraph
paragraphs with ``w:numPr`` (``ilvl`` = nesting depth); an item's nested lists follow it one level deeper.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from reporter.model.document import ListBlock
from reporter.render import docx_styles as S
from reporter.render.docx_xml import el, sub

LEVELS = 9
INDENT_TWIPS = 360          # each level indents by 0.635 cm; the number/bullet hangs in that space
BULLETS = ("•", "–", "▪")
# Fixed list identifiers (w:nsid): the same document always carries the same ids.
BULLET_NSID = "52504231"
DECIMAL_NSID = "52504431"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _abstract_num_xml(abstract_id: int, ordered: bool) -> str:
    levels = []
    for level in range(LEVELS):
        left = INDENT_TWIPS * (level + 1)
        if ordered:
            fmt, text, font = "decimal", f"%{level + 1}.", ""
        else:
            fmt, text = "bullet", BULLETS[level % len(BULLETS)]
            font = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/></w:rPr>'
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{INDENT_TWIPS}"/></w:pPr>{font}</w:lvl>')
    nsid = DECIMAL_NSID if ordered else BULLET_NSID
    return (f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')


class Numbering:
    """The list definitions added to the document's numbering part, made on first use."""

    def __init__(self, document):
        self.document = document
        self._abstract: dict[bool, int] = {}
        self._bullet_num: int | None = None
        self.nums: list[int] = []

    @property
    def element(self):
        return self.document.part.numbering_part.element

    def _abstract_id(self, ordered: bool) -> int:
        if ordered not in self._abstract:
            numbering = self.element
            existing = numbering.findall(qn("w:abstractNum"))
            ident = max((int(a.get(qn("w:abstractNumId"))) for a in existing), default=-1) + 1
            node = parse_xml(_abstract_num_xml(ident, ordered))
            if existing:
                existing[-1].addnext(node)     # every abstractNum precedes every num
            else:
                numbering.insert(0, node)
            self._abstract[ordered] = ident
        return self._abstract[ordered]

    def _new_num(self, abstract_id: int, override: tuple[int, int] | None = None) -> int:
        numbering = self.element
        ident = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
        num = el("w:num", numId=ident)
        sub(num, "w:abstractNumId", val=abstract_id)
        if override is not None:
            level, start = override
            sub(sub(num, "w:lvlOverride", ilvl=level), "w:startOverride", val=start)
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            numbering.append(num)
        self.nums.append(ident)
        return ident

    def num_id(self, block: ListBlock, depth: int) -> int:
        """The ``w:numId`` for a list at ``depth``: the shared bullet list, or a fresh restarting number."""
        if block.ordered:
            return self._new_num(self._abstract_id(True), (min(depth, LEVELS - 1), max(0, block.start)))
        if self._bullet_num is None:
            self._bullet_num = self._new_num(self._abstract_id(False))
        return self._bullet_num


def add_list(container, block: ListBlock, numbering: Numbering, inlines, part=None, depth: int = 0,
             new_paragraph=None) -> None:
    """Append the items of ``block`` (and their nested lists) to ``container`` (the body or a table cell)."""
    from reporter.render.docx_tables import new_paragraph as _new_paragraph

    make = new_paragraph or _new_paragraph
    num_id = numbering.num_id(block, depth)
    level = min(depth, LEVELS - 1)
    for item in block.items:
        p = make(container, S.LIST_PARAGRAPH)
        num_pr = el("w:numPr")
        sub(num_pr, "w:ilvl", val=level)
        sub(num_pr, "w:numId", val=num_id)
        ppr = p.get_or_add_pPr()
        style = ppr.find(qn("w:pStyle"))
        (style.addnext if style is not None else ppr.append)(num_pr)
        inlines.write(p, item.inlines, part)
        if getattr(item, "source_id", "") and hasattr(inlines, "sources"):
            inlines.sources.wrap(p, item.source_id)      # reporter absorb finds the item's template line
        for child in item.children:
            add_list(container, child, numbering, inlines, part, depth + 1, new_paragraph)


def add_column_list(container, block: ListBlock, numbering: Numbering, inlines, part=None) -> None:
    """A list set in ``block.columns`` columns (read down, then across), as a borderless table of one row:
    Word's section columns would break the page layout of the rest of the document."""
    from dataclasses import replace

    from reporter.render.docx_tables import _append_block
    from reporter.render.docx_xml import TEXT_WIDTH_CM, twips

    columns = max(1, block.columns)
    per = -(-len(block.items) // columns)
    chunks = [block.items[i * per:(i + 1) * per] for i in range(columns)]
    width = twips(TEXT_WIDTH_CM / columns)
    tbl = el("w:tbl")
    tbl_pr = sub(tbl, "w:tblPr")
    sub(tbl_pr, "w:tblW", w=width * columns, type="dxa")
    borders = sub(tbl_pr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, f"w:{side}", val="nil")
    sub(tbl_pr, "w:tblLayout", type="fixed")
    sub(tbl_pr, "w:tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0", lastColumn="0",
        noHBand="1", noVBand="1")
    grid = sub(tbl, "w:tblGrid")
    for _ in range(columns):
        sub(grid, "w:gridCol", w=width)
    tr = sub(tbl, "w:tr")
    for chunk in chunks:
        tc = sub(tr, "w:tc")
        tc_pr = sub(tc, "w:tcPr")
        sub(tc_pr, "w:tcW", w=width, type="dxa")
        if chunk:
            add_list(tc, replace(block, items=tuple(chunk), columns=1), numbering, inlines, part)
        else:
            sub(tc, "w:p")
    _append_block(container, tbl)
