"""Small WordprocessingML helpers on top of python-docx's oxml (elements python-docx has no API for)."""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from functools import lru_cache, wraps

from docx.oxml import OxmlElement
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from lxml.etree import SubElement

from reporter.render.figure_sizes import TEXT_WIDTH_CM  # noqa: F401 - the DOCX modules take it from here

CM_TWIPS = 567.0            # twentieths of a point per centimetre


@lru_cache(maxsize=None)
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """``(Clark name, namespace map)`` of a prefixed tag, as ``OxmlElement`` works them out on every call."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@lru_cache(maxsize=None)
def _w(name: str) -> str:
    return qn(f"w:{name}")


def el(tag: str, **attrs: str | int) -> OxmlElement:
    """A new ``w:`` element; keyword arguments become ``w:`` attributes (``val="x"`` → ``w:val="x"``).
    The same element ``OxmlElement(tag)`` makes (python-docx's element class for the tag), with the tag's
    names looked up once per process: a profile's DOCX makes about 1.800 elements."""
    clark, nsmap = _tag(tag)
    element = oxml_parser.makeelement(clark, nsmap=nsmap)
    for key, value in attrs.items():
        element.set(_w(key), str(value))
    return element


@lru_cache(maxsize=None)
def _namespace(tag: str) -> str:
    """``'{uri}'``: the start of the Clark names in a prefixed tag's namespace."""
    return _tag(tag)[0].partition("}")[0] + "}"


def sub(parent, tag: str, **attrs: str | int):
    """Append a new element to ``parent`` and return it (made in place: lxml's ``SubElement``, the same
    element class and serialisation as ``el`` + ``append``). A child in its parent's namespace takes the
    parent's declaration without a namespace map to merge (a third of the call)."""
    clark, nsmap = _tag(tag)
    if parent.tag.startswith(_namespace(tag)):
        child = SubElement(parent, clark)
    else:
        child = SubElement(parent, clark, nsmap=nsmap)
    for key, value in attrs.items():
        child.set(_w(key), str(value))
    return child


COPIES_KEPT = 4096    # distinct elements kept per builder: a batch's runs and cell shells repeat, a note's are few


def copies(build: Callable[..., object]) -> Callable[..., object]:
    """Decorator for a builder of a free-standing element from hashable arguments: the element is built once
    per distinct set of arguments (per process, the least recently used of :data:`COPIES_KEPT` dropped) and
    every call returns a deep copy of it: the same element, so the same bytes, for a fraction of the calls
    (a batch of profiles writes the same numbers, labels and table cells over and over). The copy is the
    caller's to change; the kept original is never handed out."""
    original = lru_cache(maxsize=COPIES_KEPT)(build)

    @wraps(build)
    def copy_of(*args, **kwargs):
        return deepcopy(original(*args, **kwargs))

    copy_of.cache_clear = original.cache_clear  # type: ignore[attr-defined]
    copy_of.cache_info = original.cache_info    # type: ignore[attr-defined]
    return copy_of


def insert_before_any(parent, node, followers) -> None:
    """Insert ``node`` into ``parent`` before the first of ``followers`` (local ``w:`` names, in the order
    given: the elements the schema puts after it) that ``parent`` has; appended when it has none."""
    for name in followers:
        anchor = parent.find(qn(f"w:{name}"))
        if anchor is not None:
            anchor.addprevious(node)
            return
    parent.append(node)


def paragraph_pr(p, style: str, *, keep_next: bool = False, align=None):
    """Give a new, empty ``w:p`` its ``w:pPr`` with ``w:pStyle``, ``w:keepNext`` and ``w:jc`` in schema order:
    the elements python-docx's ``style``/``keepNext_val``/``jc_val`` setters make, without their search
    for each child's place (most of a table-heavy document's build time). ``align`` is a
    ``WD_ALIGN_PARAGRAPH`` member."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ppr = el("w:pPr")
    p.insert(0, ppr)
    sub(ppr, "w:pStyle", val=style)
    if keep_next:
        sub(ppr, "w:keepNext")
    if align is not None:
        sub(ppr, "w:jc", val=WD_ALIGN_PARAGRAPH.to_xml(align))
    return ppr


def hex_colour(colour: str) -> str:
    """'#1d3557' → '1D3557' (Word's form)."""
    return colour.lstrip("#").upper()


def twips(cm: float) -> int:
    return int(round(cm * CM_TWIPS))


NB_HYPHEN = "\u2011"       # non-breaking hyphen ("pct.-point"): Word's own w:noBreakHyphen in the DOCX
SOFT_HYPHEN = "\u00ad"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot carry (they come from spreadsheets now and
    then); everything else is kept as the model has it."""
    return _XML_ILLEGAL.sub("", text)


def add_emphasis(rpr, *, bold: bool = False, italic: bool = False) -> None:
    """Bold and italic in a ``w:rPr`` (each for complex scripts too), in schema order."""
    if bold:
        sub(rpr, "w:b")
        sub(rpr, "w:bCs")
    if italic:
        sub(rpr, "w:i")
        sub(rpr, "w:iCs")


@copies
def text_run(text: str, *, bold: bool = False, colour: str | None = None, shade: str | None = None,
             size_pt: float | None = None, italic: bool = False):
    """A ``w:r`` with text; line breaks in ``text`` become ``w:br``, tabs ``w:tab``, soft hyphens (U+00AD)
    ``w:softHyphen``, non-breaking hyphens (U+2011) ``w:noBreakHyphen``. Built once per distinct arguments
    and copied (:func:`copies`)."""
    run = el("w:r")
    rpr = el("w:rPr")
    add_emphasis(rpr, bold=bold, italic=italic)
    if colour:
        sub(rpr, "w:color", val=hex_colour(colour))
    if size_pt:
        sub(rpr, "w:sz", val=int(round(size_pt * 2)))
        sub(rpr, "w:szCs", val=int(round(size_pt * 2)))
    if shade:
        sub(rpr, "w:shd", val="clear", color="auto", fill=hex_colour(shade))
    if len(rpr):
        run.append(rpr)
    append_text(run, text)
    return run


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_MARKS = re.compile(f"({NB_HYPHEN}|{SOFT_HYPHEN})")
_NB_ONLY = re.compile(f"({NB_HYPHEN})")


def append_text(run, text: str, *, soft_hyphens: bool = True) -> None:
    """Append ``text`` to the ``w:r`` ``run``: line breaks as ``w:br``, tabs as ``w:tab``, non-breaking hyphens
    (U+2011, "pct.-point") as Word's own ``w:noBreakHyphen``, soft hyphens (U+00AD) as ``w:softHyphen`` (with
    ``soft_hyphens``; else kept in the text), the rest as ``w:t`` (spaces preserved)."""
    for i, line in enumerate(xml_text(text).split("\n")):
        if i:
            sub(run, "w:br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                sub(run, "w:tab")
            marks = _MARKS if soft_hyphens else _NB_ONLY
            for part in marks.split(piece):
                if part == NB_HYPHEN:
                    sub(run, "w:noBreakHyphen")
                elif part == SOFT_HYPHEN and soft_hyphens:
                    sub(run, "w:softHyphen")
                elif part:
                    t = sub(run, "w:t")
                    t.text = part
                    t.set(_XML_SPACE, "preserve")


def shading(fill: str):
    """A ``w:shd`` with a solid fill."""
    return el("w:shd", val="clear", color="auto", fill=hex_colour(fill))


def set_keep_next(paragraph_element) -> None:
    """Keep a ``w:p`` on the same page as the next paragraph."""
    ppr = paragraph_element.get_or_add_pPr()
    ppr.keepNext_val = True
