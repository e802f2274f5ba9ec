"""Style rules of the rendered notes, checked on every table, figure and caption of both example projects."""

from __future__ import annotations

import re

from docx import Document
from docx.oxml.ns import qn

from reporter.compare.pdf_text import read_pdf
from reporter.text.codes import code_mentions

STAR = "*"


def _codes(project) -> list[str]:
    return [c.id for tr in project.tracks for c in tr.core_elements]


def test_captions_and_headings_name_a_code_once(rendered_note):
    c, report, paths = rendered_note
    texts = [t.caption for t in report.tables()] + [f.caption for f in report.figures()]

    def headings(sections):
        for s in sections:
            yield s.title
            yield from headings(s.sections)

    texts += list(headings(report.sections))
    twice = [(code, text) for text in texts for code in _codes(c.project) if code_mentions(code, text) > 1]
    assert not twice, twice
    # and what the reader sees in the PDF: no caption line with the code twice
    lines = [line for page in read_pdf(paths["pdf"].read_bytes()).pages for line in page]
    for code in _codes(c.project):
        assert not [line for line in lines if re.search(rf"(?<!\w){code}\. .*\({code}\)", line)], code


def test_a_star_cell_is_aligned_like_the_numbers_of_its_column(rendered_note):
    _, report, paths = rendered_note
    stars = 0
    for table in report.tables():
        for row in table.rows:
            for cell in row.cells:
                if cell.text == STAR:
                    stars += 1
                    assert cell.align == "right", (table.caption, row)
    assert stars, "no '*' cell in the note"
    html = paths["html"].read_text(encoding="utf-8")
    cells = re.findall(r'<td[^>]*class="cell ([^"]*)"[^>]*>\s*\*\s*</td>', html)
    assert len(cells) == stars and all("align-right" in c for c in cells)
    document = Document(str(paths["docx"]))
    star_paragraphs = [p for tbl in document.element.body.iter(qn("w:tbl")) for p in tbl.iter(qn("w:p"))
                       if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == STAR]
    assert len(star_paragraphs) == stars
    for p in star_paragraphs:
        jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        assert jc is not None and jc.get(qn("w:val")) in ("right", "end")


def _expected_stable(project) -> set[str]:
    """'stabil (±5 pct.-point)' per change rule, formatted here from the configuration."""
    out = set()
    for rule in project.thresholds.change.values():
        if rule.unit == "share":
            x = f"{round(rule.threshold * 100):d} pct.-point"
        else:
            x = f"{rule.threshold:.1f}".replace(".", ",") + " point"
        out.add(f"stabil (±{x})")
    return out


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def test_legends_say_stable_within_the_projects_threshold_in_pdf_and_docx(rendered_note):
    c, report, paths = rendered_note
    expected = _expected_stable(c.project)
    legend_tables = [t for t in report.tables() if t.legend]
    assert legend_tables
    for table in legend_tables:
        assert _plain(dict(table.legend_words)["same"]) in expected, table.caption
    pdf = _plain(" ".join(" ".join(lines) for lines in read_pdf(paths["pdf"].read_bytes()).pages))
    docx = _plain(" ".join(p.text for p in Document(str(paths["docx"])).paragraphs))
    from reporter.brand import load_brand

    same = load_brand(report.brand).status_symbols["same"]
    for text in (pdf, docx):
        assert f"{same} uændret" not in text               # the old legend word
        assert any(f"{same} {word}" in text for word in expected)


