"""The complete example of docs/templates.md rendered as PDF, DOCX and HTML: every construct is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import docs_example, make_project


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from reporter.data.load import load_survey
    from reporter.pipeline import render_note

    folder = make_project(tmp_path_factory.mktemp("example"), docs_example())
    out = folder / "out"
    project, survey = load_survey(folder)
    render_note(project, survey, out, project_dir=folder, workers=1, formats=["pdf", "html"])
    return out


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_html_has_every_construct(rendered):
    html = (rendered / "note.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="xref" href="#tab-tbl-ranking">tabel 1</a>', html)
    assert re.search(r'<a class="xref" href="#fig-fig-model">figur 1</a>', html)
    assert re.search(r'<a class="xref" href="#sec-sec-method">afsnit 2</a>', html)
    assert 'id="tab-tbl-ranking"' in html and 'id="fig-fig-model"' in html and 'id="sec-sec-method"' in html
    # footnotes: numbered calls and the list at the end
    assert re.findall(r'<sup class="fn-call"><a href="#fn-(\d)"', html) == ["1", "2"]
    assert re.search(r'<li id="fn-1"[^>]*>Besvarelserne er indsamlet elektronisk\.', html)
    assert re.search(r'<li id="fn-2"[^>]*>Registerdata indgår i et senere notat\.', html)
    # lists: a bullet list with a nested one, and a numbered list
    assert re.search(r"<ul class=\"list\">\s*<li>en survey blandt <strong>ledere</strong> og <em>medarbejdere</em>"
                     r"<ul class=\"list\">", html)
    assert re.search(r'<ol class="list">\s*<li>Først kortlægning</li>', html)
    assert '<aside class="box box-learning">' in html and '<aside class="box box-challenge">' in html
    assert '<aside class="key-finding">' in html
    assert re.search(r'<figcaption class="attribution">— Leder, Kommune A</figcaption>', html)
    assert re.search(r'<img class="picture" src="data:image/png;base64,[^"]+" alt="Diagram over indsatsens '
                     r'forandringsteori"', html)
    assert "Interview med projektledere" in html and "Egen tilvirkning" in html
    assert re.search(r'class="heading-number">Bilag A</span> Data', html)
    assert 'class="page-break-after"' in html


def test_pdf_has_text_footnotes_and_numbers(rendered):
    pages = _pdf_pages(rendered / "note.pdf")
    text = "\n".join(pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Kommunernes placering ses i tabel 1, og modellen i figur 1." in flat
    assert "Metoden beskrives i afsnit 2." in flat
    assert "Figur 1. Indsatsens forandringsteori" in flat
    assert "Tabel 2. Drivkræfter og barrierer" in flat
    assert "1. Besvarelserne er indsamlet elektronisk." in flat
    assert "2. Registerdata indgår i et senere notat." in flat
    # a footnote sits on the page of its call
    call_page = next(i for i, p in enumerate(pages) if "Fidelitetsgennemsnittet" in p)
    assert "Besvarelserne er indsamlet elektronisk." in pages[call_page]
    assert "Læringspunkt" in flat and "Udfordring og løsning" in flat and "— Leder, Kommune A" in flat
    assert "Bilag A Data" in flat
    # one full stop after "pct." at a sentence end
    assert "pct.." not in flat
    # the page break: the appendix starts a page of its own
    assert any(p.lstrip().startswith("Bilag A Data") for p in pages)
