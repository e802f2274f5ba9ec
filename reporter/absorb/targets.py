"""What the model says about the DOCX blocks ``reporter absorb`` reads: the kind of every authored block by
its source id, and the label key behind every REF bookmark."""

from __future__ import annotations

from reporter.model.document import (
    Box, FootnoteRef, KeyFinding, ListBlock, Paragraph, Picture, Quote, Ref, Report, Table,
)


def block_kinds(report: Report) -> dict[str, str]:
    """Source id → kind of every authored block of the model."""
    kinds: dict[str, str] = {}

    def inlines(parts) -> None:
        for p in parts:
            if isinstance(p, FootnoteRef):
                if p.source_id:
                    kinds[p.source_id] = "footnote"
                inlines(p.content)

    def block(b) -> None:
        if isinstance(b, (Paragraph, KeyFinding)):
            if getattr(b, "source_id", ""):
                kinds[b.source_id] = "paragraph"
            inlines(b.inlines)
        elif isinstance(b, ListBlock):
            for item in b.items:
                if item.source_id:
                    kinds[item.source_id] = "item"
                inlines(item.inlines)
                for child in item.children:
                    block(child)
        elif isinstance(b, (Box, Quote)):
            for x in b.blocks:
                block(x)
        elif isinstance(b, Picture) and b.source_id:
            kinds[b.source_id] = "picture"
        elif isinstance(b, Table) and b.source_id:
            kinds[b.source_id] = "table-caption"
            for row in b.rows:
                for cell in row.cells:
                    if cell.source_id:
                        kinds[cell.source_id] = "cell"

    for _, b in report.walk():
        block(b)
    return kinds


def ref_keys(report: Report) -> tuple[dict[str, str], set[str]]:
    """REF bookmark name → label key, and the words shown before reference numbers ('tabel')."""
    from reporter.render.docx_bookmarks import Bookmarks, report_references, report_targets

    marks = Bookmarks(report_targets(report), report_references(report))
    names: dict[str, str] = {}
    words: set[str] = set()

    for part in report.inlines():
        if isinstance(part, Ref) and part.kind:
            names[marks.name(part.kind, part.key)] = part.key
            words.add(part.word.lower())
    return names, words
