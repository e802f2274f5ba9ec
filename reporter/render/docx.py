"""DOCX renderer: the document model → a Word document (python-docx on ``styles/docx/reference.docx``).

Like the HTML renderer it only reads :class:`reporter.model.Report`: texts, section numbers, caption
numbers, notes and alt texts come ready from the model; a cell's status is mapped to the brand's colour
and symbol. Word features used so the file behaves like a hand-made report: Heading 1–3 styles, a real
TOC field, captions with SEQ fields (cached result = the model's number), repeating table header rows,
PAGE fields in the footer, alt text on every picture, and 'update fields on open'.

Output is deterministic: same report and brand → byte-identical file (see :mod:`docx_package`).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import Figure, KeyFinding, Paragraph, Report, Section, Table
from reporter.render import docx_styles as S
from reporter.render.docx_fields import TOC_INSTRUCTION, add_page, field_begin, field_end, set_update_fields
from reporter.render.docx_images import add_picture, chart_png, logo_png
from reporter.render.docx_package import document_bytes, set_core_properties
from reporter.render.docx_tables import add_caption, add_key_finding, add_notes, add_table, new_paragraph
from reporter.render.docx_xml import TEXT_WIDTH_CM, text_run

__all__ = ["render_docx", "docx_bytes", "build_document"]

FIGURE_WIDTH_CM = TEXT_WIDTH_CM
FRONT_LOGO_CM = 6.0
HEADER_LOGO_CM = 3.6
PROFILE_MARGINS_CM = (1.6, 1.4)        # top, bottom of a one-page profile (left/right stay 2.5: 16 cm text)
TOC_LEVELS = 3
_PARAGRAPH_STYLES = {"body": "Normal", "lead": S.LEAD, "small": S.SMALL, "bullet": S.BULLET}


def render_docx(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Write the report as DOCX to ``out_path`` (atomically) and return the path."""
    return write_bytes(out_path, docx_bytes(report, brand))


def docx_bytes(report: Report, brand: Brand | str | None = None) -> bytes:
    """The report as DOCX bytes (byte-identical for identical input)."""
    brand = _brand(report, brand)
    return document_bytes(build_document(report, brand), report.date)


def build_document(report: Report, brand: Brand | str | None = None):
    """The python-docx ``Document`` of a report (not yet serialised)."""
    brand = _brand(report, brand)
    document = docx.Document(str(S.reference_path(brand)))
    S.apply_brand(document, brand, report.language)
    set_update_fields(document.settings.element)
    _page_setup(document, report)
    writer = _Writer(document, report, brand)
    if report.kind == "profile":
        writer.profile_head()
    else:
        writer.front_page()
        if report.toc:
            writer.toc()
    writer.sections(report.sections, 1 if report.kind == "note" else 2)
    if report.back is not None:
        writer.back_page()
    writer.finish()
    front = report.front
    set_core_properties(document, title=front.title, subject=front.subtitle, author=front.publisher,
                        keywords=front.project, category=report.kind, language=report.language, date=report.date)
    return document


def _brand(report: Report, brand: Brand | str | None) -> Brand:
    if brand is None:
        brand = report.brand
    return load_brand(brand) if isinstance(brand, str) else brand


def _page_setup(document, report: Report) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm((21.0 - TEXT_WIDTH_CM) / 2)
    if report.kind == "profile":
        section.top_margin, section.bottom_margin = Cm(PROFILE_MARGINS_CM[0]), Cm(PROFILE_MARGINS_CM[1])
        section.header_distance, section.footer_distance = Cm(0.6), Cm(0.6)


