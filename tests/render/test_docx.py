"""DOCX renderer: the sample note and profile rendered and re-opened with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from reporter.brand import available_brands, load_brand
from reporter.model.document import Figure, Report, Table
from reporter.render.docx import build_document, docx_bytes, render_docx
from reporter.render.docx_images import logo_png, rasterise_logo
from reporter.render.docx_xml import TEXT_WIDTH_CM, twips
from docx_reading import fields, text_of
from sample_report import sample_note, sample_profile

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_CM = 360000


@pytest.fixture(scope="module")
def note() -> Report:
    return sample_note()


@pytest.fixture(scope="module")
def profile() -> Report:
    return sample_profile()


@pytest.fixture(scope="module")
def note_bytes(note) -> bytes:
    return docx_bytes(note)


@pytest.fixture(scope="module")
def note_doc(note_bytes):
    return docx.Document(io.BytesIO(note_bytes))


@pytest.fixture(scope="module")
def profile_doc(profile):
    return docx.Document(io.BytesIO(docx_bytes(profile)))


# ------------------------------------------------------------------------------------------------ helpers
def body_elements(document) -> list:
    return [e for e in document.element.body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))]


def style_id(p) -> str:
    ppr = p.find(qn("w:pPr"))
    node = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return node.get(qn("w:val")) if node is not None else "Normal"


def captioned(document, identifier: str) -> list[tuple[object, object, int]]:
    """(caption paragraph, following element, SEQ number) for every caption with ``SEQ identifier``."""
    elements = body_elements(document)
    out = []
    for i, e in enumerate(elements):
        if e.tag == qn("w:p") and style_id(e) == "Caption":
            seqs = [(ins, res) for ins, res in fields(e) if ins.startswith(f"SEQ {identifier} ")]
            if seqs:
                assert len(seqs) == 1
                out.append((e, elements[i + 1], int(seqs[0][1])))
    return out


def data_tables(document) -> list:
    return [nxt for _, nxt, _ in captioned(document, "Tabel")]


def tc_fill(tc) -> str | None:
    shd = tc.find(qn("w:tcPr")).find(qn("w:shd"))
    return shd.get(qn("w:fill")) if shd is not None else None


def hex_(colour: str) -> str:
    return colour.lstrip("#").upper()


# ------------------------------------------------------------------------------------------------ structure
def test_headings_use_heading_styles_with_model_numbers(note, note_doc):
    """Heading 1–3 with the title as text; the number is Word list numbering (level = depth − 1) for a
    numbered section and no list (numId 0) for an unnumbered one. That Word shows the model's numbers is
    tested through LibreOffice in test_docx_word_native.py."""
    def numbering(p):
        num_pr = p.find(qn("w:pPr")).find(qn("w:numPr"))
        ilvl = num_pr.find(qn("w:ilvl"))
        return (int(ilvl.get(qn("w:val"))) if ilvl is not None else 0), int(num_pr.find(qn("w:numId")).get(qn("w:val")))

    headings = [(style_id(p), text_of(p), numbering(p)) for p in body_elements(note_doc)
                if p.tag == qn("w:p") and style_id(p).startswith("Heading")]
    expected = []

    def walk(sections, depth):
        for s in sections:
            expected.append((f"Heading{min(depth, 3)}", s.title, bool(s.numbered and s.number), depth - 1))
            walk(s.sections, depth + 1)

    walk(note.sections, 1)
    assert [(h[0], h[1]) for h in headings] == [(e[0], e[1]) for e in expected]
    for (_, title, (ilvl, num_id)), (_, _, numbered, level) in zip(headings, expected):
        assert (num_id != 0) == numbered, title
        if numbered:
            assert ilvl == level, title
    assert ("Heading2", "Metode: fra kerneelement til spørgsmål") in [(h[0], h[1]) for h in headings]
    assert note_doc.styles["Heading 1"].type == 1  # a real, built-in heading style


def test_table_captions_precede_tables_with_seq_numbers(note, note_doc):
    caps = captioned(note_doc, "Tabel")
    model = note.tables()
    assert [n for _, _, n in caps] == list(range(1, len(model) + 1)) == [t.number for t in model]
    for (p, following, number), table in zip(caps, model):
        assert following.tag == qn("w:tbl")
        assert text_of(p) == f"Tabel {number}. {table.caption}"
        assert ("SEQ Tabel \\* ARABIC", str(number)) in fields(p)


def test_figures_have_caption_above_alt_text_and_note_below(note, note_doc):
    caps = captioned(note_doc, "Figur")
    model = note.figures()
    assert [n for _, _, n in caps] == list(range(1, len(model) + 1))
    elements = body_elements(note_doc)
    for (p, picture, number), figure in zip(caps, model):
        assert text_of(p) == f"Figur {number}. {figure.caption}"
        doc_pr = picture.find(".//" + qn("wp:docPr"))
        assert doc_pr.get("descr") == figure.alt_text
        assert doc_pr.get("title") == figure.caption
        after = elements[elements.index(picture) + 1]
        assert style_id(after) == "Note" and text_of(after) == f"Note: {figure.notes[0]}"


def test_figures_are_300_dpi_pngs_at_text_width(note_doc):
    images = [r.target_part for r in note_doc.part.rels.values() if r.reltype.endswith("/image")]
    charts = [i for i in images if i.image.px_width > 1500]
    assert len(charts) == 3
    for part in charts:
        assert part.content_type == "image/png"
        assert part.image.horz_dpi == 300
    extents = [int(e.get("cx")) for e in note_doc.element.body.iter(qn("wp:extent"))]
    assert extents.count(int(TEXT_WIDTH_CM * EMU_PER_CM)) == 3


def test_header_rows_repeat(note, note_doc):
    for tbl, table in zip(data_tables(note_doc), note.tables()):
        rows = tbl.findall(qn("w:tr"))
        assert len(rows) == len(table.rows)
        for tr, row in zip(rows, table.rows):
            repeat = tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
            assert repeat == (row.kind == "header")


def _cells(tbl, table: Table):
    for tr, row in zip(tbl.findall(qn("w:tr")), table.rows):
        for tc, cell in zip(tr.findall(qn("w:tc")), row.cells):
            yield tc, row, cell


@pytest.mark.parametrize("brand_key", ["nordlys", "fjord"])
def test_status_cells_have_brand_fill_and_symbol(note, brand_key):
    brand = load_brand(brand_key)
    document = docx.Document(io.BytesIO(docx_bytes(note, brand)))
    seen = set()
    for tbl, table in zip(data_tables(document), note.tables()):
        for tc, row, cell in _cells(tbl, table):
            if cell.status in ("up", "same", "down"):
                seen.add(cell.status)
                assert tc_fill(tc) == hex_(brand.status_colours[cell.status])
                assert text_of(tc) == f"{brand.status_symbols[cell.status]} {cell.text}"
            elif row.kind == "body" and cell.status in ("plain", "missing", "suppressed"):
                assert tc_fill(tc) is None
                assert text_of(tc) == cell.text
    assert seen == {"up", "same", "down"}


def test_group_and_total_rows_bold_on_their_backgrounds(note, note_doc):
    brand = load_brand(note.brand)
    kinds = set()
    for tbl, table in zip(data_tables(note_doc), note.tables()):
        for tc, row, cell in _cells(tbl, table):
            if row.kind in ("group", "total") and cell.status not in brand.status_colours:
                kinds.add(row.kind)
                assert tc_fill(tc) == hex_(brand.colours[f"{row.kind}_bg"])
                runs = tc.findall(".//" + qn("w:r"))
                assert all(r.find(qn("w:rPr")).find(qn("w:b")) is not None for r in runs)
            if row.kind == "group":
                span = tc.find(qn("w:tcPr")).find(qn("w:gridSpan"))
                assert int(span.get(qn("w:val"))) == cell.span
    assert kinds == {"group", "total"}


def test_column_widths_fill_the_text_width_and_wide_tables_are_small(note, note_doc):
    for tbl, table in zip(data_tables(note_doc), note.tables()):
        grid = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
        assert sum(grid) == twips(TEXT_WIDTH_CM)
        total = sum(table.column_widths)
        for w, model_w in zip(grid, table.column_widths):
            assert abs(w - twips(TEXT_WIDTH_CM * model_w / total)) <= len(grid)
        styles = {style_id(p) for p in tbl.iter(qn("w:p"))}
        assert styles == ({"TableTextSmall"} if len(grid) >= 8 else {"TableText"})


def test_legend_and_notes_under_tables(note, note_doc):
    elements = body_elements(note_doc)
    brand = load_brand(note.brand)
    for tbl, table in zip(data_tables(note_doc), note.tables()):
        i = elements.index(tbl) + 1
        if table.legend:
            legend = elements[i]
            assert style_id(legend) == "Legend"
            for status in ("up", "same", "down"):
                assert brand.status_symbols[status] in text_of(legend)
                assert note.string(f"status_{status}") in text_of(legend)
            fills = {r.find(qn("w:rPr")).find(qn("w:shd")).get(qn("w:fill"))
                     for r in legend.findall(qn("w:r")) if r.find(qn("w:rPr")) is not None}
            assert fills == {hex_(brand.status_colours[s]) for s in ("up", "same", "down")}
            i += 1
        for k, line in enumerate(table.notes):
            assert style_id(elements[i]) == "Note"
            assert text_of(elements[i]) == (f"Note: {line}" if k == 0 else line)
            i += 1
        if table.source:
            assert text_of(elements[i]) == f"Kilde: {table.source}"


def test_key_findings_are_shaded_boxes(note, note_doc):
    findings = [b for _, b in note.walk() if type(b).__name__ == "KeyFinding"]
    boxes = [t for t in note_doc.element.body.iter(qn("w:tbl"))
             if t.find(qn("w:tblPr")).find(qn("w:tblStyle")) is not None
             and t.find(qn("w:tblPr")).find(qn("w:tblStyle")).get(qn("w:val")) == "BoxTable"]
    assert len(boxes) == len(findings)
    for box, finding in zip(boxes, findings):
        tcs = box.findall(".//" + qn("w:tc"))
        assert len(tcs) == 1 and tc_fill(tcs[0]) is not None
        assert text_of(tcs[0]) == finding.headline + finding.text


def test_paragraph_texts_are_the_models(note, note_doc):
    texts = {text_of(p) for p in body_elements(note_doc) if p.tag == qn("w:p")}
    styles = {"body": "Normal", "lead": "Lead", "small": "Small", "bullet": "ListBullet"}
    by_text = {text_of(p): style_id(p) for p in body_elements(note_doc) if p.tag == qn("w:p")}
    for _, block in note.walk():
        if type(block).__name__ == "Paragraph":
            assert block.text in texts
            assert by_text[block.text] == styles[block.style]


# ------------------------------------------------------------------------------------------------ fields, pages
def test_toc_field_and_update_fields_setting(note, note_doc):
    elements = body_elements(note_doc)
    toc = [(ins, p) for p in elements if p.tag == qn("w:p") for ins, _ in fields(p)] + \
          [(p.find(".//" + qn("w:instrText")).text.strip(), p) for p in elements
           if p.tag == qn("w:p") and p.find(".//" + qn("w:instrText")) is not None]
    assert any(ins == 'TOC \\o "1-2" \\h \\z \\u' for ins, _ in toc)   # two levels, as the seeds' contents
    toc_paragraphs = [text_of(p) for p in elements if p.tag == qn("w:p") and style_id(p).startswith("TOC")
                      and style_id(p) != "TOCHeading"]
    assert "1.1\tMetode: fra kerneelement til spørgsmål" in toc_paragraphs
    update = note_doc.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_header_footer_and_page_field(note, note_doc):
    cover, section, back = note_doc.sections     # cover and back page are sections of their own
    for s in (cover, section, back):
        assert abs(s.page_width.cm - 21.0) < 0.01 and abs(s.page_height.cm - 29.7) < 0.01
        assert abs(s.page_width.cm - s.left_margin.cm - s.right_margin.cm - TEXT_WIDTH_CM) < 0.01
    assert cover._sectPr.find(qn("w:headerReference")) is None and cover._sectPr.find(qn("w:footerReference")) is None
    for part in (back.header, back.footer):
        assert not part.is_linked_to_previous and "".join(p.text for p in part.paragraphs) == ""
    assert not section.different_first_page_header_footer
    assert note.front.project in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p
    assert [ins for ins, _ in fields(footer)] == ["PAGE \\* ARABIC"]


def test_front_and_back_page(note, note_doc):
    elements = body_elements(note_doc)
    band = [e for e in elements[:8] if e.tag == qn("w:tbl")][0]
    assert [text_of(p) for p in band.iter(qn("w:p"))] == [note.front.project, note.front.title, note.front.subtitle]
    assert tc_fill(band.find(".//" + qn("w:tc"))) == hex_(load_brand("nordlys").colours["header_bg"])
    texts = [text_of(p) for p in elements[:8]]
    for text in (note.front.date_text, note.front.publisher):
        assert text in texts
    assert elements[0].find(".//" + qn("wp:docPr")).get("descr") == note.front.publisher  # logo
    back = [p for p in elements if p.tag == qn("w:p") and style_id(p) == "BackTitle"]
    assert len(back) == 1 and text_of(back[0]) == note.back.title
    previous = back[0].getprevious()               # the body section ends right before the back page
    assert previous.find(qn("w:pPr")).find(qn("w:sectPr")) is not None


def test_core_properties(note, note_doc):
    props = note_doc.core_properties
    assert props.title == note.front.title
    assert props.author == note.front.publisher
    assert props.language == "da-DK"
    assert props.created == props.modified == dt.datetime(2019, 9, 1, tzinfo=dt.timezone.utc)
    assert props.revision == 1


# ------------------------------------------------------------------------------------------------ determinism
def test_two_renders_are_byte_identical(note, note_bytes, tmp_path):
    again = render_docx(note, "nordlys", tmp_path / "note.docx")
    assert again.read_bytes() == note_bytes
    assert [p.name for p in tmp_path.iterdir()] == ["note.docx"]    # no temp file left behind
    with zipfile.ZipFile(io.BytesIO(note_bytes)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2019, 9, 1, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)


def test_docpr_ids_unique(note_doc):
    ids = [e.get("id") for e in note_doc.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids))


# ------------------------------------------------------------------------------------------------ profile
A4_TEXT_HEIGHT_CM = 29.7 - 1.6 - 1.4
LINE_CM = {"TableText": 0.42, "TableTextSmall": 0.36, "Note": 0.36, "Legend": 0.4, "Small": 0.38,
           "Caption": 0.5, "Heading2": 0.6, "Title": 1.1, "Subtitle": 0.6, "KeyFindingHeadline": 0.45}
CHARS_PER_CM = {"TableText": 5.2, "TableTextSmall": 6.3, "Note": 6.0, "Small": 5.6}


def _lines(p, width_cm: float) -> int:
    text = text_of(p)
    per_line = max(1, int(width_cm * CHARS_PER_CM.get(style_id(p), 4.8)))
    return max(1, sum(-(-max(len(line), 1) // per_line) for line in text.split("\n")))


def estimate_height_cm(document) -> float:
    """A pessimistic height of the body: paragraph lines + spacing, table rows (tallest cell), images."""
    total = 0.0
    for e in body_elements(document):
        if e.tag == qn("w:tbl"):
            grid = [int(g.get(qn("w:w"))) / 567 for g in e.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
            for tr in e.findall(qn("w:tr")):
                row = 0.0
                col = 0
                for tc in tr.findall(qn("w:tc")):
                    width = int(tc.find(qn("w:tcPr")).find(qn("w:tcW")).get(qn("w:w"))) / 567 - 0.3
                    cell = sum(_lines(p, width) * LINE_CM.get(style_id(p), 0.45) for p in tc.findall(qn("w:p")))
                    row = max(row, cell + 0.12)
                    col += 1
                total += row
            total += 0.4 if grid and len(grid) == 1 else 0.0
        else:
            extents = list(e.iter(qn("wp:extent")))
            if extents:
                total += sum(int(x.get("cy")) for x in extents) / EMU_PER_CM + 0.1
            else:
                total += _lines(e, TEXT_WIDTH_CM) * LINE_CM.get(style_id(e), 0.5) + 0.25
    return total


def test_profile_fits_one_page(profile, profile_doc):
    assert profile_doc.sections[0].top_margin.cm == pytest.approx(1.6, abs=0.01)
    elements = body_elements(profile_doc)
    assert not any(e.find(".//" + qn("w:pageBreakBefore")) is not None for e in elements)
    assert not any(br.get(qn("w:type")) == "page" for br in profile_doc.element.body.iter(qn("w:br")))
    height = estimate_height_cm(profile_doc)
    assert height <= A4_TEXT_HEIGHT_CM, f"profile body ≈ {height:.1f} cm > {A4_TEXT_HEIGHT_CM:.1f} cm"


def test_profile_has_no_toc_and_captions_number_from_one(profile, profile_doc):
    assert not any(s.startswith("TOC") for s in map(style_id, [p for p in body_elements(profile_doc)
                                                                 if p.tag == qn("w:p")]))
    assert [n for _, _, n in captioned(profile_doc, "Tabel")] == [1, 2]
    assert [n for _, _, n in captioned(profile_doc, "Figur")] == [1]
    header = profile_doc.sections[0].header._element
    assert header.find(".//" + qn("wp:docPr")).get("descr") == profile.front.publisher


def test_estimate_catches_an_overfull_profile(profile):
    """The budget check is not vacuous: the same profile with four more figures does not fit."""
    section = profile.sections[0]
    figure = next(b for b in section.blocks if isinstance(b, Figure))
    extra = tuple(replace(figure, key=f"f{i}", number=i + 2) for i in range(4))
    bigger = replace(profile, sections=(replace(section, blocks=section.blocks + extra),))
    assert estimate_height_cm(build_document(bigger)) > A4_TEXT_HEIGHT_CM


# ------------------------------------------------------------------------------------------------ assets
def test_every_brand_ships_a_png_logo():
    for key in available_brands():
        brand = load_brand(key)
        if brand.logo is not None:
            assert brand.logo_png == brand.directory / "logo.png"
            data = brand.logo_png.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_logo_without_png_is_rasterised_with_a_transparent_background(tmp_path):
    """pypdfium2 draws the SVG (through WeasyPrint's PDF): the logo's fill colour is in the picture and the
    corner is transparent."""
    import io

    from PIL import Image

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="20" width="20" height="20" fill="#ff0000"/></svg>'
    (tmp_path / "logo.svg").write_text(svg, encoding="utf-8")
    brand = replace(load_brand("nordlys"), logo=tmp_path / "logo.svg", directory=tmp_path)
    assert brand.logo_png is None
    image = Image.open(io.BytesIO(rasterise_logo(brand, dpi=72))).convert("RGBA")
    assert image.size == (30, 15)                       # 40 × 20 CSS px at 72 dpi = 30 × 15 px
    assert image.getpixel((2, 7))[3] == 0               # left half: nothing drawn
    assert image.getpixel((25, 7)) == (255, 0, 0, 255)  # right half: the red square
    assert logo_png(brand)[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_block_type_is_an_error(note):
    section = replace(note.sections[0], blocks=(object(),))
    with pytest.raises(TypeError, match="no DOCX rendering"):
        build_document(replace(note, sections=(section,)))


def test_no_two_tables_touch(note):
    """Word merges adjacent tables: a key-finding box right after a note-less table gets a spacer."""
    plain = next(t for t in note.tables() if not t.notes and not t.legend and not t.source)
    finding = next(b for _, b in note.walk() if type(b).__name__ == "KeyFinding")
    section = replace(note.sections[0], blocks=(plain, finding, finding))
    document = build_document(replace(note, sections=(section,)))
    tags = [e.tag for e in body_elements(document)]
    assert all(not (a == b == qn("w:tbl")) for a, b in zip(tags, tags[1:]))
    assert tags[-1] == qn("w:p")


def test_brand_fonts_colours_and_language(note):
    brand = load_brand("fjord")
    document = build_document(note, brand)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    # the Office fonts with the PDF fonts' metrics (brand.yaml fonts.office), not the PDF families
    assert (brand.font_body, brand.font_heading) == ("Liberation Serif", "Liberation Sans")
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "da-DK"
    heading = document.styles["Heading 1"].element
    assert heading.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:ascii")) == "Arial"
    assert heading.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val")) == hex_(brand.colours["primary"])
    # no theme font anywhere could override the brand fonts
    assert not [f for f in styles.iter(qn("w:rFonts")) if any("heme" in a for a in f.attrib)]


def test_caption_word_and_seq_identifier_follow_the_language(note):
    from reporter.text.strings import strings_for

    english = replace(note, language="en", strings=strings_for("en"))
    document = build_document(english)
    table_word = english.string("table")
    caps = captioned(document, table_word)
    assert [n for _, _, n in caps] == [t.number for t in english.tables()]
    assert text_of(caps[0][0]).startswith(f"{table_word} 1")
    assert document.core_properties.language == "en-GB"


def test_control_characters_from_spreadsheets_do_not_break_the_file(note):
    section = note.sections[1]
    odd = replace(section.blocks[1], text="Tekst med\x0bvertikal tabulator og\x01styretegn.")
    section = replace(section, blocks=(odd,))
    document = docx.Document(io.BytesIO(docx_bytes(replace(note, sections=(section,)))))
    assert "Tekst medvertikal tabulator ogstyretegn." in [p.text for p in document.paragraphs]


@pytest.mark.parametrize("make", [sample_profile, sample_note])
def test_package_bytes_equal_a_saved_package_rezipped(make):
    """document_bytes zips python-docx's members directly; the bytes are those of saving the package
    with python-docx and re-zipping it with fixed times and order (stable_zip)."""
    from reporter.render.docx_package import document_bytes, stable_zip

    report = make()
    direct = document_bytes(build_document(report, load_brand(report.brand)), report.date)
    saved = io.BytesIO()
    build_document(report, load_brand(report.brand)).save(saved)
    assert direct == stable_zip(saved.getvalue(), report.date)
    with zipfile.ZipFile(io.BytesIO(direct)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        assert {info.date_time[:3] for info in package.infolist()} == {(report.date.year, report.date.month,
                                                                       report.date.day)}
