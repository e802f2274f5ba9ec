"""PDF renderer: opens, text, page counts, nothing outside the text area, embedded fonts, tags and
metadata, byte-identical output, and the restrictive URL fetcher."""

from __future__ import annotations

import io
import re

import pdfplumber
import pypdf
import pytest

from reporter.render.assets import STYLES_DIR, URLRefused, SafeURLFetcher, font_dirs
from reporter.render.pdf import pdf_bytes, render_pdf
from pdf_pages import fonts, grey_pages, structure_elements
from sample_report import LONG_LABEL, RANKING_FIRST_ROW, sample_note, sample_profile

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
NOTE_MARGINS = {"top": 25, "right": 20, "bottom": 22, "left": 25}      # styles/css/base.css
PROFILE_MARGINS = {"top": 12, "right": 15, "bottom": 14, "left": 15}   # styles/css/profile.css


@pytest.fixture(scope="module")
def note_pdf(tmp_path_factory) -> bytes:
    path = render_pdf(sample_note(), "nordlys", tmp_path_factory.mktemp("pdf") / "note.pdf")
    return path.read_bytes()


@pytest.fixture(scope="module")
def profile_pdf() -> bytes:
    return pdf_bytes(sample_profile(), "nordlys")


def _words(pdf: bytes, page: int) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return doc.pages[page].extract_words()


def test_note_opens_and_has_several_a4_pages(note_pdf):
    reader = pypdf.PdfReader(io.BytesIO(note_pdf))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)


def test_profile_is_exactly_one_page(profile_pdf):
    assert len(pypdf.PdfReader(io.BytesIO(profile_pdf)).pages) == 1


def test_ranking_table_values_are_in_the_text(note_pdf):
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(note_pdf)).pages)
    lines = [re.sub(r"[▲●▼]\s*", "", line).split() for line in text.splitlines()]
    assert list(RANKING_FIRST_ROW) in lines          # the first ranking row, value by value, in order
    assert "Tabel 3. Power-ranking af kommunernes fidelitet" in text
    assert "Figur 1. Ledelsesmæssig fokus, prioritering og understøttelse" in text
    assert "Note: Kommunernes samlede score" in text
    assert "Side 3" in text                           # running footer from report.string('page')


def test_toc_shows_page_numbers_of_the_sections(note_pdf):
    with pdfplumber.open(io.BytesIO(note_pdf)) as doc:
        texts = [" ".join((page.extract_text() or "").split()) for page in doc.pages]
    toc = re.sub(r"\s*\.{3,}\s*", " … ", texts[1])
    for section in ("1.1 Metode: fra kerneelement til spørgsmål", "2.1 Power-ranking af kommunerne",
                    "3.2 Sammenfatning for sporet"):
        page = next(i + 1 for i in range(2, len(texts)) if section in texts[i])
        assert f"{section} … {page}" in toc, (section, page, toc)


def _check_inside_text_area(pdf: bytes, margins: dict, pages: range | None = None) -> None:
    width, height = A4
    pictures = grey_pages(pdf, 50, pages)
    tol = 0.6 * MM
    for number, picture in pictures.items():
        # 1. Every word inside the left/right margins (header and footer are inside too).
        for word in _words(pdf, number):
            assert word["x0"] >= margins["left"] * MM - tol, (number, word)
            assert word["x1"] <= width - margins["right"] * MM + tol, (number, word)
        # 2. Nothing drawn at all in the side margins: rasterise and look at the strips.
        scale = picture.shape[1] / width
        left = int((margins["left"] * MM - tol) * scale) - 1
        right = int((width - margins["right"] * MM + tol) * scale) + 1
        for y, row in enumerate(picture):
            assert row[:left].min() >= 250, f"page {number + 1}: ink in the left margin at y={y}"
            assert row[right:].min() >= 250, f"page {number + 1}: ink in the right margin at y={y}"


def test_note_body_pages_draw_nothing_outside_the_text_width(note_pdf):
    pages = pypdf.PdfReader(io.BytesIO(note_pdf)).pages
    _check_inside_text_area(note_pdf, NOTE_MARGINS, range(1, len(pages) - 1))   # not front and back page


def test_profile_draws_nothing_outside_the_text_width(profile_pdf):
    _check_inside_text_area(profile_pdf, PROFILE_MARGINS)


def test_long_row_label_wraps_inside_its_column(note_pdf):
    with pdfplumber.open(io.BytesIO(note_pdf)) as doc:
        for page in doc.pages:
            words = page.extract_words()
            # the last word may be hyphenated (Danish hyphenation): "virksomheds‐" + "service"
            last = "virksomhedsservice"
            pieces = [w for w in words if len(w["text"].rstrip("\u2010-")) >= 4
                      and (last.startswith(w["text"].rstrip("\u2010-")) or last.endswith(w["text"]))]
            if any(w["text"] == "Ringkøbing-Skjern" for w in words) and pieces:
                first_value_x = min(w["x0"] for w in words if w["text"] == "35%")
                label = [w for w in words if w["text"] == "Ringkøbing-Skjern"] + pieces
                assert label and all(w["x1"] < first_value_x for w in label)
                break
        else:
            pytest.fail(f"{LONG_LABEL!r} not found")


BRAND_FAMILIES = ("Carlito", "Liberation Sans", "Liberation Serif")    # styles/brands/*/brand.yaml


