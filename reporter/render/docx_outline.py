"""The note's outline as Word builds it: heading numbers from a multilevel list linked to Heading 1–3, and
the table of contents stored with its entries, page numbers and hyperlinks.

Heading numbers. One list definition (``w:abstractNum``, levels linked to Heading 1–3 by ``w:pStyle``, the
heading styles carrying its ``w:numPr``) numbers the main sections "1", "1.2", "1.2.3". Word computes these
numbers itself, so before a heading is put on the list the counting Word will do is replayed
(:class:`OutlinePlan`): a heading is list numbered only when Word's number equals the model's
``Section.number``; any other heading (deeper than level 3, a model number Word's counting cannot give)
keeps its number as typed text and is taken off the list (``numId 0``), like every unnumbered heading.

Appendix chapters ("Bilag A") and their sub-sections ("A.1", "A.1.2") are on a second list of their own
(the list style "Bilag A": level 1 an upper-case letter after the appendix word, deeper levels "A.1"), set on
the heading paragraphs (their styles stay linked to the main list). A cross-reference to an appendix chapter
is the REF field alone (``\\w``: Word shows "Bilag A"; the word is not typed before it, or an update would
give "bilag Bilag A"); one to an appendix sub-section is "afsnit " + REF ("A.1"), like the main sections.

Contents. The TOC field's cached result is what Word writes after "update table": one TOC1–TOC3
paragraph per entry (the styles carry the right tab with dot leader at the text width), a hyperlink to a hidden ``_Toc…`` bookmark on the heading, the number, a tab, the
title, a right tab with dot leader and the page as a ``PAGEREF`` field whose cached text is the page the
PDF layout gave the heading (``pages``). Without a page for an entry it has no page field.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from reporter.model.document import CONTENTS_DEPTH, Section
from reporter.render import docx_styles as S
from reporter.render.docx_fields import field_begin, field_end
from reporter.render.docx_xml import el, sub, text_run

LEVELS = 9
HEADING_NSID = "52504831"
APPENDIX_NSID = "52504841"
APPENDIX_STYLE_NAME = "Bilag A"
LIST_DEPTH = 3   # heading levels Word's list numbers (Heading 1-3 are linked to it); deeper numbers are typed
# twips where an entry's title starts after its number, per TOC level (TOC1–3 indent 0, 284, 567 in the
# reference styles; room for "Bilag A", "2.10", "2.1.10"); the right tab with dot leader at the text width
TOC_NUMBER_TABS = (907, 907, 1304)
TOC_RIGHT_TAB = 9072
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class HeadingNumber:
    """How one heading is numbered: on a list (``kind`` 'main' or 'appendix', ``level`` = ilvl) or typed."""

    kind: str          # "main" or "appendix" (on that heading list) or "typed" ("" = unnumbered)
    level: int = 0
    text: str = ""     # the number as shown ("1.2", "Bilag A"); "" when unnumbered


class OutlinePlan:
    """Which headings Word numbers (replaying Word's list counters) and the ``_Toc`` bookmark names."""

    def __init__(self, sections: tuple[Section, ...], appendix_word: str, start_depth: int = 1):
        self.appendix_word = appendix_word
        self.numbers: dict[str, HeadingNumber] = {}
        self.toc_names: dict[str, str] = {}
        self._counters = {"main": [0] * LEVELS, "appendix": [0] * LEVELS}
        self._walk(sections, start_depth, False)

    @property
    def uses_lists(self) -> bool:
        return any(n.kind in LIST_KINDS for n in self.numbers.values())

    def kinds(self) -> list[str]:
        """The heading lists the note needs, in order ("main", "appendix")."""
        return [k for k in LIST_KINDS if any(n.kind == k for n in self.numbers.values())]

    def list_numbered(self) -> set[str]:
        """Keys of the sections whose number Word's list numbering shows."""
        return {k for k, n in self.numbers.items() if n.kind in LIST_KINDS}

    def appendix_chapters(self) -> set[str]:
        """Keys of the list-numbered appendix chapters (Word shows "Bilag A": a reference is the field alone)."""
        return {k for k, n in self.numbers.items() if n.kind == "appendix" and n.level == 0}

    def _walk(self, sections: tuple[Section, ...], depth: int, in_appendix: bool) -> None:
        for section in sections:
            appendix = in_appendix or (depth == 1 and section.appendix)
            self.numbers[section.key] = self._number(section, depth, appendix)
            if section.in_toc and depth <= CONTENTS_DEPTH and section.key not in self.toc_names:
                self.toc_names[section.key] = f"_Toc{100000001 + len(self.toc_names)}"
            self._walk(section.sections, depth + 1, appendix)

    def _number(self, section: Section, depth: int, appendix: bool) -> HeadingNumber:
        if not (section.numbered and section.number):
            return HeadingNumber("")
        shown = f"{self.appendix_word} {section.number}" if appendix and depth == 1 else section.number
        kind, level = ("appendix" if appendix else "main"), depth - 1
        if level >= LIST_DEPTH:
            return HeadingNumber("typed", text=shown)
        counters = self._counters[kind]
        trial = counters[:level] + [counters[level] + 1] + [0] * (LEVELS - level - 1)
        if all(trial[:level + 1]) and self._format(kind, trial, level) == section.number:
            self._counters[kind] = trial
            return HeadingNumber(kind, level, shown)
        return HeadingNumber("typed", text=shown)

    @staticmethod
    def _format(kind: str, counters: list[int], level: int) -> str:
        parts = [str(c) for c in counters[:level + 1]]
        if kind == "appendix":
            parts[0] = _letter(counters[0])
        return ".".join(parts)


LIST_KINDS = ("main", "appendix")


def _letter(n: int) -> str:
    """Word's upperLetter format: A … Z, then AA, BB …"""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _abstract_xml(ident: int, nsid: str, kind: str = "main", appendix_word: str = "") -> str:
    """The multilevel list of the headings ("1", "1.2" linked to Heading 1–3) or of the appendices ("Bilag A",
    "A.1", named as a list style, not linked to a heading style)."""
    levels = []
    for level in range(LEVELS):
        text = ".".join(f"%{i + 1}" for i in range(level + 1))
        fmt = "decimal"
        if kind == "appendix" and level == 0:
            text, fmt = f"{xml_attr(appendix_word)} %1".strip(), "upperLetter"
        style = f'<w:pStyle w:val="{S.HEADINGS[level]}"/>' if kind == "main" and level < len(S.HEADINGS) else ""
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{style}'
            f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>')
    name = f'<w:name w:val="{APPENDIX_STYLE_NAME}"/>' if kind == "appendix" else ""
    return (f'<w:abstractNum {_W} w:abstractNumId="{ident}"><w:nsid w:val="{nsid}"/>'
            f'<w:multiLevelType w:val="multilevel"/>{name}{"".join(levels)}</w:abstractNum>')


def xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


class HeadingLists:
    """The heading list definition in ``numbering.xml`` and the heading styles linked to it."""

    def __init__(self, document, plan: OutlinePlan):
        self.plan = plan
        self.num_ids: dict[str, int] = {}
        if not plan.uses_lists:
            return
        numbering = document.part.numbering_part.element
        nsids = {"main": HEADING_NSID, "appendix": APPENDIX_NSID}
        for kind in ["main", *[k for k in plan.kinds() if k != "main"]]:
            nsid = nsids[kind]
            existing = numbering.findall(qn("w:abstractNum"))
            abstract = max((int(a.get(qn("w:abstractNumId"))) for a in existing), default=-1) + 1
            node = parse_xml(_abstract_xml(abstract, nsid, kind, plan.appendix_word))
            if existing:
                existing[-1].addnext(node)
            else:
                numbering.insert(0, node)
            num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
            num = el("w:num", numId=num_id)
            sub(num, "w:abstractNumId", val=abstract)
            cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                numbering.append(num)
            self.num_ids[kind] = num_id
        by_id = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        for level, style_id in enumerate(S.HEADINGS):
            style = by_id.get(style_id)
            if style is not None:
                num_pr = style.get_or_add_pPr().get_or_add_numPr()
                if level:
                    num_pr.get_or_add_ilvl().val = level
                num_pr.get_or_add_numId().val = self.num_ids["main"]

    def apply(self, p, section: Section) -> HeadingNumber:
        """Put heading paragraph ``p`` on its list (or off every list); returns how it is numbered."""
        number = self.plan.numbers.get(section.key, HeadingNumber(""))
        if not self.num_ids:
            return number
        num_pr = p.get_or_add_pPr().get_or_add_numPr()
        if number.kind in self.num_ids:
            num_pr.get_or_add_ilvl().val = number.level
            num_pr.get_or_add_numId().val = self.num_ids[number.kind]
        else:
            num_pr.get_or_add_numId().val = 0
        return number


@dataclass(frozen=True)
class TocEntry:
    depth: int
    number: str        # as shown ("1.2", "Bilag A"); "" for an unnumbered section
    title: str
    bookmark: str
    page: int | None


def toc_entries(sections: tuple[Section, ...], plan: OutlinePlan, pages: dict[str, int] | None,
                depth: int = 1) -> list[TocEntry]:
    out: list[TocEntry] = []
    for section in sections:
        if section.key in plan.toc_names and section.in_toc and depth <= CONTENTS_DEPTH:
            number = plan.numbers.get(section.key, HeadingNumber("")).text
            out.append(TocEntry(depth, number, section.title, plan.toc_names[section.key],
                                (pages or {}).get(section.key)))
        out.extend(toc_entries(section.sections, plan, pages, depth + 1))
    return out


def write_toc(new_paragraph, entries: list[TocEntry], instruction: str) -> None:
    """The TOC field with ``entries`` as its cached result (``new_paragraph(style)`` appends a ``w:p``)."""
    last = len(entries) - 1
    for i, entry in enumerate(entries):
        p = new_paragraph(S.TOC_LEVELS[entry.depth - 1])
        if entry.number:         # Word's own entries: a left tab after the number, the style's right tab
            tabs = p.get_or_add_pPr().get_or_add_tabs()
            sub(tabs, "w:tab", val="left", pos=TOC_NUMBER_TABS[entry.depth - 1])
            sub(tabs, "w:tab", val="right", leader="dot", pos=TOC_RIGHT_TAB)
        if i == 0:
            field_begin(p, instruction, dirty=True)
        link = el("w:hyperlink", anchor=entry.bookmark, history=1)
        text = f"{entry.number}\t{entry.title}" if entry.number else entry.title
        link.append(text_run(text))
        if entry.page is not None:
            link.append(text_run("\t"))
            field_begin(link, f"PAGEREF {entry.bookmark} \\h")
            link.append(text_run(str(entry.page)))
            field_end(link)
        p.append(link)
        if i == last:
            field_end(p)
