"""Reading a DOCX the way ``reporter absorb`` needs it: every paragraph as a list of tokens (formatted text,
computed values, cross-references, footnote calls, links), the source id that marks an authored block (a
``src:`` content-control tag, or — in files saved by LibreOffice, which drops tags — the hidden ``_src_``
bookmark), tracked changes and comments. The same reader reads the fresh render and the edited file, so
comparing the two compares like with like.

Tokens: ``("t", text, bold, italic)``, ``("v", text, expression | None, bold, italic)``, ``("r", bookmark)``
(a REF field), ``("f", footnote id)``, ``("l", text, href)``, ``("br",)`` and ``("m",)`` (where the marked
authored content starts: a caption's own text after 'Tabel 3. ').
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reporter.render.docx_inlines import VALUE_TAG_PREFIX
from reporter.render.docx_sources import BOOKMARK_PREFIX, SOURCE_TAG_PREFIX

W_P, W_R, W_T, W_SDT, W_TBL, W_TC = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:sdt"), qn("w:tbl"), qn("w:tc")


class UnreadableDocx(Exception):
    """The file is not a Word document python-docx can open."""


@dataclass
class Change:
    """A pending tracked change: insertion or deletion, its text and author."""

    kind: str
    text: str
    author: str


@dataclass
class Para:
    """One paragraph: its tokens, the source id marking it (or ''), its style and where it sits."""

    tokens: list
    sid: str = ""
    tag_sid: str = ""            # from a content-control tag (Word) — '' when only a bookmark marked it
    bookmark: str = ""
    style: str = ""
    place: str = "body"          # body | table (a cell of a multi-cell table) | box | footnote
    changes: list[Change] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    element: object = None

    @property
    def text(self) -> str:
        return plain(self.tokens)


@dataclass
class Comment:
    ident: str
    author: str
    text: str
    anchor: str = ""             # the text of the paragraph it is anchored in


@dataclass
class Doc:
    """A read document: body paragraphs in order, footnotes by id, tables (cell texts), comments."""

    paragraphs: list[Para]
    footnotes: dict[str, list[Para]]
    tables: list["TableText"]
    comments: list[Comment]
    pending: int = 0


@dataclass
class TableText:
    """A multi-cell table that is not authored: its rows of (cell text, grid column, span, header row?)."""

    rows: list[list[tuple[str, int, int]]]
    header_rows: int
    caption: str
    element: object = None


def plain(tokens: list) -> str:
    out = []
    for tok in tokens:
        if tok[0] in ("t", "v", "l"):
            out.append(tok[1])
        elif tok[0] == "br":
            out.append("\n")
    return "".join(out)


def _on(rpr, name: str) -> bool:
    if rpr is None:
        return False
    node = rpr.find(qn(f"w:{name}"))
    return node is not None and node.get(qn("w:val"), "true") not in ("0", "false", "off")


class _Reader:
    def __init__(self, accept: bool, rels, bookmarks: dict[str, str]):
        self.accept = accept
        self.rels = rels
        self.bookmarks = bookmarks          # _src_ name → source id (from the fresh render)
        self.pending = 0

    def paragraph(self, p, place: str) -> Para:
        para = Para([], place=place, element=p)
        style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        para.style = style.get(qn("w:val")) if style is not None else ""
        self.field: list | None = None
        self._walk(p, para, tracked="")
        para.tokens = normalise(para.tokens)
        return para

    def _walk(self, node, para: Para, tracked: str) -> None:
        for child in node:
            tag = child.tag
            if tag == qn("w:pPr") or tag == qn("w:sdtPr") or tag == qn("w:rPr"):
                continue
            if tag == qn("w:bookmarkStart"):
                name = child.get(qn("w:name"), "")
                if name.startswith(BOOKMARK_PREFIX):
                    para.bookmark = name
                    if not para.sid:
                        para.sid = self.bookmarks.get(name, "?" + name)
                    if ("m",) not in para.tokens:
                        para.tokens.append(("m",))
                continue
            if tag == qn("w:commentRangeStart") or tag == qn("w:commentReference"):
                ident = child.get(qn("w:id"), "")
                if ident not in para.comments:
                    para.comments.append(ident)
                continue
            if tag == W_SDT:
                self._sdt(child, para, tracked)
            elif tag == W_R:
                self._run(child, para, tracked)
            elif tag == qn("w:hyperlink"):
                text = "".join(t.text or "" for t in child.iter(W_T))
                rid = child.get(qn("r:id"))
                href = ("#" + child.get(qn("w:anchor"))) if child.get(qn("w:anchor")) else ""
                if rid and self.rels is not None and rid in self.rels:
                    href = self.rels[rid].target_ref
                para.tokens.append(("l", text, href))
            elif tag in (qn("w:ins"), qn("w:moveTo")):
                if not self.accept:
                    para.changes.append(Change("insertion", "".join(t.text or "" for t in child.iter(W_T)),
                                               child.get(qn("w:author"), "")))
                    self.pending += 1
                    continue
                self._walk(child, para, "ins")
            elif tag in (qn("w:del"), qn("w:moveFrom")):
                if self.accept:
                    continue
                para.changes.append(Change("deletion", "".join(t.text or "" for t in child.iter(qn("w:delText"))),
                                           child.get(qn("w:author"), "")))
                self.pending += 1
                self._walk(child, para, "del")
            elif tag in (qn("w:smartTag"), qn("w:customXml"), qn("w:sdtContent"), qn("w:fldSimple")):
                self._walk(child, para, tracked)

    def _sdt(self, sdt, para: Para, tracked: str) -> None:
        pr = sdt.find(qn("w:sdtPr"))
        tag_el = pr.find(qn("w:tag")) if pr is not None else None
        tag = tag_el.get(qn("w:val"), "") if tag_el is not None else ""
        content = sdt.find(qn("w:sdtContent"))
        if content is None:
            return
        if tag.startswith(SOURCE_TAG_PREFIX):
            para.sid = para.tag_sid = tag[len(SOURCE_TAG_PREFIX):]
            if ("m",) not in para.tokens:
                para.tokens.append(("m",))
            self._walk(content, para, tracked)
            return
        is_value = tag.startswith(VALUE_TAG_PREFIX) or (pr is not None and pr.find(qn("w:text")) is not None)
        if not is_value:
            self._walk(content, para, tracked)
            return
        inner = Para([])
        self._walk(content, inner, tracked)
        para.changes.extend(inner.changes)
        runs = [r for r in content.iter(W_R) if r.find(W_T) is not None]
        rpr = runs[0].find(qn("w:rPr")) if runs else None
        expression = tag[len(VALUE_TAG_PREFIX):] if tag.startswith(VALUE_TAG_PREFIX) else None
        para.tokens.append(("v", plain(inner.tokens), expression, _on(rpr, "b"), _on(rpr, "i")))

    def _run(self, run, para: Para, tracked: str) -> None:
        rpr = run.find(qn("w:rPr"))
        bold, italic = _on(rpr, "b"), _on(rpr, "i")
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.field = ["", None]
                elif kind == "separate" and self.field is not None:
                    self.field[1] = []
                elif kind == "end" and self.field is not None:
                    instruction = self.field[0].split()
                    if instruction and instruction[0] == "REF" and len(instruction) > 1:
                        para.tokens.append(("r", instruction[1]))
                    self.field = None
            elif tag == qn("w:instrText") and self.field is not None:
                self.field[0] += child.text or ""
            elif self.field is not None:
                if self.field[1] is not None and tag == W_T and not self.field[0].split()[:1] == ["REF"]:
                    para.tokens.append(("t", child.text or "", bold, italic))     # e.g. a caption's SEQ number
                continue                           # a REF's cached result: the number, not prose
            elif tag == W_T or (tag == qn("w:delText") and tracked == "del"):
                para.tokens.append(("t", child.text or "", bold, italic))
            elif tag == qn("w:tab"):
                para.tokens.append(("t", "\t", bold, italic))
            elif tag == qn("w:noBreakHyphen"):            # Word's non-breaking hyphen ("pct.-point")
                para.tokens.append(("t", "\u2011", bold, italic))
            elif tag == qn("w:br") and child.get(qn("w:type")) in (None, "textWrapping"):
                para.tokens.append(("br",))
            elif tag == qn("w:footnoteReference"):
                para.tokens.append(("f", child.get(qn("w:id"))))


def normalise(tokens: list) -> list:
    """Adjacent text of the same formatting merged; white space carries no formatting; no empty text."""
    out: list = []
    for tok in tokens:
        if tok[0] == "t":
            text, bold, italic = tok[1], tok[2], tok[3]
            if not text:
                continue
            if not text.strip():
                bold = italic = False
            if out and out[-1][0] == "t" and (out[-1][2], out[-1][3]) == (bold, italic):
                out[-1] = ("t", out[-1][1] + text, bold, italic)
                continue
            if out and out[-1][0] == "t" and not out[-1][1].strip():
                out[-1] = ("t", out[-1][1] + text, bold, italic)
                continue
            out.append(("t", text, bold, italic))
        else:
            out.append(tok)
    return out


def _cell_grid(tr) -> list[tuple[object, int, int]]:
    cells, column = [], 0
    for tc in tr.findall(W_TC):
        span_el = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
        span = int(span_el.get(qn("w:val"), "1")) if span_el is not None else 1
        cells.append((tc, column, span))
        column += span
    return cells


def read_docx(path_or_document, *, accept: bool = False, bookmarks: dict[str, str] | None = None) -> Doc:
    """Read an edited DOCX (a path) or a fresh python-docx ``Document``."""
    if isinstance(path_or_document, (str, Path)):
        path = Path(path_or_document)
        if not zipfile.is_zipfile(path):
            raise UnreadableDocx(f"{path.name} is not a Word file (not a zip package)")
        try:
            document = docx.Document(str(path))
        except Exception as exc:  # noqa: BLE001 - any broken package
            raise UnreadableDocx(f"{path.name} cannot be opened as a Word document: {exc}") from None
    else:
        document = path_or_document
    reader = _Reader(accept, document.part.rels, bookmarks or {})
    body = document.element.body
    paragraphs: list[Para] = []
    tables: list[TableText] = []
    last_caption = ""
    for node in body.iter(W_P, W_TBL):
        if node.tag == W_TBL:
            grid_rows = [_cell_grid(tr) for tr in node.findall(qn("w:tr"))]
            if sum(len(r) for r in grid_rows) > 1 and not any(
                    reader.paragraph(p, "table").sid for p in node.iter(W_P)):
                header = sum(1 for tr in node.findall(qn("w:tr")) if tr.find(qn("w:trPr") + "/" + qn("w:tblHeader"))
                             is not None)
                rows = [[(_tc_text(tc, accept), col, span) for tc, col, span in r] for r in grid_rows]
                tables.append(TableText(rows, header, last_caption, node))
            continue
        tbl = next((a for a in node.iterancestors(W_TBL)), None)
        place = "body"
        if tbl is not None:
            place = "table" if sum(1 for _ in tbl.iter(W_TC)) > 1 else "box"
        para = reader.paragraph(node, place)
        if para.style.lower().startswith("caption") or para.style.lower() in ("beschriftung", "bildunterschrift"):
            last_caption = para.text
        paragraphs.append(para)
    footnotes: dict[str, list[Para]] = {}
    comments: list[Comment] = []
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.FOOTNOTES:
            part = rel.target_part
            element = part.element if hasattr(part, "element") else _parse(part.blob)
            reader.rels = part.rels
            for note in element.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paras = [reader.paragraph(p, "footnote") for p in note.iter(W_P)]
                for para in paras:
                    para.tokens = _strip_footnote_mark(para.tokens)
                footnotes[note.get(qn("w:id"))] = paras
            reader.rels = document.part.rels
        elif rel.reltype == RT.COMMENTS:
            part = rel.target_part
            element = part.element if hasattr(part, "element") else _parse(part.blob)
            for c in element.findall(qn("w:comment")):
                comments.append(Comment(c.get(qn("w:id"), ""), c.get(qn("w:author"), ""),
                                        " ".join("".join(t.text or "" for t in p.iter(W_T)) for p in c.iter(W_P))))
    anchors = {ident: p.text for p in paragraphs for ident in p.comments}
    for c in comments:
        c.anchor = anchors.get(c.ident, "")
    return Doc(paragraphs, footnotes, tables, comments, reader.pending)


def _parse(blob: bytes):
    from docx.oxml.parser import parse_xml

    return parse_xml(blob)


def _strip_footnote_mark(tokens: list) -> list:
    """A footnote paragraph starts with its number mark and a space: not part of the content."""
    if tokens and tokens[0][0] == "t" and tokens[0][1].startswith(" "):
        tokens = [("t", tokens[0][1][1:], tokens[0][2], tokens[0][3])] + tokens[1:]
        if not tokens[0][1]:
            tokens = tokens[1:]
    return tokens


def _tc_text(tc, accept: bool) -> str:
    out = []
    for node in tc.iter(W_T, qn("w:delText")):
        inside_ins = any(a.tag in (qn("w:ins"), qn("w:moveTo")) for a in node.iterancestors())
        if node.tag == W_T and (accept or not inside_ins):
            out.append(node.text or "")
        elif node.tag == qn("w:delText") and not accept:
            out.append(node.text or "")
    return "".join(out).strip()
