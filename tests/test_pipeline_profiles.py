"""Municipality profiles end to end: every municipality of both example projects on exactly one A4
page, numbers equal to the metric tables, suppression of a small group, failures isolated, and the
same bytes from a Dask cluster as from local processes."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
from example_projects import clean_cell, computed, docx_table, tc_text
from pdf_pages import page_count, page_size
from docx.oxml.ns import qn
from typer.testing import CliRunner

from reporter.brand import load_brand
from reporter.compose.profile import build_profile, municipalities_sorted, profile_inputs, profile_waves, slug
from reporter.pipeline import render_profiles
from reporter.text.numbers import fmt_number, fmt_percent

A4 = (595.3, 841.9)


@pytest.fixture(scope="module", params=["stv", "sof"])
def all_profiles(request, tmp_path_factory):
    c = computed(request.param)
    out = tmp_path_factory.mktemp(f"profiles-{request.param}")
    results = render_profiles(c.project, c.survey, out, workers=2)
    return c, out / "profiles", results


def _index(folder) -> list[dict]:
    with open(folder / "index.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_municipality_has_a_one_page_pdf_and_a_docx(all_profiles):
    c, folder, results = all_profiles
    names = municipalities_sorted(c.project)
    assert [r.key for r in results] == names and all(r.ok for r in results), [r.error for r in results if not r.ok]
    index = _index(folder)
    assert [row["municipality"] for row in index] == names
    for row in index:
        assert row["status"] == "ok"
        assert row["files"] == f"{row['slug']}.pdf;{row['slug']}.docx"
        pdf = folder / f"{row['slug']}.pdf"
        assert page_count(pdf) == 1, row["municipality"]
        width, height = page_size(pdf)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
        document = docx.Document(str(folder / f"{row['slug']}.docx"))
        titles = [p.text for p in document.paragraphs if p.text == f"Kommuneprofil: {row['municipality']}"]
        assert len(titles) == 1, f"{row['municipality']}: title printed {len(titles)} times"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["index.csv"] + [f"{r['slug']}.{ext}" for r in index for ext in ("pdf", "docx")])


def _rows(document, caption_start: str) -> list[list[str]]:
    """Cell texts of the DOCX table whose caption starts with ``caption_start``."""
    return [[tc_text(tc) for tc in tr.findall(qn("w:tc"))]
            for tr in docx_table(document, caption_start, prefix=True).findall(qn("w:tr"))]


def _expected_rank(c, name: str, last: str) -> tuple[int, int] | None:
    df = c.tables["power_ranking"]
    samlet = df[(df["group"] == "samlet") & (df["wave"] == last) & (df["municipality"] != "total")].dropna(subset=["value"])
    samlet = samlet[~samlet["suppressed"].astype(bool)]          # a hidden Samlet is not ranked
    values = dict(zip(samlet["municipality"], samlet["value"].round(12)))
    if name not in values:
        return None
    return 1 + sum(v > values[name] for v in values.values()), len(values)


def test_profile_numbers_equal_the_metric_tables(all_profiles):
    c, folder, _ = all_profiles
    brand = load_brand(c.project.brand)
    mean = c.tables["fidelity_mean"]
    ind = c.tables["fidelity_indicator_municipality"]
    indices = [i for tr in c.project.tracks for core in tr.core_elements for i in core.indices]
    for name in municipalities_sorted(c.project)[:6]:
        last = profile_waves(c.project, name)[1].id      # Billund (sof) left after the midway wave
        document = docx.Document(str(folder / f"{slug(name)}.docx"))
        rows = _rows(document, "Fidelitetsgennemsnit")
        for label, group in (("Medarbejdere", "employee"), ("Ledere", "leader"), ("Samlet", "samlet")):
            row = next(r for r in rows if r[0] == label)
            hit = mean[(mean["municipality"] == name) & (mean["group"] == group) & (mean["wave"] == last)]
            value = hit["value"].iloc[0] if not hit.empty else float("nan")
            shown = clean_cell(row[2], brand)
            if shown != "*":
                assert shown == ("" if value != value else fmt_number(float(value), 2, "da")), (name, group)
            avg = mean[(mean["municipality"] == "total") & (mean["group"] == group) & (mean["wave"] == last)]
            assert clean_cell(row[3], brand) == fmt_number(float(avg["value"].iloc[0]), 2, "da")
        rank = _expected_rank(c, name, last)
        rank_row = next(r for r in rows if r[0] == "Power-ranking")
        assert rank_row[2] == (f"nr. {rank[0]} af {rank[1]}" if rank else "ikke rangeret"), name
        rows = _rows(document, "Fidelitet på kerneelementerne")
        for index in indices:
            row = next(r for r in rows if r[0] == index.label)
            hit = ind[(ind["municipality"] == name) & (ind["wave"] == last) & (ind["index"] == index.id)]
            shown = clean_cell(row[2], brand)
            if shown == "*":
                assert int(hit["respondents"].iloc[0]) < c.project.min_n_for("total")
            elif hit.empty or hit["value"].isna().iloc[0]:
                assert shown == ""
            else:
                expected = fmt_percent(float(hit["value"].iloc[0]), "da", space=brand.percent_space)
                assert shown == clean_cell(expected, brand), (name, index.id)
        with pdfplumber.open(folder / f"{slug(name)}.pdf") as pdf:
            text = pdf.pages[0].extract_text()
        if rank:
            assert f"nr. {rank[0]} af {rank[1]}" in text


def _shrink(c, name: str, side: str, keep: int):
    """The project's survey with only ``keep`` respondents of ``side`` in ``name`` in the last wave."""
    last = c.project.waves[-1].id
    resp = c.survey.respondents
    mask = (resp["municipality"] == name) & (resp["side"] == side) & (resp["wave"] == last)
    drop = resp[mask].iloc[keep:]
    drop_keys = set(zip(drop["wave"], drop["respondent"]))
    answers = c.survey.answers
    keep_answers = [(w, r) not in drop_keys for w, r in zip(answers["wave"], answers["respondent"])]
    return dataclasses.replace(c.survey, respondents=resp.drop(index=drop.index), answers=answers[keep_answers])


