"""Bookmarks for cross-references: the caption number (SEQ field) or heading number of every table, figure
and section that authored prose refers to (``@key``) is a bookmark, and the reference is a REF field to it,
so renumbering in Word stays right. Like Word's own cross-references, only referenced targets are
bookmarked: a document without references is unchanged.

Names are derived from the target's kind and key (``tbl_ranking``, ``fig_model``, ``sec_intro``): the same
name on both sides without any shared state between the target and its references. Word's rules: a letter
first, then letters, digits and underscores, at most 40 characters. A key that had to be changed (other
characters, too long) gets a short hash of the original key, so two keys never map to one name.
"""

from __future__ import annotations

import hashlib
import re

from reporter.model.document import (
    Figure, FootnoteRef, KeyFinding, ListBlock, Paragraph, Picture, Ref, Report, Section, Table,
)
from reporter.render.docx_xml import el

MAX_NAME = 40
PREFIXES = {"table": "tbl", "figure": "fig", "section": "sec"}
_INVALID = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(kind: str, key: str) -> str:
    """The Word bookmark name of a table, figure (chart or picture) or section key."""
    prefix = PREFIXES[kind]
    clean = _INVALID.sub("_", key)
    name = f"{prefix}_{clean}"
    if clean == key and len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha1(f"{kind}:{key}".encode("utf-8")).hexdigest()[:8]
    return f"{name[:MAX_NAME - len(digest) - 1]}_{digest}"


def report_targets(report: Report) -> list[tuple[str, str]]:
    """(kind, key) of every bookmark target of a report, in document order."""
    out: list[tuple[str, str]] = []

    def walk(sections: tuple[Section, ...]) -> None:
        for section in sections:
            if section.numbered and section.number:
                out.append(("section", section.key))
            for block in section.blocks:
                out.extend(_block_targets(block))
            walk(section.sections)

    walk(report.sections)
    return out


def _block_targets(block) -> list[tuple[str, str]]:
    if isinstance(block, Table):
        return [("table", block.key)]
    if isinstance(block, (Figure, Picture)):
        return [("figure", block.key)]
    inner = getattr(block, "blocks", ())      # boxes and quotes
    return [t for b in inner for t in _block_targets(b)]


def report_references(report: Report) -> set[tuple[str, str]]:
    """(kind, key) of every resolved :class:`Ref` in the report's authored text (footnotes included)."""
    found: set[tuple[str, str]] = set()

    def inlines(parts) -> None:
        for part in parts:
            if isinstance(part, Ref) and part.kind:
                found.add((part.kind, part.key))
            elif isinstance(part, FootnoteRef):
                inlines(part.content)

    def lists(block: ListBlock) -> None:
        for item in block.items:
            inlines(item.inlines)
            for child in item.children:
                lists(child)

    def block(b) -> None:
        if isinstance(b, (Paragraph, KeyFinding)):
            inlines(b.inlines)
        elif isinstance(b, ListBlock):
            lists(b)
        for inner in getattr(b, "blocks", ()):     # boxes and quotes
            block(inner)

    for _, b in report.walk():
        block(b)
    return found


class Bookmarks:
    """The names of a document's bookmarks (unique, decided up front), which targets get one (those in
    ``referenced``; all when it is None) and the running bookmark id."""

    def __init__(self, targets: list[tuple[str, str]], referenced: set[tuple[str, str]] | None = None):
        self.referenced = referenced
        self.names: dict[tuple[str, str], str] = {}
        used: set[str] = set()
        for target in targets:
            if target in self.names:
                continue
            name = bookmark_name(*target)
            if name in used:                      # only if a hash collides: make it unique, deterministically
                base, n = name[:MAX_NAME - 4], 2
                while f"{base}_{n:03d}" in used:
                    n += 1
                name = f"{base}_{n:03d}"
            used.add(name)
            self.names[target] = name
        self._next_id = 0
        # sections whose number is Word list numbering (not text): a REF to them shows the paragraph
        # number (``\\w``); key → the number as the heading shows it ("1.2", "Bilag A")
        self.paragraph_numbers: dict[str, str] = {}
        # list-numbered appendix chapters: Word's number is "Bilag A", so a reference is the field alone
        self.appendix_chapters: set[str] = set()

    def name(self, kind: str, key: str) -> str:
        """The bookmark name of a target (also for a reference to it)."""
        return self.names.get((kind, key)) or bookmark_name(kind, key)

    def start(self, kind: str, key: str):
        """A ``w:bookmarkStart`` for a target and the matching ``w:bookmarkEnd`` (append both around the
        content), or None when nothing refers to the target."""
        if self.referenced is not None and (kind, key) not in self.referenced:
            return None
        ident = self._next_id
        self._next_id += 1
        return el("w:bookmarkStart", id=ident, name=self.name(kind, key)), el("w:bookmarkEnd", id=ident)

    def named(self, name: str):
        """A ``w:bookmarkStart``/``w:bookmarkEnd`` pair with a given name (the contents' ``_Toc`` names)."""
        ident = self._next_id
        self._next_id += 1
        return el("w:bookmarkStart", id=ident, name=name), el("w:bookmarkEnd", id=ident)
