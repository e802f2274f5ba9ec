"""The cost chapter of the 'Social støtte' example end to end: the cost tables and figures in the PDF, DOCX and
HTML carry the numbers of the metric tables, and with ``municipality_names: alias`` no output (note, profiles
and their file names, HTML, metric CSVs and workbook) contains a real municipality name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from example_projects import FIXTURES, clean_cell, computed, docx_table, tc_text

from reporter.brand import load_brand
from reporter.compose.note import build_note
from reporter.metrics.export import write_metrics
from reporter.pipeline import render_profiles, render_report
from reporter.text.numbers import fmt_amount

PROJECT = "social-support"
REAL_NAMES = ["Havby", "Skovby", "Engby", "Bakkeby", "Fjordby"]
ALIASES = ["Kommune A", "Kommune B", "Kommune C", "Kommune D", "Kommune E"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    c = computed(PROJECT)
    out = tmp_path_factory.mktemp("social-support")
    report = build_note(c.project, c.tables, project_dir=c.directory)
    paths = {p.suffix.lstrip("."): p for p in render_report(report, out, "note")}
    render_profiles(c.project, c.survey, out, workers=2, project_dir=c.directory)
    write_metrics(c.tables, out)
    return c, report, paths, out


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _docx_rows(document, caption: str) -> list[list[str]]:
    brand = load_brand("nordlys")
    tbl = docx_table(document, caption)
    return [[clean_cell(tc_text(tc), brand) for tc in tr.iter(qn("w:tc"))] for tr in tbl.iter(qn("w:tr"))]


def _expected_cost_rows(c, phase: str) -> list[list[str]]:
    """The cost table as the metric tables say it should read (rounded to 1.000 kr.)."""
    items = c.tables["cost_items"]
    items = items[items["phase"] == phase]
    columns = ALIASES + ["average"]
    rows = []
    for (group, item), sub in items.groupby(["group", "item"], sort=False):
        values = sub.set_index("municipality")["value"]
        rows.append([fmt_amount(values[m], "da", 1000) for m in columns])
    if phase == "operation":
        over = c.tables["cost_overview"].set_index(["municipality", "basis"])["operation"]
        for basis in ("per_year", "per_citizen"):
            rows.append([fmt_amount(over[(m, basis)], "da", 1000) for m in columns])
    return rows


@pytest.mark.parametrize("phase", ["establishment", "operation"])
def test_cost_tables_in_docx_and_pdf_equal_the_metric_tables(outputs, phase):
    c, report, paths, _ = outputs
    table = next(t for t in report.tables() if t.key == ("tbl-establishment" if phase == "establishment"
                                                           else "tbl-operation"))
    document = docx.Document(str(paths["docx"]))
    rows = _docx_rows(document, table.caption)
    assert rows[0] == [""] + ALIASES + ["Gennemsnit"]
    body = [r[1:] for r in rows[1:] if len(r) == 7]          # group rows span the table
    expected = _expected_cost_rows(c, phase)
    assert body == [[_flat(x) for x in r] for r in expected]
    pdf = _flat(_pdf_text(paths["pdf"]))
    for values in expected:
        assert _flat(" ".join(values)) in pdf
    html = _flat(re.sub(r"<[^>]+>", " ", paths["html"].read_text(encoding="utf-8")))
    for values in expected:
        assert _flat(" ".join(values)) in html


def test_summary_table_and_figures_equal_the_metric_tables(outputs):
    c, report, paths, _ = outputs
    over = c.tables["cost_overview"].set_index(["municipality", "basis"])
    summary = next(t for t in report.tables() if t.key == "tbl-costs-summary")
    rows = _docx_rows(docx.Document(str(paths["docx"])), summary.caption)
    for row, basis in zip(rows[1:], ("total", "per_year", "per_citizen")):
        assert row[1:] == [_flat(fmt_amount(over.loc[("average", basis), col], "da", 100))
                           for col in ("establishment", "operation", "total")]
    figures = {f.key: f for f in report.figures()}
    per = figures["fig-costs"]
    assert per.kind == "stacked_column" and per.categories == tuple(ALIASES) + ("Gennemsnit",)
    for series, column in zip(per.series, ("establishment", "operation", "total")):
        assert series.values == tuple(over.loc[(m, "per_citizen"), column] for m in ALIASES + ["average"])
        assert series.labels == tuple(fmt_amount(v, "da", 100) for v in series.values)
    sens = figures["fig-sensitivity"]
    table = c.tables["cost_sensitivity"]
    assert sens.series[2].values == tuple(table["total"]) and sens.series[0].x == tuple(table["participants"])
    budget = figures["fig-budget"]
    net = c.tables["budget_result"].set_index(["scenario", "actor"])["net"]
    assert budget.series[-1].values == tuple(net[(s, "total")] for s in "ABCD")
    # the alt text (DOCX picture description, HTML alt) carries the printed totals
    descriptions = [el.get("descr") for el in docx.Document(str(paths["docx"])).element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    html = paths["html"].read_text(encoding="utf-8")
    for label in per.series[2].labels:
        assert any(label in (d or "") for d in descriptions)
        assert label in html


def _texts(path: Path) -> str:
    """Everything a reader (or a tool) can get out of an output file as text."""
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(str(path))
        try:
            metadata = " ".join(str(v) for v in pdf.get_metadata_dict().values())
        finally:
            pdf.close()
        # page text, metadata, and whatever is readable in the raw file (outline, annotations)
        return _pdf_text(path) + "\n" + metadata + "\n" + path.read_bytes().decode("latin-1")
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                             if n.endswith((".xml", ".rels")))
    return path.read_text(encoding="utf-8")


def test_no_real_municipality_name_in_any_output(outputs):
    c, report, _, out = outputs
    data = (FIXTURES / PROJECT / "costs.csv").read_text(encoding="utf-8")
    assert all(name in data for name in REAL_NAMES)          # the input does use the real names
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in (out / "profiles").iterdir()} >= {f"kommune-{x}.pdf" for x in "abcde"}
    assert len(list((out / "metrics").glob("*.csv"))) > 10
    found = []
    for path in files:
        text = _texts(path).casefold() + "\n" + str(path.relative_to(out)).casefold()
        found += [(str(path.relative_to(out)), name) for name in REAL_NAMES if name.casefold() in text]
    assert found == []
    # the charts are drawn (paths, not text in the PDF): their categories and labels come from the model
    model_text = " ".join(" ".join(f.categories) + " ".join(s.name for s in f.series) + f.alt_text
                          for f in report.figures())
    assert not any(name in model_text for name in REAL_NAMES)
    index = (out / "profiles" / "index.csv").read_text(encoding="utf-8")
    assert all(alias in index for alias in ALIASES)


def test_the_service_sees_the_aliases():
    from reporter.service.uploads import validate

    project, _survey = validate(FIXTURES / PROJECT)
    assert [m.name for m in project.municipalities] == ALIASES


def test_profiles_are_one_page_each_with_the_municipality_s_own_numbers(outputs):
    from reporter.compose.profile import build_profile, profile_inputs

    c, _report, _, out = outputs
    inputs = profile_inputs(c.project, c.tables)
    means = c.tables["instrument_means"].set_index(["instrument", "municipality", "wave"])
    over = c.tables["cost_overview"].set_index(["municipality", "basis"])
    for alias in ALIASES:
        path = out / "profiles" / f"{alias.lower().replace(' ', '-')}.pdf"
        pdf = pdfium.PdfDocument(str(path))
        try:
            assert len(pdf) == 1, path.name
        finally:
            pdf.close()
        text = _flat(_pdf_text(path))
        profile = build_profile(c.project, inputs, alias, project_dir=c.directory)
        for ins in ("who5", "gse"):
            fig = next(f for f in profile.figures() if f.caption.startswith(c.project.instrument(ins).label))
            expected = [means.loc[(ins, who, w), "value"] for w in ("m1", "m5") for who in (alias, "total")]
            assert fig.series[0].values == tuple(pytest.approx(x) for x in expected)
            assert fig.categories[0].startswith(f"{alias}, 1. måling (N={int(means.loc[(ins, alias, 'm1'), 'n'])})")
            assert all(label in text for label in fig.series[0].labels)
        (table,) = profile.tables()
        assert table.caption.startswith(f"Omkostninger i {alias} ved en 2-årig driftsperiode")
        for basis in ("total", "per_year", "per_citizen"):
            amounts = [_flat(fmt_amount(over.loc[(alias, basis), col], "da", 100))
                       for col in ("establishment", "operation", "total")]
            assert _flat(" ".join(amounts)) in text, (alias, basis)
        assert f"Kommuneprofil: {alias}" in text
