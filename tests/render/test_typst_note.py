"""The note laid out by Typst: front page, contents whose page numbers are where the headings are, running
header and footer on the body pages only, bookmarks, long tables broken with at least three rows on each side,
and the DOCX contents numbered from the same layout."""

from __future__ import annotations

import dataclasses
import io
import re

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pytest

from pdf_pages import page_count, structure_elements
from sample_report import DATE, sample_note

from reporter.brand import load_brand
from reporter.model.document import Cell, Paragraph, Row, Section, Table
from reporter.pipeline import pdf_engine_for
from reporter.render.table_breaks import MIN_ROWS
from reporter.render.typst_pdf import pdf_bytes_and_pages
from reporter.render.typst_source import break_runs

BRAND = load_brand("nordlys")


@pytest.fixture(scope="module")
def note_pdf() -> tuple[bytes, dict[str, int]]:
    return pdf_bytes_and_pages(sample_note(), BRAND)


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def _heading(section: Section) -> str:
    return f"{section.number} {section.title}" if section.numbered and section.number else section.title


def _sections(sections):
    for s in sections:
        yield s
        yield from _sections(s.sections)


def test_every_heading_stands_on_the_page_the_contents_give():
    """The contents' number after each entry's leader dots is the page (counted from the front page) whose
    text has that heading as a line of its own, read from the PDF's text, not from the layout's query."""
    report = sample_note()
    pdf, _ = pdf_bytes_and_pages(report, BRAND)
    pages = _pages(pdf)
    contents = pages[1]
    assert report.string("contents") in [ln.strip() for ln in contents.splitlines()]
    entries = report.contents()
    assert len(entries) == 9            # 4 top-level sections (resumé unnumbered) and 5 sub-sections
    for section, _depth in entries:
        title = _heading(section)
        line = next(ln for ln in contents.splitlines() if ln.startswith(title))
        number = int(re.search(r"(\d+)\s*$", line).group(1))
        found = [i + 1 for i, text in enumerate(pages) if title in [ln.strip() for ln in text.splitlines()]]
        assert found and found[0] == number, (title, number, found)


def test_the_layouts_section_pages_are_the_pdfs(note_pdf):
    """{section key: page} handed to the DOCX contents: every section of the note, each the page its heading is
    on in the PDF."""
    pdf, pages = note_pdf
    report = sample_note()
    text = _pages(pdf)
    assert set(pages) == {s.key for s in _sections(report.sections)}
    for section in _sections(report.sections):
        lines = [ln.strip() for ln in text[pages[section.key] - 1].splitlines()]
        assert _heading(section) in lines, (section.key, pages[section.key])


def test_running_header_and_footer_on_the_body_pages_only(note_pdf):
    pdf, _ = note_pdf
    report = sample_note()
    pages = _pages(pdf)
    front, back, body = pages[0], pages[-1], pages[1:-1]
    assert "Side" not in front and "Side" not in back
    assert report.front.title in front and report.back.title in back
    for number, text in enumerate(body, start=2):
        lines = [ln.strip() for ln in text.splitlines()]
        assert lines[0].startswith(report.front.project) and lines[0].endswith(report.front.publisher), lines[0]
        assert lines[-1] == f"{report.front.title} Side {number}", lines[-1]


def test_bookmarks_are_the_numbered_headings_on_their_pages(note_pdf):
    pdf, pages = note_pdf
    report = sample_note()
    doc = pdfium.PdfDocument(pdf)
    try:
        marks = [(b.level, b.get_title(), b.get_dest().get_index()) for b in doc.get_toc()]
    finally:
        doc.close()
    expected = []

    def walk(sections, level):
        for s in sections:
            expected.append((level, _heading(s), pages[s.key] - 1))
            walk(s.sections, level + 1)

    walk(report.sections, 0)
    assert marks == expected


