"""End to end: the register chapter of the STV summary data (STV survey + fixtures/stv-summary/register)
rendered as PDF, DOCX and HTML; the printed numbers equal the metric tables."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from example_projects import FIXTURES, ROOT, clean_cell, docx_table, tc_text

from reporter.brand import load_brand
from reporter.compose import register as rb
from reporter.compose.cells import Formatter
from reporter.compose.numbering import number_report
from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all
from reporter.model import FrontPage, Report, Section, Table
from reporter.pipeline import render_report
from reporter.text.numbers import fmt_percent
from reporter.text.strings import STRINGS


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("stv-summary")
    project_dir = root / "project"
    shutil.copytree(FIXTURES / "stv" / "data", project_dir / "data")
    shutil.copytree(FIXTURES / "stv-summary" / "register", project_dir / "register")
    register = (ROOT / "tests" / "register_project" / "project.yaml").read_text(encoding="utf-8")
    register = register[register.index("\nregister:"):]
    (project_dir / "project.yaml").write_text((FIXTURES / "stv" / "project.yaml").read_text(encoding="utf-8")
                                              + register, encoding="utf-8")
    project, survey = load_survey(project_dir)
    tables = compute_all(project, survey)
    brand = load_brand(project.brand)
    fmt = Formatter(lang=project.language, percent_space=brand.percent_space)
    chapter = rb.register_chapter(project, tables, fmt)
    more = Section(key="more", title="Flere", blocks=(
        rb.population_table(project, tables, fmt), rb.key_figures_table(project, tables, fmt),
        rb.fidelity_scatter(project, tables, fmt, outcome="virk_ord"),
        rb.odds_ratio_figure(project, tables, fmt, model="cox")))
    report = Report(kind="note", language="da", brand=brand.key,
                    front=FrontPage(project=project.name, title="Register", subtitle="", date_text="2019",
                                    publisher=brand.publisher),
                    sections=(chapter, more), date=dt.date(2019, 9, 30), strings=tuple(sorted(STRINGS["da"].items())))
    report = number_report(report, table_word="tabel", figure_word="figur")
    files = render_report(report, root / "out", "register")
    return project, tables, report, brand, {p.suffix[1:]: p for p in files}


def test_chapter_has_the_summary_blocks(rendered):
    _, _, report, _, files = rendered
    kinds = [b.kind for b in report.figures()]
    assert kinds.count("line") == 3 and "effect_bar" in kinds and "km" in kinds and "scatter" in kinds
    assert {t.block for t in report.tables()} >= {"register.outcome_table", "register.regression"}
    assert all(files[f].stat().st_size > 0 for f in ("pdf", "docx", "html"))


def test_docx_tables_equal_the_model_and_the_metrics(rendered):
    project, tables, report, brand, files = rendered
    document = docx.Document(str(files["docx"]))
    for table in report.tables():
        tbl = docx_table(document, table.caption)
        got = [[clean_cell(tc_text(tc), brand) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]
        expected = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
        assert [[x for x in r if x] for r in got] == [[x for x in r if x] for r in expected], table.caption
    outcome = next(t for t in report.tables() if t.block == "register.outcome_table")
    tp = tables["register_time_points"]
    row = tp[(tp["municipality"] == "total") & (tp["group"] == "I") & (tp["segment"] == "Kontanthjælp")
             & (tp["outcome"] == "virk_ord") & (tp["time_point"] == "slut")].iloc[0]
    tbl = docx_table(document, outcome.caption)
    first_body = [clean_cell(tc_text(tc), brand) for tc in tbl.findall(qn("w:tr"))[2].findall(qn("w:tc"))]
    assert first_body[2] == fmt_percent(row["value"], "da", space=brand.percent_space)


def test_docx_regression_emphasis(rendered):
    _, tables, report, brand, files = rendered
    table = next(t for t in report.tables() if t.block == "register.regression")
    tbl = docx_table(docx.Document(str(files["docx"])), table.caption)
    for tr, row in zip(tbl.findall(qn("w:tr")), table.rows):
        if row.kind == "header":
            continue
        for tc, cell in zip(tr.findall(qn("w:tc")), row.cells):
            if not cell.text or cell.status != "plain":
                continue
            rpr = tc.find(f".//{qn('w:rPr')}")
            bold = rpr is not None and rpr.find(qn("w:b")) is not None
            italic = rpr is not None and rpr.find(qn("w:i")) is not None
            assert (bold, italic) == (cell.emphasis == "bold", cell.emphasis == "italic"), cell


def test_pdf_shows_the_outcome_table_and_the_equation(rendered):
    _, tables, report, brand, files = rendered
    with pdfplumber.open(files["pdf"]) as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
    text = " ".join(text.replace("\xa0", " ").split())
    outcome = next(t for t in report.tables() if t.block == "register.outcome_table")
    for row in outcome.rows[2:]:
        assert " ".join(c.text for c in row.cells[1:]) in text
    line = tables["register_fidelity_line"]
    r = line[line["outcome"] == "virk_ord"].iloc[0]
    scatter = next(f for f in report.figures() if f.kind == "scatter")
    assert scatter.annotation == rb.equation_text(Formatter(), r["slope"], r["intercept"], r["r2"], "da")


def test_html_marks_significant_cells(rendered):
    _, _, report, _, files = rendered
    html = files["html"].read_text(encoding="utf-8")
    bold = [c.text for t in report.tables() for row in t.rows for c in row.cells if c.emphasis == "bold"]
    assert bold, "the fixture has significant cells"
    for text in bold:
        assert f"<strong>{text.replace('<', '&lt;')}</strong>" in html
