"""The DOCX as a Word user expects when editing: a contents page stored with entries, hyperlinks and page
numbers (from the PDF layout), headings on Word's multilevel list numbering showing the model's numbers,
the cover with the brand band, cover and back page as sections without running header/footer.

The LibreOffice tests convert the DOCX of both example notes (``reporter note``) to PDF and read it with
pypdfium2; expected page numbers are found independently by searching the WeasyPrint PDF for each heading.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import docx
import pypdfium2
import pytest
from docx.oxml.ns import qn

from reporter.model.document import Paragraph, Section
from reporter.render.docx import docx_bytes
from reporter.render.docx_outline import OutlinePlan
from sample_report import sample_note

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ------------------------------------------------------------------------------------------------ helpers
def pdf_pages(path) -> list[str]:
    """Whitespace-normalised text of every page."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def toc_sections(sections, depth: int = 1):
    """(section, depth, label) of every contents entry: the number as the heading shows it, then the title."""
    for s in sections:
        if s.in_toc and depth <= 3:
            number = s.number if s.numbered and s.number else ""
            if number and s.appendix and depth == 1:
                number = f"Bilag {number}"
            yield s, depth, f"{number} {s.title}".strip()
        yield from toc_sections(s.sections, depth + 1)


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


# ------------------------------------------------------------------------------------------------ the plan
def _s(key, numbered=True, sections=(), number="", appendix=False, in_toc=True):
    return Section(key=key, title=key.title(), numbered=numbered, sections=tuple(sections), number=number,
                   appendix=appendix, in_toc=in_toc)


def test_word_counting_is_replayed_and_only_matching_numbers_go_on_the_list():
    """Numbers worked out by hand as Word counts a list linked to Heading 1–3: each heading adds one at its
    level and restarts the levels below; an unnumbered heading is off the list and counts nothing."""
    sections = (
        _s("resume", numbered=False),                                             # off the list
        _s("intro", number="1", sections=(_s("method", number="1.1"), _s("data", number="1.2"))),
        _s("foreword", numbered=False, sections=(_s("inner", number="1"),)),      # Word would say 1.3 / 2.1
        _s("results", number="2", sections=(
            _s("deep", number="2.1", sections=(_s("deeper", number="2.1.1", sections=(
                _s("deepest", number="2.1.1.1"),)),)),)),                        # level 4: typed
        _s("jump", number="4"),                                                   # Word would say 3: typed
        _s("appendix", number="A", appendix=True, sections=(_s("sources", number="A.1"),)),
    )
    plan = OutlinePlan(sections, "Bilag")
    kinds = {k: (n.kind, n.level, n.text) for k, n in plan.numbers.items()}
    assert kinds == {
        "resume": ("", 0, ""), "intro": ("main", 0, "1"), "method": ("main", 1, "1.1"),
        "data": ("main", 1, "1.2"), "foreword": ("", 0, ""), "inner": ("typed", 0, "1"),
        "results": ("main", 0, "2"), "deep": ("main", 1, "2.1"), "deeper": ("main", 2, "2.1.1"),
        "deepest": ("typed", 0, "2.1.1.1"), "jump": ("typed", 0, "4"),
        "appendix": ("appendix", 0, "Bilag A"), "sources": ("appendix", 1, "A.1"),
    }
    # contents entries down to level 2 (CONTENTS_DEPTH, as the PDF and HTML: "deeper" is level 3), in order,
    # each with its own hidden bookmark
    assert list(plan.toc_names) == ["resume", "intro", "method", "data", "foreword", "inner", "results", "deep",
                                    "jump", "appendix", "sources"]
    assert len(set(plan.toc_names.values())) == len(plan.toc_names)
    assert all(re.fullmatch(r"_Toc\d+", n) for n in plan.toc_names.values())


def test_appendices_count_on_their_own_list_in_letters():
    """Word's upperLetter counting: A, B; the sub-sections A.1, A.2, B.1; a second appendix list restarts."""
    sections = (
        _s("intro", number="1"),
        _s("data", number="A", appendix=True, sections=(_s("sources", number="A.1"), _s("codes", number="A.2"))),
        _s("tables", number="B", appendix=True, sections=(_s("more", number="B.1"),)),
    )
    kinds = {k: (n.kind, n.level, n.text) for k, n in OutlinePlan(sections, "Bilag").numbers.items()}
    assert kinds == {"intro": ("main", 0, "1"), "data": ("appendix", 0, "Bilag A"),
                     "sources": ("appendix", 1, "A.1"), "codes": ("appendix", 1, "A.2"),
                     "tables": ("appendix", 0, "Bilag B"), "more": ("appendix", 1, "B.1")}


# ------------------------------------------------------------------------------------------------ the package
@pytest.fixture(scope="module")
def note():
    return sample_note()


