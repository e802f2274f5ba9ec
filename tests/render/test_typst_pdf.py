"""The Typst PDF renderer: hostile text prints literally and reads no file, every block type reaches the
PDF, tagged with language, title and alt texts, bookmarks are the headings, bytes are deterministic and the
only fonts are the brand's."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import typst

from pdf_pages import fonts, page_count, page_size, structure_elements
from sample_report import DATE, sample_profile
from typst_sample import CHART_ALT, FOOTNOTE, HOSTILE, ITEMS, LINK, PICTURE_ALT, full_profile

from reporter.brand import load_brand
from reporter.render.typst_pdf import compile_document, pdf_bytes, render_pdf
from reporter.render.typst_source import TypstDocument, typst_document

BRAND = load_brand("nordlys")
BRAND_FAMILIES = ("Carlito", "Liberation Sans")     # styles/brands/nordlys/brand.yaml: body, heading, fallback


@pytest.fixture(scope="module")
def full_pdf() -> bytes:
    return pdf_bytes(full_profile(), BRAND)


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_sample_profile_is_one_a4_page():
    pdf = pdf_bytes(sample_profile(), BRAND)
    assert page_count(pdf) == 1
    width, height = page_size(pdf)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1


def test_hostile_text_prints_literally(full_pdf):
    text = _flat(_text(full_pdf))
    for hostile in HOSTILE:
        assert _flat(hostile) in text, hostile
    assert "root:" not in text         # #read("/etc/passwd") was printed, not run


def test_a_hostile_municipality_name_prints_literally():
    name = '#read("/etc/passwd") [*x*] $y$'
    pdf = pdf_bytes(full_profile(name), BRAND)
    text = _flat(_text(pdf))
    assert f"Kommuneprofil: {name}" in text and f"Kommune: {name}" in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title.startswith(f"Kommuneprofil: {name}")


def test_the_compile_root_holds_only_the_documents_own_files(tmp_path):
    report = full_profile()
    charts = sum(f.draw == "image" for f in report.figures())
    assert charts == 2
    document = typst_document(report, BRAND)
    assert sorted(re.sub(r"-\d+\.", ".", n) for n in document.files) == (
        ["chart.svg"] * charts + ["logo.svg"] + ["picture.png"] * len(report.pictures()) + ["style.typ"])
    secret = tmp_path / "secret.txt"
    secret.write_text("hemmelig")
    for path in ("/etc/passwd", str(secret), "../secret.txt"):
        with pytest.raises(typst.TypstError):
            compile_document(TypstDocument(source=f'#read("{path}")'), BRAND)


def test_every_block_and_inline_type_reaches_the_pdf(full_pdf):
    text = _flat(_text(full_pdf))
    expected = [
        "1 Middelfart Kommune", "2 Metode", "Bilag A Datagrundlag",                  # headings
        "Nr. 5 af 27 kommuner",                                                       # key finding
        "Fed tekst og kursiv og kode. Værdien er 61 %, se tabel 1 og afsnit 2.",      # inlines, refs
        "Læs mere i metodebilaget.", "Ny linje efter linjeskift.", FOOTNOTE,         # link, line break, footnote
        "Tabel 1.", "Tabel 2.", "Figur 1.", "Figur 2.", "Figur 3.", "Figur 4.",    # captions
        "Note:", "Kilde: Egen figur.",                                               # notes and sources
        "SPOR 1", "Samlet", "▲ 0,5",                                                 # group, total, status rows
        "stigning", "stabil", "fald",                                                # legend
        "Start", "22%", "Ved ikke",                                                  # native bars
        *ITEMS, "5. Femte skridt",                                                   # lists (ordered from 5)
        "Læringspunkt", "Tæt ledelse gav bedre fidelitet.",                          # box
        "Vi mødes hver uge om borgerne.", "— Leder, Kommune A",                      # quote
    ]
    for part in expected:
        assert part in text, part
    with pdfplumber.open(io.BytesIO(full_pdf)) as doc:
        lines = (doc.pages[0].extract_text() or "").splitlines()
        links = [a.get("uri") for page in doc.pages for a in page.annots]
    assert any(line.endswith("Læs mere i metodebilaget.1") for line in lines)       # the line break ends it
    assert LINK in links


def test_tagged_with_language_title_dates_and_alt_texts(full_pdf):
    reader = pypdf.PdfReader(io.BytesIO(full_pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "da"
    info = reader.metadata
    assert info.title == "Kommuneprofil: Middelfart: Slutmåling 2019"
    assert info.author == "Nordlys Analyse"
    assert info["/CreationDate"].startswith("D:" + DATE.strftime("%Y%m%d"))
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()
    structure = structure_elements(full_pdf)
    tags = {tag for tag, _ in structure}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure"} <= tags
    alts = {alt for tag, alt in structure if alt}
    assert {CHART_ALT, PICTURE_ALT, "Nordlys Analyse"} <= alts
    native = next(f for f in full_profile().figures() if f.draw == "native")
    assert native.alt_text in alts


def _outline(items) -> list:
    """pypdf's outline as titles; the children of an entry as a list after it."""
    return [_outline(i) if isinstance(i, list) else i.title for i in items]


