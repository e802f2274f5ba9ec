"""Text and tables of tagged PDFs: tables from the structure tags (continued across pages, empty header
cells left out by WeasyPrint), page text outside tables, and the differences between two PDFs."""

from __future__ import annotations

import pytest

from compare_samples import MUNICIPALITIES, table_pdf
from reporter.compare.pdf_text import PdfReadError, compare_pdf_text, read_pdf


@pytest.fixture(scope="module")
def base() -> bytes:
    return table_pdf()


@pytest.fixture(scope="module")
def content(base):
    return read_pdf(base)


def test_a_table_continued_on_the_next_page_is_one_table_with_its_caption(content):
    assert len(content.pages) == 2
    (table,) = content.tables
    assert table.caption == "Tabel 3. Power-ranking af kommunernes fidelitet"
    assert table.grid.rows == MUNICIPALITIES
    assert {c.page for c in table.grid.cells} == {1, 2}


def test_columns_come_from_both_header_rows_despite_the_empty_corner_cell(content):
    assert content.tables[0].grid.columns == ("Medarbejder / Start", "Medarbejder / Slut", "Leder / Start",
                                              "Leder / Slut")


def test_page_text_leaves_table_cells_out(content):
    assert content.pages[0] == ("Overskrift", "Indledende tekst.", "Tabel 3. Power-ranking af kommunernes fidelitet")
    assert content.pages[1] == ("Afsluttende tekst.",)


def test_changed_cell_names_page_table_row_and_column(content):
    last = MUNICIPALITIES[-1]
    changed = read_pdf(table_pdf(values={f"{last}|Leder|Slut": "99 %"}))
    (d,) = compare_pdf_text(content, changed, "note.pdf")
    assert d.message == f'note.pdf page 2, Tabel 3 (Power-ranking af kommunernes fidelitet), row "{last}", ' \
                        f'column "Leder / Slut": "19 %" → "99 %"'


def test_changed_text_names_the_page(content):
    changed = read_pdf(table_pdf(extra_text="Ny sætning."))
    (d,) = compare_pdf_text(content, changed, "note.pdf")
    assert (d.kind, d.page, d.before, d.after) == ("text", 1, "Indledende tekst.", "Indledende tekst. Ny sætning.")


def test_identical_content_has_no_differences(content, base):
    assert compare_pdf_text(content, read_pdf(base), "x.pdf") == []


def test_not_a_pdf():
    with pytest.raises(PdfReadError, match="x.pdf is not a readable PDF"):
        read_pdf(b"hello", "x.pdf")


def test_an_untagged_pdf_compares_by_page_text():
    from weasyprint import HTML

    html = "<html><body><p>Tabel 1. X</p><table><tr><th>K</th><td>{}</td></tr></table></body></html>"
    a, b = (read_pdf(HTML(string=html.format(v)).write_pdf()) for v in ("61 %", "64 %"))
    assert a.tables == ()
    (d,) = compare_pdf_text(a, b, "x.pdf")
    assert (d.kind, d.page, d.before, d.after) == ("text", 1, "K 61 %", "K 64 %")
