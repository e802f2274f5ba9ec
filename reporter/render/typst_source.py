"""The document model as Typst source (the profile's PDF engine; :mod:`reporter.render.typst_pdf` compiles it).

The source imports a style module (``style.typ``: the brand and the language strings as Typst dictionaries,
then the default styles of ``styles/typst/``, ``<kind>.typ`` and ``base.typ``, the counterparts of the print
CSS), gives the document's metadata, then makes one call per block of the model. Every text of the model is a string literal (:mod:`reporter.render.typst_literal`), never
markup. Images (logo, charts, pictures) are files of :attr:`TypstDocument.files`, written into a private
folder that is the compile's root, so the document can read nothing else.

Supported: profiles and notes (front page, contents with the sections' pages, running header and footer,
back page: ``styles/typst/note.typ``), every block type.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reporter.brand import STYLES_DIR, Brand, load_brand
from reporter.fonts import LAST_RESORT_FAMILY, font_file, vertical_metrics
from reporter.model.document import (
    Box, Figure, FootnoteRef, Inline, KeyFinding, LineBreak, Link, ListBlock, PageBreak, Paragraph, Picture, Quote,
    Ref, Report, Section, Table, Text, Value,
)
from reporter.render.table_view import table_view
from reporter.render.typst_literal import content, label, lit, text
from reporter.render.widths import soft_hyphens
from reporter.render.figure_sizes import FIGURE_WIDTH_CM

TYPST_DIR = STYLES_DIR / "typst"
STYLE_MODULE = "style.typ"
FALLBACK_DATE = dt.date(2000, 1, 1)
STATUS_WORDS = ("up", "same", "down")       # statuses explained by a table legend (as render/html.py)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_REF_PREFIX = {"table": "tab", "figure": "fig", "section": "sec"}
_SUFFIX = {"image/png": "png", "image/jpeg": "jpg"}


class TypstUnsupported(ValueError):
    """A kind of document the Typst renderer has no layout for."""


@dataclass(frozen=True)
class TypstDocument:
    """Typst source, the files it reads (name → bytes, placed in its private root) and its timestamp."""

    source: str
    files: dict[str, bytes] = field(default_factory=dict)
    timestamp: int = 0


@lru_cache(maxsize=None)
def style_text(name: str) -> str:
    """A default Typst style file from ``styles/typst/``."""
    return (TYPST_DIR / name).read_text(encoding="utf-8")


def colour(value: str) -> str:
    return f"rgb({lit(value)})"


def _dictionary(items: dict[str, str]) -> str:
    return "(" + "".join(f"{lit(k)}: {v}, " for k, v in items.items()) + ")" if items else "(:)"


def brand_preamble(brand: Brand) -> str:
    """``#let brand = (...)``: colours, status colours and symbols, font stacks and the body font's metrics."""
    colours = {name.replace("_", "-"): colour(value) for name, value in sorted(brand.colours.items())
               if isinstance(value, str) and _HEX.fullmatch(value.strip())}
    status = {s: colour(c) for s, c in sorted(brand.status_colours.items()) if _HEX.fullmatch(c.strip())}
    symbols = {s: lit(v) for s, v in sorted(brand.status_symbols.items())}
    ascent, descent = vertical_metrics(font_file(brand.font_body, brand))

    def stack(family: str) -> str:
        names = list(dict.fromkeys(f for f in (family, brand.font_fallback, LAST_RESORT_FAMILY) if f))
        return "(" + "".join(lit(n) + ", " for n in names) + ")"

    return (f"#let brand = (colours: {_dictionary(colours)}, status: {_dictionary(status)}, "
            f"symbols: {_dictionary(symbols)}, font-body: {stack(brand.font_body)}, "
            f"font-heading: {stack(brand.font_heading)}, ascent: {ascent!r}, descent: {descent!r})\n")


def _date(date: dt.date | None) -> str:
    return "none" if date is None else f"datetime(year: {date.year}, month: {date.month}, day: {date.day})"


def strings_preamble(report: Report) -> str:
    """``#let strings = (...)``: the language strings the styles print."""
    strings = dict(report.strings)
    fields = {"note": strings.get("note", "Note:"), "source": strings.get("source", "Kilde:"),
              "table": strings.get("table", "Tabel"), "figure": strings.get("figure", "Figur")}
    return "#let strings = (" + "".join(f"{k}: {lit(v)}, " for k, v in fields.items()) + ")\n"


def style_module(report: Report, brand: Brand) -> str:
    """The document's style module (``style.typ``): brand, strings, ``<kind>.typ``, ``base.typ`` and (a note)
    ``<kind>-pages.typ``. It is the
    same text for every profile of a brand and language, so Typst evaluates it once per process (its
    memoisation): about 40 % of a profile's compile time."""
    parts = [brand_preamble(brand), strings_preamble(report), style_text(f"{report.kind}.typ"), style_text("base.typ")]
    if (TYPST_DIR / f"{report.kind}-pages.typ").is_file():
        parts.append(style_text(f"{report.kind}-pages.typ"))
    return "\n".join(parts)


