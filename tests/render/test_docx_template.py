"""Prepared profile packages: copies of one document per brand, language and header/footer text, giving the
bytes a document made from scratch gives."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from reporter.render import docx as docx_renderer
from reporter.render import docx_template
from reporter.render.docx import docx_bytes
from reporter.render.docx_template import prepared
from sample_report import sample_profile


@pytest.fixture(autouse=True)
def fresh():
    docx_template.forget()
    yield
    docx_template.forget()


def from_scratch(report) -> bytes:
    """The profile's DOCX with every prepared document made anew and used as it is (no copy)."""
    original = docx_renderer.prepared
    docx_renderer.prepared = lambda key, make, owner=None: make()
    try:
        return docx_bytes(report)
    finally:
        docx_renderer.prepared = original


def other_municipality(report, name: str):
    front = replace(report.front, title=name)
    section = replace(report.sections[0], title=name)
    return replace(report, front=front, sections=(section, *report.sections[1:]))


def test_copies_give_the_bytes_of_a_document_made_from_scratch():
    first = sample_profile()
    second = other_municipality(first, "Stevns Kommune")
    assert docx_bytes(first) == from_scratch(first)
    assert docx_bytes(second) == from_scratch(second)     # made from the copy the first one left unchanged
    assert docx_bytes(first) == from_scratch(first)
    assert from_scratch(first) != from_scratch(second)


def test_header_and_footer_follow_the_report():
    report = sample_profile()
    docx_bytes(report)                                   # prepares the first publisher's document
    other = replace(report, front=replace(report.front, publisher="Anden Udgiver", project="Andet Projekt"))
    document = docx.Document(io.BytesIO(docx_bytes(other)))
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("Andet Projekt")
    assert section.footer.paragraphs[0].text.startswith("Anden Udgiver\t")
    assert docx_bytes(other) == from_scratch(other)


def test_prepared_makes_once_per_key_and_owner_and_hands_out_copies():
    made = []

    def make():
        made.append(1)
        return docx.Document()

    owner = object()
    a = prepared("key", make, owner)
    a.add_paragraph("written into a copy")
    b = prepared("key", make, owner)
    assert len(made) == 1
    assert [p.text for p in b.paragraphs] == []           # the first copy's paragraph is not in the template
    prepared("key", make, object())                      # same key, another owner: made again
    assert len(made) == 2
    prepared("other key", make, owner)
    assert len(made) == 3