def test_bookmarks_are_the_headings(full_pdf):
    reader = pypdf.PdfReader(io.BytesIO(full_pdf))
    assert _outline(reader.outline) == [
        "Kommuneprofil: Middelfart", ["1 Middelfart Kommune", "2 Metode", "Bilag A Datagrundlag"]]


def test_a_single_section_profile_is_bookmarked_by_its_title_only():
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(sample_profile(), BRAND)))
    assert _outline(reader.outline) == ["Kommuneprofil: Middelfart"]


def test_two_renders_and_two_processes_give_identical_bytes(full_pdf, tmp_path):
    assert pdf_bytes(full_profile(), BRAND) == full_pdf
    here = Path(__file__).resolve().parent
    code = ("import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; from typst_sample import full_profile; "
            "from reporter.render.typst_pdf import pdf_bytes; sys.stdout.buffer.write(pdf_bytes(full_profile()))")
    out = subprocess.run([sys.executable, "-c", code, str(here), str(here.parent)], capture_output=True, check=True)
    assert out.stdout == full_pdf


def test_the_date_is_the_reports_not_the_clock():
    report = sample_profile()
    later = dataclasses.replace(report, date=DATE.replace(year=2021))
    info = pypdf.PdfReader(io.BytesIO(pdf_bytes(later, BRAND))).metadata
    assert info["/CreationDate"].startswith("D:20210901")


def test_only_the_brands_fonts_are_embedded(full_pdf):
    found = fonts(full_pdf)
    assert found
    for basefont, embedded in found:
        assert embedded, basefont
        assert any(f.replace(" ", "") in basefont.replace("-", "") for f in BRAND_FAMILIES), basefont
    fjord = pdf_bytes(dataclasses.replace(sample_profile(), brand="fjord"), "fjord")
    for basefont, embedded in fonts(fjord):
        assert embedded and ("LiberationSerif" in basefont or "LiberationSans" in basefont), basefont


def test_render_pdf_writes_atomically(tmp_path):
    target = render_pdf(sample_profile(), BRAND, tmp_path / "profile.pdf")
    assert target.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir()] == ["profile.pdf"]


def _compile_in_fork(queue) -> None:
    from reporter.render.typst_pdf import TypstForked

    try:
        pdf_bytes(sample_profile(), BRAND)
        queue.put("compiled")
    except TypstForked as exc:
        queue.put(f"refused: {exc}")


def test_a_fork_of_a_process_that_ran_typst_is_refused_not_hung_and_profile_workers_are_spawned():
    import multiprocessing

    from reporter.pipeline import profile_pool_context

    pdf_bytes(sample_profile(), BRAND)          # this process has compiled: its thread pool exists
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    child = fork.Process(target=_compile_in_fork, args=(queue,))
    child.start()
    child.join(timeout=60)
    assert not child.is_alive()
    assert queue.get(timeout=5).startswith("refused: Typst was used before this process was forked")
    assert profile_pool_context().get_start_method() == "spawn"
