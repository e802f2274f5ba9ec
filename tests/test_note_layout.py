"""Layout rules of the rendered notes, checked on every table of both example projects' PDFs."""

from __future__ import annotations

import re

from reporter.compare.pdf_text import read_pdf
from reporter.render.widths import _dictionary

SOFT = "\u2010"       # the hyphen WeasyPrint inserts at a hyphenation point


def _model_words(report) -> set[str]:
    words: set[str] = set()
    for table in report.tables():
        for row in table.rows:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


def _broken_words(text: str, words: set[str], lang: str) -> list[str]:
    """Pieces of ``text`` (as read from the PDF) that are not whole words of the model, or words broken
    somewhere the dictionary does not allow."""
    dic = _dictionary(lang)
    bad: list[str] = []
    tokens = [t for t in text.split() if t != "/"]
    i = 0
    while i < len(tokens):
        word, cuts = tokens[i], []
        while word.endswith(SOFT) and i + 1 < len(tokens):
            cuts.append(len(word) - 1)
            word = word[:-1] + tokens[i + 1]
            i += 1
        if word not in words and word.endswith("-") and i + 1 < len(tokens) and word + tokens[i + 1] in words:
            word += tokens[i + 1]              # a break after a real hyphen ("Lyngby-Taarbæk") is allowed
            i += 1
        if word not in words:
            bad.append(word)
        elif cuts and not set(cuts) <= set(dic.positions(word)):
            bad.append(f"{word} (broken at {cuts})")
        i += 1
    return bad


def test_no_word_in_a_table_header_or_label_is_broken_outside_a_hyphenation_point(rendered_note):
    c, report, paths = rendered_note
    content = read_pdf(paths["pdf"].read_bytes())
    words = _model_words(report)
    problems = []
    for table in content.tables:
        for text in [*table.grid.columns, *table.grid.rows]:
            text = re.sub(r" \(\d+\)$", "", text)           # repeated row labels get a counter when read back
            problems += [(table.caption[:40], text, b) for b in _broken_words(text, words, report.language)]
    assert not problems, problems[:10]


# --- page breaks -------------------------------------------------------------------------------------------
import pytest  # noqa: E402

from pdf_pages import filled_fractions, page_count  # noqa: E402
from weasy_boxes import figure_pages, table_placements  # noqa: E402

MIN_ROWS = 3            # body rows on each side of a table's page break (issue 12)
MIN_FILLED = 0.40       # of a page's text area
TEXT_AREA_MM = (25, 22)  # styles/css/base.css @page margin: top, bottom


@pytest.fixture(scope="module")
def laid_out(rendered_note):
    """The WeasyPrint layout the note's PDF was written from (laid out again from the same model)."""
    from reporter.render.pdf import layout

    c, report, paths = rendered_note
    document = layout(report)
    assert len(document.pages) == page_count(paths["pdf"])
    return document


def _sections(sections):
    for section in sections:
        yield section
        yield from _sections(section.sections)


def test_a_table_that_breaks_keeps_three_body_rows_on_each_side(rendered_note, laid_out):
    _, report, _ = rendered_note
    problems = []
    broken = 0
    for key, placement in table_placements(laid_out).items():
        per_page = placement.rows_per_page()
        if len(per_page) > 1:
            broken += 1
            if min(per_page.values()) < MIN_ROWS:
                problems.append((key, per_page))
    # (whether a note has a broken table depends on its data; tests/render/test_table_breaks.py moves a break
    # through every row of a constructed table)
    assert not problems, problems


def test_no_caption_or_legend_stands_apart_from_its_table_or_figure(laid_out):
    problems = []
    for key, placement in table_placements(laid_out).items():
        if not placement.rows:
            continue
        if placement.caption != {placement.rows[0]}:
            problems.append((key, "caption", placement.caption, placement.rows[0]))
        if placement.foot and placement.foot != {placement.rows[-1]}:
            problems.append((key, "foot", placement.foot, placement.rows[-1]))
    for key, pages in figure_pages(laid_out).items():
        if len(pages) != 1:
            problems.append((key, "figure", pages))
    assert not problems, problems


def test_the_header_row_repeats_on_every_page_a_table_runs_onto(rendered_note, laid_out):
    _, report, _ = rendered_note
    headed = {t.key for t in report.tables() if any(r.kind == "header" for r in t.rows)}
    from reporter.render.html import anchor

    placements = table_placements(laid_out)
    for key in headed:
        placement = placements[anchor("tab", key)]
        assert set(placement.rows) <= placement.header, (key, placement)


def _underfilled(report, pdf, document) -> list[tuple[int, float]]:
    """Pages under MIN_FILLED that are neither front matter, the back page, the note's last body page, nor
    the last page before a chapter the template starts on a new page."""
    from reporter.render.pdf import section_pages

    filled = filled_fractions(pdf, *TEXT_AREA_MM)
    starts = section_pages(report, document)
    first_body = min(starts.values())
    new_page_starts = {starts[s.key] for s in _sections(report.sections) if s.page_break_before and s.key in starts}
    last_body = len(filled) - (1 if report.back else 0)
    problems = []
    for number, fraction in enumerate(filled, start=1):
        if number < first_body or number > last_body:
            continue                      # front page, contents, back page: pages of their own
        if number + 1 in new_page_starts or number == last_body:
            continue                      # the template starts the next chapter on a new page, or the note ends
        if fraction < MIN_FILLED:
            problems.append((number, round(fraction, 2)))
    return problems


def test_no_page_is_less_than_40_percent_filled_unless_the_next_chapter_must_start_a_page(rendered_note, laid_out):
    _, report, paths = rendered_note
    assert not _underfilled(report, paths["pdf"], laid_out)


def test_the_summarys_pages_are_filled_too():
    """fixtures/stv-summary (the evaluation-summary template; every chapter asks for a new page)."""
    from example_projects import FIXTURES

    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.render.pdf import layout, write_document

    directory = FIXTURES / "stv-summary"
    project, survey = load_survey(directory)
    report = build_note(project, compute_all(project, survey), project_dir=directory)
    document = layout(report)
    assert not _underfilled(report, write_document(report, document), document)

MIN_SYMBOL_PT = 7.0     # a status symbol stands as large as the table's own text (7.5–8.5 pt), never smaller


def test_traffic_light_symbols_are_as_large_as_the_table_text(rendered_note):
    import pdfplumber

    from reporter.brand import load_brand

    _, report, paths = rendered_note
    symbols = {s for s in load_brand(report.brand).status_symbols.values() if s}
    sizes = []
    with pdfplumber.open(paths["pdf"]) as pdf:
        for page in pdf.pages:
            sizes += [c["size"] for c in page.chars if c["text"] in symbols]
    assert sizes, "no status symbol in the note"
    assert min(sizes) >= MIN_SYMBOL_PT, min(sizes)
