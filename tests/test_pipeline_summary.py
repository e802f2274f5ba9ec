"""fixtures/stv-summary renders the evaluation summary from the built-in template and the consultant's parts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = ROOT / "fixtures" / "stv-summary"
FORMATS = ["pdf", "docx", "html"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from reporter.data.load import load_survey
    from reporter.pipeline import render_note

    target = tmp_path_factory.mktemp("summary")
    project, survey = load_survey(SUMMARY)
    render_note(project, survey, target, project_dir=SUMMARY, workers=1, formats=FORMATS)
    return target


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def report():
    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(SUMMARY)
    return build_note(project, compute_all(project, survey), SUMMARY)


def test_summary_pdf_has_the_documents_parts(out, report):
    text = re.sub(r"\s+", " ", _pdf_text(out / "note.pdf"))
    for heading in ("1 Evalueringen", "1.1 Baggrund", "Deltagende kommuner", "1.2 Spor og kerneelementer",
                    "1.4 Konklusioner", "2 Virker indsatsen?", "3 Hvordan er indsatsen implementeret?",
                    "4 Læring fra jobcentre"):
        assert heading in text, heading
    numbers = {b.key: b.number for b in [*report.tables(), *report.figures(), *report.pictures()]}
    assert f"Tabel {numbers['tracks']}. Spor og kerneelementer" in text
    assert f"Tabel {numbers['elements_total']}. Fidelitetsgrad fordelt på kerneelementer ved startmålingen og " \
           "slutmålingen" in text
    assert f"Tabel {numbers['elements_role']}. Fidelitetsgrad fordelt på kerneelementer ved startmålingen og " \
           "slutmålingen, opgjort for ledere og medarbejdergrupper" in text
    assert f"Figur {numbers['fig-model']}. Model for den virksomhedsrettede indsats med de tre spor" in text
    assert f"Tabel {numbers['tracks']} viser sporene" in text
    assert f"Tabel {numbers['elements_total']} viser fidelitetsgraden" in text
    # the register chapter (the consultant's note/outcomes.md with the register blocks)
    assert f"Tabel {numbers['tab_reg_outcome']}. Andel i virksomhedsrettet indsats" in text
    assert f"Figur {numbers['fig_reg_effects']}." in text
    assert "Indsatsen er blevet mere virksomhedsvendt" in text and "Praksisnær læring" in text
    assert "1. Delnotaterne om surveyen" in text and "2. Lineær sandsynlighedsmodel" in text
    assert "3. Forkortelser: S er sagsbehandler" in text
    assert "Start (88)" in text                                # n in the role headers (published STV summary)


def test_summary_html_has_columns_boxes_and_references(out):
    html = (out / "note.html").read_text(encoding="utf-8")
    assert re.search(r'<ul class="list in-columns" style="columns: 3">', html)
    assert html.count('<aside class="key-finding">') == 2
    assert '<aside class="box box-learning">' in html and '<aside class="box box-challenge">' in html
    assert re.search(r'<a class="xref" href="#tab-elements_role">tabel \d+</a>', html)
    assert re.search(r'<ol class="list">\s*<li>Ledelsesopgaven</li>', html)
