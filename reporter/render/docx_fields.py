"""Word fields: SEQ (caption numbers), TOC, PAGE, and the 'update fields on open' setting.

A field is written as a complex field (``fldChar`` begin / ``instrText`` / separate / result / end).
The *result* is what Word shows before fields are updated, so it is always the model's value: a caption's
SEQ result is the table's or figure's number from the model, the TOC result lists the model's headings.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from reporter.model.document import CONTENTS_DEPTH
from reporter.render.docx_xml import el, insert_before_any, sub, text_run

# Elements that follow w:updateFields in CT_Settings (schema order); it is inserted before the first.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                        "listSeparator")


def _fld_char(kind: str, **attrs):
    run = el("w:r")
    sub(run, "w:fldChar", fldCharType=kind, **attrs)
    return run


def _instr(instruction: str):
    run = el("w:r")
    t = sub(run, "w:instrText")
    t.text = f" {instruction} "
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def field_begin(p, instruction: str, dirty: bool = False) -> None:
    """Open a field in paragraph element ``p`` (begin + instruction + separate)."""
    p.append(_fld_char("begin", **({"dirty": "true"} if dirty else {})))
    p.append(_instr(instruction))
    p.append(_fld_char("separate"))


def field_end(p) -> None:
    p.append(_fld_char("end"))


def add_field(p, instruction: str, result: str, **run_format) -> None:
    """A whole field in one paragraph with ``result`` as its shown (cached) text."""
    field_begin(p, instruction)
    p.append(text_run(result, **run_format))
    field_end(p)


def seq_instruction(identifier: str) -> str:
    """'SEQ Tabel \\* ARABIC': Word's caption numbering sequence named after the caption word."""
    return f"SEQ {identifier.replace(' ', '_')} \\* ARABIC"


def add_seq(p, identifier: str, number: int) -> None:
    add_field(p, seq_instruction(identifier), str(number))


def add_page(p, **run_format) -> None:
    add_field(p, "PAGE \\* ARABIC", "1", **run_format)


# Word's contents: heading levels 1 to CONTENTS_DEPTH (what Word lists again when the field is updated)
TOC_INSTRUCTION = f'TOC \\o "1-{CONTENTS_DEPTH}" \\h \\z \\u'


def set_update_fields(settings_element) -> None:
    """``<w:updateFields w:val="true"/>`` in settings.xml: Word refreshes TOC, SEQ and PAGE on opening."""
    existing = settings_element.find(qn("w:updateFields"))
    if existing is not None:
        existing.set(qn("w:val"), "true")
        return
    insert_before_any(settings_element, el("w:updateFields", val="true"), _AFTER_UPDATE_FIELDS)
