"""HTML renderer: escaping, captions above their objects, alt texts and notes, status cells, assets."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from reporter.brand import load_brand
from reporter.model.document import Cell, KeyFinding, Paragraph, Row, Section, Table
from reporter.render.assets import inline_svg
from reporter.render.html import page_css, render_html
from sample_report import sample_note, sample_profile


class Events(HTMLParser):
    """Start tags (name, attrs, position) and text, in document order; text per open element id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict]] = []   # (kind, tag-or-text, attrs)

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))

    def handle_data(self, data):
        if data.strip():
            self.events.append(("text", data, {}))


def parse(html: str) -> list[tuple[str, str, dict]]:
    parser = Events()
    parser.feed(html)
    return parser.events


def element_text(events, start_index: int) -> str:
    """Text inside the element that starts at events[start_index] (until its matching end tag)."""
    tag = events[start_index][1]
    depth, out = 0, []
    for kind, value, _ in events[start_index:]:
        if kind == "start" and value == tag:
            depth += 1
        elif kind == "end" and value == tag:
            depth -= 1
            if depth == 0:
                break
        elif kind == "text":
            out.append(value)
    return " ".join(out)


@pytest.fixture(scope="module")
def note_html() -> str:
    return render_html(sample_note(), "nordlys")


@pytest.fixture(scope="module")
def note_events(note_html):
    return parse(note_html)


def _with_blocks(*blocks) -> object:
    report = sample_note()
    section = Section(key="evil", title="<i>Overskrift</i> & co", number="9", blocks=blocks)
    return replace(report, sections=report.sections + (section,))


def test_free_text_cannot_inject_markup():
    evil = '<script>alert("x")</script><b onclick="x()">fed</b> & <img src=x>'
    table = Table(key="evil_t", caption=evil, number=9,
                  rows=(Row(cells=(Cell(text=evil, status="header"),), kind="header"),
                        Row(cells=(Cell(text=evil, align="left"),))), notes=(evil,))
    report = _with_blocks(Paragraph(text=evil), KeyFinding(headline=evil, text=evil), table)
    report = replace(report, front=replace(report.front, title=evil))
    html = render_html(report, "nordlys")
    assert "<script" not in html
    assert "<b onclick" not in html
    assert "<img src=x>" not in html
    assert "<i>Overskrift</i>" not in html
    assert str(escape(evil)) in html
    assert "&lt;i&gt;Overskrift&lt;/i&gt; &amp; co" in html


def test_alt_text_is_escaped_in_inline_svg():
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="5pt"><g id="a"/>' \
          '<use href="#a"/></svg>'
    out = str(inline_svg(svg, "f1", 'Tekst "med" <tags> & mere'))
    assert out.startswith("<svg")
    assert 'aria-label="Tekst &#34;med&#34; &lt;tags&gt; &amp; mere"' in out
    assert "<title>Tekst &#34;med&#34; &lt;tags&gt; &amp; mere</title>" in out
    assert 'id="f1-a"' in out and 'href="#f1-a"' in out
    assert 'width="10pt"' not in out


def test_captions_precede_their_objects_in_document_order(note_events):
    report = sample_note()
    expected = [("table", f"Tabel {t.number}. {t.caption}") for t in report.tables()]
    expected_figs = [("figure", f"Figur {f.number}. {f.caption}") for f in report.figures()]
    # Walk the document: each caption paragraph must be followed by its object before any other caption.
    seen: list[tuple[str, str]] = []
    pending: tuple[str, str] | None = None
    for i, (kind, tag, attrs) in enumerate(note_events):
        if kind != "start":
            continue
        if tag == "p" and "caption" in attrs.get("class", "").split():
            assert pending is None, f"caption {pending} has no object before the next caption"
            text = re.sub(r"\s+", " ", element_text(note_events, i))
            pending = ("table" if text.startswith("Tabel") else "figure", text)
        elif tag == "table" or (tag == "svg" and attrs.get("role") == "img"):
            assert pending is not None, f"{tag} without a caption above it"
            assert pending[0] == ("table" if tag == "table" else "figure")
            seen.append(pending)
            pending = None
    assert pending is None
    assert [s for s in seen if s[0] == "table"] == expected
    assert [s for s in seen if s[0] == "figure"] == expected_figs
    # Numbers run 1..n in document order (they come from the model).
    assert [int(re.search(r"\d+", s[1]).group()) for s in seen if s[0] == "figure"] == [1, 2, 3]


def test_every_figure_has_alt_text_and_a_note(note_html, note_events):
    report = sample_note()
    figures = [i for i, (k, tag, a) in enumerate(note_events) if k == "start" and tag == "figure"]
    assert len(figures) == len(report.figures()) == 3
    for index, figure in zip(figures, report.figures()):
        svgs = [a for k, tag, a in note_events[index:] if k == "start" and tag == "svg"]
        assert svgs[0]["role"] == "img"
        assert svgs[0]["aria-label"] == figure.alt_text
        text = element_text(note_events, index)
        assert f"Note: {figure.notes[0]}" in re.sub(r"\s+", " ", text)
    assert note_html.count("<title>") == 1 + len(report.figures())  # document title + one per chart