def test_appendix_headings_are_on_the_bilag_list_and_a_reference_is_the_field(note):
    import dataclasses

    from reporter.model.document import Paragraph, Ref

    ref = Ref(key="data", kind="section", word="bilag", number="A")
    appendix = Section(key="data", title="Data", number="A", appendix=True, page_break_before=True,
                       blocks=(Paragraph(text="Se bilag A.", inlines=(Ref(key="data", kind="section", word="bilag",
                                                                              number="A"),)),),
                       sections=(Section(key="sources", title="Kilder", number="A.1"),))
    assert ref.text == "bilag A"
    report = dataclasses.replace(note, sections=note.sections + (appendix,))
    document = docx.Document(io.BytesIO(docx_bytes(report)))
    numbering = document.part.numbering_part.element
    (abstract,) = [a for a in numbering.iter(W + "abstractNum") if a.find(W + "name") is not None
                   and a.find(W + "name").get(W + "val") == "Bilag A"]
    level0 = abstract.find(W + "lvl")
    assert level0.find(W + "numFmt").get(W + "val") == "upperLetter"
    assert level0.find(W + "lvlText").get(W + "val") == "Bilag %1"
    assert abstract.findall(W + "lvl")[1].find(W + "lvlText").get(W + "val") == "%1.%2"
    ident = abstract.get(W + "abstractNumId")
    num_id = next(n.get(W + "numId") for n in numbering.iter(W + "num")
                  if n.find(W + "abstractNumId").get(W + "val") == ident)
    headings = {text_of(p): p for p in document.element.body.iter(W + "p")
                if (p.find(f"{W}pPr/{W}pStyle") is not None
                    and p.find(f"{W}pPr/{W}pStyle").get(W + "val").startswith("Heading"))}
    for title, level in (("Data", "0"), ("Kilder", "1")):
        num_pr = headings[title].find(f"{W}pPr/{W}numPr")     # the title alone: Word shows "Bilag A" / "A.1"
        assert num_pr.find(W + "numId").get(W + "val") == num_id
        assert num_pr.find(W + "ilvl").get(W + "val") == level
    # the reference: a REF field with Word's paragraph number, no typed word before it
    instructions = [i.text.strip() for i in document.element.body.iter(W + "instrText") if "REF" in (i.text or "")]
    assert any(re.fullmatch(r"REF \S+ \\w \\h", i) for i in instructions)
    paragraph = next(p for p in document.element.body.iter(W + "p")
                     if any(re.fullmatch(r"REF \S+ \\w \\h", (i.text or "").strip()) for i in p.iter(W + "instrText")))
    assert text_of(paragraph) == "Bilag A"


def test_contents_entries_link_to_heading_bookmarks_and_show_the_given_pages(note):
    pages = {s.key: 10 + i for i, (s, _, _) in enumerate(toc_sections(note.sections))}
    document = docx.Document(io.BytesIO(docx_bytes(note, None, pages)))
    body = document.element.body
    entries = [p for p in body.iter(W + "p") if (p.find(f"{W}pPr/{W}pStyle") is not None and
                                                 p.find(f"{W}pPr/{W}pStyle").get(W + "val") in ("TOC1", "TOC2", "TOC3"))]
    expected = list(toc_sections(note.sections))
    assert len(entries) == len(expected)
    bookmarks = {b.get(W + "name"): b for b in body.iter(W + "bookmarkStart")}
    for p, (section, depth, label) in zip(entries, expected):
        assert p.find(f"{W}pPr/{W}pStyle").get(W + "val") == f"TOC{depth}"
        (link,) = p.findall(W + "hyperlink")
        name = link.get(W + "anchor")
        instructions = [i.text.strip() for i in link.iter(W + "instrText")]
        assert instructions == [f"PAGEREF {name} \\h"]
        shown = "".join(t.text or "\t" for t in link.iter(W + "t", W + "tab"))
        assert shown == label.replace(" ", "\t", 1 if section.numbered and section.number else 0) + \
            f"\t{pages[section.key]}"
        # the bookmark sits on the heading paragraph of that section and wraps its title
        heading = bookmarks[name].getparent()
        assert heading.find(f"{W}pPr/{W}pStyle").get(W + "val").startswith("Heading")
        assert text_of(heading).endswith(section.title)
    # the TOC field spans the entries: begins in the first, ends in the last
    assert entries[0].find(f".//{W}fldChar").get(W + "fldCharType") == "begin"
    assert entries[-1].findall(f"{W}r/{W}fldChar")[-1].get(W + "fldCharType") == "end"


def test_without_pages_the_entries_have_no_page_field(note):
    document = docx.Document(io.BytesIO(docx_bytes(note)))
    instructions = [i.text.strip() for i in document.element.body.iter(W + "instrText")]
    assert not any(i.startswith("PAGEREF") for i in instructions)


