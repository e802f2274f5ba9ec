"""The note's cover band and its Word sections.

The band is the PDF's ``front-band`` (styles/css/note.css): a block in the brand's primary colour across
the whole page width with the project, title and subtitle in the header text colour. In Word it is a
one-cell table as wide as the page whose cell margins are the page margins (and the PDF's padding): with
``tblInd`` 0, Word's 2010 compatibility mode (the reference document's) and LibreOffice measure the indent
to the cell's text, so the table's edges are the page's edges. Cover and back page are Word sections of their own (``w:sectPr`` in the last paragraph of
the section before) without header or footer; the body section's page numbers continue from the cover,
so the contents page is page 2 as in the PDF.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from reporter.brand import Brand
from reporter.render.docx_xml import hex_colour, twips

BAND_PADDING_CM = (1.8, 2.0)       # top, bottom (note.css: padding 18mm 25mm 20mm)
PAGE_WIDTH_CM = 21.0
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_HEADER_FOOTER = ("w:headerReference", "w:footerReference", "w:titlePg")


def band_table(brand: Brand, left_margin_cm: float):
    """An empty full-width shaded one-cell table (a ``w:tbl``); its cell is ``tbl[-1][-1]``."""
    width = twips(PAGE_WIDTH_CM)
    side = twips(left_margin_cm)
    fill = hex_colour(brand.colours.get("header_bg", brand.colours.get("primary", "#1D3557")))
    xml = (
        f'<w:tbl {_W}><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
        '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="{twips(BAND_PADDING_CM[0])}" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
        f'<w:bottom w:w="{twips(BAND_PADDING_CM[1])}" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>'
        f'<w:tcW w:w="{width}" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
        '</w:tc></w:tr></w:tbl>')
    return parse_xml(xml)


def band_text_colour(brand: Brand) -> str:
    return brand.colours.get("header_text", "#FFFFFF")


def end_section(p, body_sect_pr, *, keep_header_footer: bool) -> None:
    """Make paragraph ``p`` the last of a section: a copy of the document's page setup in its ``pPr``
    (with the body's header/footer references, or without any: no running header, footer, page number)."""
    sect_pr = copy.deepcopy(body_sect_pr)
    if not keep_header_footer:
        for tag in _HEADER_FOOTER:
            for node in sect_pr.findall(qn(tag)):
                sect_pr.remove(node)
    ppr = p.get_or_add_pPr()
    change = ppr.find(qn("w:pPrChange"))
    if change is not None:
        change.addprevious(sect_pr)
    else:
        ppr.append(sect_pr)


def drop_header_footer(sect_pr) -> None:
    """Remove the header/footer references of a section (before giving it empty ones)."""
    for tag in _HEADER_FOOTER:
        for node in sect_pr.findall(qn(tag)):
            sect_pr.remove(node)
