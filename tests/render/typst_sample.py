"""A profile with every block and inline type a profile template can produce, for the Typst renderer's tests;
its texts include strings that are Typst markup or code (they must print literally)."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from reporter.compose.numbering import number_report
from reporter.model.document import (
    Box, Cell, FootnoteRef, KeyFinding, LineBreak, Link, ListBlock, ListItem, PageBreak, Paragraph, Picture, Quote,
    Ref, Row, Section, Table, Text, Value,
)
from sample_report import sample_profile, stacked_figure

# Typst markup, code and escapes; each must come out of the PDF exactly as written.
HOSTILE = (
    '#import "@preview/x:1.0.0": *',
    '#read("/etc/passwd")',
    "$x^2$ *fed* _kursiv_ `kode` ~ = Overskrift",
    r'<etiket> @henvisning \ \" [klamme] // kommentar /* blok */',
    '#set text(size: 40pt) #let x = 1 #{ x }',
)
FOOTNOTE = "Fodnoten står nederst på siden."
PICTURE_ALT = "Forandringsteorien: fra indsats over kerneelementer til effekt."
CHART_ALT = "Stablet søjlediagram over fordelingen på svarkategorier."
ITEMS = ("Første punkt", "Underpunkt", "Andet punkt")
LINK = "https://example.org/metode"


def png(width: int = 60, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (29, 53, 87)).save(out, format="PNG")
    return out.getvalue()


def hostile_table() -> Table:
    header = Row(cells=(Cell(text="Tekst", status="header", align="left"), Cell(text="#1", status="header")),
                 kind="header")
    rows = tuple(Row(cells=(Cell(text=h, align="left"), Cell(text=f"{i},5", value=i + 0.5, status="up")))
                 for i, h in enumerate(HOSTILE[:2]))
    return Table(key="hostile", caption=HOSTILE[2], rows=(header,) + rows, notes=(HOSTILE[3],), source=HOSTILE[4],
                 column_widths=(12.0, 4.0))


def full_profile(name: str = "Middelfart") -> "Report":
    """The sample profile (key finding, tables with group/total rows and a legend, an image chart) with a
    second and third section holding the authored blocks; numbered by the builder's own numbering."""
    base = sample_profile()
    intro = Paragraph(text="", inlines=(
        Text("Fed tekst", bold=True), Text(" og "), Text("kursiv", italic=True), Text(" og "), Text("kode", code=True),
        Text(". Værdien er "), Value(text="61 %", expression="fidelity.total"), Text(", se "), Ref("hostile"),
        Text(" og "), Ref("methods"), Text(". Læs mere i "), Link("metodebilaget", LINK), Text("."),
        FootnoteRef(content=(Text(FOOTNOTE),)), LineBreak(), Text("Ny linje efter linjeskift.")))
    native = dataclasses.replace(stacked_figure(0), key="bars", draw="native")
    chart = dataclasses.replace(stacked_figure(0), key="chart", alt_text=CHART_ALT)
    lists = ListBlock(items=(
        ListItem(inlines=(Text(ITEMS[0]),), children=(ListBlock(items=(ListItem(inlines=(Text(ITEMS[1]),)),)),)),
        ListItem(inlines=(Text(ITEMS[2]),))))
    ordered = ListBlock(items=(ListItem(inlines=(Text("Femte skridt"),)),), ordered=True, start=5)
    box = Box(kind="learning", title="Læringspunkt", blocks=(Paragraph(text="Tæt ledelse gav bedre fidelitet."),))
    quote = Quote(blocks=(Paragraph(text="Vi mødes hver uge om borgerne."),), attribution="Leder, Kommune A")
    picture = Picture(key="theory", caption="Forandringsteori", data=png(), media_type="image/png",
                      alt_text=PICTURE_ALT, width_cm=4.0, source="Egen figur.")
    first = dataclasses.replace(base.sections[0], title=f"{name} Kommune", numbered=True, number="1",
                                blocks=base.sections[0].blocks[:1] + (intro, hostile_table()) + base.sections[0].blocks[1:])
    methods = Section(key="methods", title="Metode", number="2", blocks=(
        KeyFinding(headline=HOSTILE[0], text=HOSTILE[1]), native, chart, lists, ordered, box, quote, picture))
    extra = Section(key="appendix", title="Datagrundlag", number="A", appendix=True,
                    blocks=(PageBreak(), Paragraph(text=f"Kommune: {name}", style="small")))
    report = dataclasses.replace(base, sections=(first, methods, extra),
                                 front=dataclasses.replace(base.front, title=f"Kommuneprofil: {name}"))
    return number_report(report, table_word="tabel", figure_word="figur")
