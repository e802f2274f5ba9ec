"""Tables as labelled grids: header rows over spans, row labels, and differences by label, not position."""

from __future__ import annotations

from reporter.compare.tables import Grid, GridCell, compare_tables


def grid(rows, head=2):
    return Grid.from_rows([(i < head, [c if isinstance(c, GridCell) else GridCell(c) for c in row])
                           for i, row in enumerate(rows)])


HEAD = [["", GridCell("Medarbejder", span=2), GridCell("Leder", span=2)], ["Kommune", "Start", "Slut", "Start", "Slut"]]


def test_columns_join_header_rows_over_spans():
    g = grid(HEAD + [["Ballerup", "61 %", "64 %", "*", "*"]])
    assert g.columns == ("Medarbejder / Start", "Medarbejder / Slut", "Leder / Start", "Leder / Slut")
    assert g.rows == ("Ballerup",)
    assert [c.text for c in g.cells] == ["61 %", "64 %", "*", "*"]


def test_header_rows_are_found_from_header_cells_when_not_marked():
    g = Grid.from_rows([(False, [GridCell("Kommune", header=True), GridCell("Start", header=True)]),
                        (False, [GridCell("Ballerup", header=True), GridCell("61 %")])])
    assert g.columns == ("Start",) and g.rows == ("Ballerup",)


def test_explicit_column_label_wins_over_position():
    g = Grid.from_rows([(True, [GridCell("Kommune"), GridCell("Start")]),
                        (False, [GridCell("Ballerup"), GridCell("61 %", column="Leder / Slut")])])
    assert g.cells[0].column == "Leder / Slut"


def test_repeated_row_labels_stay_apart():
    g = grid([["Indikator", "Start"], ["1a", "1"], ["1a", "2"]], head=1)
    assert g.rows == ("1a", "1a (2)")


def test_changed_cell_is_named_by_row_and_column():
    a = grid(HEAD + [["Ballerup", "61 %", "64 %", "*", "*"], ["Billund", "50 %", "52 %", "*", "*"]])
    b = grid(HEAD + [["Ballerup", "61 %", "64 %", "*", "*"], ["Billund", "50 %", "55 %", "*", "*"]])
    (d,) = compare_tables([("Tabel 3. Power", a)], [("Tabel 3. Power", b)], "note.pdf", paged=False)
    assert (d.kind, d.table, d.row, d.column, d.before, d.after) == \
        ("cell", "Tabel 3. Power", "Billund", "Medarbejder / Slut", "52 %", "55 %")


def test_an_added_row_is_one_difference_not_a_shift():
    a = grid(HEAD + [["Ballerup", "1", "2", "3", "4"], ["Billund", "5", "6", "7", "8"]])
    b = grid(HEAD + [["Aabenraa", "0", "0", "0", "0"], ["Ballerup", "1", "2", "3", "4"], ["Billund", "5", "6", "7", "8"]])
    (d,) = compare_tables([("T", a)], [("T", b)], "x", paged=False)
    assert (d.kind, d.row, d.detail) == ("extra", "Aabenraa", "row added")


def test_missing_tables_columns_and_fill_changes():
    a = grid([["K", "Start"], [GridCell("B"), GridCell("1", fill="B7E4C7")]], head=1)
    b = grid([["K", "Slut"], [GridCell("B"), GridCell("1", fill="F4B6B6")]], head=1)
    found = compare_tables([("T", a), ("Only A", a)], [("T", b)], "x", paged=False)
    assert {(d.kind, d.table, d.column, d.detail) for d in found} == {
        ("missing", "Only A", None, "table missing"),
        ("missing", "T", "Start", "column missing"),
        ("extra", "T", "Slut", "column added")}
    c = grid([["K", "Start"], [GridCell("B"), GridCell("1", fill="F4B6B6")]], head=1)
    (d,) = compare_tables([("T", a)], [("T", c)], "x", paged=False)
    assert (d.kind, d.before, d.after) == ("shading", "B7E4C7", "F4B6B6")