def test_pdf_from_one_layout_is_the_pdf(note):
    from reporter.render.pdf import pdf_bytes, pdf_bytes_and_pages

    data, pages = pdf_bytes_and_pages(note)
    assert data == pdf_bytes(note)
    # every contents entry of the sample note has a page; the contents page is page 2, so bodies start later
    assert set(pages) >= {s.key for s, _, _ in toc_sections(note.sections)}
    assert min(pages.values()) >= 3


def test_docx_alone_lays_out_the_pdf_for_its_page_numbers(note, tmp_path):
    from reporter.pipeline import render_report

    (path,) = render_report(note, tmp_path, "note", ("docx",))
    assert not (tmp_path / "note.pdf").exists()
    document = docx.Document(str(path))
    instructions = [i.text.strip() for i in document.element.body.iter(W + "instrText")]
    assert sum(i.startswith("PAGEREF _Toc") for i in instructions) == len(list(toc_sections(note.sections)))


def test_unnumbered_headings_are_off_the_list_and_heading_styles_are_linked(note):
    extra = Section(key="annex", title="Ekstra", numbered=False, blocks=(Paragraph(text="Tekst."),))
    document = docx.Document(io.BytesIO(docx_bytes(replace(note, sections=note.sections + (extra,)))))
    numbering = document.part.numbering_part.element
    heading_num = {}
    for level, style in enumerate(("Heading1", "Heading2", "Heading3")):
        num_pr = document.styles.element.xpath(f'w:style[@w:styleId="{style}"]/w:pPr/w:numPr')[0]
        num_id = num_pr.find(W + "numId").get(W + "val")
        ilvl = num_pr.find(W + "ilvl")
        assert (int(ilvl.get(W + "val")) if ilvl is not None else 0) == level
        heading_num[style] = num_id
        (num,) = numbering.xpath(f'w:num[@w:numId="{num_id}"]')
        abstract = num.find(W + "abstractNumId").get(W + "val")
        (lvl,) = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]')
        assert lvl.find(W + "pStyle").get(W + "val") == style
        assert lvl.find(W + "lvlText").get(W + "val") == ".".join(f"%{i + 1}" for i in range(level + 1))
    (annex,) = [p for p in document.element.body.iter(W + "p") if text_of(p) == "Ekstra"
                and p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "Heading1"]
    assert annex.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") == "0"


# ------------------------------------------------------------------------------------------------ LibreOffice
def _convert(docx_path, tmp_path):
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=400)
    return tmp_path / (docx_path.stem + ".pdf")


@pytest.fixture(scope="module")
def converted(rendered_note, tmp_path_factory):
    """(report, WeasyPrint PDF pages, LibreOffice PDF pages of the DOCX) of each example note."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _, report, paths = rendered_note
    out = tmp_path_factory.mktemp("lo")
    return report, pdf_pages(paths["pdf"]), pdf_pages(_convert(paths["docx"], out))


def _contents_pages(pages: list[str], word: str) -> range:
    start = next(i for i, t in enumerate(pages) if word in t)
    end = start
    while end + 1 < len(pages) and re.search(r"(?:\. ?){5,}\d+", pages[end + 1]):
        end += 1
    return range(start, end + 1)


def test_libreoffice_shows_contents_with_the_pdf_page_of_every_heading(converted):
    report, pdf, lo = converted
    word = dict(report.strings)["contents"]
    lo_toc = " ".join(lo[i] for i in _contents_pages(lo, word))
    pdf_toc = _contents_pages(pdf, word)
    for section, _, label in toc_sections(report.sections):
        match = re.search(re.escape(label) + r" ?(?:\. ?){3,}(\d+)", lo_toc)    # leader dots, then the page
        assert match, f"contents entry {label!r} without a page number"
        # the page the heading is on in the PDF, found by reading the PDF after its contents pages
        heading_page = next(i + 1 for i in range(pdf_toc.stop, len(pdf)) if label in pdf[i])
        assert int(match.group(1)) == heading_page, label


def test_libreoffice_shows_the_model_heading_numbers(converted):
    report, _, lo = converted
    word = dict(report.strings)["contents"]
    body = " ".join(lo[_contents_pages(lo, word).stop:])
    numbered = [(s, label) for s, _, label in toc_sections(report.sections) if s.numbered and s.number]
    assert numbered
    position = 0
    for section, label in numbered:                 # in order: "1 Indledning" … as the model numbers them
        found = body.find(label, position)
        assert found >= 0, f"heading {label!r} not shown with its number"
        position = found + len(label)


def test_libreoffice_page_count_and_page_numbers_follow_the_pdf(converted):
    report, pdf, lo = converted
    page = dict(report.strings)["page"]
    assert abs(len(lo) - len(pdf)) <= 1, (len(lo), len(pdf))
    assert f"{page} 2" in pdf[1] and f"{page} 2" in lo[1]       # numbering counts the cover, as the PDF does
    for text in (lo[0], lo[-1]):                                # cover and back page: no header, footer, number
        assert not re.search(re.escape(page) + r" \d+", text)
        assert report.front.title + " " + page not in text
