"""The note of both example projects, end to end: the rendered PDF and DOCX are opened and checked
against the metric tables (not against the model the renderers read)."""

from __future__ import annotations

import re

import docx
import pdfplumber
import pypdf
from docx.oxml.ns import qn
from typer.testing import CliRunner

from example_projects import clean_cell, computed, docx_table, tc_text
from pdf_pages import fonts, grey_pages

from reporter.brand import load_brand
from reporter.text.collation import sort_key
from reporter.text.numbers import fmt_percent

MM = 72 / 25.4
NOTE_MARGINS = {"top": 25, "right": 20, "bottom": 22, "left": 25}  # styles/css/base.css @page
CAPTION = re.compile(r"^(Tabel|Figur) (\d+)\. ")


def expected_power_ranking(c, brand) -> list[tuple[str, list[str]]]:
    """Rows of the power-ranking table computed from the metrics CSV columns: name → texts per
    side × wave, in the documented order (Samlet in the last wave, descending; blank or suppressed
    Samlet last; ties by Danish name)."""
    df = c.tables["power_ranking"]
    waves = [w.id for w in c.project.waves]
    last = waves[-1]
    rows = []
    names = [m for m in df["municipality"].unique() if m != "total"]
    for name in names:
        texts = []
        for group in ("employee", "leader", "samlet"):
            for wave in waves:
                hit = df[(df["municipality"] == name) & (df["group"] == group) & (df["wave"] == wave)]
                if hit.empty or (not bool(hit["suppressed"].iloc[0]) and hit["value"].isna().iloc[0]):
                    texts.append("")
                elif bool(hit["suppressed"].iloc[0]):
                    texts.append("*")
                else:
                    texts.append(fmt_percent(float(hit["value"].iloc[0]), "da", space=brand.percent_space))
        samlet = df[(df["municipality"] == name) & (df["group"] == "samlet") & (df["wave"] == last)]
        hidden = samlet.empty or samlet["value"].isna().iloc[0] or bool(samlet["suppressed"].iloc[0])
        value = None if hidden else float(samlet["value"].iloc[0])
        rows.append(((value is None, 0.0 if value is None else -round(value, 12), sort_key(name)), name, texts))
    return [(name, [clean_cell(t, brand) for t in texts]) for _, name, texts in sorted(rows)]


def _model_table(report, key: str):
    return next(t for t in report.tables() if t.key == key)


def test_all_three_files_are_written(rendered_note):
    _, _, files = rendered_note
    assert set(files) == {"pdf", "docx", "html"}
    assert all(p.stat().st_size > 10_000 for p in files.values())
    assert files["pdf"].read_bytes().startswith(b"%PDF-")


def test_docx_power_ranking_rows_equal_the_metrics(rendered_note):
    c, report, files = rendered_note
    brand = load_brand(c.project.brand)
    table = _model_table(report, "power_ranking")
    tbl = docx_table(docx.Document(str(files["docx"])), table.caption)
    body = [tr for tr in tbl.findall(qn("w:tr"))][2:]          # two header rows
    got = [[clean_cell(tc_text(tc), brand) for tc in tr.findall(qn("w:tc"))] for tr in body]
    expected = expected_power_ranking(c, brand)
    assert [row[0] for row in got[:len(expected)]] == [name for name, _ in expected]
    for row, (name, texts) in zip(got, expected):
        assert row[1:] == texts, name


def test_pdf_power_ranking_rows_equal_the_metrics(rendered_note):
    c, report, files = rendered_note
    brand = load_brand(c.project.brand)
    table = _model_table(report, "power_ranking")
    expected = expected_power_ranking(c, brand)
    with pdfplumber.open(files["pdf"]) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    start = next(i for i, text in enumerate(pages) if f"{table.label}. {table.caption}" in text.replace("\n", " ")
                 and i > 2)                                     # not the table of contents
    lines = [clean_cell(line, brand) for text in pages[start:start + 2] for line in text.splitlines()]
    for name, texts in expected:
        line = next((l for l in lines if l.startswith(name + " ") or l == name), None)
        assert line is not None, f"{name} missing from the power-ranking table in the PDF"
        assert line[len(name):].split() == " ".join(t for t in texts if t).split(), name


