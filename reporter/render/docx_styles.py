"""Styles of the DOCX output: names shared with ``tools/build_reference_docx.py`` (which defines them,
brand-neutral, in ``styles/docx/reference.docx``) and the brand layer applied at render time (fonts,
colours, language)."""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from reporter.brand import DEFAULT_REFERENCE_DOCX, Brand
from reporter.render.docx_package import locale_tag
from reporter.render.docx_xml import el, hex_colour

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
        # w:color comes after fonts/b/i/caps… and before w:sz in CT_RPr; place before sz if present.
        anchor = next((rpr.find(qn(t)) for t in ("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                                                   "w:highlight", "w:u", "w:shd", "w:lang")
                       if rpr.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(node)
        else:
            rpr.append(node)
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
