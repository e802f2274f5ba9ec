"""DOCX renderer, authored content: a report built by hand with every construct a note template can write
(formatted runs, computed values, cross-references, links, footnotes, bullet/numbered/nested lists, boxes,
a quote, a picture, a page break, an appendix, Kilde lines), numbered by ``number_report``, rendered and read
back as XML. Expected numbers are worked out by hand from the report's order below, not read from the output.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import docx
import pytest
from lxml import etree
from PIL import Image

from reporter.compose.numbering import number_report
from reporter.model.document import (
    Box, FootnoteRef, KeyFinding, LineBreak, Link, ListBlock, ListItem, PageBreak, Paragraph, Picture, Quote, Ref,
    Report, Section, Text, Value,
)
from reporter.render.docx import docx_bytes
from reporter.render.docx_outline import HEADING_NSID
from reporter.render.docx_bookmarks import bookmark_name
from docx_reading import fields, text_of
from sample_report import response_table, sample_note, stacked_figure

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "wp": WP}

FOOTNOTE_1 = "Surveyen blev gennemført i foråret 2019."
FOOTNOTE_2 = "Læringspunkterne bygger på interview med 12 ledere."
FOOTNOTE_3 = "Se også bilaget."
PICTURE_ALT = "Forandringsteorien: fra indsats over kerneelementer til effekt."
ITEMS = ("Første punkt", "Andet punkt", "Underpunkt et", "Underpunkt to", "Tredje punkt")
ORDERED_A = ("Kortlæg målgruppen", "Aftal forløb")
ORDERED_B = ("Følg op", "Evaluer")       # starts at 5: a continued count would say 3
ORDERED_C = ("Afslut forløbet",)         # starts again at 1: a continued count would say 7


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _png(width: int = 60, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (29, 53, 87)).save(out, format="PNG")
    return out.getvalue()


def authored_report() -> Report:
    """Order (worked out by hand): chapter 1 'Indledning' (1.1 'Metode'), chapter 2 'Resultater', appendix A
    'Datagrundlag'. Tables: 'responses' = tabel 1 (in 1.1). Figures: 'fig_belief' = figur 1 (chart, in 2),
    'model' = figur 2 (picture, in 2). Footnotes 1, 2, 3 in reading order (paragraph, box, appendix)."""
    first = Paragraph(text="", inlines=(
        Text("Som "), Ref("responses", capital=True), Text(" viser, er "), Text("svarprocenten", bold=True),
        Text(" "), Text("høj", italic=True), Text(": "), Value("61%", "pct(responses.total)", bold=True),
        Text(" (kode "), Text("rate()", code=True), Text("). Se "), Ref("model"), Text(", "), Ref("method"),
        Text(" og "), Ref("data"), Text(". Læs mere hos "), Link("Nordlys", "https://example.org/nordlys"),
        FootnoteRef(content=(Text(FOOTNOTE_1 + " "), Text("Fed", bold=True), Text(" og "),
                             Link("metode", "https://example.org/metode"))),
        LineBreak(), Text("Ny linje."),
    ))
    bullets = ListBlock(items=(
        ListItem(inlines=(Text(ITEMS[0]),)),
        ListItem(inlines=(Text(ITEMS[1]),), children=(
            ListBlock(items=(ListItem(inlines=(Text(ITEMS[2]),)), ListItem(inlines=(Text(ITEMS[3]),)))),)),
        ListItem(inlines=(Text(ITEMS[4]),)),
    ))
    ordered_a = ListBlock(items=tuple(ListItem(inlines=(Text(t),)) for t in ORDERED_A), ordered=True)
    ordered_b = ListBlock(items=tuple(ListItem(inlines=(Text(t),)) for t in ORDERED_B), ordered=True, start=5)
    ordered_c = ListBlock(items=tuple(ListItem(inlines=(Text(t),)) for t in ORDERED_C), ordered=True)
    learning = Box(kind="learning", title="Læringspunkt", blocks=(
        Paragraph(text="", inlines=(Text("Ledelsen skal gå forrest."), FootnoteRef(content=(Text(FOOTNOTE_2),)))),
        ListBlock(items=(ListItem(inlines=(Text("Sæt mål"),)), ListItem(inlines=(Text("Følg op"),)))),
    ))
    conclusion = Box(kind="conclusion", title="Konklusion", blocks=(Paragraph(text="Indsatsen virker."),))
    quote = Quote(blocks=(Paragraph(text="Vi har fået et fælles sprog om virksomhedsrettet indsats."),),
                  attribution="Leder, Kommune A")
    picture = Picture(key="model", caption="Forandringsteori", data=_png(), media_type="image/png",
                      alt_text=PICTURE_ALT, width_cm=12.0, notes=("Egen tegning.",), source="Projektbeskrivelsen")
    chart = replace(stacked_figure(0), source="Survey, tre målinger", draw="native")
    table = replace(response_table(0), source="Survey, besvarelser")
    intro = Section(key="intro", title="Indledning", blocks=(first, bullets, ordered_a, ordered_b, ordered_c),
                    sections=(
        Section(key="method", title="Metode", blocks=(table, quote)),))
    results = Section(key="results", title="Resultater", blocks=(
        KeyFinding(headline="Hovedresultat", text="", inlines=(Text("Fideliteten steg med "),
                                                               Value("5 pct.-point", "pp(change)"), Text("."))),
        chart, learning, conclusion, PageBreak(), Paragraph(text="Efter sideskiftet."), picture))
    appendix = Section(key="data", title="Datagrundlag", appendix=True, blocks=(
        Paragraph(text="", inlines=(Text("Bilagets tekst."), FootnoteRef(content=(Text(FOOTNOTE_3),)))),),
        sections=(Section(key="data_sources", title="Kilder"),))
    base = sample_note()
    return number_report(replace(base, sections=(intro, results, appendix)))


@pytest.fixture(scope="module")
def report() -> Report:
    return authored_report()


@pytest.fixture(scope="module")
def package(report) -> bytes:
    return docx_bytes(report)


@pytest.fixture(scope="module")
def parts(package) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def body(parts):
    return etree.fromstring(parts["word/document.xml"]).find(w("body"))


def xml(parts, name: str):
    return etree.fromstring(parts[name])


def style_of(p) -> str:
    node = p.find(f"{w('pPr')}/{w('pStyle')}")
    return node.get(w("val")) if node is not None else "Normal"


def rels(parts, name: str) -> dict[str, etree._Element]:
    root = xml(parts, name)
    return {r.get("Id"): r for r in root.iter(f"{{{PKG_REL}}}Relationship")}


def paragraph_with(body, text: str):
    found = [p for p in body.iter(w("p")) if text in text_of(p)]
    assert found, f"no paragraph with {text!r}"
    return found[0]


def bookmarked(body, name: str) -> list:
    """The elements between ``w:bookmarkStart name`` and its ``w:bookmarkEnd`` (same paragraph)."""
    starts = [b for b in body.iter(w("bookmarkStart")) if b.get(w("name")) == name]
    assert len(starts) == 1, f"bookmark {name!r} appears {len(starts)} times"
    start = starts[0]
    out = []
    node = start.getnext()
    while node is not None and not (node.tag == w("bookmarkEnd") and node.get(w("id")) == start.get(w("id"))):
        out.append(node)
        node = node.getnext()
    assert node is not None, f"bookmark {name!r} is not closed in its paragraph"
    return out


def field_result_in(elements) -> tuple[str, str]:
    """(instruction, result) of the one field spread over ``elements`` (runs)."""
    holder = etree.Element(w("p"))
    for e in elements:
        holder.append(etree.fromstring(etree.tostring(e)))
    (found,) = fields(holder)
    return found


# ------------------------------------------------------------------------------------------------ footnotes
def test_footnotes_part_is_related_and_typed(parts):
    assert "word/footnotes.xml" in parts
    types = parts["[Content_Types].xml"].decode()
    assert ('PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"') in types
    targets = [r.get("Target") for r in rels(parts, "word/_rels/document.xml.rels").values()
               if r.get("Type").endswith("/footnotes")]
    assert targets == ["footnotes.xml"]


def test_footnotes_hold_each_text_with_ids_matching_the_calls(parts, body):
    notes = xml(parts, "word/footnotes.xml").findall(w("footnote"))
    special = [(n.get(w("type")), n.get(w("id"))) for n in notes if n.get(w("type"))]
    assert special == [("separator", "-1"), ("continuationSeparator", "0")]
    real = {n.get(w("id")): text_of(n).strip() for n in notes if not n.get(w("type"))}
    assert list(real) == ["1", "2", "3"]
    assert real["1"] == f"{FOOTNOTE_1} Fed og metode"
    assert real["2"] == FOOTNOTE_2
    assert real["3"] == FOOTNOTE_3
    calls = [r.get(w("id")) for r in body.iter(w("footnoteReference"))]
    assert calls == ["1", "2", "3"]
    # the call sits after the text it belongs to
    assert "footnoteReference" in etree.tostring(paragraph_with(body, "Bilagets tekst.")).decode()
    settings = xml(parts, "word/settings.xml")
    assert [f.get(w("id")) for f in settings.iterfind(f"{w('footnotePr')}/{w('footnote')}")] == ["-1", "0"]


def test_footnote_calls_are_superscript_and_content_keeps_formatting(parts, body):
    styles = xml(parts, "word/styles.xml")
    by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
    assert by_id["FootnoteReference"].find(f"{w('rPr')}/{w('vertAlign')}").get(w("val")) == "superscript"
    assert by_id["FootnoteText"].get(w("type")) == "paragraph"
    for ref in body.iter(w("footnoteReference")):
        assert ref.getparent().find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == "FootnoteReference"
    first = [n for n in xml(parts, "word/footnotes.xml").findall(w("footnote")) if n.get(w("id")) == "1"][0]
    assert style_of(first.find(w("p"))) == "FootnoteText"
    assert first.find(f".//{w('footnoteRef')}") is not None
    bold = [r for r in first.iter(w("r")) if r.find(f"{w('rPr')}/{w('b')}") is not None]
    assert [text_of(r) for r in bold] == ["Fed"]
    (link,) = first.iter(w("hyperlink"))
    rel = rels(parts, "word/_rels/footnotes.xml.rels")[link.get(f"{{{R}}}id")]
    assert rel.get("Target") == "https://example.org/metode" and rel.get("TargetMode") == "External"


# ------------------------------------------------------------------------------------------------ lists
def _num_pr(p) -> tuple[int, int] | None:
    node = p.find(f"{w('pPr')}/{w('numPr')}")
    if node is None:
        return None
    return int(node.find(w("ilvl")).get(w("val"))), int(node.find(w("numId")).get(w("val")))


def _numbering(parts):
    root = xml(parts, "word/numbering.xml")
    nums = {int(n.get(w("numId"))): n for n in root.findall(w("num"))}
    abstract = {int(a.get(w("abstractNumId"))): a for a in root.findall(w("abstractNum"))}
    return nums, abstract


def _level_format(abstract, num, ilvl: int) -> str:
    a = abstract[int(num.find(w("abstractNumId")).get(w("val")))]
    lvl = [lv for lv in a.findall(w("lvl")) if lv.get(w("ilvl")) == str(ilvl)][0]
    return lvl.find(w("numFmt")).get(w("val"))


def test_bullet_list_nests_with_ilvl_and_points_to_a_bullet_definition(parts, body):
    nums, abstract = _numbering(parts)
    levels = {}
    for text in ITEMS:
        p = paragraph_with(body, text)
        assert style_of(p) == "ListParagraph"
        levels[text] = _num_pr(p)
    assert [levels[t][0] for t in ITEMS] == [0, 0, 1, 1, 0]
    num_id = levels[ITEMS[0]][1]
    assert {levels[t][1] for t in ITEMS} == {num_id}
    assert _level_format(abstract, nums[num_id], 0) == "bullet"
    assert _level_format(abstract, nums[num_id], 1) == "bullet"


def test_each_ordered_list_restarts_with_its_start(parts, body):
    nums, abstract = _numbering(parts)
    a = [_num_pr(paragraph_with(body, t)) for t in ORDERED_A]
    b = [_num_pr(paragraph_with(body, t)) for t in ORDERED_B]
    c = [_num_pr(paragraph_with(body, t)) for t in ORDERED_C]
    assert {x[0] for x in a + b + c} == {0}
    (num_a,), (num_b,), (num_c,) = {x[1] for x in a}, {x[1] for x in b}, {x[1] for x in c}
    assert len({num_a, num_b, num_c}) == 3
    for num_id, start in ((num_a, 1), (num_b, 5), (num_c, 1)):
        num = nums[num_id]
        assert _level_format(abstract, num, 0) == "decimal"
        override = num.find(f"{w('lvlOverride')}[@{w('ilvl')}='0']/{w('startOverride')}")
        assert override is not None and override.get(w("val")) == str(start)


def test_every_num_points_to_an_existing_definition_and_definitions_come_first(parts):
    root = xml(parts, "word/numbering.xml")
    nums, abstract = _numbering(parts)
    for num in nums.values():
        assert int(num.find(w("abstractNumId")).get(w("val"))) in abstract
    tags = [etree.QName(c).localname for c in root]
    assert tags.index("num") > max(i for i, t in enumerate(tags) if t == "abstractNum")


# ------------------------------------------------------------------------------------------------ references
# key → (kind, the number a reader sees), worked out by hand from authored_report's order
EXPECTED_REFS = {"responses": ("table", "1"), "model": ("figure", "2"), "method": ("section", "1.1"),
                 "data": ("section", "A")}


def test_refs_are_ref_fields_to_bookmarks_around_the_numbers(body):
    p = paragraph_with(body, "Som Tabel")
    refs = [(ins, res) for ins, res in fields(p) if ins.startswith("REF ")]
    assert len(refs) == 4
    seen, switches = {}, {}
    for ins, result in refs:
        match = re.fullmatch(r"REF (\S+)( \\w)? \\h", ins)
        assert match, ins
        seen[match.group(1)] = result
        switches[match.group(1)] = match.group(2) or ""
    for key, (kind, number) in EXPECTED_REFS.items():
        name = bookmark_name(kind, key)
        assert seen[name] == number
        inside = bookmarked(body, name)
        if kind == "section":
            if key == "method":     # list-numbered: the REF shows the paragraph number, the bookmark holds the title
                assert switches[name] == " \\w" and text_of_elements(inside) == "Metode"
            else:                   # an appendix chapter keeps its typed letter, the bookmark around it
                assert switches[name] == "" and text_of_elements(inside) == number
        else:
            instruction, result = field_result_in(inside)
            assert instruction == f"SEQ {'Tabel' if kind == 'table' else 'Figur'} \\* ARABIC"
            assert result == number
    assert text_of(p).startswith("Som Tabel 1 viser, er svarprocenten høj: 61% (kode rate()). Se figur 2, "
                                 "afsnit 1.1 og bilag A. Læs mere hos Nordlys")


def text_of_elements(elements) -> str:
    return "".join(text_of(e) for e in elements)


def test_referenced_targets_have_one_bookmark_and_the_others_none(body):
    names = [b.get(w("name")) for b in body.iter(w("bookmarkStart")) if not b.get(w("name")).startswith("_Toc")]
    assert sorted(names) == sorted(bookmark_name(kind, key) for key, (kind, _) in EXPECTED_REFS.items())
    ids = [b.get(w("id")) for b in body.iter(w("bookmarkStart"))]
    assert len(ids) == len(set(ids)) == len(list(body.iter(w("bookmarkEnd"))))
    # an unreferenced caption keeps the plain SEQ field, an unreferenced heading its one run
    chart_caption = paragraph_with(body, "Tro på målgruppens")
    assert chart_caption.find(w("bookmarkStart")) is None
    (heading,) = [p for p in body.iter(w("p")) if style_of(p) == "Heading1" and "Resultater" in text_of(p)]
    assert text_of(heading) == "Resultater" and len(heading.findall(w("r"))) == 1


@pytest.mark.parametrize("kind,key", [("table", "ranking"), ("figure", "fig-model.v2"), ("section", "æøå"),
                                      ("table", "x" * 60)])
def test_bookmark_names_are_valid_word_names(kind, key):
    name = bookmark_name(kind, key)
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name
    assert bookmark_name(kind, key) == name             # deterministic


def test_bookmark_names_stay_unique_when_keys_are_cleaned_or_cut():
    assert bookmark_name("table", "ranking") == "tbl_ranking"
    assert bookmark_name("table", "a-b") != bookmark_name("table", "a_b")
    assert bookmark_name("table", "x" * 60 + "1") != bookmark_name("table", "x" * 60 + "2")
    assert bookmark_name("table", "k") != bookmark_name("figure", "k")


# ------------------------------------------------------------------------------------------------ inlines
def test_value_is_a_locked_content_control_tagged_with_its_expression(body):
    sdts = list(body.iter(w("sdt")))
    tags = {s.find(f"{w('sdtPr')}/{w('tag')}").get(w("val")): s for s in sdts}
    assert set(tags) == {"value:pct(responses.total)", "value:pp(change)"}
    sdt = tags["value:pct(responses.total)"]
    assert sdt.find(f"{w('sdtPr')}/{w('lock')}").get(w("val")) == "sdtContentLocked"
    runs = sdt.findall(f"{w('sdtContent')}/{w('r')}")
    assert len(runs) == 1 and text_of(runs[0]) == "61%"
    assert runs[0].find(f"{w('rPr')}/{w('b')}") is not None
    ids = [s.find(f"{w('sdtPr')}/{w('id')}").get(w("val")) for s in sdts]
    assert len(set(ids)) == len(ids)


def test_text_runs_carry_bold_italic_code_and_line_breaks(body):
    p = paragraph_with(body, "Som Tabel")
    runs = {text_of(r): r for r in p.findall(w("r"))}
    assert runs["svarprocenten"].find(f"{w('rPr')}/{w('b')}") is not None
    assert runs["høj"].find(f"{w('rPr')}/{w('i')}") is not None
    fonts = runs["rate()"].find(f"{w('rPr')}/{w('rFonts')}")
    assert fonts is not None and fonts.get(w("ascii")) == "Courier New"
    assert "\nNy linje." in text_of(p)


def test_link_is_a_hyperlink_with_an_external_relationship(parts, body):
    links = [h for h in body.iter(w("hyperlink")) if text_of(h) == "Nordlys"]
    assert len(links) == 1
    rel = rels(parts, "word/_rels/document.xml.rels")[links[0].get(f"{{{R}}}id")]
    assert rel.get("Target") == "https://example.org/nordlys" and rel.get("TargetMode") == "External"
    assert links[0].find(f".//{w('rStyle')}").get(w("val")) == "Hyperlink"
    styles = xml(parts, "word/styles.xml")
    assert any(s.get(w("styleId")) == "Hyperlink" for s in styles.iter(w("style")))


def test_key_finding_uses_its_inlines(body):
    p = paragraph_with(body, "Fideliteten steg med")
    assert text_of(p) == "Fideliteten steg med 5 pct.-point."
    assert p.find(f".//{w('sdt')}") is not None


# ------------------------------------------------------------------------------------------------ blocks
def _box(body, title: str):
    for tbl in body.iter(w("tbl")):
        first = tbl.find(f".//{w('p')}")
        if first is not None and text_of(first) == title:
            return tbl
    raise AssertionError(f"no box titled {title!r}")


def test_boxes_are_shaded_one_cell_tables_with_a_bold_title(body):
    box = _box(body, "Læringspunkt")
    assert len(box.findall(f"{w('tr')}/{w('tc')}")) == 1
    tc = box.find(f"{w('tr')}/{w('tc')}")
    # nordlys brand has no box colours: learning = accent #e76f51 as the rule, the fill is the accent mixed
    # with 88 % white: (231+24·.88, 111+144·.88, 81+174·.88) = (252, 238, 234)
    assert tc.find(f"{w('tcPr')}/{w('shd')}").get(w("fill")) == "FCEEEA"
    assert tc.find(f"{w('tcPr')}/{w('tcBorders')}/{w('left')}").get(w("color")) == "E76F51"
    paragraphs = tc.findall(w("p"))
    title_run = paragraphs[0].find(w("r"))
    assert title_run.find(f"{w('rPr')}/{w('b')}") is not None
    assert [text_of(p) for p in paragraphs] == ["Læringspunkt", "Ledelsen skal gå forrest.", "Sæt mål", "Følg op"]
    assert [_num_pr(p) is not None for p in paragraphs] == [False, False, True, True]
    # conclusion = primary #1d3557 as the rule
    conclusion = _box(body, "Konklusion").find(f"{w('tr')}/{w('tc')}")
    assert conclusion.find(f"{w('tcPr')}/{w('tcBorders')}/{w('left')}").get(w("color")) == "1D3557"
    assert [text_of(p) for p in conclusion.findall(w("p"))] == ["Konklusion", "Indsatsen virker."]


def test_quote_is_indented_italic_with_attribution_right_aligned(parts, body):
    p = paragraph_with(body, "Vi har fået et fælles sprog")
    assert style_of(p) == "Quote"
    attribution = p.getnext()
    assert text_of(attribution) == "— Leder, Kommune A"
    styles = {s.get(w("styleId")): s for s in xml(parts, "word/styles.xml").iter(w("style"))}
    quote = styles["Quote"]
    assert quote.find(f"{w('rPr')}/{w('i')}") is not None
    assert int(quote.find(f"{w('pPr')}/{w('ind')}").get(w("left"))) > 0
    assert styles[style_of(attribution)].find(f"{w('pPr')}/{w('jc')}").get(w("val")) == "right"


def test_picture_is_a_numbered_figure_with_alt_text_notes_and_source(body):
    caption = paragraph_with(body, "Forandringsteori")
    assert style_of(caption) == "Caption"
    assert text_of(caption) == "Figur 2. Forandringsteori"
    assert ("SEQ Figur \\* ARABIC", "2") in fields(caption)
    image = caption.getnext()
    doc_pr = image.find(f".//{{{WP}}}docPr")
    assert doc_pr.get("descr") == PICTURE_ALT
    extent = image.find(f".//{{{WP}}}extent")
    assert int(extent.get("cx")) == 12 * 360000
    note = image.getnext()
    assert text_of(note) == "Note: Egen tegning."
    assert text_of(note.getnext()) == "Kilde: Projektbeskrivelsen"


def test_table_and_figure_sources_are_kilde_lines(body):
    texts = [text_of(p) for p in body.findall(w("p"))]
    assert "Kilde: Survey, besvarelser" in texts
    assert "Kilde: Survey, tre målinger" in texts


def test_page_break_starts_the_next_block_on_a_new_page(body):
    p = paragraph_with(body, "Efter sideskiftet.")
    assert p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None


def test_appendix_chapter_is_lettered_and_starts_a_new_page(body):
    headings = [(style_of(p), text_of(p), p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None)
                for p in body.findall(w("p")) if style_of(p).startswith("Heading")]
    # main sections on Word's list numbering (LibreOffice test below), the appendix typed
    assert ("Heading1", "Bilag A Datagrundlag", True) in headings
    assert ("Heading2", "A.1 Kilder", False) in headings
    assert ("Heading2", "Metode", False) in headings
    toc = [text_of(p) for p in body.findall(w("p")) if style_of(p).startswith("TOC") and style_of(p) != "TOCHeading"]
    assert "Bilag A\tDatagrundlag" in toc


# ------------------------------------------------------------------------------------------------ package
def test_rendering_is_deterministic_and_reopens(report, package):
    assert docx_bytes(report) == package
    document = docx.Document(io.BytesIO(package))
    assert any(p.text == "Efter sideskiftet." for p in document.paragraphs)


def test_a_report_without_authored_content_gets_no_new_parts_or_styles():
    from reporter.render.docx_styles import reference_path

    plain = docx_bytes(sample_note())
    with zipfile.ZipFile(io.BytesIO(plain)) as z, zipfile.ZipFile(reference_path()) as ref:
        assert "word/footnotes.xml" not in z.namelist()
        numbering, reference = z.read("word/numbering.xml").decode(), ref.read("word/numbering.xml").decode()
        styles = z.read("word/styles.xml").decode()
    nsids = re.findall(r'<w:nsid w:val="(\w+)"/>', numbering)
    assert nsids == re.findall(r'<w:nsid w:val="(\w+)"/>', reference) + [HEADING_NSID]   # the heading list only
    for style in ("FootnoteText", "FootnoteReference", "Hyperlink", "Quote"):
        assert f'w:styleId="{style}"' not in styles


# ------------------------------------------------------------------------------------------------ LibreOffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_footnotes_lists_and_references(package, tmp_path):
    import pdfplumber

    source = tmp_path / "authored.docx"
    source.write_bytes(package)
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=240)
    with pdfplumber.open(tmp_path / "authored.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = " ".join(text.split())
    for footnote in (FOOTNOTE_1, FOOTNOTE_2, FOOTNOTE_3):
        assert footnote in flat
    for item in ITEMS + ORDERED_A + ORDERED_B + ORDERED_C:
        assert item in flat
    assert "1. Kortlæg målgruppen" in flat and "2. Aftal forløb" in flat
    assert "5. Følg op" in flat and "6. Evaluer" in flat        # the second numbered list starts at 5
    assert "1. Afslut forløbet" in flat                          # the third restarts
    assert "Som Tabel 1 viser" in flat and "Se figur 2, afsnit 1.1 og bilag A" in flat
    assert "Bilag A Datagrundlag" in flat and "A.1 Kilder" in flat and "1.1 Metode" in flat
    assert "— Leder, Kommune A" in flat


# ------------------------------------------------------------------------------------------------ smaller cases
def _small_report(*blocks) -> Report:
    base = sample_note()
    section = Section(key="only", title="Afsnit", blocks=blocks)
    return number_report(replace(base, sections=(section,), back=None, toc=False))


def test_brand_box_colours_override_the_defaults():
    from reporter.brand import load_brand

    brand = load_brand("nordlys")
    branded = replace(brand, colours={**brand.colours, "box_learning": "#2a9d8f", "box_learning_bg": "#e9f5f3"})
    report = _small_report(Box(kind="learning", title="Læring", blocks=(Paragraph(text="Tekst."),)))
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(report, branded))).read("word/document.xml"))
    tc = _box(root.find(w("body")), "Læring").find(f"{w('tr')}/{w('tc')}")
    assert tc.find(f"{w('tcPr')}/{w('shd')}").get(w("fill")) == "E9F5F3"
    assert tc.find(f"{w('tcPr')}/{w('tcBorders')}/{w('left')}").get(w("color")) == "2A9D8F"


def test_jpeg_picture_is_embedded_as_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (30, 30), (231, 111, 81)).save(out, format="JPEG")
    picture = Picture(key="photo", caption="Foto", data=out.getvalue(), media_type="image/jpeg", alt_text="Et foto")
    with zipfile.ZipFile(io.BytesIO(docx_bytes(_small_report(picture)))) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        types = z.read("[Content_Types].xml").decode()
        root = etree.fromstring(z.read("word/document.xml"))
    assert any(n.endswith((".jpg", ".jpeg")) for n in media)
    assert "image/jpeg" in types
    assert "Et foto" in [d.get("descr") for d in root.iter(f"{{{WP}}}docPr")]


def test_page_break_before_a_box_is_a_break_paragraph():
    report = _small_report(Paragraph(text="Før."), PageBreak(),
                           Box(kind="info", title="Boks", blocks=(Paragraph(text="Inde."),)))
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(report))).read("word/document.xml")).find(w("body"))
    box = _box(body, "Boks")
    before = box.getprevious()
    assert before.tag == w("p") and [b.get(w("type")) for b in before.iter(w("br"))] == ["page"]
    assert text_of(before.getprevious()) == "Før."
