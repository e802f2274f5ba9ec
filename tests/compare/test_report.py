"""Difference records read like proof-reading notes: file, page or paragraph, table, row, column, change."""

from __future__ import annotations

from pathlib import Path

from reporter.compare.report import Difference, format_report, table_name


def test_cell_difference_names_page_table_row_and_column():
    d = Difference("note.pdf", "cell", before="61 %", after="64 %", page=7,
                   table="Tabel 3. Power-ranking af kommunernes fidelitet", row="Ballerup", column="Start")
    assert d.message == 'note.pdf page 7, Tabel 3 (Power-ranking af kommunernes fidelitet), row "Ballerup", ' \
                        'column "Start": "61 %" → "64 %"'
    assert str(d) == d.message


def test_long_captions_are_shortened_and_captions_without_number_kept():
    assert table_name("Tabel 12. " + "x" * 80) == "Tabel 12 (" + "x" * 40 + "…)"
    assert table_name("Fidelitet   på\nkerneelementerne") == "Fidelitet på kerneelementerne"
    assert table_name("") == "table without caption"


def test_paragraph_shading_raster_and_file_differences():
    assert Difference("note.docx", "text", before="a", after="b", paragraph=4).message == \
        'note.docx paragraph 4: "a" → "b"'
    shading = Difference("note.docx", "shading", before="B7E4C7", after="F4B6B6", table="Tabel 1. X", row="R",
                         column="C")
    assert shading.message == 'note.docx, Tabel 1 (X), row "R", column "C" (cell shading): "B7E4C7" → "F4B6B6"'
    raster = Difference("note.pdf", "raster", page=2, detail="3.00% of pixels changed", image=Path("d/x.png"))
    assert raster.message == "note.pdf page 2: 3.00% of pixels changed [diff image: d/x.png]"
    assert Difference("profiles/a.pdf", "missing", detail="file missing").message == "profiles/a.pdf: file missing"
    removed = Difference("n.pdf", "missing", before="old line", page=1, detail="text removed")
    assert removed.message == 'n.pdf page 1: "old line" → (none) — text removed'


def test_format_report():
    assert format_report([], "a", "b") == "No differences between a and b."
    text = format_report([Difference("x.pdf", "pages", before="2", after="3"),
                          Difference("y.pdf", "missing", detail="file missing")], "a", "b")
    assert text.splitlines() == ['x.pdf: "2" → "3"', "y.pdf: file missing",
                                 "2 difference(s) in 2 file(s) between a and b."]
