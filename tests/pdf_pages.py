"""PDF helpers for tests, on the project's own (non-copyleft) libraries: pypdfium2 draws pages, pypdf reads
the objects, pdfplumber the text."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2


def _data(pdf: bytes | Path | str) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


def grey_pages(pdf: bytes | Path | str, dpi: int, pages: range | None = None) -> dict[int, np.ndarray]:
    """Page index → greyscale picture (uint8, 255 = white) at ``dpi``."""
    doc = pypdfium2.PdfDocument(_data(pdf))
    try:
        out = {}
        for index in pages if pages is not None else range(len(doc)):
            page = doc[index]
            out[index] = np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")).copy()
            page.close()
        return out
    finally:
        doc.close()


def structure_elements(pdf: bytes | Path | str) -> list[tuple[str, str | None]]:
    """``(tag, alt text or None)`` of every element of the PDF's structure tree, in tree order."""
    reader = pypdf.PdfReader(io.BytesIO(_data(pdf)))
    out: list[tuple[str, str | None]] = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child, depth)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject) or depth > 80:
            return
        if "/S" in node:
            out.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
        if "/K" in node:
            walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def page_count(pdf: bytes | Path | str) -> int:
    return len(pypdf.PdfReader(io.BytesIO(_data(pdf))).pages)


def page_size(pdf: bytes | Path | str, index: int = 0) -> tuple[float, float]:
    box = pypdf.PdfReader(io.BytesIO(_data(pdf))).pages[index].mediabox
    return float(box.width), float(box.height)


def fonts(pdf: bytes | Path | str) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font resource of every page (Type0 fonts via their descendant)."""
    found = {}
    for page in pypdf.PdfReader(io.BytesIO(_data(pdf))).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor_font = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor_font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


MM = 72 / 25.4


def filled_fractions(pdf: bytes | Path | str, top_mm: float, bottom_mm: float) -> list[float]:
    """For every page: how far down the text area (between the top and bottom page margins, so without the
    running header and footer) the lowest drawn object reaches, as a fraction of the text area's height
    (0 = nothing, 1 = down to the bottom margin). Objects are pdfplumber's characters, rectangles, lines,
    curves and images."""
    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(_data(pdf))) as doc:
        for page in doc.pages:
            top, bottom = top_mm * MM, float(page.height) - bottom_mm * MM
            objects = [o for o in (*page.chars, *page.rects, *page.lines, *page.curves, *page.images)
                       if o["top"] >= top - 1 and o["bottom"] <= bottom + 1]
            lowest = max((o["bottom"] for o in objects), default=top)
            out.append(max(0.0, (lowest - top) / (bottom - top)))
    return out


def tagged_table_pages(pdf: bytes | Path | str) -> list[dict]:
    """For every ``Table`` of a tagged PDF's structure tree, in order: ``caption`` (the text of the element
    just before it), ``caption_pages`` (the pages its marked content is on), ``rows`` (per body row: the
    first page of its content), ``row_tops`` (per body row: the top of its first character there, pt),
    ``foot_pages`` (pages of the element right after the table, e.g. its legend
    and note lines), ``parts`` (tagged tables that are this one continued: a Table right after a Table) — read
    from the tags, whichever engine wrote them."""
    import pdfplumber
    from pdfplumber.structure import PDFStructTree

    def pages_of(element) -> list[int]:
        return sorted({page for page, _mcid in element.all_mcids() if page is not None})

    def text_of(element, doc) -> str:
        keys = {(p, m) for p, m in element.all_mcids() if p is not None}
        chars = [c for p in {p for p, _ in keys} for c in doc.pages[p - 1].chars if (p, c.get("mcid")) in keys]
        return "".join(c["text"] for c in chars).replace("\u00ad", "")

    def top_of(element, page: int, doc) -> float:
        mcids = {m for p, m in element.all_mcids() if p == page}
        return min((c["top"] for c in doc.pages[page - 1].chars if c.get("mcid") in mcids), default=0.0)

    found: list[dict] = []
    with pdfplumber.open(io.BytesIO(_data(pdf))) as doc:
        def walk(elements):
            for element in elements:
                children = list(element.children)
                for i, child in enumerate(children):
                    if child.type != "Table":
                        walk([child])
                        continue
                    before = children[i - 1] if i else None
                    after = children[i + 1] if i + 1 < len(children) else None
                    # a Table with no caption before it is the previous one's next part (WeasyPrint tags each
                    # page's part of a table, the first of its page; Typst sets a kept last run as a second table)
                    continued = bool(found) and (before is None or before.type == "Table")
                    if continued:
                        found[-1]["parts"] += 1
                    rows, tops = [], []
                    for section in child.children:
                        trs = section.children if section.type in ("THead", "TBody", "TFoot") else [section]
                        for tr in trs:
                            if tr.type == "TR" and section.type != "THead" and not all(
                                    c.type == "TH" for c in tr.children):
                                own = pages_of(tr)
                                if own:
                                    rows.append(own[0])
                                    tops.append(top_of(tr, own[0], doc))
                    foot = pages_of(after) if after is not None and after.type != "Table" else []
                    if continued:
                        found[-1]["rows"] += rows
                        found[-1]["row_tops"] += tops
                        found[-1]["foot_pages"] = foot
                        continue
                    found.append({"caption": text_of(before, doc) if before is not None else "",
                                  "caption_pages": pages_of(before) if before is not None else [],
                                  "rows": rows, "row_tops": tops, "foot_pages": foot, "parts": 1})
        walk(list(PDFStructTree(doc)))
    return found
