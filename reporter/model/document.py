"""The frozen document model: what a note or a profile says, independent of PDF, DOCX or HTML.

Builders (``reporter.build``) create it from metric tables; renderers (``reporter.render``) only
read it. Everything a reader sees is already decided here: display text of every cell, caption
numbers, cross-references, colours (as a status name resolved by the brand), alt texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Union

# Status of a table cell. Renderers map these to brand colours and symbols.
CellStatus = Literal["plain", "up", "same", "down", "suppressed", "missing", "header", "total", "group"]
ChartKind = Literal["clustered_bar", "stacked_bar", "horizontal_bar", "spread",
                    # register charts (reporter.charts.register)
                    "line", "km", "effect_bar", "ratio_bar", "scatter"]
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
    # typographic emphasis decided by the build step (regression tables: bold = significant at 5 %, italic = 10 %)
    emphasis: Literal["", "bold", "italic"] = ""


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
    column_widths: tuple[float, ...] = ()
    block: str = "table"

    @property
    def label(self) -> str:
        return f"{self.number}"


@dataclass(frozen=True)
class Series:
    """One data series of a chart: a name and one value per category (None = no bar)."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...] = ()
    # register charts: the series' group (its label) and the group's role (line style), confidence bounds per value
    # (KM bands, CI whiskers) and x positions (scatter); empty for the survey charts
    group: str = ""
    role: GroupRole = ""
    lower: tuple[float | None, ...] = ()
    upper: tuple[float | None, ...] = ()
    x: tuple[float | None, ...] = ()


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
    value_format: Literal["percent", "number", "pp"] = "percent"  # "pp": share differences as pct.-points
    value_max: float | None = None
    height: float = 6.5  # cm
    # "image": drawn by reporter.charts (SVG in PDF/HTML, PNG in DOCX); "native": a 100 % stacked bar built
    # from the renderer's own boxes (HTML boxes, Word table cells) — text stays text, nothing is drawn.
    draw: Literal["image", "native"] = "image"
    # register charts: axis titles, a reference line (0 for differences, 1 for ratios), a fitted line
    # (slope, intercept) with its text (scatter: "y = 0,0514x + 0,5811, R² = 0,0779"), value axis unit
    x_title: str = ""
    y_title: str = ""
    reference: float | None = None
    fit_line: tuple[float, float] | None = None
    annotation: str = ""
    log_scale: bool = False


@dataclass(frozen=True)
class Paragraph:
    """Running text. ``{ref:key}`` placeholders are resolved to 'tabel 3' / 'figur 4' by numbering."""

    text: str
    style: Literal["body", "lead", "small", "bullet"] = "body"


@dataclass(frozen=True)
class KeyFinding:
    """A resumé box: a headline and a sentence with numbers filled from metrics."""

    headline: str
    text: str


Block = Union[Paragraph, Table, Figure, KeyFinding]


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

    def tables(self) -> list[Table]:
        return [b for _, b in self.walk() if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for _, b in self.walk() if isinstance(b, Figure)]