def test_a_small_group_is_suppressed_with_its_complement(tmp_path):
    from reporter.metrics.compute import compute_all
    from reporter.pipeline import render_report

    c = computed("stv")
    name = "Ballerup"
    keep = c.project.min_n_for("leader") - 1       # one leader fewer than the disclosure rule shows
    survey = _shrink(c, name, "leader", keep=keep)
    tables = compute_all(c.project, survey)
    inputs = profile_inputs(c.project, tables)
    report = build_profile(c.project, inputs, name)
    mean = next(t for t in report.tables() if t.key == "profile_mean")
    cells = {row.cells[0].text: row.cells for row in mean.rows[1:]}
    assert cells["Ledere"][1].text == str(keep)
    assert cells["Ledere"][2].text == "*" and cells["Ledere"][2].value is None
    assert cells["Samlet"][2].text == "*", "Samlet and the employee value would reveal the leaders' mean"
    assert cells["Medarbejdere"][2].text not in ("*", "")
    assert any(f"{c.project.min_n_for('leader')} fra ledere" in note for note in mean.notes)
    leader_value = tables["fidelity_mean"].query("municipality == @name and group == 'leader'")["value"].iloc[-1]
    hidden_text = fmt_number(float(leader_value), 2, "da")
    pdf = render_report(report, tmp_path, "ballerup", ("pdf",))[0]
    with pdfplumber.open(pdf) as doc:
        words = [w["text"] for w in doc.pages[0].extract_words()]
    assert "*" in words
    mean_row = next(i for i, w in enumerate(words) if w == "Ledere")
    assert hidden_text not in words[mean_row:mean_row + 4]