def test_status_cells_carry_symbol_and_class(note_events):
    brand = load_brand("nordlys")
    report = sample_note()
    model = [c for t in report.tables() for r in t.rows if r.kind != "header" for c in r.cells]
    counts = {s: sum(1 for c in model if c.status == s) for s in ("up", "same", "down", "suppressed", "missing")}
    assert all(counts.values()), counts     # the sample covers every status
    found = {s: 0 for s in counts}
    for i, (kind, tag, attrs) in enumerate(note_events):
        if kind == "start" and tag in ("td", "th") and "cell" in attrs.get("class", "").split():
            statuses = [c[len("status-"):] for c in attrs["class"].split() if c.startswith("status-")]
            assert len(statuses) == 1
            status = statuses[0]
            if status in found:
                found[status] += 1
            text = element_text(note_events, i)
            if status in brand.status_symbols:
                assert attrs["data-status"] == status
                assert text.startswith(brand.status_symbols[status] + " "), text
            if status == "suppressed":
                assert text == "*"
            if status == "missing":
                assert text == ""
    assert found == counts


def test_status_colours_come_from_the_brand():
    for key in ("nordlys", "fjord"):
        brand = load_brand(key)
        html = render_html(sample_profile(), brand)
        for status, colour in brand.status_colours.items():
            assert f"--status-{status}: {colour};" in html
            assert f".status-{status} {{ background-color: var(--status-{status}); }}" in html
        assert f"--header-bg: {brand.colours['header_bg']};" in html


def test_legend_only_under_tables_with_legend(note_events):
    report = sample_note()
    legends = [i for i, (k, tag, a) in enumerate(note_events) if k == "start" and a.get("class") == "legend"]
    assert len(legends) == sum(1 for t in report.tables() if t.legend)
    text = re.sub(r"\s+", " ", element_text(note_events, legends[0]))
    assert text == "▲ stigning ● stabil ▼ fald"


def test_header_rows_in_thead_group_and_total_rows(note_html):
    block = note_html[note_html.index('id="tab-ranking"'):]
    block = block[:block.index("</table>")]
    thead = block[block.index("<thead>"):block.index("</thead>")]
    assert thead.count("<tr") == 2 and 'colspan="3"' in thead and "Medarbejder" in thead
    # a row's class names its kind (and "keep-next" where no page break may follow it: render/table_breaks.py)
    assert re.search(r'class="row-group[ "]', block) and 'colspan="10"' in block and "SPOR 1" in block
    assert len(re.findall(r'class="row-total[ "]', block)) == 1
    assert len(re.findall(r'class="row-body[ "]', block)) == 27
    assert block.count("<col ") == 10


def test_sections_numbered_from_the_model_and_toc(note_events, note_html):
    report = sample_note()
    for section in (report.sections[1], report.sections[2].sections[0]):
        assert f'href="#sec-{section.key}"' in note_html
        assert f'id="sec-{section.key}"' in note_html
        assert f'<span class="heading-number">{section.number}</span> {section.title}' in note_html
    assert "Indhold" in note_html        # report.string('contents')
    assert 'class="heading-number"' not in note_html[note_html.index('id="sec-resume"'):][:200]


def test_metadata_and_language(note_html):
    assert note_html.startswith("<!DOCTYPE html>\n<html lang=\"da\">")
    assert '<meta name="author" content="Nordlys Analyse">' in note_html
    assert '<meta name="dcterms.created" content="2019-09-01">' in note_html


def test_page_css_escapes_running_texts():
    report = sample_note()
    report = replace(report, front=replace(report.front, project='Evil "}" @page { x'))
    css = page_css(report, load_brand("nordlys"))
    assert "content: \"Evil \\22 }\\22  @page { x\";" in css


def test_files_mode_writes_assets(tmp_path):
    html = render_html(sample_profile(), "fjord", assets="files", out_dir=tmp_path)
    assert '<link rel="stylesheet" href="assets/profile-fjord.css">' in html
    css = (tmp_path / "assets" / "profile-fjord.css").read_text(encoding="utf-8")
    assert "file://" not in css and 'url("fonts/LiberationSerif-Regular.ttf")' in css
    assert (tmp_path / "assets" / "fonts" / "LiberationSerif-Regular.ttf").is_file()
    assert (tmp_path / "assets" / "logo.svg").is_file()
    assert 'src="assets/logo.svg"' in html


def test_files_mode_needs_out_dir():
    with pytest.raises(ValueError):
        render_html(sample_profile(), "nordlys", assets="files")