def page_preamble(report: Report) -> str:
    """``#let running = (...)``: language and running footer (the same for every profile of a project)."""
    front = report.front
    return (f"#let running = (lang: {lit(report.language)}, footer-left: {text(front.publisher)}, "
            f"footer-right: {text(front.date_text)})\n")


def document_metadata(report: Report) -> str:
    """``#set document(...)``: title, author, description (the project) and date of the PDF. Placed last in the
    source: set first, it would make every profile's styles differ, and Typst could reuse no earlier layout."""
    front = report.front
    title = f"{front.title}: {front.subtitle}" if front.subtitle else front.title
    return (f"#set document(title: {lit(title)}, author: {lit(front.publisher)}, description: {lit(front.project)}, "
            f"date: {_date(report.date)})\n")


def timestamp(report: Report) -> int:
    """The PDF's creation time: ``Report.date`` at midnight UTC (never the clock)."""
    return calendar.timegm((report.date or FALLBACK_DATE).timetuple())


class _Writer:
    """One report's blocks as Typst expressions; collects the files they read."""

    def __init__(self, report: Report, brand: Brand):
        self.report = report
        self.brand = brand
        self.files: dict[str, bytes] = {}
        self.targets = {label(_REF_PREFIX[kind], key) for kind, key in _targets(report)}
        self.status_words = [s for s in STATUS_WORDS if s in brand.status_colours]

    def file(self, stem: str, suffix: str, data: bytes) -> str:
        name = f"{stem}-{len(self.files) + 1}.{suffix}"
        self.files[name] = data
        return lit(name)

    # --- inlines -----------------------------------------------------------------------------------
    def inline(self, part: Inline) -> str:
        if isinstance(part, (Text, Value)):
            shown = f"raw({lit(part.text)})" if isinstance(part, Text) and part.code else text(part.text)
            if part.bold:
                shown = f"strong({shown})"
            if part.italic:
                shown = f"emph({shown})"
            return shown
        if isinstance(part, Ref):
            target = label(_REF_PREFIX.get(part.kind, "sec"), part.key)
            return f"link({target}, {text(part.text)})" if target in self.targets else text(part.text)
        if isinstance(part, Link):
            return f"link({lit(part.href)}, {text(part.text)})" if part.href else text(part.text)
        if isinstance(part, FootnoteRef):
            return f"footnote({self.inlines(part.content)})"
        if isinstance(part, LineBreak):
            return "linebreak()"
        raise TypeError(f"no Typst for inline {type(part).__name__}")

    def inlines(self, parts) -> str:
        return content([self.inline(p) for p in parts])

    def text_of(self, block) -> str:
        return self.inlines(block.inlines) if block.inlines else text(block.text)

    # --- blocks ------------------------------------------------------------------------------------
    def block(self, block) -> str:
        if isinstance(block, Paragraph):
            return f"paragraph({lit(block.style)}, {self.text_of(block)})"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, Picture):
            return self.picture(block)
        if isinstance(block, KeyFinding):
            return f"key-finding({text(block.headline)}, {self.text_of(block)})"
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, Box):
            title = text(block.title) if block.title else "none"
            return f"box-block({lit(block.kind)}, {title}, {self.inner(block.blocks)})"
        if isinstance(block, Quote):
            attribution = text(block.attribution) if block.attribution else "none"
            return f"quote-block({self.inner(block.blocks)}, attribution: {attribution})"
        if isinstance(block, PageBreak):
            return "pagebreak(weak: true)"
        raise TypeError(f"no Typst for block {type(block).__name__}")

    def inner(self, blocks) -> str:
        return "[" + "\n\n".join("#" + self.block(b) for b in blocks) + "]"

    def list_block(self, block: ListBlock) -> str:
        items = []
        for item in block.items:
            body = [self.inline(p) for p in item.inlines] + [self.list_block(c) for c in item.children]
            items.append(content(body))
        kind = f"enum(start: {int(block.start)}, " if block.ordered else "list("
        made = kind + "".join(i + ", " for i in items) + ")"
        return f"in-columns({int(block.columns)}, {made})" if block.columns > 1 else made

    def foot(self, notes: tuple[str, ...], source: str) -> str | None:
        if not notes and not source:
            return None
        lines = "(" + "".join(text(n) + ", " for n in notes) + ")"
        return f"notes({lines}, source: {text(source) if source else 'none'})"

    def cell(self, c, header: bool, column: int = -1, fitted: bool = False) -> str:
        fields = f"body: {text(c.text)}, align: {lit(c.align)}, span: {int(c.span)}"
        if not header:
            fields += f", status: {lit(c.status)}, emphasis: {lit(c.emphasis)}"
        if fitted and c.text and c.span == 1 and (header or (column == 0 and c.align == "left")):
            # headers and labels break where the HTML/PDF and DOCX renderers may break them (base.typ first-fit)
            fields += f", breaks: {lit(soft_hyphens(c.text, self.report.language))}"
        return "(" + fields + ")"

    def table(self, table: Table) -> str:
        view = table_view(table, self.report.language)
        fitted = bool(view.widths)      # first-fit breaking needs the column's width (automatic columns: Typst's)
        head = "(" + "".join("(" + "".join(self.cell(c, True, fitted=fitted) + ", " for c in row.cells) + "), "
                             for row in view.head) + ")"
        body = "(" + "".join(f"(kind: {lit(row.kind)}, cells: (" + "".join(
            self.cell(c, False, i, fitted) + ", " for i, c in enumerate(row.cells)) + ")), " for row in view.body) + ")"
        widths = "(" + "".join(f"{w!r}, " for w in view.widths) + ")" if view.widths else "auto"
        runs = ""
        if not view.keep_together and self.report.kind == "note":
            runs = f", key: {lit(table.key)}, runs: (" + "".join(f"{n}, " for n in break_runs(view.keep_next)) + ")"
        foot = []
        if table.legend and self.status_words:
            words = dict(table.legend_words)
            items = "".join(f"(status: {lit(s)}, word: {text(words.get(s) or self.report.string(f'status_{s}'))}), "
                            for s in self.status_words)
            foot.append(f"legend(({items}))")
        notes = self.foot(table.notes, table.source)
        if notes:
            foot.append(notes)
        return (f"table-block(caption-number: {int(table.number)}, caption-title: {text(table.caption)}, "
                f"keep-together: {str(view.keep_together).lower()}, columns: {view.columns}, widths: {widths}, "
                f"wide: {str(view.wide).lower()}, head: {head}, body: {body}{runs}, "
                f"foot: {content(foot) if foot else 'none'}) {label('tab', table.key)}")

    def figure(self, figure: Figure) -> str:
        if figure.draw == "native":
            from reporter.render.bars import legend, stacked_rows

            bands = "".join(f"(name: {text(name)}, colour: {colour(c)}), " for name, c in legend(figure, self.brand))
            rows = "".join(
                f"(label: {text(row.label)}, segments: ("
                + "".join(f"(width: {s.width!r}, colour: {colour(s.colour)}, text: {colour(s.text_colour)}, "
                          f"label: {text(s.label)}), " for s in row.segments) + ")), "
                for row in stacked_rows(figure, self.brand))
            body = f"native-bars(bands: ({bands}), rows: ({rows}), alt: {lit(figure.alt_text)})"
        else:
            from reporter import charts

            svg = charts.render_figure(figure, self.brand, fmt="svg", width_cm=FIGURE_WIDTH_CM,
                                       lang=self.report.language)
            data = svg.encode("utf-8") if isinstance(svg, str) else svg
            body = f"chart({self.file('chart', 'svg', data)}, {lit(figure.alt_text)})"
        foot = self.foot(figure.notes, figure.source) or "none"
        return (f"figure-block({int(figure.number)}, {text(figure.caption)}, {body}, foot: {foot}) "
                f"{label('fig', figure.key)}")

    def picture(self, picture: Picture) -> str:
        name = self.file("picture", _SUFFIX.get(picture.media_type, "png"), picture.data)
        body = f"picture({name}, {float(picture.width_cm)!r} * 1cm, {lit(picture.alt_text)})"
        foot = self.foot(picture.notes, picture.source) or "none"
        return (f"figure-block({int(picture.number)}, {text(picture.caption)}, {body}, foot: {foot}) "
                f"{label('fig', picture.key)}")

    # --- sections ----------------------------------------------------------------------------------
    def section(self, section: Section, depth: int, hide_heading: bool) -> list[str]:
        lines = []
        if section.page_break_before:
            lines.append("#pagebreak(weak: true)")
        if hide_heading:        # a cross-reference to the section still has its target
            lines.append(f"#metadata(none) {label('sec', section.key)}")
        else:
            level = min(depth, 4)
            lines.append(f"#heading(level: {level}, outlined: {str(section.in_toc).lower()}, bookmarked: true, "
                         f"{self.heading_text(section, level)}) {label('sec', section.key)}")
        for block in section.blocks:
            lines.append("#" + self.block(block))
        for sub in section.sections:
            lines.extend(self.section(sub, depth + 1, False))
        return lines

    def section_number(self, section: Section) -> str:
        """The number a section's heading shows ("2.1", "Bilag A"), or ``""``."""
        if not (section.numbered and section.number):
            return ""
        word = self.report.string("appendix") + " " if section.appendix else ""
        return f"{word}{section.number}"

    def heading_text(self, section: Section, level: int) -> str:
        number = self.section_number(section)
        if self.report.kind != "note":
            return text(f"{number} {section.title}" if number else section.title)
        if not number:
            return text(section.title)
        width = "1.5em" if level == 1 else "1.9em"    # base.css: .heading-number min-width
        return f"numbered({text(number)}, {text(section.title)}, width: {width})"


