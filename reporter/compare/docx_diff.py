"""Paragraphs, tables (values and cell shading) and pictures of a DOCX, and their comparison.

Reads ``word/document.xml`` with lxml (no Word needed). The body is a sequence of paragraphs and tables; a
table's caption is the Caption-style paragraph right above it (else its ``w:tblCaption``), its header rows are
the rows marked 'repeat as header row' (``w:tblHeader``). One-column tables (key-finding boxes) are read as
paragraphs. Pictures are compared by content, in document order, named by their alt text.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from reporter.compare.report import Difference
from reporter.compare.tables import Grid, GridCell, compare_tables
from reporter.compare.text_diff import compare_lines

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CAPTION_STYLES = {"caption", "billedtekst"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Picture:
    """A picture in the body: its alt text and a hash of the image part."""

    alt: str
    digest: str


@dataclass(frozen=True)
class DocxContent:
    """What is compared of a DOCX: body paragraphs, tables (caption, grid) and pictures."""

    paragraphs: tuple[str, ...]
    tables: tuple[tuple[str, Grid], ...]
    pictures: tuple[Picture, ...]


class DocxReadError(ValueError):
    """The file is not a readable DOCX."""


def _text(element) -> str:
    parts = []
    for node in element.iter(_w("t"), _w("tab"), _w("br")):
        parts.append(node.text or "" if node.tag == _w("t") else " ")
    return " ".join("".join(parts).split())


def _style(p) -> str:
    node = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return node.get(_w("val"), "") if node is not None else ""


def _fill(tc) -> str | None:
    shd = tc.find(f"{_w('tcPr')}/{_w('shd')}")
    if shd is None:
        return None
    fill = shd.get(_w("fill"))
    return None if fill in (None, "auto") else fill.upper()


def _grid(tbl) -> Grid:
    rows = []
    for tr in tbl.findall(_w("tr")):
        header = tr.find(f"{_w('trPr')}/{_w('tblHeader')}") is not None
        cells = []
        for tc in tr.findall(_w("tc")):
            span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
            cells.append(GridCell(text=" ".join(_text(p) for p in tc.findall(_w("p")) if _text(p)),
                                  span=int(span.get(_w("val"))) if span is not None else 1,
                                  header=header, fill=_fill(tc)))
        rows.append((header, cells))
    return Grid.from_rows(rows)


def _columns(tbl) -> int:
    grid = tbl.find(_w("tblGrid"))
    return len(grid.findall(_w("gridCol"))) if grid is not None else 1


def _media(package: zipfile.ZipFile) -> dict[str, str]:
    """Relationship id → hash of the target part, for the main document part."""
    try:
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    except KeyError:
        return {}
    out = {}
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
        try:
            out[rel.get("Id")] = hashlib.sha256(package.read(target)).hexdigest()
        except KeyError:
            continue
    return out


def read_docx(data: bytes, name: str = "DOCX") -> DocxContent:
    """Read the paragraphs, tables and pictures of a DOCX's bytes."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        body = etree.fromstring(package.read("word/document.xml")).find(_w("body"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise DocxReadError(f"{name} is not a readable DOCX: {type(exc).__name__}: {exc}") from None
    with package:
        media = _media(package)
    paragraphs: list[str] = []
    tables: list[tuple[str, Grid]] = []
    pictures: list[Picture] = []
    previous = None
    for child in body if body is not None else ():
        if child.tag == _w("p"):
            text = _text(child)
            if text:
                paragraphs.append(text)
        elif child.tag == _w("tbl"):
            if _columns(child) <= 1:
                paragraphs.extend(t for t in (_text(p) for p in child.iter(_w("p"))) if t)
            else:
                caption = ""
                if previous is not None and previous.tag == _w("p") and _style(previous).lower() in CAPTION_STYLES:
                    caption = _text(previous)
                else:
                    node = child.find(f"{_w('tblPr')}/{_w('tblCaption')}")
                    caption = node.get(_w("val"), "") if node is not None else ""
                tables.append((caption, _grid(child)))
        for drawing in child.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
            doc_pr = drawing.find(f"{{{WP}}}docPr")
            blip = drawing.find(f".//{{{A}}}blip")
            alt = (doc_pr.get("descr") or doc_pr.get("name") or "") if doc_pr is not None else ""
            rid = blip.get(f"{{{R}}}embed") if blip is not None else None
            pictures.append(Picture(alt=" ".join(alt.split()), digest=media.get(rid, "")))
        previous = child
    return DocxContent(paragraphs=tuple(paragraphs), tables=tuple(tables), pictures=tuple(pictures))


def compare_docx_content(a: DocxContent, b: DocxContent, name: str) -> list[Difference]:
    """Paragraph text, table cells and shading, and pictures of two read DOCX files."""
    out = compare_lines(a.paragraphs, b.paragraphs, name, unit="paragraph")
    out.extend(compare_tables(list(a.tables), list(b.tables), name, paged=False))
    for index in range(max(len(a.pictures), len(b.pictures))):
        pa = a.pictures[index] if index < len(a.pictures) else None
        pb = b.pictures[index] if index < len(b.pictures) else None
        label = f"picture {index + 1}"
        if pa is None:
            out.append(Difference(name, "extra", after=pb.alt, detail=f"{label} added"))
        elif pb is None:
            out.append(Difference(name, "missing", before=pa.alt, detail=f"{label} missing"))
        elif pa.digest != pb.digest:
            alt = pb.alt if len(pb.alt) <= 60 else pb.alt[:60] + "…"
            out.append(Difference(name, "image", detail=f'{label} ("{alt}") changed'))
    return out
