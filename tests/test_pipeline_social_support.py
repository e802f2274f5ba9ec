"""End to end: ``reporter note fixtures/social-support`` writes PDF, DOCX and HTML; every instrument and panel
block appears, and the numbers in the model and in the rendered files equal the metric tables."""

from __future__ import annotations

import html as html_lib
import re

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from example_projects import FIXTURES, clean_cell, computed, docx_table, tc_text
from typer.testing import CliRunner

from reporter.brand import load_brand
from reporter.cli import app
from reporter.compose.note import build_note
from reporter.text.numbers import fmt_number, fmt_percent

PROJECT = FIXTURES / "social-support"


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    out = tmp_path_factory.mktemp("social-support")
    result = CliRunner().invoke(app, ["note", str(PROJECT), "--out", str(out)])
    assert result.exit_code == 0, result.output
    c = computed("social-support")
    report = build_note(c.project, c.tables, project_dir=PROJECT)
    with pdfplumber.open(out / "note.pdf") as pdf:
        pdf_text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    document = docx.Document(str(out / "note.docx"))
    docx_text = "\n".join(node.text or "" for node in document.element.body.iter(qn("w:t")))
    page = (out / "note.html").read_text(encoding="utf-8")
    return c, report, {"pdf": pdf_text, "docx": docx_text, "html": page, "document": document}


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def _figures(report, kind: str):
    return [f for f in report.figures() if f.kind == kind]


def test_every_block_type_appears_in_every_format(note):
    c, report, files = note
    kinds = [f.kind for f in report.figures()]
    assert kinds.count("score_bar") == 3 and kinds.count("dumbbell") == 3
    assert [f.kind for f in report.figures() if f.key in ("fig-bip-start", "fig-bip-appendix")] == ["stacked_bar"] * 2
    assert any(f.kind == "horizontal_bar" and f.key == "fig-content" for f in report.figures())
    assert any(t.key == "tbl-who5-change" for t in report.tables())
    for f in report.figures():
        for fmt in ("pdf", "docx", "html"):
            assert _flat(f.caption)[:60] in _flat(html_lib.unescape(files[fmt])), (fmt, f.caption)


def test_score_figures_equal_instrument_means(note):
    c, report, files = note
    means = c.tables["instrument_means"]
    sens = c.tables["instrument_sensitivity"]
    for key, ins in (("fig-who5-start", "who5"), ("fig-gse-start", "gse")):
        fig = next(f for f in report.figures() if f.key == key)
        row = means[(means["instrument"] == ins) & (means["municipality"] == "total") & (means["wave"] == "m1")].iloc[0]
        assert fig.series[0].values == (pytest.approx(row["value"]),)
        assert fig.series[0].n == (row["n"],) and f"N={row['n']}" in fig.categories[0]
        assert fig.reference == row["reference"]
        label = fmt_number(row["value"], 1, "da")
        assert fig.series[0].labels == (label,) and label in files["pdf"]
    who5 = next(f for f in report.figures() if f.key == "fig-who5-start")
    m1 = sens[(sens["instrument"] == "who5") & (sens["wave"] == "m1") & (sens["scenario"] != "base")]["value"]
    assert who5.series[0].lower == (pytest.approx(m1.min()),) and who5.series[0].upper == (pytest.approx(m1.max()),)
    assert [(b.low, b.high) for b in who5.bands] == [(0, 35), (35, 50), (50, 100)]
    fig = next(f for f in report.figures() if f.key == "fig-who5-sensitivity")
    at_m1 = sens[(sens["instrument"] == "who5") & (sens["wave"] == "m1")].set_index("scenario")["value"]
    assert list(fig.series[0].values) == pytest.approx([at_m1["base"], at_m1["konservativ"], at_m1["optimistisk"]])
    for x in at_m1:
        assert fmt_number(x, 1, "da") in files["pdf"] and fmt_number(x, 1, "da") in files["html"]


def test_dumbbells_equal_the_paired_change_table(note):
    c, report, files = note
    change = c.tables["instrument_change"]
    for ins in ("who5", "gse", "bip"):
        fig = next(f for f in report.figures() if f.key == f"fig-{ins}-change")
        rows = change[change["instrument"] == ins]
        digits = c.project.instrument(ins).decimals
        assert fig.series[0].values == tuple(pytest.approx(x) for x in rows["mean_from"])
        assert fig.series[1].values == tuple(pytest.approx(x) for x in rows["mean_to"])
        assert fig.series[1].significant == tuple(bool(p < 0.05) for p in rows["t_p"])
        assert fig.category_waves == tuple(rows["to_wave"])
        for cat, n in zip(fig.categories, rows["n"]):
            assert f"(n={n})" in cat
        only_one = int(rows["only_one"].iloc[0])
        counted = f"{only_one} personer med kun én måling" if only_one != 1 else "1 person med kun én måling"
        assert any(counted in n for n in fig.notes) and counted in _flat(files["pdf"])
        alt = _flat(html_lib.unescape(files["html"]))
        for a, b in zip(rows["mean_from"], rows["mean_to"]):
            pair = f"{fmt_number(a, digits, 'da')} → {fmt_number(b, digits, 'da')}"
            assert pair in alt                                  # the alt text of the chart in the HTML
            assert fmt_number(b, digits, "da") in files["pdf"]  # the dot's label in the PDF


