"""The frozen document model: what a note or a profile says, independent of PDF, DOCX or HTML.

Builders (``reporter.compose``) create it from metric tables; renderers (``reporter.render``) only
read it. Everything a reader sees is already decided here: display text of every cell, caption
numbers, cross-references, colours (as a status name resolved by the brand), alt texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

# how deep a note's contents go, in every format (the seeds' contents list chapters and their sections)
CONTENTS_DEPTH = 2

# Status of a table cell. Renderers map these to brand colours and symbols.
CellStatus = Literal["plain", "up", "same", "down", "suppressed", "missing", "header", "total", "group"]
ChartKind = Literal["clustered_bar", "stacked_bar", "horizontal_bar", "spread",
                    # register charts (reporter.charts.register)
                    "line", "km", "effect_bar", "ratio_bar", "scatter", "bar_line",
                    # cost charts (reporter.charts.costs)
                    "stacked_column", "xy_line", "signed_bar",
                    # instrument charts (reporter.charts.instruments)
                    "score_bar", "dumbbell"]
# Role of a series' group in register charts: intervention = solid line, comparison = dashed, population = dotted
GroupRole = Literal["", "intervention", "comparison", "population"]


@dataclass(frozen=True)
class Cell:
    """One table cell: the exact value, the text shown, and a status (change colour, suppression...)."""

    text: str
    value: float | None = None
    status: CellStatus = "plain"
    align: Literal["left", "right", "center"] = "right"
    span: int = 1
    # typographic emphasis decided by the compose step (regression tables: bold = significant at 5 %, italic = 10 %)
    emphasis: Literal["", "bold", "italic"] = ""
    source_id: str = ""        # an authored cell (a table written in the template): "file:line-line#column"


@dataclass(frozen=True)
class Row:
    """A table row. ``kind`` = 'header' rows repeat on page breaks; 'group' rows head a block (SPOR 1)."""

    cells: tuple[Cell, ...]
    kind: Literal["header", "body", "group", "total"] = "body"


@dataclass(frozen=True)
class Table:
    """A numbered table with caption above and note lines below."""

    key: str
    caption: str
    rows: tuple[Row, ...]
    number: int = 0
    notes: tuple[str, ...] = ()
    source: str = ""
    legend: bool = False
    # the legend's word per change status ("up", "same", "down") for this table's rule, e.g. "stabil (±5 pct.-point)";
    # empty: the report's plain status words
    legend_words: tuple[tuple[str, str], ...] = ()
    column_widths: tuple[float, ...] = ()
    block: str = "table"
    source_id: str = ""        # a table written in the template: its caption line ("file:first-last")

    @property
    def label(self) -> str:
        return f"{self.number}"


@dataclass(frozen=True)
class Text:
    """A run of authored text inside a paragraph, list item, box or footnote."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass(frozen=True)
class Value:
    """A computed value inside authored prose (``{{ ... }}`` in a template): its display text and the
    expression it came from. Renderers may lock it (Word content control); a re-render updates it."""

    text: str
    expression: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Ref:
    """A cross-reference to a table, figure or section by its key (``@tbl-ranking``). ``word`` and
    ``number`` are filled by numbering ("tabel", "3"); ``text`` is what the reader sees ("tabel 3")."""

    key: str
    kind: Literal["table", "figure", "section", ""] = ""
    word: str = ""
    number: str = ""
    capital: bool = False

    @property
    def text(self) -> str:
        word = self.word[:1].upper() + self.word[1:] if self.capital else self.word
        return f"{word} {self.number}".strip()


@dataclass(frozen=True)
class Link:
    """A hyperlink with its shown text."""

    text: str
    href: str


