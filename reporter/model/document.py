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
ChartKind = Literal["clustered_bar", "stacked_bar", "horizontal_bar", "spread"]


@dataclass(frozen=True)
class Cell:
    """One table cell: the exact value, the text shown, and a status (change colour, suppression...)."""

    text: str
    value: float | None = None
    status: CellStatus = "plain"
    align: Literal["left", "right", "center"] = "right"
    span: int = 1


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
    value_format: Literal["percent", "number"] = "percent"
    value_max: float | None = None
    height: float = 6.5  # cm
    # "image": drawn by reporter.charts (SVG in PDF/HTML, PNG in DOCX); "native": a 100 % stacked bar built
    # from the renderer's own boxes (HTML boxes, Word table cells) — text stays text, nothing is drawn.
    draw: Literal["image", "native"] = "image"
    # Meaning of each category, when categories are group × wave rows (stacked bars, spread): the group a
    # category belongs to (rows of one group are set apart; spread: one cluster per group) and its wave
    # label (spread: one box per wave within the cluster). Empty = categories are not grouped.
    category_groups: tuple[str, ...] = ()
    category_waves: tuple[str, ...] = ()


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