def test_fonts_are_embedded(note_pdf, profile_pdf):
    for pdf in (note_pdf, profile_pdf):
        found = fonts(pdf)
        assert found
        for basefont, embedded in found:
            assert embedded, f"font {basefont} is not embedded"
            assert any(f.replace(" ", "") in basefont.replace("-", "") for f in BRAND_FAMILIES), basefont


def test_tagged_pdf_with_metadata(note_pdf):
    reader = pypdf.PdfReader(io.BytesIO(note_pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "da"
    info = reader.metadata
    assert info.title == "Surveynotat: Slutmåling blandt ledere og medarbejdere"
    assert info.author == "Nordlys Analyse"
    assert info["/CreationDate"].startswith("D:20190901")
    assert info["/ModDate"].startswith("D:20190901")
    assert b"pdfuaid" in note_pdf or b"pdfuaid" in reader.xmp_metadata.stream.get_data()


def test_figure_alt_texts_reach_the_pdf(note_pdf):
    alts = [alt for tag, alt in structure_elements(note_pdf) if tag == "/Figure" and alt is not None]
    for figure in sample_note().figures():
        assert figure.alt_text in alts


def test_two_renders_are_byte_identical(profile_pdf, note_pdf, tmp_path):
    assert pdf_bytes(sample_profile(), "nordlys") == profile_pdf
    assert render_pdf(sample_note(), "nordlys", tmp_path / "again.pdf").read_bytes() == note_pdf


def test_render_pdf_writes_atomically(tmp_path):
    target = tmp_path / "out" / "profile.pdf"
    assert render_pdf(sample_profile(), "fjord", target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["profile.pdf"]   # no temporary file left


def test_fetcher_refuses_files_outside_the_project_and_the_network():
    fetch = SafeURLFetcher()
    for url in ("file:///etc/passwd", "http://example.com/logo.png", "https://example.com/a.css",
                "ftp://example.com/x", f"{STYLES_DIR.as_uri()}/../../../../etc/passwd",
                "file://otherhost/etc/passwd"):
        with pytest.raises(URLRefused):
            fetch(url)


def test_fetcher_serves_styles_fonts_and_data_urls():
    fetch = SafeURLFetcher()
    css = fetch((STYLES_DIR / "css" / "base.css").as_uri())
    assert b"@page" in css.read()
    font = next(p for d in font_dirs() if d.is_dir() for p in sorted(d.glob("Carlito-Regular.ttf")))
    assert fetch(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true")
    assert fetch("data:text/plain;base64,aGVq").read() == b"hej"


def test_a_document_cannot_pull_in_local_files(tmp_path):
    from weasyprint import HTML

    html = '<html><body><img src="file:///etc/passwd"><link rel="stylesheet" href="http://example.com/x.css">' \
           '<p>ok</p></body></html>'
    pdf = HTML(string=html, url_fetcher=SafeURLFetcher()).write_pdf()
    assert b"root:" not in pdf


def test_identical_across_processes(profile_pdf):
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, hashlib; sys.path.insert(0, sys.argv[1]); from sample_report import sample_profile; "
            "from reporter.render.pdf import pdf_bytes; "
            "print(hashlib.sha256(pdf_bytes(sample_profile(), 'nordlys')).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == hashlib.sha256(profile_pdf).hexdigest()


def _profile_named(title: str, paragraphs: int = 0) -> "Report":
    import dataclasses

    from reporter.model.document import Paragraph

    report = sample_profile()
    report = dataclasses.replace(report, front=dataclasses.replace(report.front, title=title))
    if paragraphs:
        section = report.sections[0]
        extra = tuple(Paragraph(text=f"Afsnit {i}: " + "tekst " * 60) for i in range(paragraphs))
        report = dataclasses.replace(report, sections=(dataclasses.replace(section, blocks=section.blocks + extra),))
    return report


def test_a_batch_gives_every_profile_the_bytes_it_has_alone():
    """Several profiles laid out in one WeasyPrint document and split into files: each file is the one
    the profile gets by itself (so its title, bookmarks and tags are its own), including a profile
    that runs over one page (rendered alone) and a note (another stylesheet) in the same batch."""
    from reporter.render.pdf import pdf_bytes_batch

    reports = [_profile_named("Aabenraa Kommune"), _profile_named("Ballerup Kommune"),
               _profile_named("Lang Kommune", paragraphs=40), sample_note(), _profile_named("Æbelø Kommune")]
    alone = [pdf_bytes(r, "nordlys") for r in reports]
    assert pdf_bytes_batch(reports, "nordlys") == alone
    titles = [pypdf.PdfReader(io.BytesIO(pdf)).metadata.title for pdf in alone]
    assert titles[0].startswith("Aabenraa Kommune: ") and titles[1].startswith("Ballerup Kommune: ")
    assert titles[4].startswith("Æbelø Kommune: ")
    assert len(pypdf.PdfReader(io.BytesIO(alone[2])).pages) > 1
    assert all(len(pypdf.PdfReader(io.BytesIO(alone[i])).pages) == 1 for i in (0, 1, 4))


def test_warm_up_changes_no_output(profile_pdf):
    """A worker that warmed up (fonts, a sample document) writes the same bytes as a fresh process."""
    import hashlib
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, hashlib; sys.path.insert(0, sys.argv[1]); from sample_report import sample_profile; "
            "from reporter.brand import load_brand; from reporter.render.pdf import pdf_bytes, warm_up; "
            "warm_up(load_brand('nordlys')); warm_up(load_brand('fjord')); "
            "print(hashlib.sha256(pdf_bytes(sample_profile(), 'nordlys')).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == hashlib.sha256(profile_pdf).hexdigest()
