"""Native stacked bars: geometry shared by the HTML/PDF and DOCX renderers."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from reporter.brand import load_brand
from reporter.colours import NEUTRAL
from reporter.model import Figure, FrontPage, Report, Section, Series
from reporter.render.bars import MIN_LABEL_SHARE, legend, stacked_rows
from reporter.render.docx import docx_bytes
from reporter.text.strings import STRINGS

BANDS = ("0-19 %", "20-39 %", "40-59 %", "Ved ikke")


def _figure(**kw) -> Figure:
    values = {"0-19 %": (0.5, 0.0), "20-39 %": (0.3, 0.6), "40-59 %": (0.15, 0.38), "Ved ikke": (0.05, 0.02)}
    series = tuple(Series(name=b, values=v, labels=tuple(f"{round(x * 100)} %" for x in v), dont_know=b == "Ved ikke")
                   for b, v in values.items())
    base = dict(key="fig_b", caption="Tro på målgruppen", kind="stacked_bar", categories=("Ballerup (n=16)", "Alle (n=449)"),
                series=series, alt_text="Stablet søjlediagram over tro på målgruppen", notes=("Note.",), draw="native")
    base.update(kw)
    return Figure(**base)


def test_rows_segments_and_widths():
    brand = load_brand("nordlys")
    rows = stacked_rows(_figure(), brand)
    assert [r.label for r in rows] == ["Ballerup (n=16)", "Alle (n=449)"]
    first, second = rows
    assert [s.share for s in first.segments] == [0.5, 0.3, 0.15, 0.05]
    assert len(second.segments) == 3                       # a zero share draws no segment
    for row in rows:
        assert 99.0 < sum(s.width for s in row.segments) < 100.0
    assert [s.label for s in first.segments] == ["50 %", "30 %", "15 %", ""]   # 5 % < MIN_LABEL_SHARE
    assert MIN_LABEL_SHARE > 0.05
    assert first.segments[-1].colour == NEUTRAL
    colours = [c for _, c in legend(_figure(), brand)]
    assert len(set(colours)) == 4 and colours[-1] == NEUTRAL


def test_only_stacked_bars_can_be_native():
    with pytest.raises(ValueError, match="stacked_bar"):
        stacked_rows(_figure(kind="clustered_bar"), load_brand("nordlys"))


def _report(figure: Figure) -> Report:
    return Report(kind="profile", language="da", brand="nordlys",
                  front=FrontPage(project="P", title="Kommuneprofil: X", subtitle="Slut", date_text="", publisher="N"),
                  sections=(Section(key="s", title="Kommuneprofil: X", blocks=(figure,), numbered=False, in_toc=False),),
                  toc=False, strings=tuple(sorted(STRINGS["da"].items())))


def test_docx_draws_each_category_as_shaded_cells_with_the_labels():
    brand = load_brand("nordlys")
    figure = _figure(number=1)
    document = docx.Document(io.BytesIO(docx_bytes(_report(figure), brand)))
    tables = list(document.element.body.iter(qn("w:tbl")))
    assert len(tables) == 2
    expected = stacked_rows(figure, brand)
    for tbl, row in zip(tables, expected):
        desc = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblDescription')}").get(qn("w:val"))
        assert desc.startswith(figure.alt_text)
        cells = tbl.findall(f"{qn('w:tr')}/{qn('w:tc')}")
        assert "".join(t.text for t in cells[0].iter(qn("w:t"))) == row.label
        fills = [c.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) for c in cells[1:]]
        assert fills == [s.colour.lstrip("#").upper() for s in row.segments]
        texts = ["".join(t.text for t in c.iter(qn("w:t"))) for c in cells[1:]]
        assert texts == [s.label for s in row.segments]
    assert not document.inline_shapes, "a native figure embeds no picture"


def test_pdf_keeps_the_values_as_text():
    import pdfplumber

    from reporter.render.pdf import pdf_bytes

    pdf = pdf_bytes(_report(_figure(number=1)), "nordlys")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
    for label in ("50 %", "30 %", "60 %", "38 %", "Ballerup (n=16)", "Ved ikke"):
        assert label.replace(" ", "") in text.replace(" ", "").replace("\xa0", ""), label
