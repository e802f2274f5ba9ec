"""Where a table may break across pages: the rule itself, the PDF laid out at every vertical offset, and the
DOCX rows' keep-with-next flags."""

from __future__ import annotations

import dataclasses

import pytest
from docx.oxml.ns import qn
from sample_report import head, label, sample_note, value
from weasy_boxes import table_placements

from reporter.brand import load_brand
from reporter.model.document import Paragraph, Row, Section, Table
from reporter.render.docx_tables import build_table
from reporter.render.table_breaks import KEEP_TOGETHER_ROWS, MIN_ROWS, keep_with_next


def _table(body_rows: int, key: str = "long") -> Table:
    rows = [Row(cells=(head("Kommune", align="left"), head("Start"), head("Slut")), kind="header")]
    rows += [Row(cells=(label(f"Kommune {i:02d}"), value(0.4), value(0.5))) for i in range(body_rows)]
    return Table(key=key, caption="En lang tabel", rows=tuple(rows), number=1, notes=("En note.",), legend=True)


def _allowed_breaks(table: Table, has_foot: bool = True) -> list[int]:
    """Body-row counts before each place a break may fall (after a row that is not kept with the next)."""
    keep = keep_with_next(table, has_foot)
    body = [k for k, r in zip(keep, table.rows) if r.kind != "header"]
    return [i + 1 for i, k in enumerate(body) if not k]


def test_a_long_table_may_break_only_with_three_rows_on_each_side():
    # 14 body rows: a break may fall after body row 3, 4, ..., 11 (3 before and at least 3 after), never at the end
    assert _allowed_breaks(_table(14)) == list(range(3, 12))
    # the last row may break from what follows only when nothing (legend, notes) follows it
    assert _allowed_breaks(_table(14), has_foot=False) == [*range(3, 12), 14]


def test_a_short_table_is_kept_on_one_page():
    assert _allowed_breaks(_table(KEEP_TOGETHER_ROWS)) == []
    assert _allowed_breaks(_table(KEEP_TOGETHER_ROWS + 1)) == list(range(MIN_ROWS, KEEP_TOGETHER_ROWS + 2 - MIN_ROWS))


@pytest.fixture(scope="module")
def placements_at_offsets():
    """A 30-row table after 6..30 one-line paragraphs: the page break moves through every row of the table."""
    from reporter.render.pdf import layout

    base = sample_note()
    out = []
    for lines in range(6, 31):
        blocks = tuple(Paragraph(f"Linje {i}.") for i in range(lines)) + (_table(30),)
        section = Section(key="breaks", title="Sideskift", blocks=blocks, number="9")
        report = dataclasses.replace(base, sections=(section,), toc=False, back=None)
        out.append((lines, table_placements(layout(report))["tab-long"]))
    return out


def test_in_the_pdf_a_broken_table_keeps_three_rows_on_each_side_and_its_caption_and_foot(placements_at_offsets):
    splits = set()
    for lines, placement in placements_at_offsets:
        per_page = placement.rows_per_page()
        assert len(placement.rows) == 30
        if len(per_page) > 1:
            splits.add(tuple(per_page.values()))
        assert min(per_page.values()) >= MIN_ROWS, (lines, per_page)
        assert placement.caption == {placement.rows[0]}, (lines, placement)
        assert placement.foot == {placement.rows[-1]}, (lines, placement)
        assert set(placement.rows) == placement.header, (lines, placement)
    # the break moved through the table and stopped at 3 rows at both ends (a line fewer would leave 1 or 2)
    assert (3, 27) in splits and (27, 3) in splits and len(splits) >= 10, sorted(splits)


def test_docx_rows_do_not_split_repeat_the_header_and_keep_the_break_rule():
    table = _table(14)
    tbl = build_table(table, load_brand("nordlys"), has_foot=True)
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 15
    for tr in rows:
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for tr in rows[1:])
    kept = [all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in tr.iter(qn("w:p"))) for tr in rows]
    # header, body rows 1-2 and 12-13 kept with the next row; row 14 kept with the legend; rows 3..11 may break
    assert kept == [True, True, True] + [False] * 9 + [True, True, True]