def test_one_failing_profile_does_not_stop_the_others(tmp_path, monkeypatch):
    import reporter.pipeline as pipeline

    c = computed("sof")
    names = municipalities_sorted(c.project)[:3]
    real = pipeline.render_report

    def flaky(report, out_dir, stem, formats=pipeline.FORMATS, **options):
        if stem == slug(names[1]):
            raise RuntimeError("disk full")
        return real(report, out_dir, stem, formats, **options)

    monkeypatch.setattr(pipeline, "render_report", flaky)
    results = render_profiles(c.project, c.survey, tmp_path, only=names, workers=1, formats=("docx",))
    assert [r.ok for r in results] == [True, False, True]
    index = _index(tmp_path / "profiles")
    assert [r["status"] for r in index] == ["ok", "failed", "ok"]
    assert "disk full" in index[1]["error"]
    assert not (tmp_path / "profiles" / f"{slug(names[1])}.docx").exists()


def test_cli_profiles_only_and_exit_code(tmp_path):
    from reporter.cli import app

    c = computed("sof")
    result = CliRunner().invoke(app, ["profiles", str(c.directory), "--out", str(tmp_path), "--only", "Billund",
                                      "--workers", "1", "--formats", "docx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "profiles" / "billund.docx").is_file()
    result = CliRunner().invoke(app, ["profiles", str(c.directory), "--out", str(tmp_path), "--only", "Atlantis"])
    assert result.exit_code == 2 and "Atlantis" in result.output


def test_dask_cluster_gives_the_same_files_as_local_processes(tmp_path, monkeypatch):
    """Also with several profiles per Dask task: five profiles, two slots, one task per slot wanted -> 2 a task."""
    from distributed import LocalCluster

    from reporter import batch

    c = computed("sof")
    only = municipalities_sorted(c.project)[:5]
    local = render_profiles(c.project, c.survey, tmp_path / "local", only=only, workers=2)
    per_task = []
    run_jobs = batch.run_jobs

    def recording(*args, **kwargs):
        per_task.append(kwargs.get("per_task", 1))
        return run_jobs(*args, **kwargs)

    monkeypatch.setattr(batch, "run_jobs", recording)
    monkeypatch.setattr(batch, "TASKS_PER_SLOT", 1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = render_profiles(c.project, c.survey, tmp_path / "dask", only=only, scheduler=cluster.scheduler_address)
    assert per_task == [2]
    assert all(r.ok for r in local + remote), [r.error for r in local + remote]
    for name in only:
        for ext in ("pdf", "docx"):
            a = (tmp_path / "local" / "profiles" / f"{slug(name)}.{ext}").read_bytes()
            b = (tmp_path / "dask" / "profiles" / f"{slug(name)}.{ext}").read_bytes()
            assert a == b, f"{name}.{ext} differs between local and Dask rendering"
    assert (tmp_path / "local/profiles/index.csv").read_bytes() == (tmp_path / "dask/profiles/index.csv").read_bytes()



# --- the index is written last and lists only complete files (issue 20) ----------------------------------


def _fake_profile_job(written: list):
    from reporter.atomic import write_bytes

    def job(report, out_dir, stem, formats, pdf_engine="typst"):
        written.append(stem)
        return [str(write_bytes(Path(out_dir) / f"{stem}.{f}", f.encode())) for f in formats]

    return job


def _index_rows(folder):
    with open(folder / "index.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_an_interrupted_run_leaves_no_index_claiming_a_complete_set(tmp_path, monkeypatch):
    from reporter.pipeline import render_profiles

    c = computed("sof")
    only = municipalities_sorted(c.project)[:3]
    monkeypatch.setattr("reporter.pipeline._render_profile_job", _fake_profile_job([]))
    render_profiles(c.project, c.survey, tmp_path, only=only, formats=("pdf",))
    assert [r["status"] for r in _index_rows(tmp_path / "profiles")] == ["ok"] * 3

    def crash_on_second(report, out_dir, stem, formats, pdf_engine="typst", seen=[]):
        seen.append(stem)
        if len(seen) == 2:
            raise KeyboardInterrupt  # the run stops half-way (Ctrl-C; kill -9 stops it even harder)
        return _fake_profile_job([])(report, out_dir, stem, formats)

    monkeypatch.setattr("reporter.pipeline._render_profile_job", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        render_profiles(c.project, c.survey, tmp_path, only=only, formats=("pdf",))
    assert not (tmp_path / "profiles" / "index.csv").exists()


def test_a_profile_whose_file_is_missing_is_not_listed_as_ok(tmp_path, monkeypatch):
    from reporter.pipeline import render_profiles

    c = computed("sof")
    first, second = municipalities_sorted(c.project)[:2]

    def lost(report, out_dir, stem, formats, pdf_engine="typst"):  # e.g. written on a Dask worker without the shared folder
        paths = _fake_profile_job([])(report, out_dir, stem, formats)
        if stem == slug(second):
            Path(paths[0]).unlink()
        return paths

    monkeypatch.setattr("reporter.pipeline._render_profile_job", lost)
    results = render_profiles(c.project, c.survey, tmp_path, only=[first, second], formats=("pdf",))
    assert [r.ok for r in results] == [True, False]
    assert "written file not found" in results[1].error
    rows = _index_rows(tmp_path / "profiles")
    assert [(r["municipality"], r["status"], r["files"]) for r in rows] == [
        (first, "ok", f"{slug(first)}.pdf"), (second, "failed", "")]


def test_an_unset_pdf_engine_is_typst_unless_the_brand_has_a_print_css(tmp_path, monkeypatch):
    from reporter.brand import BRANDS_ENV
    from reporter.pipeline import profile_pdf_engine

    c = computed("sof")
    assert c.project.profile.pdf_engine is None and profile_pdf_engine(c.project) == "typst"
    chosen = c.project.model_copy(update={"profile": c.project.profile.model_copy(update={"pdf_engine": "weasyprint"})})
    assert profile_pdf_engine(chosen) == "weasyprint"
    # a brand with its own print.css (CSS only WeasyPrint applies) gets WeasyPrint unless the project says typst
    brands = tmp_path / "brands"
    shutil.copytree(Path(load_brand(c.project.brand).directory), brands / "printed")
    (brands / "printed" / "print.css").write_text("h1 { letter-spacing: 1pt }\n", encoding="utf-8")
    monkeypatch.setenv(BRANDS_ENV, str(brands))
    printed = c.project.model_copy(update={"brand": "printed"})
    assert profile_pdf_engine(printed) == "weasyprint"
    forced = printed.model_copy(update={"profile": printed.profile.model_copy(update={"pdf_engine": "typst"})})
    assert profile_pdf_engine(forced) == "typst"


def test_the_pdf_engine_is_typst_unless_the_project_chooses_weasyprint(tmp_path):
    import pypdf

    c = computed("sof")
    name = municipalities_sorted(c.project)[0]
    producers = {}
    for engine in ("typst", "weasyprint"):
        project = c.project.model_copy(update={"profile": c.project.profile.model_copy(update={"pdf_engine": engine})})
        results = render_profiles(project, c.survey, tmp_path / engine, only=[name], workers=1, formats=("pdf",))
        assert all(r.ok for r in results), [r.error for r in results]
        pdf = tmp_path / engine / "profiles" / f"{slug(name)}.pdf"
        assert page_count(pdf) == 1
        info = pypdf.PdfReader(pdf).metadata
        producers[engine] = f"{info.get('/Producer', '')} {info.get('/Creator', '')}".lower()
    assert "typst" in producers["typst"] and "weasyprint" in producers["weasyprint"], producers
