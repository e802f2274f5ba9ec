"""WordprocessingML helpers: elements made by ``el``/``sub`` serialise as python-docx's own do."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from reporter.render.docx_xml import el, sub, text_run


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


def _run_built_afresh(text: str, **fmt):
    """What ``text_run`` builds, without its copies (the undecorated builder)."""
    return text_run.__wrapped__(text, **fmt)


def test_copies_gives_a_new_element_equal_to_a_fresh_build_each_call():
    first = text_run("▲ 66 %", bold=True, colour="#1d3557")
    first.append(el("w:tab"))                            # the caller's to change ...
    second = text_run("▲ 66 %", bold=True, colour="#1d3557")
    assert second is not first
    assert etree.tostring(second) == etree.tostring(_run_built_afresh("▲ 66 %", bold=True, colour="#1d3557"))
    assert etree.tostring(second).count(b"w:tab") == 0   # ... and never reaches the next copy
    assert type(second) is type(_run_built_afresh("x"))  # python-docx's element class (CT_R) survives the copy


def test_copies_tell_different_arguments_apart():
    plain, bold = text_run("a"), text_run("a", bold=True)
    assert etree.tostring(plain) != etree.tostring(bold)
    assert etree.tostring(bold) == etree.tostring(_run_built_afresh("a", bold=True))


def test_a_copy_appended_under_a_parent_serialises_as_an_element_made_in_place():
    """A copied run declares the ``w:`` namespace of its own (made free-standing); appended to a paragraph it
    must serialise as a run made inside it, with the one declaration on the paragraph."""
    made_in_place = el("w:p")
    sub(sub(made_in_place, "w:r"), "w:t").text = "x"
    made_in_place[0][0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    copied = el("w:p")
    copied.append(text_run("x"))
    copied.append(text_run("x"))
    copied.remove(copied[1])
    assert etree.tostring(copied) == etree.tostring(made_in_place)
    assert etree.tostring(copied).count(b"xmlns:w=") == 1
