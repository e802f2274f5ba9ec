"""Reading a rendered DOCX's WordprocessingML in the DOCX tests: a paragraph's visible text and its fields."""

from __future__ import annotations

from docx.oxml.ns import qn


def text_of(element) -> str:
    """Visible text of a paragraph/cell: w:t, w:tab and w:br; field instructions and tab stops excluded."""
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.getparent().tag == qn("w:tabs"):       # a tab stop, not a tab character
            continue
        out.append(node.text or "" if node.tag == qn("w:t") else "\t" if node.tag == qn("w:tab") else "\n")
    return "".join(out)


def fields(p) -> list[tuple[str, str]]:
    """(instruction, cached result) of every complex field under ``p``."""
    out, instr, result, state = [], "", "", None
    for node in p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
        if node.tag == qn("w:fldChar"):
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                state, instr, result = "instr", "", ""
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                out.append((instr.strip(), result))
                state = None
        elif node.tag == qn("w:instrText") and state == "instr":
            instr += node.text or ""
        elif node.tag == qn("w:t") and state == "result":
            result += node.text or ""
    return out
