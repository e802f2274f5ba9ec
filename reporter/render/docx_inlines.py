"""Authored inline content in the DOCX: formatted runs, computed values, cross-references, links, footnote
calls and line breaks, appended to a ``w:p``.

- ``Text``: a run, bold/italic as run properties, code in a monospace font.
- ``Value``: its own run inside a locked plain-text content control (``w:sdt``, lock
  ``sdtContentLocked``, tag ``value:<expression>``) so that a later re-render can find and update it.
- ``Ref``: the word as text ("tabel ") and a ``REF <bookmark> \\h`` field whose cached result is the model's
  number; the bookmark sits around the target's SEQ number (or heading number), see :mod:`docx_bookmarks`.
- ``Link``: a ``w:hyperlink`` with an external relationship from the part that holds the paragraph (the
  document or the footnotes) and the Hyperlink character style.
- ``FootnoteRef``: a real Word footnote (:mod:`docx_footnotes`).
- ``LineBreak``: ``w:br``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reporter.model.document import FootnoteRef, LineBreak, Link, Ref, Text, Value
from reporter.render import docx_styles as S
from reporter.render.docx_fields import add_field
from reporter.render.docx_sources import SourceMarks
from reporter.render.docx_xml import add_emphasis, append_text, el, sub, xml_text

if TYPE_CHECKING:
    from reporter.render.docx_bookmarks import Bookmarks
    from reporter.render.docx_footnotes import Footnotes

CODE_FONT = "Courier New"
VALUE_TAG_PREFIX = "value:"
VALUE_LOCK = "sdtContentLocked"


def run_properties(*, style: str | None = None, bold: bool = False, italic: bool = False, code: bool = False):
    """A ``w:rPr`` (children in schema order) or None when there is nothing to set."""
    rpr = el("w:rPr")
    if style:
        sub(rpr, "w:rStyle", val=style)
    if code:
        sub(rpr, "w:rFonts", ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT)
    add_emphasis(rpr, bold=bold, italic=italic)
    return rpr if len(rpr) else None


def styled_run(text: str, *, style: str | None = None, bold: bool = False, italic: bool = False,
               code: bool = False):
    """A ``w:r`` with ``text`` (line breaks → ``w:br``, tabs → ``w:tab``) and the given formatting."""
    run = el("w:r")
    rpr = run_properties(style=style, bold=bold, italic=italic, code=code)
    if rpr is not None:
        run.append(rpr)
    append_text(run, text, soft_hyphens=False)
    return run


class Inlines:
    """Writes inline content; holds what runs need from the document: the bookmarks (REF targets), the
    footnotes part, the brand (for styles added on first use) and the running content-control id."""

    def __init__(self, document, brand, bookmarks: "Bookmarks", footnotes: "Footnotes"):
        self.document = document
        self.brand = brand
        self.bookmarks = bookmarks
        self.footnotes = footnotes
        self._sdt_id = 0
        self.sources = SourceMarks(self.next_sdt_id)

    def next_sdt_id(self) -> int:
        """The next content-control id (values and authored blocks count together)."""
        self._sdt_id += 1
        return self._sdt_id

    def write(self, p, inlines, part=None, *, bold: bool = False, italic: bool = False) -> None:
        """Append ``inlines`` to paragraph element ``p``. ``part`` owns ``p`` (hyperlink relationships go
        there; default: the main document); ``bold``/``italic`` apply to every run (a box title, a quote)."""
        part = part if part is not None else self.document.part
        for item in inlines:
            if isinstance(item, Text):
                p.append(styled_run(item.text, bold=bold or item.bold, italic=italic or item.italic, code=item.code))
            elif isinstance(item, Value):
                p.append(self.value(item, bold=bold, italic=italic))
            elif isinstance(item, Ref):
                self.ref(p, item, bold=bold, italic=italic)
            elif isinstance(item, Link):
                p.append(self.link(item, part))
            elif isinstance(item, FootnoteRef):
                if part is self.document.part:
                    p.append(self.footnotes.call(item, self))
                elif item.number:          # a footnote inside a footnote cannot be one: its number as text
                    p.append(styled_run(str(item.number), style=S.ensure_style(self.document,
                                                                               S.FOOTNOTE_REFERENCE, self.brand)))
            elif isinstance(item, LineBreak):
                run = el("w:r")
                sub(run, "w:br")
                p.append(run)
            else:
                raise TypeError(f"no DOCX rendering for inline {type(item).__name__}")

    def value(self, value: Value, *, bold: bool = False, italic: bool = False):
        """A computed value: one run in a locked plain-text content control tagged with its expression."""
        sdt = el("w:sdt")
        pr = sub(sdt, "w:sdtPr")
        rpr = run_properties(bold=bold or value.bold, italic=italic or value.italic)
        if rpr is not None:
            pr.append(rpr)
        sub(pr, "w:tag", val=xml_text(VALUE_TAG_PREFIX + value.expression))
        sub(pr, "w:id", val=self.next_sdt_id())
        sub(pr, "w:lock", val=VALUE_LOCK)
        sub(pr, "w:text")
        content = sub(sdt, "w:sdtContent")
        content.append(styled_run(value.text, bold=bold or value.bold, italic=italic or value.italic))
        return sdt

    def ref(self, p, ref: Ref, *, bold: bool = False, italic: bool = False) -> None:
        """'tabel ' as text, then a REF field to the target's bookmark showing the model's number."""
        word = ref.word[:1].upper() + ref.word[1:] if ref.capital else ref.word
        if not (ref.kind and ref.number):
            p.append(styled_run(ref.text or ref.key, bold=bold, italic=italic))
            return
        name = self.bookmarks.name(ref.kind, ref.key)
        fmt = {"bold": True} if bold else {}
        if word:
            p.append(styled_run(word + " ", bold=bold, italic=italic))
        # a heading numbered by Word's list: the REF shows its paragraph number in full context (\\w)
        listed = ref.kind == "section" and ref.key in self.bookmarks.paragraph_numbers
        add_field(p, f"REF {name} \\w \\h" if listed else f"REF {name} \\h", ref.number, **fmt)

    def link(self, link: Link, part):
        """A hyperlink: external relationship from ``part``; ``#name`` links to a bookmark in the document."""
        hyperlink = el("w:hyperlink")
        if link.href.startswith("#"):
            hyperlink.set(qn("w:anchor"), link.href[1:])
        else:
            r_id = part.relate_to(link.href, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), r_id)
        hyperlink.set(qn("w:history"), "1")
        style = S.ensure_style(self.document, S.HYPERLINK, self.brand)
        hyperlink.append(styled_run(link.text or link.href, style=style))
        return hyperlink
