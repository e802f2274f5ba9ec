"""PDF renderer on Typst (the ``typst`` Python binding): the PDF engine of notes and profiles.

Tagged PDF (Typst's PDF/UA-1 export: structure tags, alt texts, ``/Lang``, title), fonts embedded (subset)
from exactly the brand's font files (a private folder of links to them: no system font, no Typst font,
``fallback: false``), and deterministic bytes: the creation date is ``Report.date`` (never the clock).
Each compile gets a fresh private root folder holding only the document's images, so the source can read
no other file; its text is string literals anyway (:mod:`reporter.render.typst_literal`).

One ``typst.Compiler`` per brand and process keeps the fonts loaded (:mod:`reporter.typst_engine`, shared
with the charts' PNG rasteriser). Typst runs a thread pool once it has
compiled, so a process forked after that cannot compile (its pool's threads do not exist in the child):
such a process gets :class:`TypstForked`, and the profile workers are started with ``spawn`` once this
process has compiled (:func:`fork_is_safe`; the ``reporter profiles`` command never compiles in its main
process, so its workers are forked, which costs no imports).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import Report
from reporter.render.typst_source import TypstDocument, typst_document
from reporter.typst_engine import TypstForked, claim, compiler, fonts, fork_is_safe

__all__ = ["TypstForked", "compile_document", "compile_with_pages", "compiler", "fonts", "fork_is_safe", "pdf_bytes",
           "pdf_bytes_and_pages", "render_pdf", "warm_up"]

PDF_STANDARDS = ["ua-1"]
MAIN = "main.typ"


def _write_root(root: str, document: TypstDocument) -> None:
    for name, data in document.files.items():
        (Path(root) / name).write_bytes(data)


def compile_document(document: TypstDocument, brand: Brand) -> bytes:
    """Compile Typst source with its files (in a fresh private root) to PDF bytes."""
    claim()
    made = compiler(brand)
    with tempfile.TemporaryDirectory(prefix="reporter-typst-") as root:
        _write_root(root, document)
        return made.compile(document.source.encode("utf-8"), format="pdf", root=root,
                            timestamp=document.timestamp, pdf_standards=PDF_STANDARDS)


def compile_with_pages(document: TypstDocument, brand: Brand) -> tuple[bytes, dict[str, int]]:
    """PDF bytes and the page of every section ({section key: page}, pages counted from the front page), read
    from the same layout: the note's ``<section-pages>`` metadata, queried after the compile."""
    import json

    import typst

    from reporter.render.typst_source import SECTION_PAGES

    claim()
    with tempfile.TemporaryDirectory(prefix="reporter-typst-") as root:
        _write_root(root, document)
        main = Path(root) / MAIN
        main.write_text(document.source, encoding="utf-8")
        made = typst.Compiler(input=str(main), root=root, font_paths=fonts(brand), ignore_system_fonts=True)
        pdf = made.compile(format="pdf", timestamp=document.timestamp, pdf_standards=PDF_STANDARDS)
        found = json.loads(made.query(f"<{SECTION_PAGES}>", field="value", one=True))
    return pdf, {str(key): int(page) for key, page in found}


def _brand(report: Report, brand: Brand | str | None) -> Brand:
    if brand is None:
        brand = report.brand
    return load_brand(brand) if isinstance(brand, str) else brand


def pdf_bytes(report: Report, brand: Brand | str | None = None) -> bytes:
    """The report as PDF bytes (see the module docstring)."""
    brand = _brand(report, brand)
    return compile_document(typst_document(report, brand), brand)


def pdf_bytes_and_pages(report: Report, brand: Brand | str | None = None) -> tuple[bytes, dict[str, int]]:
    """The note's PDF bytes and the page of every section heading (for the DOCX contents), one layout."""
    brand = _brand(report, brand)
    return compile_with_pages(typst_document(report, brand), brand)


def render_pdf(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Render ``report`` to ``out_path`` (written atomically: temporary file, then ``os.replace``)."""
    return write_bytes(out_path, pdf_bytes(report, brand))


WARM_UP = """#set text(font: {fonts}, fallback: false, lang: "da")
#set document(title: "warm-up")
= Æblegrød på øen — 1.234,5 pct.
Æblegrød *på* _øen_ ▲ ● ▼
#table(columns: 2, [a], [b])
"""


def warm_up(brand: Brand) -> None:
    """Load the brand's fonts into this process's compiler and compile a small page (discarded): a worker's
    first profile then costs what the others do. No output depends on it."""
    from reporter.render.typst_literal import lit

    families = [f for f in (brand.font_body, brand.font_heading, brand.font_fallback) if f]
    source = WARM_UP.format(fonts="(" + "".join(lit(f) + ", " for f in dict.fromkeys(families)) + ")")
    compile_document(TypstDocument(source=source), brand)