def _caption_numbers(texts: list[str]) -> dict[str, list[int]]:
    seen: dict[str, list[int]] = {"Tabel": [], "Figur": []}
    for text in texts:
        m = CAPTION.match(text.strip())
        if m and int(m.group(2)) not in seen[m.group(1)]:
            seen[m.group(1)].append(int(m.group(2)))
    return seen


def test_captions_are_numbered_one_to_n_in_both_formats(rendered_note):
    _, report, files = rendered_note
    n_tables, n_figures = len(report.tables()), len(report.figures())
    assert n_tables > 3 and n_figures > 3
    document = docx.Document(str(files["docx"]))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert _caption_numbers(captions) == {"Tabel": list(range(1, n_tables + 1)),
                                          "Figur": list(range(1, n_figures + 1))}
    with pdfplumber.open(files["pdf"]) as pdf:
        lines = [line for page in pdf.pages[2:] for line in (page.extract_text() or "").splitlines()]
    assert _caption_numbers(lines) == {"Tabel": list(range(1, n_tables + 1)),
                                       "Figur": list(range(1, n_figures + 1))}


def test_every_figure_has_a_note_and_alt_text(rendered_note):
    _, report, files = rendered_note
    for figure in report.figures():
        assert figure.notes and all(n.strip() for n in figure.notes), figure.key
        assert len(figure.alt_text) > 20, figure.key
    document = docx.Document(str(files["docx"]))
    descriptions = [d.get("descr") for d in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    figure_alts = [f.alt_text for f in report.figures()]
    assert [d for d in descriptions if d in figure_alts] == figure_alts
    paragraphs = document.paragraphs
    docpr = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    under = [paragraphs[i + 1].text for i, p in enumerate(paragraphs)
             if any(d.get("descr") in figure_alts for d in p._p.iter(docpr))]
    assert len(under) == len(figure_alts)
    assert all(text.startswith("Note:") for text in under), under
    html = files["html"].read_text(encoding="utf-8")
    for alt in figure_alts:
        assert alt.replace('"', "&#34;").replace("'", "&#39;") in html or alt in html


def test_docx_cell_colours_match_the_computed_status(rendered_note):
    c, report, files = rendered_note
    brand = load_brand(c.project.brand)
    document = docx.Document(str(files["docx"]))
    checked = 0
    for table in report.tables():
        tbl = docx_table(document, table.caption)
        for row, tr in zip(table.rows, tbl.findall(qn("w:tr"))):
            for cell, tc in zip(row.cells, tr.findall(qn("w:tc"))):
                if cell.status not in ("up", "same", "down"):
                    continue
                shd = tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
                assert shd is not None, (table.key, cell)
                assert shd.get(qn("w:fill")).upper() == brand.status_colours[cell.status].lstrip("#").upper()
                assert tc_text(tc).startswith(brand.status_symbols[cell.status])
                checked += 1
    assert checked > 20


def test_statuses_in_the_model_come_from_the_metrics(rendered_note):
    """The fidelity-mean Samlet cells carry exactly the change status the metrics computed."""
    c, report, _ = rendered_note
    df = c.tables["fidelity_mean"]
    last = c.project.waves[-1].id
    table = _model_table(report, "fidelity_mean")
    n_waves = len(c.project.waves)
    for row in table.rows[2:]:
        name = row.cells[0].text
        if row.kind == "total":
            name = "total"
        hit = df[(df["municipality"] == name) & (df["group"] == "samlet") & (df["wave"] == last)]
        status = hit["status"].iloc[0] if not hit.empty else None
        cell = row.cells[1 + 2 * n_waves + n_waves - 1]
        if cell.status in ("suppressed", "missing"):
            continue
        assert cell.status == (status if isinstance(status, str) else "plain"), name


def _text_area_violations(pdf_path, margins: dict) -> list[str]:
    """Ink in the left/right margins of body pages, words outside the text width, and captions left
    alone at the bottom of a page — what a reviewer looks for in the page images."""
    problems = []
    with pdfplumber.open(pdf_path) as doc:
        width, height = float(doc.pages[0].width), float(doc.pages[0].height)
        last = len(doc.pages) - 1
        pictures = grey_pages(pdf_path, 40, range(1, last))               # not the front and back page
        tol = 0.6 * MM
        for number in range(1, last):
            page = doc.pages[number]
            picture = pictures[number]
            scale = picture.shape[1] / width
            left = int((margins["left"] * MM - tol) * scale) - 1
            right = int((width - margins["right"] * MM + tol) * scale) + 1
            for y, row in enumerate(picture):
                if row[:left].min() < 250 or row[right:].min() < 250:
                    problems.append(f"page {number + 1}: ink in a side margin at y={y / scale:.0f}pt")
                    break
            for word in page.extract_words():
                if (word["x0"] < margins["left"] * MM - tol or word["x1"] > width - margins["right"] * MM + tol
                        or word["bottom"] > height):
                    problems.append(f"page {number + 1}: word {word['text']!r} outside the text area")
            body_bottom = height - margins["bottom"] * MM + tol
            lines = [ln for ln in page.extract_text_lines()
                     if ln["bottom"] <= body_bottom and ln["top"] >= margins["top"] * MM - tol]
            block = _last_block(lines)
            if block and CAPTION.match(block[0]["text"].strip()):
                problems.append(f"page {number + 1}: caption {block[0]['text'].strip()[:40]!r} alone at the page bottom")
    return problems


def _last_block(lines: list[dict]) -> list[dict]:
    """The last paragraph of text lines: lines closer together than 1.6 line heights belong to one block."""
    lines = sorted(lines, key=lambda ln: ln["top"])
    if not lines:
        return []
    block = [lines[-1]]
    for line in reversed(lines[:-1]):
        height = block[0]["bottom"] - block[0]["top"]
        if block[0]["top"] - line["bottom"] > 0.6 * height:
            break
        block.insert(0, line)
    return block


def test_pages_fit_the_text_area_with_no_orphan_captions(rendered_note):
    _, _, files = rendered_note
    assert _text_area_violations(files["pdf"], NOTE_MARGINS) == []


def test_the_page_check_catches_an_overflowing_table(tmp_path):
    """The check above is not vacuous: a table wider than the text area is reported."""
    import weasyprint

    html = ("<style>@page { size: A4; margin: 25mm 20mm 22mm 25mm } table { width: 200mm }</style>"
            "<p>a</p><p style='break-before: page'>b</p><table><tr><td>x</td><td style='text-align:right'>"
            "far right</td></tr></table><p style='break-before: page'>c</p>")
    path = tmp_path / "wide.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    assert any("page 2" in p for p in _text_area_violations(path, NOTE_MARGINS))


def test_fonts_are_embedded_and_the_pdf_is_tagged(rendered_note):
    _, _, files = rendered_note
    found = fonts(files["pdf"])
    assert found and all("+" in name and embedded for name, embedded in found), found   # subset prefix = embedded
    assert "/StructTreeRoot" in pypdf.PdfReader(files["pdf"]).trailer["/Root"]          # tagged PDF


def test_cli_note_writes_pdf_and_docx(tmp_path):
    from reporter.cli import app

    result = CliRunner().invoke(app, ["note", str(computed_dir("sof")), "--out", str(tmp_path), "--formats", "docx,html"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "note.docx").is_file() and (tmp_path / "note.html").is_file()
    assert not list(tmp_path.glob("*.tmp*")), "temporary files left behind"


def computed_dir(name: str):
    from example_projects import FIXTURES

    return FIXTURES / name


def test_parallel_chart_drawing_gives_the_same_bytes(tmp_path):
    """``reporter note --workers 2`` (charts in forked processes, DOCX and HTML beside the PDF) writes
    exactly the files one process writes."""
    from reporter.compose.note import build_note
    from reporter.metrics.compute import compute_all
    from reporter.pipeline import render_report

    from example_projects import computed

    c = computed("sof")
    tables = compute_all(c.project, c.survey)
    report = build_note(c.project, tables, project_dir=c.directory)
    one = render_report(report, tmp_path / "one", "note", ("pdf", "docx", "html"), workers=1)
    two = render_report(report, tmp_path / "two", "note", ("pdf", "docx", "html"), workers=2)
    assert [p.name for p in two] == ["note.pdf", "note.docx", "note.html"]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), a.name


# --- the note's formats are one output set (issue 20) -------------------------------------------------


def _fake_writer(fail_on=None, tag=b"new"):
    """Stands in for the renderers: writes '<tag> <format>' atomically, or fails like a full disk."""
    import errno

    from reporter.atomic import write_bytes

    def write(report, brand, out_dir, stem, fmt, *_pages):
        if fmt == fail_on:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(out_dir / f"{stem}.{fmt}", tag + b" " + fmt.encode())

    return write


def _note_files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_full_disk_while_rendering_the_note_keeps_the_previous_note_complete(tmp_path, monkeypatch):
    import pytest

    from reporter.atomic import OutputError
    from reporter.pipeline import render_note

    c = computed("sof")
    monkeypatch.setattr("reporter.pipeline._write_format", _fake_writer(tag=b"old"))
    render_note(c.project, c.survey, tmp_path, workers=1)
    before = _note_files(tmp_path)        # (the PDF, laid out once for the DOCX's page numbers, is a real one)
    assert before["note.docx"] == b"old docx" and before["note.html"] == b"old html" and "note.pdf" in before
    monkeypatch.setattr("reporter.pipeline._write_format", _fake_writer(fail_on="docx"))
    with pytest.raises(OutputError) as exc:
        render_note(c.project, c.survey, tmp_path, workers=1)
    assert exc.value.filename == str(tmp_path)
    # before: the new note.pdf beside the old docx and html, a mixed set that looks complete
    assert _note_files(tmp_path) == before


def test_a_note_with_fewer_formats_replaces_the_whole_previous_set(tmp_path, monkeypatch):
    from reporter.pipeline import render_note

    c = computed("sof")
    monkeypatch.setattr("reporter.pipeline._write_format", _fake_writer(tag=b"old"))
    render_note(c.project, c.survey, tmp_path, workers=1)
    (tmp_path / "metrics.xlsx").write_bytes(b"another set")
    monkeypatch.setattr("reporter.pipeline._write_format", _fake_writer())
    written = render_note(c.project, c.survey, tmp_path, workers=1, formats=["pdf"])
    assert written == [tmp_path / "note.pdf"]
    assert _note_files(tmp_path) == {"metrics.xlsx": b"another set", "note.pdf": b"new pdf"}


def test_the_note_with_its_metrics_in_two_processes_is_the_note_of_one(tmp_path):
    """``render_note`` with two workers computes the metric tables in two processes (sof has more answers
    than ``PARALLEL_FROM_ANSWERS``) and draws the charts in two: the files are those of one process."""
    from reporter import pipeline

    from example_projects import computed

    c = computed("sof")
    assert c.survey.answer_count >= pipeline.PARALLEL_FROM_ANSWERS
    one = pipeline.render_note(c.project, c.survey, tmp_path / "one", project_dir=c.directory, workers=1)
    two = pipeline.render_note(c.project, c.survey, tmp_path / "two", project_dir=c.directory, workers=2)
    assert [p.name for p in one] == [p.name for p in two] == ["note.pdf", "note.docx", "note.html"]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), a.name
