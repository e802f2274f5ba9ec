"""The complete example of docs/templates.md rendered as PDF, DOCX and HTML: every construct is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from template_projects import docs_example, make_project


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from reporter.data.load import load_survey
    from reporter.pipeline import render_note

    folder = make_project(tmp_path_factory.mktemp("example"), docs_example())
    out = folder / "out"
    project, survey = load_survey(folder)
    render_note(project, survey, out, project_dir=folder, workers=1, formats=["pdf", "docx", "html"])
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
    # the page break: the appendix starts a page of its own (its first line under the running header)
    assert any(body and body[0].startswith("Bilag A Data") for body in _body_lines(pages))


def _body_lines(pages: list[str]) -> list[list[str]]:
    """Each page's text lines without the running header and footer: lines (digits aside, "Side 3") that
    stand on more than one page."""
    from collections import Counter

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line)

    lines = [[" ".join(ln.split()) for ln in p.splitlines() if ln.strip()] for p in pages]
    seen = Counter(k for page in lines for k in {key(ln) for ln in page})
    return [[ln for ln in page if seen[key(ln)] < 2] for page in lines]


def _docx_xml(path: Path, name: str):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def test_docx_has_footnotes_lists_and_reference_fields(rendered):
    path = rendered / "note.docx"
    doc = _docx_xml(path, "word/document.xml")
    notes = _docx_xml(path, "word/footnotes.xml")
    # footnotes: real Word footnotes, referenced from the text with matching ids
    texts = {fn.get(f"{{{W['w']}}}id"): "".join(fn.itertext()).strip()
             for fn in notes.findall("w:footnote", W) if fn.get(f"{{{W['w']}}}type") is None}
    refs = [r.get(f"{{{W['w']}}}id") for r in doc.iter(f"{{{W['w']}}}footnoteReference")]
    assert [texts[i] for i in refs] == ["Besvarelserne er indsamlet elektronisk.", "Registerdata indgår i et senere notat."]
    # lists: paragraphs with numPr pointing into numbering.xml, the nested items one level deeper
    numbering = _docx_xml(path, "word/numbering.xml")
    num_ids = {n.get(f"{{{W['w']}}}numId") for n in numbering.findall("w:num", W)}
    items = {}
    for p in doc.iter(f"{{{W['w']}}}p"):
        num = p.find("w:pPr/w:numPr", W)
        if num is not None and num.find("w:ilvl", W) is not None:     # list items (headings carry only numId)
            text = "".join(t.text or "" for t in p.iter(f"{{{W['w']}}}t"))
            items[text] = (num.find("w:ilvl", W).get(f"{{{W['w']}}}val"), num.find("w:numId", W).get(f"{{{W['w']}}}val"))
    assert items["ved tre målinger"][0] == "1" and items["en survey blandt ledere og medarbejdere"][0] == "0"
    assert items["Først kortlægning"][1] != items["ved tre målinger"][1]
    assert all(num in num_ids for _, num in items.values())
    # cross-references: REF fields to bookmarks that exist, whose cached text is the number
    bookmarks = {b.get(f"{{{W['w']}}}name") for b in doc.iter(f"{{{W['w']}}}bookmarkStart")}
    body = "".join(t.text or "" for t in doc.iter(f"{{{W['w']}}}t"))
    fields = [i.text.strip() for i in doc.iter(f"{{{W['w']}}}instrText") if i.text and i.text.strip().startswith("REF")]
    assert len(fields) == 3
    for field in fields:
        assert field.split()[1] in bookmarks
    assert "placering ses i tabel 1, og modellen i figur 1." in body
    assert "Metoden beskrives i afsnit 2." in body
    # the picture with its alt text; the computed values as locked content controls
    assert any(d.get("descr") == "Diagram over indsatsens forandringsteori" for d in doc.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    tags = [t.get(f"{{{W['w']}}}val") for t in doc.iter(f"{{{W['w']}}}tag")]
    assert "value:n_municipalities" in tags
    assert "Bilag A" in body and "Læringspunkt" in body and "— Leder, Kommune A" in body
