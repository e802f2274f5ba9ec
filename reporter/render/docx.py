"""DOCX renderer: the document model → a Word document (python-docx on ``styles/docx/reference.docx``).

Like the HTML renderer it only reads :class:`reporter.model.Report`: texts, section numbers, caption
numbers, notes and alt texts come ready from the model; a cell's status is mapped to the brand's colour
and symbol. Word features used so the file behaves like a hand-made report: Heading 1–3 styles, a real
TOC field, captions with SEQ fields (cached result = the model's number), repeating table header rows,
PAGE fields in the footer, alt text on every picture, and 'update fields on open'.

Authored content (templates): formatted runs, computed values in locked content controls, cross-references
as REF fields to bookmarks around caption and heading numbers, hyperlinks, real footnotes
(:mod:`docx_footnotes`), lists on Word numbering (:mod:`docx_lists`), boxes (:mod:`docx_boxes`), quotes,
pictures as numbered figures, page breaks and lettered appendix chapters ("Bilag A …").

Output is deterministic: same report and brand → byte-identical file (see :mod:`docx_package`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import (
    Box, Figure, KeyFinding, ListBlock, PageBreak, Paragraph, Picture, Quote, Report, Section, Table,
)
from reporter.render import docx_styles as S
from reporter.render.docx_cover import band_table, band_text_colour, drop_header_footer, end_section
from reporter.render.docx_bookmarks import Bookmarks, report_references, report_targets
from reporter.render.docx_boxes import add_box
from reporter.render.docx_fields import TOC_INSTRUCTION, add_page, field_begin, field_end, set_update_fields
from reporter.render.docx_footnotes import Footnotes
from reporter.render.docx_images import add_picture, chart_png, logo_png
from reporter.render.docx_inlines import Inlines
from reporter.render.docx_lists import add_column_list, Numbering, add_list
from reporter.render.docx_outline import HeadingLists, OutlinePlan, toc_entries, write_toc
from reporter.render.docx_package import document_bytes, set_core_properties
from reporter.render.docx_template import prepared
from reporter.render.docx_tables import (
    _append_block, _last_block, add_caption, add_key_finding, add_notes, add_table, new_paragraph,
)
from reporter.render.docx_xml import TEXT_WIDTH_CM, el, sub, text_run
from reporter.render.figure_sizes import FIGURE_WIDTH_CM

# the contents' page numbers ({section key: PDF page}): known, or asked for when the document is otherwise
# finished (the PDF is still being laid out beside it: reporter.pipeline), or none
Pages = dict[str, int] | Callable[[], dict[str, int] | None] | None

__all__ = ["render_docx", "docx_bytes", "build_document"]

FRONT_LOGO_CM = 6.0
BAND_OFFSET_CM = 2.5                   # space between logo and band (note.css: front-top 60 mm, band 35 mm lower)
HEADER_LOGO_CM = 3.6
PROFILE_MARGINS_CM = (1.6, 1.4)        # top, bottom of a one-page profile (left/right stay 2.5: 16 cm text)
TOC_LEVELS = 3
_PARAGRAPH_STYLES = {"body": "Normal", "lead": S.LEAD, "small": S.SMALL, "bullet": S.BULLET}


def render_docx(report: Report, brand: Brand | str | None, out_path: str | Path,
                pages: Pages = None) -> Path:
    """Write the report as DOCX to ``out_path`` (atomically) and return the path. ``pages`` ({section key:
    page}, from the PDF layout: :func:`reporter.render.pdf.section_pages`) are the contents' page numbers,
    or a callable giving them, called once when the rest of the document is built."""
    return write_bytes(out_path, docx_bytes(report, brand, pages))


def docx_bytes(report: Report, brand: Brand | str | None = None, pages: Pages = None) -> bytes:
    """The report as DOCX bytes (byte-identical for identical input)."""
    brand = _brand(report, brand)
    return document_bytes(build_document(report, brand, pages), report.date)


def build_document(report: Report, brand: Brand | str | None = None, pages: Pages = None):
    """The python-docx ``Document`` of a report (not yet serialised); ``pages`` as for :func:`render_docx`."""
    brand = _brand(report, brand)
    if report.kind == "profile":
        document = _profile_document(brand, report.language, report.front)
    else:
        document = _new_document(brand, report.language, report.kind)
    writer = _Writer(document, report, brand, pages)
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
    writer.deferred_contents()
    front = report.front
    set_core_properties(document, title=front.title, subject=front.subtitle, author=front.publisher,
                        keywords=front.project, category=report.kind, language=report.language, date=report.date)
    return document


def _brand(report: Report, brand: Brand | str | None) -> Brand:
    if brand is None:
        brand = report.brand
    return load_brand(brand) if isinstance(brand, str) else brand


def _new_document(brand: Brand, language: str, kind: str):
    """``reference.docx`` with the brand on its styles, the language, 'update fields on open' and the page
    setup of a ``kind`` document."""
    document = docx.Document(str(S.reference_path(brand)))
    S.apply_brand(document, brand, language)
    set_update_fields(document.settings.element)
    _page_setup(document, kind)
    return document


def _profile_document(brand: Brand, language: str, front):
    """A new profile document with its header and footer: a copy of the one prepared for this brand,
    language, project, publisher and date (:mod:`docx_template`; the reference file's state and the logo
    are part of the key too)."""
    reference = S.reference_path(brand)
    stat = reference.stat()
    logo = logo_png(brand)
    key = (id(brand), brand.key, str(reference), stat.st_mtime_ns, stat.st_size, logo, language,
           front.project, front.publisher, front.date_text)

    def make():
        document = _new_document(brand, language, "profile")
        _profile_furniture(document, logo, front.project, front.publisher, front.date_text)
        return document

    return prepared(key, make, owner=brand)


def _profile_furniture(document, logo: bytes | None, project: str, publisher: str, date_text: str) -> None:
    """A profile's header (project, logo right) and footer (publisher, date)."""
    section = document.sections[0]
    header = section.header.paragraphs[0]._p
    header.get_or_add_pPr().style = S.HEADER
    header.append(text_run(project + "\t"))
    if logo:
        add_picture(section.header.paragraphs[0].add_run(), logo, HEADER_LOGO_CM, publisher, publisher)
    footer = section.footer.paragraphs[0]._p
    footer.get_or_add_pPr().style = S.FOOTER
    footer.append(text_run(publisher + "\t" + date_text))


