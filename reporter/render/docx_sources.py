"""Authored blocks marked with their place in the template, so that a consultant's edits in Word can flow
back into the template files (``reporter absorb``, :mod:`reporter.absorb`).

The authored content of a paragraph (a template paragraph, list item, box text, caption text of a picture or
free table, footnote, free-table cell) is wrapped in a run-level content control (``w:sdt``) tagged
``src:<file>:<first>-<last>`` (``#<column>`` for a table cell). Computed values inside stay their own locked
content controls (``value:<expression>``). LibreOffice drops content-control tags when it saves, so the same
content also sits between a hidden bookmark ``_src_<hash>`` (bookmarks survive both Word and LibreOffice); the
hash is of the source id, and :mod:`reporter.absorb` recomputes it from the template.
"""

from __future__ import annotations

import hashlib

from docx.oxml.ns import qn

from reporter.render.docx_xml import el, sub, xml_text

SOURCE_TAG_PREFIX = "src:"
BOOKMARK_PREFIX = "_src_"
_FIRST_BOOKMARK_ID = 100_000        # far above the ids of REF-target bookmarks (docx_bookmarks counts from 0)


def source_file(source_id: str) -> str:
    """The template file of a source id ("note.md:12-14#2" → "note.md")."""
    return source_id.rsplit(":", 1)[0]


def source_bookmark(source_id: str, digest: str = "") -> str:
    """The hidden bookmark name of a source id and the hash of its file's text (≤ 40 characters, letters,
    digits and underscores): a DOCX rendered from another version of the file has other names."""
    return BOOKMARK_PREFIX + hashlib.sha1(f"{source_id}\0{digest}".encode("utf-8")).hexdigest()[:16]


class SourceMarks:
    """Wraps authored content in tagged content controls and hidden bookmarks (running ids)."""

    def __init__(self, sdt_ids, digests: dict[str, str] | None = None) -> None:
        self._sdt_ids = sdt_ids           # callable → the next content-control id (shared with values)
        self._bookmark_id = _FIRST_BOOKMARK_ID
        self.digests = dict(digests or {})  # template file → hash of its text (Report.sources)

    def wrap(self, p, source_id: str, children: list | None = None) -> None:
        """Move ``children`` of paragraph ``p`` (default: everything after ``w:pPr``) into a content control
        tagged with ``source_id``, between the start and end of its hidden bookmark."""
        if not source_id:
            return
        if children is None:
            children = [c for c in p if c.tag != qn("w:pPr")]
        if not children:
            return
        sdt = el("w:sdt")
        pr = sub(sdt, "w:sdtPr")
        sub(pr, "w:tag", val=xml_text(SOURCE_TAG_PREFIX + source_id))
        sub(pr, "w:id", val=self._sdt_ids())
        content = sub(sdt, "w:sdtContent")
        children[0].addprevious(sdt)
        for child in children:
            content.append(child)
        ident = self._bookmark_id
        self._bookmark_id += 1
        sdt.addprevious(el("w:bookmarkStart", id=ident, name=source_bookmark(source_id, self.digests.get(source_file(source_id), ""))))
        sdt.addnext(el("w:bookmarkEnd", id=ident))
