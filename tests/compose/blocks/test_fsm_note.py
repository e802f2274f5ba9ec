"""End to end: the 'Flere skal med' example note (fixtures/fsm/note.md, every survey block of this group once)
rendered once as PDF and DOCX; its numbers are checked against the metric tables, not the model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pypdfium2
import pytest

from reporter.text.numbers import fmt_count, fmt_number

ROOT = Path(__file__).resolve().parents[3]
FSM = ROOT / "fixtures" / "fsm"


@pytest.fixture(scope="module")
def fsm(tmp_path_factory):
    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.pipeline import render_report

    project, survey = load_survey(FSM)
    tables = compute_all(project, survey)
    report = build_note(project, tables, project_dir=FSM)
    out = tmp_path_factory.mktemp("fsm-note")
    paths = {p.suffix.lstrip("."): p for p in render_report(report, out, "note", formats=("pdf", "docx"))}
    pdf = pypdfium2.PdfDocument(str(paths["pdf"]))
    pdf_text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    document = docx.Document(str(paths["docx"]))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    docx_cells = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    return project, tables, report, " ".join(pdf_text.split()), docx_text, docx_cells


def test_every_block_of_the_issue_is_placed(fsm):
    import reporter.compose.blocks.municipalities as m
    import reporter.compose.blocks.roles as r
    import reporter.compose.blocks.sof_tables as s
    import reporter.compose.blocks.statements as st
    from reporter.compose.template.blocks import REGISTRY

    mine = {name for name, spec in REGISTRY.items() if spec.func.__module__ in {x.__name__ for x in (m, r, s, st)}}
    placed = set(re.findall(r"```\{block\} ([a-z0-9-]+)", (FSM / "note.md").read_text(encoding="utf-8")))
    assert mine and mine <= placed, mine - placed


def test_fidelity_side_table_numbers(fsm):
    project, tables, _, pdf, _, cells = fsm
    fm = tables["fidelity_mean"]
    name = next(m.name for m in project.municipalities
                if not fm[(fm["municipality"] == m.name) & (fm["group"] == "samlet")]["value"].isna().any()
                and len(fm[(fm["municipality"] == m.name) & (fm["group"] == "samlet")]) == 2)
    sam = fm[(fm["municipality"] == name) & (fm["group"] == "samlet")].set_index("wave")["value"]
    expected_change = fmt_number(round(sam["slut"], 2) - round(sam["start"], 2), 2, "da")
    docx_row = next(r for r in cells if r[0] == name and len(r) == 12)
    assert docx_row[5] == fmt_number(sam["start"], 2, "da")
    assert docx_row[11] == expected_change
    assert re.search(rf"{re.escape(name)} (\S+ ){{10}}{re.escape(expected_change)}", pdf)


def test_core_score_and_spread_numbers(fsm):
    _, tables, _, pdf, docx_text, cells = fsm
    core = tables["core_scores"]
    munis = core[core["municipality"] != "total"].groupby("wave")["municipality"].nunique()
    note = f"N = {fmt_count(munis.min(), 'da')}–{fmt_count(munis.max(), 'da')} kommuner"
    assert note in pdf and note in docx_text
    spread = tables["core_score_spread"]
    hit = spread[(spread["core_element"] == "k1") & (spread["wave"] == "start")].set_index("statistic")["value"]
    row = next(r for r in cells if r[0].startswith("k1.") and r[1] == "Start")
    assert row[2:7] == [fmt_number(hit[s], 2, "da") for s in ("min", "q1", "median", "q3", "max")]


def test_movers_listed(fsm):
    _, tables, _, pdf, docx_text, _ = fsm
    moved = tables["core_score_movers"]
    names = moved[moved["core_element"] == "k2"]["municipality"].tolist()
    assert names
    for name in names:
        assert f"{name}: " in pdf and f"{name}: " in docx_text
    assert f"{len(names)} kommuner lå under medianen" in pdf


def test_attribute_and_function_tables(fsm):
    project, tables, _, pdf, _, cells = fsm
    from reporter.metrics.municipal import attribute_groups, group_by_attribute

    groups = attribute_groups(project, "readiness")
    core = tables["core_scores"]
    g = group_by_attribute(core[core["core_element"] == "k1"], groups).set_index(["attribute_group", "wave"])
    row = next(r for r in cells if r[0] == "Høj")
    assert row[1:3] == [fmt_number(g.loc[("Høj", "start"), "value"], 2, "da"), str(g.loc[("Høj", "start"), "n"])]
    ms = tables["multi_select"]
    emp = [r.id for r in project.roles if r.side == "employee"]
    sub = ms[(ms["item"] == "funktioner") & ms["group"].isin(emp) & (ms["wave"] == "start")
             & (ms["option"] == "Jobformidling")]
    count = int(round((sub["value"] * sub["n"]).sum()))
    assert next(r for r in cells if r[0] == "Jobformidling")[1] == fmt_count(count, "da")


def test_municipality_counts_and_priorities(fsm):
    project, tables, report, pdf, docx_text, _ = fsm
    counts = tables["municipality_counts"]
    answered = counts[(counts["item"] == "parathed") & (counts["wave"] == "start")]["municipality"].nunique()
    fig = next(f for f in report.figures() if f.key == "fig-readiness")
    not_answered = next(s for s in fig.series if s.name == "Har ikke besvaret")
    assert not_answered.labels[0] == fmt_count(len(project.municipalities) - answered, "da")
    assert "Har ikke besvaret" in fig.alt_text
    top = next(f for f in report.figures() if f.key == "fig-top3")
    leaders = counts[(counts["item"] == "prioriteter") & (counts["wave"] == "slut") & (counts["value"] > 0)]
    best = leaders.groupby("option")["municipality"].nunique().max()
    assert top.series[0].labels[0] == fmt_count(best, "da")
    # figure notes reach both formats
    assert "ud af" in pdf and "Antal kommuner, hvor mindst én leder" in docx_text


def test_coded_table_over_waves(fsm):
    _, tables, _, pdf, _, cells = fsm
    coded = tables["coded"]
    hit = coded[(coded["code"] == "tid") & (coded["group"] == "employee") & (coded["wave"] == "start")].iloc[0]
    text = f"Anført af {fmt_count(hit['value'], 'da')} ud af {fmt_count(hit['n'], 'da')} medarbejdere."
    row = next(r for r in cells if r[0] == "Tidspres og mange sager")
    assert row[2].startswith(text)
    assert text in pdf


def test_a_bad_block_names_file_and_line(tmp_path):
    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.errors import InputError
    from reporter.metrics.compute import compute_all

    target = tmp_path / "fsm"
    shutil.copytree(FSM, target)
    (target / "note.md").write_text("# A\n\nTekst.\n\n```{block} statement-topbox-figure\nitems: [sagsantal]\n```\n",
                                    encoding="utf-8")
    project, survey = load_survey(target)
    tables = compute_all(project, survey)
    with pytest.raises(InputError) as err:
        build_note(project, tables, project_dir=target)
    (problem,) = err.value.problems
    assert problem.file.endswith("note.md") and problem.row == 5
    assert "statement-topbox-figure" in problem.message and "'sagsantal'" in problem.message
    assert "'numeric'" in problem.message
