"""Layout rules of the rendered notes, checked on every table of both example projects' PDFs."""

from __future__ import annotations

import re

from reporter.compare.pdf_text import read_pdf
from reporter.render.widths import _dictionary

SOFT = "\u2010"       # the hyphen WeasyPrint inserts at a hyphenation point (Typst sets the font's own "-")


def _model_words(report) -> set[str]:
    words: set[str] = set()
    for table in report.tables():
        for row in table.rows:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


def _prefix_of_word(piece: str, words: set[str]) -> bool:
    """``piece`` is a model word or the start of one (a word broken over more than two lines)."""
    return piece in words or any(w.startswith(piece) for w in words)


def _broken_words(text: str, words: set[str], lang: str) -> list[str]:
    """Pieces of ``text`` (as read from the PDF) that are not whole words of the model, or words broken
    somewhere the dictionary does not allow."""
    dic = _dictionary(lang)
    bad: list[str] = []
    tokens = [t for t in text.split() if t != "/"]
    i = 0
    while i < len(tokens):
        word, cuts = tokens[i], []
        while i + 1 < len(tokens):
            if word.endswith(SOFT) or (word.endswith("-") and word + tokens[i + 1] not in words
                                       and _prefix_of_word(word[:-1] + tokens[i + 1], words)):
                cuts.append(len(word) - 1)      # a hyphenation point: WeasyPrint's U+2010, Typst's own "-"
                word = word[:-1] + tokens[i + 1]
            elif word not in words and word.endswith("-") and _prefix_of_word(word + tokens[i + 1], words):
                word += tokens[i + 1]           # a break after a real hyphen ("Lyngby-Taarbæk") is allowed
            else:
                break
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
# Read from the PDF itself (structure tags, characters, bookmarks), whichever engine laid it out.
from collections import Counter  # noqa: E402

import pytest  # noqa: E402

from pdf_pages import filled_fractions, tagged_table_pages  # noqa: E402

MIN_ROWS = 3            # body rows on each side of a table's page break (issue 12)
MIN_FILLED = 0.40       # of a page's text area
TEXT_AREA_MM = (25, 22)  # styles/css/base.css @page margin (styles/typst/base.typ the same): top, bottom
PT_MM = 25.4 / 72


@pytest.fixture(scope="module")
def placed(rendered_note):
    """Every model table with its placement read from the note's PDF: (model table, tagged_table_pages entry)."""
    _, report, paths = rendered_note
    tables = tagged_table_pages(paths["pdf"])
    assert len(tables) == len(report.tables()), [t["caption"][:30] for t in tables]
    for table, found in zip(report.tables(), tables):
        assert table.caption[:20] in found["caption"].replace("\u00ad", ""), (table.caption, found["caption"])
    return list(zip(report.tables(), tables))


def _sections(sections):
    for section in sections:
        yield section
        yield from _sections(section.sections)


def test_a_table_that_breaks_keeps_three_body_rows_on_each_side(placed):
    problems = []
    for table, found in placed:
        per_page = Counter(found["rows"])
        if len(per_page) > 1 and min(per_page.values()) < MIN_ROWS:
            problems.append((table.key, dict(per_page)))
    # (whether a note has a broken table depends on its data; tests/render/test_table_breaks.py moves a break
    # through every row of a constructed table)
    assert not problems, problems


def test_no_caption_or_legend_stands_apart_from_its_table_or_figure(rendered_note, placed):
    problems = []
    for table, found in placed:
        if not found["rows"]:
            continue
        if found["caption_pages"] != [found["rows"][0]]:
            problems.append((table.key, "caption", found["caption_pages"], found["rows"][0]))
        if (table.legend or table.notes or table.source) and found["foot_pages"] != [found["rows"][-1]]:
            problems.append((table.key, "foot", found["foot_pages"], found["rows"][-1]))
    _, report, paths = rendered_note
    figures = _tagged_pages(paths["pdf"], "Figure")
    assert len(figures) >= len(list(report.figures())), (len(figures), len(list(report.figures())))  # + logos
    problems += [("figure", i, pages) for i, pages in enumerate(figures) if len(pages) != 1]
    assert not problems, problems


def _tagged_pages(pdf, kind: str) -> list[set[int]]:
    """The pages of every structure element of ``kind`` (e.g. every Figure), in order."""
    import pdfplumber
    from pdfplumber.structure import PDFStructTree

    out: list[set[int]] = []
    with pdfplumber.open(pdf) as doc:
        def walk(elements):
            for element in elements:
                if element.type == kind:
                    out.append({page for page, _ in element.all_mcids() if page is not None})
                else:
                    walk(list(element.children))
        walk(list(PDFStructTree(doc)))
    return out


def _letters(text: str) -> Counter:
    return Counter(ch for ch in text if ch.isalnum())


def test_the_header_row_repeats_on_every_page_a_table_runs_onto(rendered_note, placed):
    """On every page after a table's first, the characters between the top margin and the table's first row
    on that page are the letters of its header rows, no more and no fewer."""
    import pdfplumber

    _, report, paths = rendered_note
    checked = 0
    with pdfplumber.open(paths["pdf"]) as doc:
        for table, found in placed:
            head = [r for r in table.rows if r.kind == "header"]
            if not head or len(set(found["rows"])) < 2:
                continue
            expected = _letters("".join(c.text for r in head for c in r.cells))
            for page_number in sorted(set(found["rows"]))[1:]:
                page = doc.pages[page_number - 1]
                first_row = min(found["row_tops"][i] for i, p in enumerate(found["rows"]) if p == page_number)
                top = TEXT_AREA_MM[0] / PT_MM - 2
                shown = "".join(c["text"] for c in page.chars if top <= c["top"] < first_row - 0.5)
                assert _letters(shown) == expected, (table.key, page_number, shown[:80])
                checked += 1
    if report.front and "STV" in report.front.project:   # fixtures/stv's tables 3, 4, 7 and 8 run onto a page
        assert checked, "no table runs onto a second page: the check would be vacuous"


def _outline_pages(pdf_path) -> dict[str, int]:
    """Bookmark title → page (1-based) of the PDF's outline (both engines write one bookmark per heading)."""
    import pypdf

    reader = pypdf.PdfReader(pdf_path)
    out: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.setdefault(" ".join(item.title.split()), reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return out


def _underfilled(report, pdf) -> list[tuple[int, float]]:
    """Pages under MIN_FILLED that are neither front matter, the back page, the note's last body page, nor
    the last page before a chapter the template starts on a new page."""
    filled = filled_fractions(pdf, *TEXT_AREA_MM)
    outline = _outline_pages(pdf)
    first_body = min(outline.values())
    new_page_starts = set()
    for s in _sections(report.sections):
        if s.page_break_before:
            title = f"{s.number} {s.title}" if s.numbered and s.number else s.title
            assert title in outline, (title, list(outline))
            new_page_starts.add(outline[title])
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


def test_no_page_is_less_than_40_percent_filled_unless_the_next_chapter_must_start_a_page(rendered_note):
    _, report, paths = rendered_note
    assert not _underfilled(report, paths["pdf"])


def test_the_summarys_pages_are_filled_too(tmp_path):
    """fixtures/stv-summary (the evaluation-summary template; every chapter asks for a new page)."""
    from example_projects import FIXTURES

    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.pipeline import render_report

    directory = FIXTURES / "stv-summary"
    project, survey = load_survey(directory)
    report = build_note(project, compute_all(project, survey), project_dir=directory)
    pdf = render_report(report, tmp_path, "note", ("pdf",), pdf_engine=project.note.pdf_engine)[0]
    assert not _underfilled(report, pdf)

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