def break_runs(keep_next: tuple[bool, ...]) -> list[int]:
    """The lengths of the runs of body rows that stand on one page: a run ends after a row a page break may
    follow (``keep_next`` False) and at the last row."""
    runs, length = [], 0
    for keep in keep_next:
        length += 1
        if not keep:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return runs


def _targets(report: Report):
    """(kind, key) of everything a cross-reference may point to."""
    def sections(items):
        for s in items:
            yield "section", s.key
            yield from sections(s.sections)

    yield from sections(report.sections)
    for _, block in report.walk():
        if isinstance(block, Table):
            yield "table", block.key
        elif isinstance(block, (Figure, Picture)):
            yield "figure", block.key


SECTION_PAGES = "section-pages"       # the label of the note's {section key: page} metadata (typst_pdf)


def typst_document(report: Report, brand: Brand | str | None = None) -> TypstDocument:
    """The report as Typst source with its files (see the module docstring)."""
    if report.kind not in ("profile", "note"):
        raise TypstUnsupported(f"no Typst layout for a {report.kind!r} document")
    if brand is None:
        brand = report.brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    writer = _Writer(report, brand)
    writer.files[STYLE_MODULE] = style_module(report, brand).encode("utf-8")
    lines = [f"#import {lit(STYLE_MODULE)}: *"]
    if report.kind == "profile":
        lines.extend(_profile_lines(report, brand, writer))
    else:
        lines.extend(_note_lines(report, brand, writer))
    lines.append(document_metadata(report))
    return TypstDocument(source="\n".join(lines) + "\n", files=writer.files, timestamp=timestamp(report))