@dataclass(frozen=True)
class FootnoteRef:
    """A footnote: the call sits where it is in the text; ``content`` is the footnote's own text.
    ``number`` is assigned by numbering (1..n in document order)."""

    content: tuple["Inline", ...]
    number: int = 0
    key: str = ""
    source_id: str = ""        # a labelled footnote's definition ("file:first-last"); "" for ^[inline] ones


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Text, Value, Ref, Link, FootnoteRef, LineBreak]


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees, without footnote contents (footnote calls as their number)."""
    out = []
    for part in inlines:
        if isinstance(part, (Text, Value, Link)):
            out.append(part.text)
        elif isinstance(part, Ref):
            out.append(part.text)
        elif isinstance(part, FootnoteRef):
            out.append(str(part.number) if part.number else "")
        elif isinstance(part, LineBreak):
            out.append("\n")
    return "".join(out)


@dataclass(frozen=True)
class Series:
    """One data series of a chart: a name and one value per category (None = no bar).

    What the series *means* is carried here, never parsed back out of ``name``: the reporting group it
    describes (when a series is one group), the wave id (when a series is one wave), the respondents behind
    each value, and whether it is the scale's don't-know category (drawn neutral, after the ordered ones)."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...] = ()
    group: str | None = None
    wave: str | None = None
    n: tuple[int | None, ...] = ()
    dont_know: bool = False
    # register charts: the group's role (line style), confidence bounds per value (KM bands, CI whiskers) and
    # x positions (scatter); empty for the survey charts
    role: GroupRole = ""
    lower: tuple[float | None, ...] = ()
    upper: tuple[float | None, ...] = ()
    x: tuple[float | None, ...] = ()
    # cost charts: a series of totals, printed above each stack (stacked_column) instead of drawn as a segment
    total: bool = False
    # instrument charts: per value, whether the change it ends is statistically significant (dumbbell)
    significant: tuple[bool, ...] = ()


@dataclass(frozen=True)
class ScoreBand:
    """A threshold band of a score scale, drawn behind instrument charts: ``low``–``high`` and its meaning."""

    label: str
    low: float
    high: float


@dataclass(frozen=True)
class Figure:
    """A numbered figure: chart kind and data (the chart is drawn by a renderer), caption, note, alt text."""

    key: str
    caption: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt_text: str
    number: int = 0
    notes: tuple[str, ...] = ()
    # "pp": share differences as pct.-points; "amount": kroner (axis ticks with thousands separators)
    value_format: Literal["percent", "number", "pp", "amount"] = "percent"
    value_max: float | None = None
    height: float = 6.5  # cm
    source: str = ""
    # "image": drawn by reporter.charts (SVG in PDF/HTML, PNG in DOCX); "native": a 100 % stacked bar built
    # from the renderer's own boxes (HTML boxes, Word table cells) — text stays text, nothing is drawn.
    draw: Literal["image", "native"] = "image"
    # Meaning of each category, when categories are group × wave rows (stacked bars, spread): the group a
    # category belongs to (rows of one group are set apart; spread: one cluster per group) and its wave
    # label (spread: one box per wave within the cluster). Empty = categories are not grouped.
    category_groups: tuple[str, ...] = ()
    category_waves: tuple[str, ...] = ()
    # register charts: axis titles, a reference line (0 for differences, 1 for ratios), a fitted line
    # (slope, intercept) with its text (scatter: "y = 0,0514x + 0,5811, R² = 0,0779"), value axis unit
    x_title: str = ""
    y_title: str = ""
    reference: float | None = None
    fit_line: tuple[float, float] | None = None
    annotation: str = ""
    log_scale: bool = False
    # instrument charts: the score scale's range, its threshold bands and the reference line's meaning
    value_min: float | None = None
    bands: tuple[ScoreBand, ...] = ()
    reference_label: str = ""
    # every wave of the project, in order (ids): a series of one wave gets that wave's colour, the same in every
    # chart of the report, the last wave the strongest (reporter.colours.figure_series_colours)
    waves: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``{ref:key}`` placeholders are resolved to 'tabel 3' / 'figur 4' by numbering.

    Authored paragraphs (from a template) also carry ``inlines``: bold/italic runs, computed values,
    cross-references, links and footnotes. Renderers use ``inlines`` when present, else ``text``;
    ``text`` is always the plain text a reader sees. ``source_id`` names the paragraph's place in the
    template ("file:first-last" lines) so that edits can be traced back to it (``reporter absorb``)."""

    text: str
    style: Literal["body", "lead", "small", "bullet"] = "body"
    inlines: tuple[Inline, ...] = ()
    source_id: str = ""


@dataclass(frozen=True)
class KeyFinding:
    """A resumé box: a headline and a sentence with numbers filled from metrics."""

    headline: str
    text: str
    inlines: tuple[Inline, ...] = ()
    source_id: str = ""        # a key-finding box of a template: its text's place ("file:first-last")


@dataclass(frozen=True)
class ListItem:
    """One list item: its text (inlines) and any nested lists under it."""

    inlines: tuple[Inline, ...]
    children: tuple["ListBlock", ...] = ()
    source_id: str = ""

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


@dataclass(frozen=True)
class ListBlock:
    """A bullet or numbered list (nested lists live in their items)."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    columns: int = 1          # a short list of names set in columns (participating municipalities)


