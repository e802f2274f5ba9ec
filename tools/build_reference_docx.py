"""Build ``styles/docx/reference.docx``: the brand-neutral base document of the DOCX renderer.

Run: ``.venv/bin/python tools/build_reference_docx.py``. The result is byte-stable (same python-docx →
same file), so re-running it only changes the file when this script changes.

What it holds: A4 portrait with 2.5 cm margins (16 cm text width), the paragraph styles the renderer uses
(Heading 1–3 with outline levels, Title, Subtitle, Caption, Note, Legend, Lead, Small, List Bullet,
table texts, key-finding, front/back page, TOC Heading and toc 1–3, Header/Footer with tab stops),
the table styles 'Data Table' and 'Box Table', Danish-neutral settings and 'update fields on open'.
Fonts and colours are *not* brand-specific here: the renderer applies the brand (docx_styles.apply_brand).
Unused parts of python-docx's default template (thumbnail, customXml, stylesWithEffects, ~130 table
styles) are dropped to keep the file small and fast to load.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporter.render import docx_styles as S  # noqa: E402
from reporter.render.docx_fields import set_update_fields  # noqa: E402
from reporter.render.docx_package import document_bytes  # noqa: E402
from reporter.render.docx_xml import twips  # noqa: E402

OUT = ROOT / "styles" / "docx" / "reference.docx"
TEXT_WIDTH = twips(16.0)
NEUTRAL_RULE = "BFBFBF"

KEEP_STYLES = {"Normal", "Header", "HeaderChar", "Footer", "FooterChar", "DefaultParagraphFont", "TableNormal",
               "NoList", "TableGrid", "ListBullet", "ListParagraph", "Strong", "Emphasis", "Hyperlink"}


def pt(size: float) -> int:
    return int(round(size * 2))


def paragraph_style(style_id: str, name: str, *, based_on: str | None = "Normal", next_id: str | None = None,
                    ppr: str = "", rpr: str = "", qformat: bool = True, ui_priority: int | None = None) -> str:
    parts = [f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="{0 if name[0].islower() or name in BUILTIN else 1}" w:styleId="{style_id}">',
             f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


BUILTIN = {"Normal", "Title", "Subtitle", "TOC Heading", "List Bullet", "Header", "Footer"}


def spacing(before: float = 0, after: float = 0, line: float | None = None) -> str:
    line_attr = f' w:line="{int(round(line * 240))}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{int(before * 20)}" w:after="{int(after * 20)}"{line_attr}/>'


def size(points: float) -> str:
    return f'<w:sz w:val="{pt(points)}"/><w:szCs w:val="{pt(points)}"/>'


BOLD = "<w:b/><w:bCs/>"


def style_definitions() -> list[str]:
    right_tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    toc_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    return [
        paragraph_style("Normal", "Normal", based_on=None, ppr=spacing(0, 6, 1.15), rpr=size(10), ui_priority=0),
        paragraph_style("Heading1", "heading 1", next_id="Normal", ui_priority=9,
                        ppr="<w:keepNext/><w:keepLines/>" + spacing(18, 8) + '<w:outlineLvl w:val="0"/>',
                        rpr=BOLD + size(16)),
        paragraph_style("Heading2", "heading 2", next_id="Normal", ui_priority=9,
                        ppr="<w:keepNext/><w:keepLines/>" + spacing(14, 6) + '<w:outlineLvl w:val="1"/>',
                        rpr=BOLD + size(13)),
        paragraph_style("Heading3", "heading 3", next_id="Normal", ui_priority=9,
                        ppr="<w:keepNext/><w:keepLines/>" + spacing(10, 4) + '<w:outlineLvl w:val="2"/>',
                        rpr=BOLD + size(11)),
        paragraph_style("Title", "Title", next_id="Normal", ui_priority=10, ppr=spacing(0, 6, 1.0),
                        rpr=BOLD + size(28)),
        paragraph_style("Subtitle", "Subtitle", next_id="Normal", ui_priority=11, ppr=spacing(0, 12), rpr=size(15)),
        paragraph_style("Caption", "caption", next_id="Normal", ui_priority=35,
                        ppr="<w:keepNext/><w:keepLines/>" + spacing(10, 4, 1.0), rpr=BOLD + size(9.5)),
        paragraph_style(S.NOTE, "Note", ppr=spacing(0, 2, 1.0), rpr=size(8)),
        paragraph_style(S.LEGEND, "Legend", ppr=spacing(3, 2, 1.0), rpr=size(8)),
        paragraph_style(S.LEAD, "Lead", ppr=spacing(0, 8, 1.15), rpr=size(11.5)),
        paragraph_style(S.SMALL, "Small", ppr=spacing(0, 4, 1.0), rpr=size(8.5)),
        paragraph_style(S.TABLE_TEXT, "Table Text", ppr=spacing(0, 0, 1.0), rpr=size(9)),
        paragraph_style(S.TABLE_TEXT_SMALL, "Table Text Small", based_on=S.TABLE_TEXT, ppr=spacing(0, 0, 1.0),
                        rpr=size(7.5)),
        paragraph_style(S.FIGURE, "Figure Image", ppr="<w:keepNext/>" + spacing(0, 2, 1.0)),
        paragraph_style(S.KF_HEADLINE, "Key Finding Headline", ppr="<w:keepNext/>" + spacing(0, 2, 1.0),
                        rpr=BOLD + size(11)),
        paragraph_style(S.KF_TEXT, "Key Finding Text", ppr=spacing(0, 0, 1.15), rpr=size(10)),
        paragraph_style(S.FRONT_PROJECT, "Front Project", ppr=spacing(0, 6), rpr=size(12)),
        paragraph_style(S.FRONT_META, "Front Meta", ppr=spacing(0, 2, 1.0), rpr=size(11)),
        paragraph_style(S.BACK_TITLE, "Back Title", ppr=spacing(0, 8), rpr=BOLD + size(14)),
        paragraph_style(S.SPACER, "Spacer", ppr=spacing(0, 0, 1.0), rpr=size(4)),
        paragraph_style("TOCHeading", "TOC Heading", next_id="Normal", ui_priority=39,
                        ppr="<w:keepNext/>" + spacing(0, 12), rpr=BOLD + size(16)),
        paragraph_style("TOC1", "toc 1", next_id="Normal", ui_priority=39, qformat=False,
                        ppr=toc_tab + spacing(6, 2, 1.0), rpr=BOLD),
        paragraph_style("TOC2", "toc 2", next_id="Normal", ui_priority=39, qformat=False,
                        ppr=toc_tab + spacing(0, 2, 1.0) + '<w:ind w:left="284"/>'),
        paragraph_style("TOC3", "toc 3", next_id="Normal", ui_priority=39, qformat=False,
                        ppr=toc_tab + spacing(0, 2, 1.0) + '<w:ind w:left="567"/>'),
        paragraph_style("Header", "header", qformat=False, ppr=right_tab + spacing(0, 0, 1.0), rpr=size(7.5)),
        paragraph_style("Footer", "footer", qformat=False, ppr=right_tab + spacing(0, 0, 1.0), rpr=size(7.5)),
    ]


def table_style(style_id: str, name: str, borders: str, margins: tuple[float, float]) -> str:
    v, h = twips(margins[0]), twips(margins[1])
    return (f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
            '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblCellMar><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{h}" w:type="dxa"/>'
            f'<w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{h}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            "</w:style>")


def rule(side: str, colour: str = NEUTRAL_RULE, size_eighths: int = 4) -> str:
    return f'<w:{side} w:val="single" w:sz="{size_eighths}" w:space="0" w:color="{colour}"/>'


def none(side: str) -> str:
    return f'<w:{side} w:val="nil"/>'


def rebuild_styles(document) -> None:
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_STYLES or style.get(qn("w:styleId")) in {"Normal", "Header",
                                                                                           "Footer"}:
            styles.remove(style)
    for xml in style_definitions():
        styles.append(parse_xml(xml))
    data_borders = (rule("top", size_eighths=8) + none("left") + rule("bottom", size_eighths=8) + none("right")
                    + rule("insideH") + none("insideV"))
    box_borders = "".join(none(s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    styles.append(parse_xml(table_style(S.DATA_TABLE, "Data Table", data_borders, (0.05, 0.12))))
    styles.append(parse_xml(table_style(S.BOX_TABLE, "Box Table", box_borders, (0.2, 0.35))))
    # Theme fonts would override the brand fonts: remove every theme font reference.
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if "heme" in attr:
                del fonts.attrib[attr]
    defaults = styles.find(qn("w:docDefaults"))
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr_default):
        ppr_default.remove(child)
    ppr_default.append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="120" w:line="264" w:lineRule="auto"/>'))
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def plain_bullets(document) -> None:
    """Bullets as '•' in the paragraph's own font (the template's Symbol-font private-use glyph is missing
    on machines without the Symbol font)."""
    numbering = document.part.numbering_part.element
    for lvl in numbering.iter(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet" or text is None:
            continue
        text.set(qn("w:val"), "\u2022")
        rpr = lvl.find(qn("w:rPr"))
        if rpr is not None:
            lvl.remove(rpr)


def drop_parts(document) -> None:
    """Remove the thumbnail, customXml and stylesWithEffects parts of the default template."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/customXml", "/stylesWithEffects")):
            document.part.rels.pop(rel_id)


APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           b"<Application>reporter</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
           b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           b"<HyperlinksChanged>false</HyperlinksChanged></Properties>")


def set_app_properties(document) -> None:
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML


def build() -> bytes:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.header_distance = section.footer_distance = Cm(1.25)
    rebuild_styles(document)
    plain_bullets(document)
    drop_parts(document)
    set_app_properties(document)
    settings = document.settings.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        node = settings.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), value)
    set_update_fields(settings)
    props = document.core_properties
    props.author = props.last_modified_by = props.comments = props.title = props.subject = ""
    import datetime as dt

    props.created = props.modified = dt.datetime(1980, 1, 1)
    props.revision = 1
    return document_bytes(document, None)


def build_logos() -> None:
    """PNG logos for Word (which cannot show SVG without a PNG fallback): logo.png beside each brand's logo.svg."""
    from reporter.brand import available_brands, load_brand
    from reporter.render.docx_images import rasterise_logo

    for key in available_brands():
        brand = load_brand(key)
        if brand.logo is None or not brand.logo.is_file():
            continue
        target = brand.logo.with_suffix(".png")
        target.write_bytes(rasterise_logo(brand))
        print(f"wrote {target}")


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes)")
    build_logos()


if __name__ == "__main__":
    main()