def test_change_table_in_the_docx_equals_the_metrics(note):
    c, report, files = note
    brand = load_brand(c.project.brand)
    table = next(t for t in report.tables() if t.key == "tbl-who5-change")
    tbl = docx_table(files["document"], table.caption)
    got = [[clean_cell(tc_text(tc), brand) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))][1:]
    rows = c.tables["instrument_change"]
    rows = rows[rows["instrument"] == "who5"]

    def p(x):
        return "< 0,001" if x < 0.001 else fmt_number(x, 3, "da")

    expected = [[f"1. måling → {c.project.wave(r.to_wave).label}", str(r.n), fmt_number(r.mean_from, 1, "da"),
                 fmt_number(r.mean_to, 1, "da"), fmt_number(r.change, 1, "da"), p(r.t_p), p(r.w_p)]
                for r in rows.itertuples()]
    assert got == expected


def test_collapsed_categories_and_wave_average_equal_their_tables(note):
    c, report, files = note
    cats = c.tables["instrument_categories"]
    fig = next(f for f in report.figures() if f.key == "fig-bip-start")
    m1 = cats[(cats["instrument"] == "bip") & (cats["wave"] == "m1")]
    for series in fig.series:
        expected = m1[m1["category"] == series.name]["value"].tolist()
        assert list(series.values) == pytest.approx(expected)
        assert all(fmt_percent(x, "da") in files["pdf"].replace(" %", "%") for x in expected)
    avg = c.tables["wave_average_shares"]
    avg = avg[avg["wave"] == "average"]
    fig = next(f for f in report.figures() if f.key == "fig-content")
    assert list(fig.series[0].values) == pytest.approx(avg["value"].tolist())
    assert fig.categories == tuple(avg["option"])
    assert re.search(r"2\. måling \(n=\d+\)", " ".join(fig.notes))


def test_prose_values_and_the_costs_placeholder(note):
    c, report, files = note
    change = c.tables["instrument_change"]
    row = change[(change["instrument"] == "who5") & (change["to_wave"] == "m5")].iloc[0]
    text = _flat(files["pdf"])
    assert f"stiger trivslen med {fmt_number(row['change'], 1, 'da')} skalapoint blandt de {row['n']} borgere" in text
    assert "Omkostninger" in text            # note/costs.md, included where chapter 6 goes


def _plain(files, fmt: str) -> str:
    """A format's text with tags (HTML) removed and single spaces."""
    text = files[fmt]
    if fmt == "html":
        text = re.sub(r"<[^>]+>", " ", html_lib.unescape(text))
    return _flat(text)


def test_every_table_picture_and_source_line_in_every_format(note):
    c, report, files = note
    blocks = [*report.tables(), *report.figures(), *report.pictures()]
    assert {"tbl-drivers", "tbl-levers-org", "tbl-levers-skills", "tbl-levers-lead", "tbl-key-figures",
            "tbl-organisation", "tbl-core-summary", "tbl-measures", "tbl-significance", "tbl-registers",
            "tbl-instruments", "fig-ratios", "fig-model", "fig-intake", "fig-content-waves", "tbl-cost-items", "fig-plan", "fig-frequency",
            "fig-minutes"} <= {b.key for b in blocks}
    for fmt in ("pdf", "docx", "html"):
        text = _plain(files, fmt)
        for b in blocks:
            assert _flat(b.caption)[:60] in text, (fmt, b.key)
            if b.source:                                   # every "Kilde:" line, as the template or block set it
                assert _flat(f"Kilde: {b.source}")[:70] in text, (fmt, b.key)
    assert sum(1 for b in blocks if b.source) == len(blocks)     # no table or figure without its Kilde line
    picture = report.pictures()[0]
    assert picture.data == (PROJECT / "images" / "model.png").read_bytes()
    assert 'src="data:image/png;base64,' in files["html"]
    assert any(p.partname.endswith(".png") and p.blob == picture.data for p in files["document"].part.package.parts)


def test_municipality_list_counts_equal_the_register(note):
    c, report, files = note
    persons = c.tables["register_key_figures"]
    persons = persons[persons["figure"] == "persons"].set_index("municipality")["n"]
    expected = [f"{m.name}: {int(persons[m.name])}" for m in c.project.municipalities]
    assert int(persons["total"]) == sum(int(persons[m.name]) for m in c.project.municipalities)
    for fmt in ("pdf", "docx", "html"):
        text = _plain(files, fmt)
        assert all(line in text for line in expected), fmt
        assert f"I alt: {int(persons['total'])}" in text


