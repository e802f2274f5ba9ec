"""The DOCX's contents with page numbers asked for last (``pages`` a callable: the PDF is laid out beside the
DOCX, reporter.pipeline): the same bytes as with the pages known from the start, asked for exactly once."""

from __future__ import annotations

import io

import docx
from sample_report import sample_note

from reporter.brand import load_brand
from reporter.render.docx import docx_bytes
from reporter.render.typst_pdf import pdf_bytes_and_pages


def test_pages_given_last_give_the_bytes_of_pages_given_first():
    report = sample_note()
    brand = load_brand(report.brand)
    pages = pdf_bytes_and_pages(report, brand)[1]
    assert pages, "the sample note has a contents page"
    asked = []

    def later():
        asked.append(1)
        return pages

    assert docx_bytes(report, brand, later) == docx_bytes(report, brand, pages)
    assert asked == [1]


def test_the_deferred_entries_stand_where_the_contents_heading_is_and_no_placeholder_is_left():
    report = sample_note()
    brand = load_brand(report.brand)
    shifted = {key: page + 100 for key, page in pdf_bytes_and_pages(report, brand)[1].items()}
    paragraphs = docx.Document(io.BytesIO(docx_bytes(report, brand, lambda: shifted))).paragraphs
    styles = [p.style.name for p in paragraphs]
    first = next(i for i, s in enumerate(styles) if s.startswith("toc "))
    entries = [p for p in paragraphs[first:] if p.style.name.startswith("toc ")]
    # every entry ends with its page: the layout's page + 100, so none is the empty placeholder
    assert entries and all(p.text.rstrip().split("\t")[-1].isdigit() and int(p.text.rstrip().split("\t")[-1]) > 100
                           for p in entries)
    # the entries follow one another right after the contents heading
    assert all(s.startswith("toc ") for s in styles[first:first + len(entries)])
