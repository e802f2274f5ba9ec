import pytest

from reporter.compose.numbering import ReferenceError_, number_report
from reporter.model import Cell, Figure, FrontPage, Paragraph, Report, Row, Section, Series, Table


def _table(key):
    return Table(key=key, caption=key, rows=(Row(cells=(Cell("x"),)),))


def _figure(key):
    return Figure(key=key, caption=key, kind="clustered_bar", categories=("a",),
                  series=(Series("s", (0.5,)),), alt_text="alt")


def _report(sections):
    return Report(kind="note", language="da", brand="nordlys",
                  front=FrontPage("p", "t", "", "", "x"), sections=tuple(sections))


def test_tables_and_figures_numbered_in_document_order_without_gaps():
    report = _report([
        Section("a", "A", blocks=(_table("t1"), _figure("f1")),
                sections=(Section("a1", "A1", blocks=(_table("t2"),)),)),
        Section("b", "B", blocks=(_figure("f2"), _table("t3"))),
    ])
    out = number_report(report)
    assert [t.number for t in out.tables()] == [1, 2, 3]
    assert [t.key for t in out.tables()] == ["t1", "t2", "t3"]
    assert [f.number for f in out.figures()] == [1, 2]


def test_references_resolve_to_the_numbers_of_their_targets():
    report = _report([
        Section("a", "A", blocks=(Paragraph("{Ref:t2} viser mere end {ref:f1}."), _table("t1"), _figure("f1"))),
        Section("b", "B", blocks=(Paragraph("Se {ref:a}."), _table("t2"))),
    ])
    out = number_report(report)
    paragraphs = [b.text for _, b in out.walk() if isinstance(b, Paragraph)]
    assert paragraphs == ["Tabel 2 viser mere end figur 1.", "Se afsnit 1."]


def test_unknown_reference_is_an_error():
    report = _report([Section("a", "A", blocks=(Paragraph("Se {ref:nope}."),))])
    with pytest.raises(ReferenceError_, match="nope"):
        number_report(report)


def test_duplicate_keys_are_an_error():
    report = _report([Section("a", "A", blocks=(_table("t"), _table("t")))])
    with pytest.raises(ValueError, match="duplicate table key"):
        number_report(report)


def test_section_numbers_skip_unnumbered_sections():
    report = _report([
        Section("resume", "Resumé", numbered=False),
        Section("intro", "Indledning", sections=(Section("i1", "x"), Section("i2", "y"))),
        Section("fid", "Fidelitet"),
    ])
    out = number_report(report)
    assert [s.number for s in out.sections] == ["", "1", "2"]
    assert [s.number for s in out.sections[1].sections] == ["1.1", "1.2"]