class _Writer:
    """Appends the report's parts to the document body in order."""

    def __init__(self, document, report: Report, brand: Brand):
        self.document = document
        self.body = document.element.body
        self.report = report
        self.brand = brand
        self.break_before_next_heading = False
        self.strings = dict(report.strings)

    # -- front matter ---------------------------------------------------------------------------------------
    def front_page(self) -> None:
        front = self.report.front
        logo = logo_png(self.brand)
        if logo:
            p = self._paragraph(S.FIGURE)
            add_picture(self._run(p), logo, FRONT_LOGO_CM, front.publisher, front.publisher)
        spacer = self._paragraph(S.FRONT_PROJECT)
        spacer.get_or_add_pPr().get_or_add_spacing().before = Cm(6.5)
        spacer.append(text_run(front.project))
        self._text(S.TITLE, front.title)
        if front.subtitle:
            self._text(S.SUBTITLE, front.subtitle)
        date = self._text(S.FRONT_META, front.date_text)
        date.get_or_add_pPr().get_or_add_spacing().before = Cm(4.0)
        self._text(S.FRONT_META, front.publisher)
        self.break_before_next_heading = True
        # running header/footer from page 2 on (the front page has none)
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]._p
        header.get_or_add_pPr().style = S.HEADER
        header.append(text_run(front.project))
        header.append(text_run("\t" + front.publisher))
        footer = section.footer.paragraphs[0]._p
        footer.get_or_add_pPr().style = S.FOOTER
        footer.append(text_run(front.title + "\t"))
        page_word = self.strings.get("page")
        if page_word:
            footer.append(text_run(page_word + " "))
        add_page(footer)

    def profile_head(self) -> None:
        """The one-page profile: logo in the header, project/title/subtitle at the top, publisher + date in
        the footer."""
        front = self.report.front
        section = self.document.sections[0]
        logo = logo_png(self.brand)
        header = section.header.paragraphs[0]._p
        header.get_or_add_pPr().style = S.HEADER
        header.append(text_run(front.project + "\t"))
        if logo:
            add_picture(section.header.paragraphs[0].add_run(), logo, HEADER_LOGO_CM, front.publisher,
                        front.publisher)
        footer = section.footer.paragraphs[0]._p
        footer.get_or_add_pPr().style = S.FOOTER
        footer.append(text_run(front.publisher + "\t" + front.date_text))
        title = self._text(S.TITLE, front.title)
        title.get_or_add_pPr().get_or_add_spacing().after = Cm(0.1)
        if front.subtitle:
            self._text(S.SUBTITLE, front.subtitle)

    def toc(self) -> None:
        """'Indhold' and a TOC field; its cached result lists the model's headings (Word adds page numbers
        when it updates fields on opening)."""
        heading = self._text(S.TOC_HEADING, self.strings.get("contents", ""))
        if self.break_before_next_heading:
            heading.get_or_add_pPr().pageBreakBefore_val = True
            self.break_before_next_heading = False
        entries = list(_toc_entries(self.report.sections, 1))
        if not entries:
            entries = [(1, self.strings.get("contents", ""))]
        last = len(entries) - 1
        for i, (depth, text) in enumerate(entries):
            p = self._paragraph(S.TOC_LEVELS[depth - 1])
            if i == 0:
                field_begin(p, TOC_INSTRUCTION, dirty=True)
            p.append(text_run(text))
            if i == last:
                field_end(p)
        self.break_before_next_heading = True

    # -- body -----------------------------------------------------------------------------------------------
    def sections(self, sections: tuple[Section, ...], depth: int) -> None:
        for section in sections:
            if not (self.report.kind == "profile" and section.title == self.report.front.title):
                self.heading(section, depth)     # a profile's title is already printed at the top
            for block in section.blocks:
                self.block(block)
            self.sections(section.sections, depth + 1)

    def heading(self, section: Section, depth: int) -> None:
        level = min(depth, len(S.HEADINGS))
        text = f"{section.number} {section.title}" if section.numbered and section.number else section.title
        p = self._text(S.HEADINGS[level - 1], text)
        ppr = p.get_or_add_pPr()
        if section.page_break_before or self.break_before_next_heading:
            ppr.pageBreakBefore_val = True
            self.break_before_next_heading = False
        if not section.in_toc and self.report.toc:
            # still a Heading (navigation pane, styles) but kept out of the TOC
            outline = ppr.find(qn("w:outlineLvl"))
            if outline is None:
                from reporter.render.docx_xml import el

                outline = el("w:outlineLvl")
                ppr.append(outline)
            outline.set(qn("w:val"), "9")

    def block(self, block) -> None:
        if isinstance(block, Paragraph):
            self._text(_PARAGRAPH_STYLES.get(block.style, "Normal"), block.text)
        elif isinstance(block, Table):
            add_table(self.body, self.report, self.brand, block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, KeyFinding):
            add_key_finding(self.body, self.brand, block)
        else:
            raise TypeError(f"no DOCX rendering for block {type(block).__name__}")

    def figure(self, figure: Figure) -> None:
        """Caption (above), the chart as a 300 dpi PNG at the text width with alt text, note lines."""
        add_caption(self.body, self.report, "figure", figure.number, figure.caption)
        if figure.draw == "native":
            from reporter.render.docx_bars import add_native_bars

            add_native_bars(self.body, figure, self.brand)
            add_notes(self.body, self.report, figure.notes)
            return
        png = chart_png(figure, self.brand, self.report.language, FIGURE_WIDTH_CM)
        p = self._paragraph(S.FIGURE)
        if not figure.notes:
            p.get_or_add_pPr().keepNext_val = False
        add_picture(self._run(p), png, FIGURE_WIDTH_CM, figure.alt_text, figure.caption)
        add_notes(self.body, self.report, figure.notes)

    # -- back matter ----------------------------------------------------------------------------------------
    def back_page(self) -> None:
        back = self.report.back
        title = self._text(S.BACK_TITLE, back.title)
        title.get_or_add_pPr().pageBreakBefore_val = True
        for text in back.paragraphs:
            self._text("Normal", text)
        logo = logo_png(self.brand)
        if logo:
            p = self._paragraph(S.FIGURE)
            p.get_or_add_pPr().get_or_add_spacing().before = Cm(1.0)
            add_picture(self._run(p), logo, FRONT_LOGO_CM * 0.75, self.report.front.publisher,
                        self.report.front.publisher)

    def finish(self) -> None:
        """Word wants a paragraph (not a table) right before the final section properties."""
        sect = self.body.find(qn("w:sectPr"))
        previous = sect.getprevious() if sect is not None else None
        if previous is None or previous.tag != qn("w:p"):
            self._paragraph(S.SPACER)

    # -- helpers --------------------------------------------------------------------------------------------
    def _paragraph(self, style: str):
        return new_paragraph(self.body, style)

    def _text(self, style: str, text: str):
        p = self._paragraph(style)
        if text:
            p.append(text_run(text))
        return p

    def _run(self, p):
        from docx.text.paragraph import Paragraph as DocxParagraph

        return DocxParagraph(p, self.document._body).add_run()


def _toc_entries(sections: tuple[Section, ...], depth: int):
    for section in sections:
        if section.in_toc and depth <= TOC_LEVELS:
            text = f"{section.number}\t{section.title}" if section.numbered and section.number else section.title
            yield depth, text
        yield from _toc_entries(section.sections, depth + 1)
