"""Real Word footnotes: a ``word/footnotes.xml`` part, created when the first footnote is written.

The part follows what Word itself writes: the separator and continuation-separator footnotes with ids -1
and 0 (listed in settings.xml's ``w:footnotePr``), then one ``w:footnote`` per footnote with ids 1..n (the
model's footnote numbers) in document order. Each footnote's paragraph (FootnoteText style) starts with the
``w:footnoteRef`` mark; the call in the text is a ``w:footnoteReference`` run in the FootnoteReference
(superscript) style. Footnote content is inlines, written like body text (bold, italic, links — links get
relationships from the footnotes part).
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from reporter.model.document import FootnoteRef
from reporter.render import docx_styles as S
from reporter.render.docx_xml import el, insert_before_any, sub

PARTNAME = "/word/footnotes.xml"
SEPARATOR_ID = -1
CONTINUATION_ID = 0

_NAMESPACES = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_SEPARATOR = ('<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr>'
              '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
              '<w:r><w:{kind}/></w:r></w:p></w:footnote>')
# CT_Settings children that come after w:footnotePr (schema order): footnotePr is inserted before the first.
_AFTER_FOOTNOTE_PR = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                      "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                      "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                      "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _empty_footnotes_xml() -> str:
    return (f"<w:footnotes {_NAMESPACES}>"
            + _SEPARATOR.format(kind="separator", id=SEPARATOR_ID)
            + _SEPARATOR.format(kind="continuationSeparator", id=CONTINUATION_ID)
            + "</w:footnotes>")


class Footnotes:
    """The document's footnotes part (made on first use) and the footnote ids written so far."""

    def __init__(self, document, brand):
        self.document = document
        self.brand = brand
        self.part: XmlPart | None = None
        self.ids: list[int] = []

    def _ensure_part(self) -> XmlPart:
        if self.part is None:
            main = self.document.part
            self.part = XmlPart(PackURI(PARTNAME), CT.WML_FOOTNOTES, parse_xml(_empty_footnotes_xml()),
                                main.package)
            main.relate_to(self.part, RT.FOOTNOTES)
            _settings_footnote_pr(self.document.settings.element)
        return self.part

    def call(self, footnote: FootnoteRef, inlines) -> object:
        """Write the footnote's content into footnotes.xml and return the call run for the text."""
        part = self._ensure_part()
        ident = footnote.number if footnote.number > 0 and footnote.number not in self.ids \
            else max(self.ids, default=0) + 1
        self.ids.append(ident)
        ref_style = S.ensure_style(self.document, S.FOOTNOTE_REFERENCE, self.brand)
        text_style = S.ensure_style(self.document, S.FOOTNOTE_TEXT, self.brand)
        note = el("w:footnote", id=ident)
        p = sub(note, "w:p")
        p.get_or_add_pPr().style = text_style
        mark = sub(p, "w:r")
        sub(sub(mark, "w:rPr"), "w:rStyle", val=ref_style)
        sub(mark, "w:footnoteRef")
        space = sub(sub(p, "w:r"), "w:t")
        space.text = " "
        space.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        inlines.write(p, footnote.content, part)
        if footnote.source_id:                 # a labelled footnote: its definition line (reporter absorb)
            inlines.sources.wrap(p, footnote.source_id, list(p)[3:])
        part.element.append(note)
        run = el("w:r")
        sub(sub(run, "w:rPr"), "w:rStyle", val=ref_style)
        sub(run, "w:footnoteReference", id=ident)
        return run


def _settings_footnote_pr(settings) -> None:
    """``<w:footnotePr>`` naming the separator footnotes in settings.xml, as Word writes it."""
    if settings.find(qn("w:footnotePr")) is not None:
        return
    node = el("w:footnotePr")
    sub(node, "w:footnote", id=SEPARATOR_ID)
    sub(node, "w:footnote", id=CONTINUATION_ID)
    insert_before_any(settings, node, _AFTER_FOOTNOTE_PR)
