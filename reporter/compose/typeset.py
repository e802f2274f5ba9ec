"""The house style applied once to every generated text of a report (reporter.text.typography): sentences,
notes, captions and titles as prose ("pct.", ”…”, en dash ranges, no-break spaces), table cells, chart labels
and legends as labels ("%" with the brand's spacing). Authored text (paragraphs with inlines from a template)
is the consultant's: its quotation marks come from the Markdown parser's typographer, nothing else changes."""

from __future__ import annotations

from dataclasses import replace

from reporter.model.document import (
    Box, Cell, Figure, FootnoteRef, KeyFinding, ListBlock, ListItem, Paragraph, Quote, Report, Section, Series, Table,
    Value, plain_text,
)
from reporter.text import typography as ty


def typeset(report: Report, percent_space: bool) -> Report:
    """``report`` with every generated text in the house style."""
    lang = report.language

    def prose(text: str) -> str:
        return ty.prose(text, lang) if text else text

    def label(text: str) -> str:
        return ty.label(text, lang, percent_space) if text else text

    def cell(c: Cell) -> Cell:
        return c if c.source_id else replace(c, text=label(c.text))

    def table(t: Table) -> Table:
        if t.source_id:                     # a table written in the template: the consultant's text
            return t
        return replace(t, caption=prose(t.caption), notes=tuple(prose(n) for n in t.notes), source=prose(t.source),
                       rows=tuple(replace(r, cells=tuple(cell(c) for c in r.cells)) for r in t.rows),
                       legend_words=tuple((k, label(v)) for k, v in t.legend_words))

    def series(s: Series) -> Series:
        return replace(s, name=label(s.name), labels=tuple(label(x) for x in s.labels))

    def figure(f: Figure) -> Figure:
        return replace(f, caption=prose(f.caption), notes=tuple(prose(n) for n in f.notes), source=prose(f.source),
                       alt_text=prose(f.alt_text), categories=tuple(label(c) for c in f.categories),
                       series=tuple(series(s) for s in f.series),
                       category_groups=tuple(label(c) for c in f.category_groups),
                       category_waves=tuple(label(c) for c in f.category_waves))

    def inline(x):
        # a computed value in authored prose: its unit kept whole ("5 pct.-point"); '%' stays where the
        # template asked for it (the `percent` filter)
        if isinstance(x, Value):
            return replace(x, text=ty.units(ty.ranges(x.text), lang))
        if isinstance(x, FootnoteRef):
            return replace(x, content=tuple(inline(c) for c in x.content))
        return x

    def inlines(parts):
        return tuple(inline(x) for x in parts)

    def item(i: ListItem) -> ListItem:
        return replace(i, inlines=inlines(i.inlines), children=tuple(block(c) for c in i.children))

    def block(b):
        if isinstance(b, Paragraph):
            if not b.inlines:
                return replace(b, text=prose(b.text))
            parts = inlines(b.inlines)
            return replace(b, inlines=parts, text=plain_text(parts))
        if isinstance(b, KeyFinding):
            if not b.inlines:
                return replace(b, headline=prose(b.headline), text=prose(b.text))
            parts = inlines(b.inlines)
            return replace(b, inlines=parts, text=plain_text(parts))
        if isinstance(b, ListBlock):
            return replace(b, items=tuple(item(i) for i in b.items))
        if isinstance(b, Table):
            return table(b)
        if isinstance(b, Figure):
            return figure(b)
        if isinstance(b, (Box, Quote)):
            return replace(b, blocks=tuple(block(x) for x in b.blocks))
        return b

    def section(s: Section) -> Section:
        return replace(s, title=ty.ranges(ty.quotes(s.title, lang)), blocks=tuple(block(b) for b in s.blocks),
                       sections=tuple(section(x) for x in s.sections))

    return replace(report, sections=tuple(section(s) for s in report.sections))