def test_key_figure_table_equals_the_register_key_figures(note):
    c, report, files = note
    brand = load_brand(c.project.brand)
    table = next(t for t in report.tables() if t.key == "tbl-key-figures")
    tbl = docx_table(files["document"], table.caption)
    rows = [[clean_cell(tc_text(tc), brand) for tc in tr.findall(qn("w:tc"))] for tr in tbl.findall(qn("w:tr"))]
    names = [m.name for m in c.project.municipalities]
    assert rows[0][1:] == names + ["I alt"]
    figures = c.tables["register_key_figures"].set_index(["figure", "municipality"])
    assert rows[1][1:] == [str(int(figures.loc[("persons", m), "value"])) for m in names + ["total"]]
    share = rows[2][1:]
    assert share == [fmt_percent(figures.loc[("virk", m), "value"], "da").replace(" ", "") for m in names + ["total"]]


def test_ratio_figure_equals_the_register_effects(note):
    c, report, files = note
    fig = next(f for f in report.figures() if f.key == "fig-ratios")
    effects = c.tables["register_effects"]
    rows = effects[(effects["model"] == "logit") & (effects["term"] == "intervention")]
    (series,) = fig.series
    assert series.values == tuple(pytest.approx(x) for x in rows["estimate"])
    assert series.lower == tuple(pytest.approx(x) for x in rows["lower"])
    assert series.upper == tuple(pytest.approx(x) for x in rows["upper"])
    labels = [fmt_number(x, 2, "da") + (s if isinstance(s, str) else "") for x, s in zip(rows["estimate"], rows["stars"])]
    assert list(series.labels) == labels
    for label in labels:
        assert label in files["pdf"] and label in html_lib.unescape(files["html"])


def test_validate_prints_a_clean_summary():
    result = CliRunner().invoke(app, ["validate", str(PROJECT)], terminal_width=120)
    assert result.exit_code == 0, result.output
    out = _flat(result.output)
    assert "Spørgsmål: 26 (23 ordinal, 1 multi, 1 single, 1 numeric)" in out and "fidelitetsspørgsmål" not in out
    assert ("Måleredskaber: WHO-5 (5 spørgsmål, score 0–100); GSE (10 spørgsmål, score 10–40); "
            "BIP (6 spørgsmål, score 1–5)") in out
    assert "Panel: 427 personer; 426 med mindst to målinger, 1 med kun én" in out
    assert "Indsatsgruppen 504, Kontrolgruppen 1.000" in out
    assert "Omkostninger: 40 etablerings- og 240 driftslinjer for 5 kommuner; budgetlinjer: 8" in out
    assert "1 advarsel(er)" in out and "without an answer in an earlier measurement" in out
    assert "Traceback" not in result.output