def _page_setup(document, kind: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm((21.0 - TEXT_WIDTH_CM) / 2)
    if kind == "profile":
        section.top_margin, section.bottom_margin = Cm(PROFILE_MARGINS_CM[0]), Cm(PROFILE_MARGINS_CM[1])
        section.header_distance, section.footer_distance = Cm(0.6), Cm(0.6)


class _Writer:
    """Appends the report's parts to the document body in order."""

    def __init__(self, document, report: Report, brand: Brand, pages: Pages = None):
        self.document = document
        self.body = document.element.body
        self.report = report
        self.brand = brand
        self.break_before_next_heading = False
        self.page_break_pending = False      # a PageBreak block: the next block starts a new page
        self.strings = dict(report.strings)
        self.bookmarks = Bookmarks(report_targets(report), report_references(report))
        self.footnotes = Footnotes(document, brand)
        self.numbering = Numbering(document)
        self.inlines = Inlines(document, brand, self.bookmarks, self.footnotes)
        self.inlines.sources.digests = dict(report.sources)
        self.appendix_word = self.strings.get("appendix", "Bilag")
        self.appendix_chapters = {id(s) for s in report.sections if s.appendix}
        self.pages = pages
        self.contents_place = None   # where deferred contents go (see toc)
        self.outline = OutlinePlan(report.sections if report.kind != "profile" else (), self.appendix_word)
        self.heading_lists = HeadingLists(document, self.outline)
        if self.heading_lists.num_ids:
            self.bookmarks.paragraph_numbers = {k: self.outline.numbers[k].text
                                                for k in self.outline.list_numbered()}
            self.bookmarks.appendix_chapters = self.outline.appendix_chapters()

    # -- front matter ---------------------------------------------------------------------------------------
    def front_page(self) -> None:
        """The cover as its own section (no header, footer or page number): logo, the brand band (project,
        title, subtitle on the primary colour, full page width), date and publisher. The running header and
        footer belong to the body section, whose page numbers continue from the cover (as in the PDF)."""
        front = self.report.front
        logo = logo_png(self.brand)
        if logo:
            p = self._paragraph(S.FIGURE)
            add_picture(self._run(p), logo, FRONT_LOGO_CM, front.publisher, front.publisher)
        spacer = self._paragraph(S.SPACER)
        spacer.get_or_add_pPr().get_or_add_spacing().before = Cm(BAND_OFFSET_CM)
        section = self.document.sections[-1]
        band = band_table(self.brand, section.left_margin.cm)
        _append_block(self.body, band)
        cell = band[-1][-1]
        colour = band_text_colour(self.brand)
        project = new_paragraph(cell, S.FRONT_PROJECT)
        project.append(text_run(front.project, colour=colour))
        caps = project[-1].find(qn("w:rPr"))
        caps.insert(0, el("w:caps"))
        new_paragraph(cell, S.TITLE).append(text_run(front.title, colour=colour))
        if front.subtitle:
            last = new_paragraph(cell, S.SUBTITLE)
            last.append(text_run(front.subtitle, colour=colour))
        date = self._text(S.FRONT_META, front.date_text)
        date.get_or_add_pPr().get_or_add_spacing().before = Cm(4.0)
        last = self._text(S.FRONT_META, front.publisher)
        end_section(last, section._sectPr, keep_header_footer=False)
        self.break_before_next_heading = False     # the section break starts the next page
        # running header/footer of the body section (the cover, the first section, has none)
        body = self.document.sections[-1]
        body.different_first_page_header_footer = False
        body.header.is_linked_to_previous = False
        body.footer.is_linked_to_previous = False
        header = body.header.paragraphs[0]._p
        header.get_or_add_pPr().style = S.HEADER
        header.append(text_run(front.project))
        header.append(text_run("\t" + front.publisher))
        footer = body.footer.paragraphs[0]._p
        footer.get_or_add_pPr().style = S.FOOTER
        footer.append(text_run(front.title + "\t"))
        page_word = self.strings.get("page")
        if page_word:
            footer.append(text_run(page_word + " "))
        add_page(footer)

    def profile_head(self) -> None:
        """The one-page profile's title and subtitle at the top (its header and footer come with the
        prepared document: :func:`_profile_document`)."""
        front = self.report.front
        title = self._text(S.TITLE, front.title)
        title.get_or_add_pPr().get_or_add_spacing().after = Cm(0.1)
        if front.subtitle:
            self._text(S.SUBTITLE, front.subtitle)

    def toc(self) -> None:
        """'Indhold' and a TOC field whose cached result is the finished contents (entries, hyperlinks to
        ``_Toc`` bookmarks, page numbers from the PDF layout when known; see :mod:`docx_outline`). When the
        page numbers are still being laid out (``pages`` is a callable), the entries are written last, in
        this place (:meth:`deferred_contents`)."""
        heading = self._text(S.TOC_HEADING, self.strings.get("contents", ""))
        if self.break_before_next_heading:
            heading.get_or_add_pPr().pageBreakBefore_val = True
            self.break_before_next_heading = False
        if callable(self.pages):
            self.contents_place = self._paragraph(S.TOC_LEVELS[0])
        else:
            self._contents_entries(self._paragraph, self.pages)
        self.break_before_next_heading = True

    def deferred_contents(self) -> None:
        """The contents' entries in the place :meth:`toc` kept, with the page numbers ``pages()`` gives now."""
        place = self.contents_place
        if place is None:
            return

        def before_place(style: str):
            p = self._paragraph(style)
            place.addprevious(p)      # moved from the end of the body to the kept place
            return p

        self._contents_entries(before_place, self.pages())
        place.getparent().remove(place)
        self.contents_place = None

    def _contents_entries(self, new_paragraph, pages: dict[str, int] | None) -> None:
        entries = toc_entries(self.report.sections, self.outline, pages)
        if entries:
            write_toc(new_paragraph, entries, TOC_INSTRUCTION)
        else:
            p = new_paragraph(S.TOC_LEVELS[0])
            field_begin(p, TOC_INSTRUCTION, dirty=True)
            p.append(text_run(self.strings.get("contents", "")))
            field_end(p)

    # -- body -----------------------------------------------------------------------------------------------
    def sections(self, sections: tuple[Section, ...], depth: int) -> None:
        for section in sections:
            if not (self.report.kind == "profile" and section.title == self.report.front.title):
                self.heading(section, depth)     # a profile's title is already printed at the top
            for block in section.blocks:
                self.block(block)
            self.sections(section.sections, depth + 1)

    def heading(self, section: Section, depth: int) -> None:
        """A Heading 1–3 paragraph; the number (a REF target) is bookmarked; an appendix chapter reads
        'Bilag A Title' and starts a new page."""
        level = min(depth, len(S.HEADINGS))
        chapter = id(section) in self.appendix_chapters
        p = self._paragraph(S.HEADINGS[level - 1])
        listed = self.heading_lists.apply(p, section).kind in self.heading_lists.num_ids
        bookmark = self.bookmarks.start("section", section.key) if section.numbered and section.number else None
        toc_name = self.outline.toc_names.get(section.key) if self.report.toc else None
        toc_mark = self.bookmarks.named(toc_name) if toc_name else None
        if toc_mark is not None:
            p.append(toc_mark[0])
        if listed:                           # Word's list shows the number; REF targets the whole heading
            if bookmark is not None:
                p.append(bookmark[0])
            p.append(text_run(section.title))
            if bookmark is not None:
                p.append(bookmark[1])
        elif bookmark is not None:
            if chapter:
                p.append(text_run(self.appendix_word + " "))
            p.append(bookmark[0])
            p.append(text_run(section.number))
            p.append(bookmark[1])
            p.append(text_run(" " + section.title))
        else:
            number = section.number if section.numbered else ""
            if number and chapter:
                number = f"{self.appendix_word} {number}"
            text = f"{number} {section.title}" if number else section.title
            if text:
                p.append(text_run(text))
        if toc_mark is not None:
            p.append(toc_mark[1])
        ppr = p.get_or_add_pPr()
        if section.page_break_before or self.break_before_next_heading or self.page_break_pending or chapter:
            ppr.pageBreakBefore_val = True
            self.break_before_next_heading = False
            self.page_break_pending = False
        if not section.in_toc and self.report.toc:
            # still a Heading (navigation pane, styles) but kept out of the TOC
            outline = ppr.find(qn("w:outlineLvl"))
            if outline is None:
                from reporter.render.docx_xml import el

                outline = el("w:outlineLvl")
                ppr.append(outline)
            outline.set(qn("w:val"), "9")

    def block(self, block, to=None) -> None:
        """Append a block to the body (or to ``to``, a box's table cell)."""
        to = self.body if to is None else to
        if isinstance(block, PageBreak):
            if to is self.body:
                self.page_break_pending = True
            return
        if not (self.page_break_pending and to is self.body):
            self._block(block, to)
            return
        marker = _last_block(self.body)
        self._block(block, to)
        self.page_break_pending = False
        first = marker.getnext() if marker is not None else self.body[0]
        if first is None or first.tag == qn("w:sectPr"):
            self.page_break_pending = True       # nothing was written: the break waits for the next block
        elif first.tag == qn("w:p"):
            first.get_or_add_pPr().pageBreakBefore_val = True
        else:                                    # a table cannot carry the break: a paragraph before it does
            p = el("w:p")
            p.get_or_add_pPr().style = S.SPACER
            sub(sub(p, "w:r"), "w:br", type="page")
            first.addprevious(p)

    def _block(self, block, to) -> None:
        if isinstance(block, Paragraph):
            self.paragraph(block, to, _PARAGRAPH_STYLES.get(block.style, "Normal"))
        elif isinstance(block, Table):
            marker = _last_block(to)
            add_table(to, self.report, self.brand, block, self.bookmarks.start("table", block.key))
            if block.source_id:
                self._mark_free_table(block, to, marker)
        elif isinstance(block, Figure):
            self.figure(block, to)
        elif isinstance(block, KeyFinding):
            add_key_finding(to, self.brand, block, lambda p, parts: self._authored(p, parts, block.source_id))
        elif isinstance(block, ListBlock) and block.columns > 1:
            add_column_list(to, block, self.numbering, self.inlines)
        elif isinstance(block, ListBlock):
            add_list(to, block, self.numbering, self.inlines)
        elif isinstance(block, Box):
            add_box(to, self.brand, block, self.box_content)
        elif isinstance(block, Quote):
            self.quote(block, to)
        elif isinstance(block, Picture):
            self.picture(block, to)
        else:
            raise TypeError(f"no DOCX rendering for block {type(block).__name__}")

    def paragraph(self, block: Paragraph, to, style: str):
        """Running text: the authored inlines when there are some, else the plain text."""
        p = new_paragraph(to, style)
        if block.inlines:
            self._authored(p, block.inlines, block.source_id)
        elif block.text:
            p.append(text_run(block.text))
        return p

    def box_content(self, cell, blocks: tuple) -> None:
        for block in blocks:
            if isinstance(block, Paragraph) and block.style == "body":
                self.paragraph(block, cell, S.KF_TEXT if len(blocks) == 1 else "Normal")
            else:
                self.block(block, cell)

    def quote(self, quote: Quote, to) -> None:
        """The quoted paragraphs in the Quote style (indented, italic), then '— attribution' right-aligned."""
        quote_style = S.ensure_style(self.document, S.QUOTE, self.brand)
        for block in quote.blocks:
            if isinstance(block, Paragraph):
                p = self.paragraph(block, to, quote_style)
                if quote.attribution:
                    p.get_or_add_pPr().keepNext_val = True
            else:
                self.block(block, to)
        if quote.attribution:
            style = S.ensure_style(self.document, S.QUOTE_ATTRIBUTION, self.brand)
            new_paragraph(to, style).append(text_run("— " + quote.attribution))

    def figure(self, figure: Figure, to=None) -> None:
        """Caption (above), the chart as a 300 dpi PNG at the text width with alt text, note and source lines."""
        to = self.body if to is None else to
        add_caption(to, self.report, "figure", figure.number, figure.caption,
                    self.bookmarks.start("figure", figure.key))
        if figure.draw == "native":
            from reporter.render.docx_bars import add_native_bars

            add_native_bars(to, figure, self.brand)
            add_notes(to, self.report, figure.notes, figure.source)
            return
        png = chart_png(figure, self.brand, self.report.language, FIGURE_WIDTH_CM)
        p = new_paragraph(to, S.FIGURE)
        if not (figure.notes or figure.source):
            p.get_or_add_pPr().keepNext_val = False
        add_picture(self._run(p), png, FIGURE_WIDTH_CM, figure.alt_text, figure.caption)
        add_notes(to, self.report, figure.notes, figure.source)

    def picture(self, picture: Picture, to) -> None:
        """An image from the project as a numbered figure: caption above, the image at its width (at most
        the text width) with alt text, note and source lines below."""
        caption = add_caption(to, self.report, "figure", picture.number, picture.caption,
                              self.bookmarks.start("figure", picture.key))
        self._mark_caption(caption, picture.caption, picture.source_id)
        p = new_paragraph(to, S.FIGURE)
        if not (picture.notes or picture.source):
            p.get_or_add_pPr().keepNext_val = False
        width = min(picture.width_cm, TEXT_WIDTH_CM) if picture.width_cm > 0 else TEXT_WIDTH_CM
        add_picture(self._run(p), picture.data, width, picture.alt_text, picture.caption)
        add_notes(to, self.report, picture.notes, picture.source)

    # -- authored blocks marked for reporter absorb (docx_sources) ------------------------------------------
    def _authored(self, p, inlines, source_id: str) -> None:
        self.inlines.write(p, inlines)
        self.inlines.sources.wrap(p, source_id)

    def _mark_caption(self, p, title: str, source_id: str) -> None:
        """The caption's own text (not 'Tabel 3: ') in a content control."""
        runs = [r for r in p.findall(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))) == title]
        if source_id and runs:
            self.inlines.sources.wrap(p, source_id, [runs[-1]])

    def _mark_free_table(self, table: Table, to, marker) -> None:
        """A table written in the template: its caption text and every cell."""
        first = marker.getnext() if marker is not None else to[0]
        tbl = None
        node = first
        while node is not None:
            if node.tag == qn("w:p") and tbl is None and node.find(qn("w:pPr") + "/" + qn("w:pStyle")) is not None \
                    and node.find(qn("w:pPr") + "/" + qn("w:pStyle")).get(qn("w:val")) == S.CAPTION:
                self._mark_caption(node, table.caption, table.source_id)
            if node.tag == qn("w:tbl"):
                tbl = node
                break
            node = node.getnext()
        if tbl is None:
            return
        for row, tr in zip(table.rows, tbl.findall(qn("w:tr"))):
            for cell, tc in zip(row.cells, tr.findall(qn("w:tc"))):
                p = tc.find(qn("w:p"))
                if cell.source_id and p is not None:
                    self.inlines.sources.wrap(p, cell.source_id)

    # -- back matter ----------------------------------------------------------------------------------------
    def back_page(self) -> None:
        """The back page as its own section, without running header, footer or page number."""
        back = self.report.back
        self.page_break_pending = False
        last = _last_block(self.body)
        if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            last = self._paragraph(S.SPACER)
        final = self.document.sections[-1]
        end_section(last, final._sectPr, keep_header_footer=True)
        drop_header_footer(final._sectPr)
        final.different_first_page_header_footer = False
        final.header.is_linked_to_previous = False          # empty header and footer of its own
        final.footer.is_linked_to_previous = False
        title = self._text(S.BACK_TITLE, back.title)
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
