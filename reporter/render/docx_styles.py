"""Styles of the DOCX output: names shared with ``tools/build_reference_docx.py`` (which defines them,
brand-neutral, in ``styles/docx/reference.docx``) and the brand layer applied at render time (fonts,
colours, language)."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from reporter.brand import DEFAULT_REFERENCE_DOCX, Brand
from reporter.render.docx_package import locale_tag
from reporter.render.docx_xml import el, hex_colour, insert_before_any

REFERENCE_DOCX = DEFAULT_REFERENCE_DOCX

# Paragraph style ids (w:styleId) → display names.
HEADINGS = ("Heading1", "Heading2", "Heading3")
CAPTION = "Caption"
NOTE = "Note"
LEGEND = "Legend"
LEAD = "Lead"
SMALL = "Small"
BULLET = "ListBullet"
TABLE_TEXT = "TableText"
TABLE_TEXT_SMALL = "TableTextSmall"
FIGURE = "FigureImage"
KF_HEADLINE = "KeyFindingHeadline"
KF_TEXT = "KeyFindingText"
FRONT_PROJECT = "FrontProject"
FRONT_META = "FrontMeta"
TITLE = "Title"
SUBTITLE = "Subtitle"
BACK_TITLE = "BackTitle"
SPACER = "Spacer"
TOC_HEADING = "TOCHeading"
TOC_LEVELS = ("TOC1", "TOC2", "TOC3")
HEADER = "Header"
FOOTER = "Footer"
# Table style ids.
DATA_TABLE = "DataTable"
BOX_TABLE = "BoxTable"

# Which styles take the brand's heading font (the rest inherit the body font from the document defaults).
HEADING_FONT_STYLES = HEADINGS + (TITLE, SUBTITLE, CAPTION, LEGEND, TABLE_TEXT, TABLE_TEXT_SMALL, KF_HEADLINE,
                                  FRONT_PROJECT, FRONT_META, BACK_TITLE, TOC_HEADING, HEADER, FOOTER) + TOC_LEVELS
# Style → brand colour key.
STYLE_COLOURS = {
    **{h: "primary" for h in HEADINGS}, TITLE: "primary", TOC_HEADING: "primary", KF_HEADLINE: "primary",
    BACK_TITLE: "primary", CAPTION: "primary", SUBTITLE: "muted", FRONT_PROJECT: "muted", FRONT_META: "text",
    NOTE: "muted", LEGEND: "text", HEADER: "muted", FOOTER: "muted",
}


def reference_path(brand: Brand | None = None) -> Path:
    """The brand's ``reference.docx`` if its folder has one, else the project-wide one."""
    path = brand.reference_docx if brand is not None else REFERENCE_DOCX
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; build it with tools/build_reference_docx.py")
    return path


def set_fonts(rpr, family: str) -> None:
    """Point every script slot of ``rPr`` at ``family`` (theme font attributes removed: they would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), family)


def _set_colour(rpr, colour: str) -> None:
    node = rpr.find(qn("w:color"))
    if node is None:
        node = el("w:color")
        # w:color comes after fonts/b/i/caps… and before w:sz in CT_RPr
        insert_before_any(rpr, node, ("spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "shd",
                                      "lang"))
    for attr in list(node.attrib):
        del node.attrib[attr]
    node.set(qn("w:val"), hex_colour(colour))


def apply_brand(document, brand: Brand, language: str) -> None:
    """Brand fonts and colours onto the reference styles; the document language onto the defaults. Fonts are
    named by their Office equivalent (Carlito → Calibri): same metrics, so Word breaks lines as the PDF."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, brand.office_font(brand.font_body))
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = el("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), locale_tag(language))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for style_id in HEADING_FONT_STYLES:
        style = by_id.get(style_id)
        if style is not None:
            set_fonts(_rpr(style), brand.office_font(brand.font_heading))
    normal = by_id.get("Normal")
    if normal is not None and "text" in brand.colours:
        _set_colour(_rpr(normal), brand.colours["text"])
    for style_id, key in STYLE_COLOURS.items():
        style = by_id.get(style_id)
        if style is not None and key in brand.colours:
            _set_colour(_rpr(style), brand.colours[key])
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), locale_tag(language))


def _rpr(style):
    rpr = style.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        style.append(rpr)
    return rpr


# ----------------------------------------------------------------------------------------------- authored content
# Styles only authored content needs (footnotes, links, quotes). The reference document does not define them;
# they are added at render time, once, when a document first uses one, so documents without authored content
# keep the reference's styles unchanged. Sizes follow the reference's scale (Note 8 pt, body 10 pt); fonts are
# inherited from the document defaults (the brand's body font) and colours come from the brand.
LIST_PARAGRAPH = "ListParagraph"
FOOTNOTE_TEXT = "FootnoteText"
FOOTNOTE_REFERENCE = "FootnoteReference"
HYPERLINK = "Hyperlink"
QUOTE = "Quote"
QUOTE_ATTRIBUTION = "QuoteAttribution"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _authored_style_xml(style_id: str, brand: Brand) -> str:
    muted = hex_colour(brand.colours.get("muted", "#595959"))
    link = hex_colour(brand.colours.get("link", brand.colours.get("primary", "#0563C1")))
    return {
        FOOTNOTE_TEXT: (
            f'<w:style {_W} w:type="paragraph" w:styleId="{FOOTNOTE_TEXT}"><w:name w:val="footnote text"/>'
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'),
        FOOTNOTE_REFERENCE: (
            f'<w:style {_W} w:type="character" w:styleId="{FOOTNOTE_REFERENCE}"><w:name w:val="footnote reference"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'),
        HYPERLINK: (
            f'<w:style {_W} w:type="character" w:styleId="{HYPERLINK}"><w:name w:val="Hyperlink"/>'
            '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            f'<w:rPr><w:color w:val="{link}"/><w:u w:val="single"/></w:rPr></w:style>'),
        QUOTE: (
            f'<w:style {_W} w:type="paragraph" w:styleId="{QUOTE}"><w:name w:val="Quote"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="29"/><w:qFormat/>'
            '<w:pPr><w:spacing w:before="120" w:after="60"/><w:ind w:left="567" w:right="567"/></w:pPr>'
            f'<w:rPr><w:i/><w:iCs/><w:color w:val="{muted}"/></w:rPr></w:style>'),
        QUOTE_ATTRIBUTION: (
            f'<w:style {_W} w:type="paragraph" w:customStyle="1" w:styleId="{QUOTE_ATTRIBUTION}">'
            '<w:name w:val="Quote Attribution"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
            '<w:pPr><w:spacing w:before="0" w:after="180"/><w:ind w:left="567" w:right="567"/><w:jc w:val="right"/>'
            f'</w:pPr><w:rPr><w:color w:val="{muted}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'),
    }[style_id]


def ensure_style(document, style_id: str, brand: Brand) -> str:
    """Add one of the authored-content styles to the document unless it already has it; returns the id."""
    from docx.oxml.parser import parse_xml

    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style_id
    styles.append(parse_xml(_authored_style_xml(style_id, brand)))
    return style_id