BoxKind = Literal["key_finding", "learning", "challenge", "conclusion", "info"]


@dataclass(frozen=True)
class Box:
    """A framed box of authored content: key finding, learning point, challenge/solution, chapter
    conclusion. ``title`` may be empty; ``blocks`` are paragraphs and lists."""

    kind: BoxKind
    title: str
    blocks: tuple["Block", ...]
    source_id: str = ""


@dataclass(frozen=True)
class Quote:
    """A quotation (e.g. from an interview) with its attribution ("Leder, Kommune A")."""

    blocks: tuple["Block", ...]
    attribution: str = ""
    source_id: str = ""


@dataclass(frozen=True)
class Picture:
    """A numbered figure from an image file in the project folder (PNG or JPEG), counted with the
    charts: caption above, Note and Kilde lines below, alt text."""

    key: str
    caption: str
    data: bytes
    media_type: Literal["image/png", "image/jpeg"]
    alt_text: str
    width_cm: float = 16.0
    number: int = 0
    notes: tuple[str, ...] = ()
    source: str = ""
    pixel_size: tuple[int, int] = (0, 0)
    source_id: str = ""        # the image line ("file:first-last"), whose caption a consultant can edit


@dataclass(frozen=True)
class PageBreak:
    """The next block starts on a new page."""


Block = Union[Paragraph, Table, Figure, KeyFinding, ListBlock, Box, Quote, Picture, PageBreak]


@dataclass(frozen=True)
class Section:
    """A numbered or unnumbered section with blocks and sub-sections."""

    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple["Section", ...] = ()
    number: str = ""
    page_break_before: bool = False
    in_toc: bool = True
    numbered: bool = True
    appendix: bool = False


@dataclass(frozen=True)
class FrontPage:
    project: str
    title: str
    subtitle: str
    date_text: str
    publisher: str


@dataclass(frozen=True)
class BackPage:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """A whole document: a note (front page, TOC, sections, back page) or a one-page profile."""

    kind: Literal["note", "profile"]
    language: str
    brand: str
    front: FrontPage
    sections: tuple[Section, ...]
    back: BackPage | None = None
    toc: bool = True
    date: dt.date | None = None
    strings: tuple[tuple[str, str], ...] = field(default=())
    sources: tuple[tuple[str, str], ...] = ()     # template file → hash of its text (reporter absorb)

    def string(self, key: str) -> str:
        """A language string the renderers need (e.g. 'Tabel', 'Note:')."""
        return dict(self.strings)[key]

    def walk(self):
        """Yield every (section, block) in document order."""
        def _walk(sections):
            for section in sections:
                for block in section.blocks:
                    yield section, block
                yield from _walk(section.sections)
        yield from _walk(self.sections)

    def sections_with_depth(self):
        """Yield every ``(section, depth)`` in document order (depth 1 = a chapter)."""
        def _walk(sections, depth):
            for section in sections:
                yield section, depth
                yield from _walk(section.sections, depth + 1)
        yield from _walk(self.sections, 1)

    def contents(self) -> list[tuple[Section, int]]:
        """The entries of the contents, ``(section, depth)``: the sections shown there (``in_toc``) no deeper
        than :data:`CONTENTS_DEPTH`; empty when the report has no contents. Every renderer lists these."""
        if not self.toc:
            return []
        return [(s, d) for s, d in self.sections_with_depth() if s.in_toc and d <= CONTENTS_DEPTH]

    def tables(self) -> list[Table]:
        return [b for _, b in self.walk() if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for _, b in self.walk() if isinstance(b, Figure)]

    def inlines(self):
        """Yield every inline of the report's authored text in document order (paragraphs, key findings, list
        items, boxes and quotes), each footnote's own inlines right after its call."""
        def parts(inlines):
            for part in inlines:
                yield part
                if isinstance(part, FootnoteRef):
                    yield from parts(part.content)

        def block(b):
            if isinstance(b, (Paragraph, KeyFinding)):
                yield from parts(b.inlines)
            elif isinstance(b, ListBlock):
                for item in b.items:
                    yield from parts(item.inlines)
                    for child in item.children:
                        yield from block(child)
            elif isinstance(b, (Box, Quote)):
                for x in b.blocks:
                    yield from block(x)

        for _, b in self.walk():
            yield from block(b)

    def pictures(self) -> list[Picture]:
        return [b for _, b in self.walk() if isinstance(b, Picture)]
