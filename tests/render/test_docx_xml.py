"""WordprocessingML helpers: elements made by ``el``/``sub`` serialise as python-docx's own do."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from reporter.render.docx_xml import el, sub


def python_docx_tree():
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    p.append(ppr)
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), "Caption")
    ppr.append(style)
    r = OxmlElement("w:r")
    p.append(r)
    inline = OxmlElement("wp:inline")          # another namespace under a w: parent
    r.append(inline)
    extent = OxmlElement("wp:extent")
    inline.append(extent)
    return p


def test_sub_serialises_like_python_docx_elements():
    p = el("w:p")
    sub(sub(p, "w:pPr"), "w:pStyle", val="Caption")
    sub(sub(sub(p, "w:r"), "wp:inline"), "wp:extent")
    assert etree.tostring(p) == etree.tostring(python_docx_tree())


def test_children_in_the_parents_namespace_declare_nothing_of_their_own():
    p = el("w:p")
    run = sub(p, "w:r")
    inline = sub(run, "wp:inline")
    text = etree.tostring(p).decode()
    assert text.count("xmlns:w=") == 1
    assert text.count("xmlns:wp=") == 1 and "<wp:inline xmlns:wp=" in text
    assert type(run).__name__ == "CT_R" and inline.tag == qn("wp:inline")