def test_tagged_with_language_title_and_figure_alt_texts(note_pdf):
    pdf, _ = note_pdf
    report = sample_note()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "da"
    assert reader.metadata.title == f"{report.front.title}: {report.front.subtitle}"
    elements = structure_elements(pdf)
    alts = {alt for tag, alt in elements if tag == "/Figure"}
    for figure in report.figures():
        assert figure.alt_text in alts, figure.key
    assert sum(1 for tag, _ in elements if tag == "/Table") == len(report.tables())


def _long_table(rows: int, groups: tuple[int, ...] = ()) -> Table:
    head = Row(kind="header", cells=(Cell(text="Kommune", align="left"), Cell(text="Start"), Cell(text="Slut")))
    body = []
    for i in range(1, rows + 1):
        if i in groups:
            body.append(Row(kind="group", cells=(Cell(text=f"GRUPPE {i:02d}", align="left", span=3),)))
        body.append(Row(kind="body", cells=(Cell(text=f"Række {i:02d}", align="left"), Cell(text=f"{i},0"),
                                            Cell(text=f"{2 * i},0"))))
    return Table(key="long", number=1, caption="En lang tabel", rows=(head, *body))


@pytest.mark.parametrize("filler", range(0, 14, 2))
def test_a_long_table_breaks_with_at_least_three_rows_on_each_side(filler):
    """Wherever the table starts on its page (more or less text before it), every page it runs onto holds at
    least MIN_ROWS of its body rows, a group row is never a page's last row, and the header repeats."""
    report = sample_note()
    table = _long_table(70, groups=(20, 45))
    text = "Denne sætning fylder en linje i brødteksten, og den gentages for at flytte tabellen ned. " * 3
    section = Section(key="long_section", title="En lang tabel", number="9",
                      blocks=tuple(Paragraph(text=text) for _ in range(filler)) + (table,))
    report = dataclasses.replace(report, sections=(section,), toc=False, back=None)
    pdf, _ = pdf_bytes_and_pages(report, BRAND)
    segments = []
    for text_of_page in _pages(pdf)[1:]:
        lines = [ln.strip() for ln in text_of_page.splitlines()]
        rows = [ln for ln in lines if ln.startswith(("Række ", "GRUPPE "))]
        if rows:
            segments.append(rows)
            assert any(ln.startswith("Kommune") for ln in lines)       # the header on every page
    assert len(segments) >= 2                                          # it did break
    assert sum(1 for seg in segments for r in seg if r.startswith("Række")) == 70
    for seg in segments:
        assert sum(1 for r in seg if r.startswith("Række")) >= MIN_ROWS, [s[:1] for s in segments]
        assert not seg[-1].startswith("GRUPPE"), seg[-3:]


def test_break_runs_end_where_a_break_is_allowed():
    assert break_runs((True, True, False, False, True, True)) == [3, 1, 2]
    assert break_runs((True, True)) == [2]
    assert break_runs(()) == []


def test_a_note_and_a_profile_are_typst_unless_asked_or_the_brand_has_print_css(tmp_path):
    from sample_report import sample_profile

    report = sample_note()
    assert pdf_engine_for(report) == "typst"
    assert pdf_engine_for(report, "weasyprint") == "weasyprint"
    assert pdf_engine_for(sample_profile()) == "typst"
    (tmp_path / "print.css").write_text("h1 { letter-spacing: 1pt }\n", encoding="utf-8")
    with_css = dataclasses.replace(BRAND, directory=tmp_path)
    assert with_css.print_css is not None and BRAND.print_css is None
    assert pdf_engine_for(sample_profile(), None, with_css) == "weasyprint"
    assert pdf_engine_for(report, None, with_css) == "weasyprint"
    with pytest.raises(ValueError, match="unknown PDF engine"):
        pdf_engine_for(report, "latex")


