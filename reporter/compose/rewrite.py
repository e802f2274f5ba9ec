"""Rewriting a report's authored inlines: one recursion over footnotes, paragraphs, key findings, lists, boxes
and quotes, for the numbering of references and footnotes (:mod:`reporter.compose.numbering`) and the
template's check of reference labels (:func:`reporter.compose.template.engine.check_refs`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from reporter.model import plain_text
from reporter.model import Box, FootnoteRef, KeyFinding, ListBlock, Paragraph, Quote, Ref

Parts = tuple


def rewrite_refs(parts: Parts, ref: Callable[[Ref], object],
                 footnote: Callable[[FootnoteRef], FootnoteRef] = lambda f: f) -> Parts:
    """``parts`` with every :class:`Ref` replaced by ``ref(part)``, also inside footnotes; each footnote call
    goes through ``footnote`` first (in document order, before its own content)."""
    out = []
    for part in parts:
        if isinstance(part, Ref):
            out.append(ref(part))
        elif isinstance(part, FootnoteRef):
            part = footnote(part)
            out.append(replace(part, content=rewrite_refs(part.content, ref, footnote)))
        else:
            out.append(part)
    return tuple(out)


def rewrite_block(block, parts: Callable[[Parts], Parts], other: Callable = lambda b: b):
    """``block`` with ``parts`` applied to each of its inline runs in document order: a paragraph's or key
    finding's (whose plain ``text`` follows), every list item's, those inside boxes and quotes. Any other
    block, a paragraph without inlines included, becomes ``other(block)``."""
    if isinstance(block, (Paragraph, KeyFinding)) and block.inlines:
        new = parts(block.inlines)
        return replace(block, inlines=new, text=plain_text(new))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(
            replace(item, inlines=parts(item.inlines),
                    children=tuple(rewrite_block(c, parts, other) for c in item.children))
            for item in block.items))
    if isinstance(block, (Box, Quote)):
        return replace(block, blocks=tuple(rewrite_block(b, parts, other) for b in block.blocks))
    return other(block)
