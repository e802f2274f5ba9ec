"""DOCX content: paragraphs, tables under their Caption paragraph (values and shading), pictures."""

from __future__ import annotations

import pytest

from compare_samples import MUNICIPALITIES, png, table_docx
from reporter.compare.docx_diff import DocxReadError, compare_docx_content, read_docx


@pytest.fixture(scope="module")
def content():
    return read_docx(table_docx(picture=png((0, 0, 255))))


def test_reads_paragraphs_table_and_pictures(content):
    assert content.paragraphs == ("Indledende tekst.", "Tabel 3. Power-ranking af kommunernes fidelitet",
                                  "Afsluttende tekst.")
    ((caption, grid),) = content.tables
    assert caption == "Tabel 3. Power-ranking af kommunernes fidelitet"
    assert grid.columns == ("Start", "Slut") and grid.rows == MUNICIPALITIES[:5]
    assert [c.fill for c in grid.cells[:2]] == [None, "B7E4C7"]
    assert len(content.pictures) == 1


def test_changed_value_and_shading_name_table_row_and_column(content):
    first = MUNICIPALITIES[0]
    changed = read_docx(table_docx(values={f"{first}|Slut": "70 %"}, fill="F4B6B6", picture=png((0, 0, 255))))
    found = compare_docx_content(content, changed, "note.docx")
    assert [d.message for d in found] == [
        f'note.docx, Tabel 3 (Power-ranking af kommunernes fidelitet), row "{first}", column "Slut": "64 %" → "70 %"',
        f'note.docx, Tabel 3 (Power-ranking af kommunernes fidelitet), row "{first}", column "Slut" (cell shading): '
        f'"B7E4C7" → "F4B6B6"']


def test_changed_paragraph_and_picture(content):
    changed = read_docx(table_docx(text="Ny indledning.", picture=png((255, 0, 0))))
    found = compare_docx_content(content, changed, "note.docx")
    assert [(d.kind, d.paragraph) for d in found] == [("text", 1), ("image", None)]
    assert found[0].message == 'note.docx paragraph 1: "Indledende tekst." → "Ny indledning."'
    assert "picture 1" in found[1].message


def test_missing_picture(content):
    (d,) = compare_docx_content(content, read_docx(table_docx()), "note.docx")
    assert (d.kind, d.detail) == ("missing", "picture 1 missing")


def test_not_a_docx():
    with pytest.raises(DocxReadError, match="x.docx is not a readable DOCX"):
        read_docx(b"PK\x03\x04 broken", "x.docx")