def test_metrics_writes_the_panel_instrument_register_and_cost_tables(tmp_path):
    import pandas as pd

    result = CliRunner().invoke(app, ["metrics", str(PROJECT), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    c = computed("social-support")
    names = ["instrument_means", "instrument_bands", "instrument_categories", "instrument_sensitivity",
             "instrument_change", "wave_average_shares", "register_key_figures", "register_effects",
             "cost_items", "cost_overview", "cost_sensitivity", "budget_result"]
    workbook = next(tmp_path.rglob("*.xlsx"))
    sheets = pd.read_excel(workbook, sheet_name=None)
    for name in names:
        csv = pd.read_csv(tmp_path / "metrics" / f"{name}.csv")
        assert len(csv) == len(c.tables[name]) > 0, name
        assert any(len(sheet) == len(csv) and list(sheet.columns) == list(csv.columns)
                   for sheet_name, sheet in sheets.items() if sheet_name.startswith(name[:25])), name
    change = pd.read_csv(tmp_path / "metrics" / "instrument_change.csv")
    assert change["t_p"].tolist() == pytest.approx(c.tables["instrument_change"]["t_p"].tolist())


def test_intake_figure_equals_the_register_intake(note):
    c, report, files = note
    fig = next(f for f in report.figures() if f.key == "fig-intake")
    intake = c.tables["register_intake"]
    weeks = intake[(intake["unit"] == "week") & (intake["municipality"] == "total")]
    assert fig.kind == "bar_line" and len(fig.categories) == len(weeks)
    assert fig.series[0].values == tuple(weeks["value"]) and fig.series[1].values == tuple(weeks["cumulative"])
    assert fig.categories[0] == "Uge 43 2016" and fig.series[1].values[-1] == 504
    alt = _flat(html_lib.unescape(files["html"]))
    assert _flat(fig.alt_text) in alt
    assert "I alt 504" in fig.alt_text and "(504 i alt)" in " ".join(fig.notes)


def test_intake_block_for_one_municipality_by_month_and_its_errors():
    from reporter.compose.cells import Formatter
    from reporter.compose.template.blocks import REGISTRY, BlockContext

    c = computed("social-support")
    ctx = BlockContext(project=c.project, tables=c.tables, fmt=Formatter("da"), project_dir=PROJECT)
    (fig,) = REGISTRY["register-intake-figure"].func(ctx, unit="month", municipality="Kommune A")
    intake = c.tables["register_intake"]
    rows = intake[(intake["unit"] == "month") & (intake["municipality"] == "Kommune A")]
    assert fig.series[0].values == tuple(rows["value"]) and fig.categories[0].endswith("2016")
    persons = c.tables["register_key_figures"]
    assert fig.series[1].values[-1] == int(persons[(persons["figure"] == "persons")
                                                   & (persons["municipality"] == "Kommune A")]["n"].iloc[0])
    with pytest.raises(ValueError, match="unknown municipality 'Havby'"):      # the real name is not accepted
        REGISTRY["register-intake-figure"].func(ctx, municipality="Havby")


def test_citizen_multi_select_by_measurement_equals_the_shares(note):
    c, report, files = note
    fig = next(f for f in report.figures() if f.key == "fig-content-waves")
    shares = c.tables["multi_select"]
    shares = shares[(shares["item"] == "cti_indhold") & (shares["municipality"] == "total")
                    & (shares["group"] == "borger")]
    assert [s.name for s in fig.series] == ["Borger – 2. måling (n=376)", "Borger – 5. måling (n=307)"]
    for series, wave in zip(fig.series, ("m2", "m5")):
        at = shares[shares["wave"] == wave].set_index("option")["value"]
        assert series.values == tuple(pytest.approx(at[o]) for o in fig.categories)
    # hand check of one share: citizens at m2 who ticked option 1, among those answering the item at m2
    import pandas as pd

    raw = pd.read_csv(PROJECT / "data" / "progression.csv")
    m2 = raw[raw["maaling"] == "m2"]
    answered = m2[[f"cti_indhold_{k}" for k in range(1, 8)]].notna().any(axis=1)
    ticked = (m2.loc[answered, "cti_indhold_1"] == 1).sum()
    assert fig.series[0].values[0] == pytest.approx(ticked / answered.sum())


def test_citizen_agreement_frequency_and_minutes_equal_the_tables_and_the_raw_data(note):
    import pandas as pd

    c, report, files = note
    figures = {f.key: f for f in report.figures()}
    raw = pd.read_csv(PROJECT / "data" / "progression.csv")
    # agreement statements: the share answering each option among those who answered (Ved ikke included)
    plan = figures["fig-plan"]
    assert plan.kind == "stacked_bar" and len(plan.categories) == 4
    m2 = raw.loc[raw["maaling"] == "m2", "plan_inddraget"].dropna()
    helt_enig = next(s for s in plan.series if s.name == "Helt enig")
    assert helt_enig.values[0] == pytest.approx((m2 == 5).sum() / len(m2))
    assert f"(n={len(m2)})" in plan.categories[0]
    ved_ikke = next(s for s in plan.series if s.name == "Ved ikke")
    assert ved_ikke.values[0] == pytest.approx((m2 == 9).sum() / len(m2))
    # contact frequency by measurement 2–5
    freq = figures["fig-frequency"]
    for k, wave in enumerate(("m2", "m3", "m4", "m5")):
        answers = raw.loc[raw["maaling"] == wave, "kontakt_hyppighed"].dropna()
        assert f"{wave[1]}. måling (n={len(answers)})" in freq.categories[k]
        for code, series in enumerate(freq.series, start=1):
            assert series.values[k] == pytest.approx((answers == code).sum() / len(answers))
    # minutes per contact: the mean among those who answered, by measurement
    minutes = figures["fig-minutes"]
    for series, wave in zip(minutes.series, ("m2", "m3", "m4", "m5")):
        answers = raw.loc[raw["maaling"] == wave, "kontakt_minutter"].dropna()
        assert series.values[0] == pytest.approx(answers.mean())
        assert f"(n = {len(answers)})" in series.name
    for key in ("fig-plan", "fig-frequency", "fig-minutes"):
        for fmt in ("pdf", "docx", "html"):
            assert _flat(figures[key].caption)[:50] in _plain(files, fmt)


def test_distribution_notes_mention_dont_know_only_where_the_scale_has_it(note):
    c, report, files = note
    figures = {f.key: f for f in report.figures()}
    assert figures["fig-plan"].notes[0] == "Fordeling af svarene (alle svar, også “Ved ikke”)."
    assert figures["fig-frequency"].notes[0] == "Fordeling af svarene (alle svar)."
