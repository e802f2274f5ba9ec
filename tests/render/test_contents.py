"""The contents of a note list the same sections in the PDF, the DOCX (and what Word lists again when the field
is updated) and the HTML: the chapters and their sections, never a third level (the seeds' contents have two).
Checked on the sample note with a third-level section added under every second-level one."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pdfplumber
from docx.oxml.ns import qn
from sample_report import sample_note

from reporter.brand import load_brand
from reporter.model.document import Paragraph, Section
from reporter.render.docx import docx_bytes
from reporter.render.html import render_html
from reporter.render.typst_pdf import pdf_bytes

BRAND = load_brand("nordlys")


def _deepened():
    """The sample note with a numbered, in-contents third-level section in every second-level section."""
    def deepen(section: Section, depth: int) -> Section:
        subs = tuple(deepen(s, depth + 1) for s in section.sections)
        if depth == 2:
            number = f"{section.number}.1" if section.number else ""
            subs += (Section(key=f"{section.key}_deep", title=f"Dybt afsnit under {section.title}", number=number,
                             numbered=bool(number), blocks=(Paragraph(text="Et afsnit på tredje niveau."),)),)
        return dataclasses.replace(section, sections=subs)
    report = sample_note()
    return dataclasses.replace(report, sections=tuple(deepen(s, 1) for s in report.sections))


def _expected(report) -> list[str]:
    """By hand from the model: the titles of the sections at depth 1 and 2 that are in the contents."""
    out = []
    for chapter in report.sections:
        out += [chapter.title] if chapter.in_toc else []
        out += [s.title for s in chapter.sections if s.in_toc]
    return out


def test_every_format_lists_the_chapters_and_their_sections_only():
    report = _deepened()
    expected = _expected(report)
    deep = [c.title for s in report.sections for b in s.sections for c in b.sections]
    assert len(deep) >= 5 and len(expected) == 9

    # HTML: the entries of the contents nav, in order
    html = render_html(report, BRAND)
    nav = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<span class="toc-text">(.*?)</span>', nav) == expected

    # DOCX: the contents paragraphs (the field's cached result) and the field's levels
    document = docx.Document(io.BytesIO(docx_bytes(report, BRAND)))
    body = document.element.body
    shown = []
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and re.fullmatch(r"TOC\d", style.get(qn("w:val"))):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            shown.append(text)
    assert [next(t for t in expected if t in line) for line in shown if any(t in line for t in expected)] == expected
    assert not any(d in line for line in shown for d in deep)
    instructions = [t.text for t in body.iter(qn("w:instrText")) if t.text and t.text.strip().startswith("TOC")]
    assert [i.strip() for i in instructions] == ['TOC \\o "1-2" \\h \\z \\u']

    # PDF: the contents page's text has every expected title and none of the third level
    with pdfplumber.open(io.BytesIO(pdf_bytes(report, BRAND))) as pdf:
        contents = pdf.pages[1].extract_text()
    lines = [ln.strip() for ln in contents.splitlines()]
    assert [t for t in expected if any(t in ln for ln in lines)] == expected
    assert not any(d in ln for ln in lines for d in deep)
    # the third-level sections are in the document itself, only not in the contents
    assert all(d in html for d in deep)