def test_the_stv_note_on_typst_keeps_its_tables_whole_and_numbers_the_docx_contents(tmp_path):
    """fixtures/stv with ``note: {pdf_engine: typst}``: every broken table has at least MIN_ROWS body rows on
    each page and its caption on the page of its first row; the DOCX
    contents give each section the page Typst put its heading on."""
    from collections import Counter

    import docx

    from example_projects import FIXTURES
    from pdf_pages import tagged_table_pages

    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.pipeline import render_report

    project, survey = load_survey(FIXTURES / "stv")
    report = build_note(project, compute_all(project, survey), project_dir=FIXTURES / "stv")
    paths = {p.suffix: p for p in render_report(report, tmp_path, "note", ("pdf", "docx"), pdf_engine="typst")}
    pdf = paths[".pdf"].read_bytes()
    assert "Typst" in str(pypdf.PdfReader(io.BytesIO(pdf)).metadata["/Creator"])
    tables = tagged_table_pages(pdf)
    assert len(tables) == len(report.tables())
    problems = []
    # (the foot staying with the last rows is checked on every note by tests/test_note_layout.py)
    for table in tables:
        per_page = Counter(table["rows"])
        if len(per_page) > 1 and min(per_page.values()) < MIN_ROWS:
            problems.append((table["caption"][:40], dict(per_page)))
        if table["rows"] and table["caption_pages"] != [table["rows"][0]]:
            problems.append((table["caption"][:40], "caption", table["caption_pages"], table["rows"][0]))
    assert not problems, problems
    assert any(len(set(t["rows"])) > 1 for t in tables)           # some table did break
    text = _pages(pdf)
    lines = [" ".join(p.text.split()) for p in docx.Document(paths[".docx"]).paragraphs]
    for section, _depth in report.contents():
        title = _heading(section)
        page = next(i + 1 for i, t in enumerate(text) if title in [ln.strip() for ln in t.splitlines()][1:])
        entry = next(ln for ln in lines if ln.startswith(title) and re.search(r"\d+$", ln))
        assert entry.endswith(str(page)), (entry, page)


def test_the_body_starts_after_the_front_page_and_the_contents(note_pdf):
    pdf, pages = note_pdf
    assert min(pages.values()) == 3                            # front page, contents, then the resumé
    assert page_count(pdf) > max(pages.values())               # and the back page after the last section
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"].startswith("D:" + DATE.strftime("%Y%m%d"))


@pytest.mark.parametrize("rows", [11, 40])      # 11: the fewest rows a table may break in (3 + 5 + 3)
def test_a_tables_notes_stay_on_the_page_of_its_last_rows_wherever_the_page_ends(rows):
    """The table moves down a line of body text at a time, so its end meets the page's end at every row; at
    each position its note lines stand on the page of its last body row, its caption on that of its first, and
    a page it runs onto holds at least MIN_ROWS of its rows."""
    from collections import Counter

    from pdf_pages import tagged_table_pages

    base = sample_note()
    table = dataclasses.replace(_long_table(rows), notes=("Første linje af noten, der forklarer tabellen.",
                                                          "Anden linje.", "Tredje linje af noten."))
    line = "Denne sætning fylder en linje i brødteksten."
    moved = set()
    for filler in range(0, 62, 3):
        blocks = tuple(Paragraph(text=line) for _ in range(filler))
        section = Section(key="s", title="En tabel med noter", number="9", blocks=blocks + (table,))
        report = dataclasses.replace(base, sections=(section,), toc=False, back=None)
        pdf, _ = pdf_bytes_and_pages(report, BRAND)
        (found,) = tagged_table_pages(pdf)
        assert found["foot_pages"] == [found["rows"][-1]], (filler, found)
        assert found["caption_pages"] == [found["rows"][0]], (filler, found)
        per_page = Counter(found["rows"])
        assert len(per_page) == 1 or min(per_page.values()) >= MIN_ROWS, (filler, per_page)
        moved.add(len(per_page))
    assert 2 in moved     # it did run onto a second page somewhere