def _logo(writer: _Writer, brand: Brand, height_mm: float) -> str:
    if brand.logo is None or not brand.logo.is_file():
        return "none"
    suffix = brand.logo.suffix.lstrip(".").lower()
    return (f"image({writer.file('logo', suffix, brand.logo.read_bytes())}, height: {height_mm!r}mm, "
            f"alt: {lit(writer.report.front.publisher)})")


def _profile_lines(report: Report, brand: Brand, writer: _Writer) -> list[str]:
    front = report.front
    subtitle = f"{front.subtitle} · {front.date_text}" if front.subtitle else front.date_text
    lines = [page_preamble(report), "#show: setup.with(running)",
             f"#profile-head({text(front.project)}, {text(front.title)}, {text(subtitle)}, "
             f"logo: {_logo(writer, brand, 10)})"]
    single = len(report.sections) == 1      # its title repeats the page title (profile.css hides it too)
    for section in report.sections:
        lines.extend(writer.section(section, 2, single))
    return lines


def _note_lines(report: Report, brand: Brand, writer: _Writer) -> list[str]:
    """Front page, contents, the sections (level-1 headings), the section pages' metadata, back page."""
    front = report.front
    page_word = dict(report.strings).get("page", "")
    lines = [f"#let running = (lang: {lit(report.language)}, header-left: {text(front.project)}, "
             f"header-right: {text(front.publisher)}, footer-left: {text(front.title)}, "
             f"footer-right: none, page-word: {text(page_word)})",
             "#show: setup.with(running)", "#show: note-setup.with(running)"]
    subtitle = text(front.subtitle) if front.subtitle else "none"
    lines.append(f"#front-page({text(front.project)}, {text(front.title)}, {subtitle}, {text(front.date_text)}, "
                 f"{text(front.publisher)}, logo: {_logo(writer, brand, 15)})")
    entries = report.contents()
    if entries:
        items = "".join(
            f"({depth}, {text(writer.section_number(s)) if writer.section_number(s) else 'none'}, "
            f"{text(s.title)}, {label('sec', s.key)}), " for s, depth in entries)
        lines.append(f"#contents({text(report.string('contents'))}, ({items}))")
    for section in report.sections:
        lines.extend(writer.section(section, 1, False))
    pages = "".join(f"({lit(s.key)}, {label('sec', s.key)}), " for s, _ in report.sections_with_depth())
    lines.append(f"#context [#metadata(({pages}).map(((k, l)) => (k, locate(l).page()))) <{SECTION_PAGES}>]")
    if report.back is not None:
        paragraphs = "(" + "".join(text(p) + ", " for p in report.back.paragraphs) + ")"
        lines.append(f"#back-page({text(report.back.title)}, {paragraphs}, logo: {_logo(writer, brand, 11)})")
    return lines