def test_role_split_figures_and_tables_show_n_per_group(rendered_note):
    c, report, _ = rendered_note
    roles = [r.label for r in c.project.roles]
    split = [f for f in report.figures() if f.kind == "clustered_bar" and set(roles) <= {x.split("\n")[0] for x in f.categories}]
    assert split
    for figure in split:
        for category, *_ in zip(figure.categories):
            label, _, n = category.partition("\n")
            assert re.fullmatch(r"n=[\d.–]+(/[\d.–]+)*", n), category
        assert any(note.startswith("n er antallet") for note in figure.notes)
    # role tables: every wave header under a role carries that role's respondents at that wave
    role_tables = [t for t in report.tables() if t.key.startswith("indicator_role")]
    assert role_tables
    for table in role_tables:
        waves = [cell.text for cell in table.rows[1].cells[1:]]
        assert all(re.fullmatch(r".+\n\([\d.]+\)", w) for w in waves), waves     # "Start" over "(88)"


# --- typography over all text of the note -------------------------------------------------------------------
from reporter.model.document import Figure, KeyFinding, Paragraph, Table  # noqa: E402

OTHER_QUOTES = re.compile("[\"“„»«]")
HYPHEN_RANGE = re.compile(r"(?<![\w.,\-–/])\d+(?:,\d+)?\s?-\s?\d+(?:,\d+)?(?![\w\-–/]|[.,]\d)")
UNIT_AFTER_SPACE = re.compile(r"\d (?:pct\.|%|point)(?!\w)")
PERCENT_IN_PROSE = re.compile(r"\d[\s\u00a0]?%")


def _texts(report):
    """(kind, text) for every text of the note: 'prose' for sentences, notes, captions; 'label' for cells,
    legends and chart labels."""
    for section, block in report.walk():
        yield "title", section.title
        if isinstance(block, Paragraph):
            yield ("prose" if not block.inlines else "authored"), block.text
        elif isinstance(block, KeyFinding):
            yield ("prose" if not block.inlines else "authored"), block.text
        elif isinstance(block, Table) and not block.source_id:
            yield "prose", block.caption
            yield from (("prose", n) for n in block.notes)
            yield from (("label", c.text) for r in block.rows for c in r.cells)
            yield from (("label", w) for _, w in block.legend_words)
        elif isinstance(block, Figure):
            yield "prose", block.caption
            yield from (("prose", n) for n in block.notes)
            yield from (("label", c) for c in block.categories)
            yield from (("label", x) for s in block.series for x in (s.name, *s.labels))


def test_every_text_of_the_note_is_in_the_house_style(rendered_note):
    _, report, _ = rendered_note
    problems = []
    for kind, text in _texts(report):
        if OTHER_QUOTES.search(text):
            problems.append(("quote", text[:80]))
        if kind == "authored":
            continue
        if HYPHEN_RANGE.search(text):
            problems.append(("range", text[:80]))
        if UNIT_AFTER_SPACE.search(text):
            problems.append(("unit space", text[:80]))
        if "pct.-point" in text:
            problems.append(("breakable pct.-point", text[:80]))
        if kind == "prose" and PERCENT_IN_PROSE.search(text):
            problems.append(("% in prose", text[:80]))
    assert not problems, problems[:10]


def test_no_line_of_the_pdf_breaks_inside_a_number_and_unit_or_pct_point(rendered_note):
    _, _, paths = rendered_note
    lines = [line for page in read_pdf(paths["pdf"].read_bytes()).pages for line in page]
    problems = []
    for this, after in zip(lines, lines[1:]):
        end, start = this.rstrip(), after.lstrip()
        if end.endswith("pct.-") or (re.search(r"\d$", end) and re.match(r"(pct\.|%|point)(?!\w)", start)):
            problems.append((end[-30:], start[:20]))
        if OTHER_QUOTES.search(this):
            problems.append(("quote", this[:60]))
    assert not problems, problems[:10]


def test_docx_writes_pct_point_with_words_own_non_breaking_hyphen(rendered_note):
    _, _, paths = rendered_note
    body = Document(str(paths["docx"])).element.body
    texts = "".join(t.text or "" for t in body.iter(qn("w:t")))
    assert "pct.-point" not in texts and "\u2011" not in texts
    assert len(list(body.iter(qn("w:noBreakHyphen")))) > 0
