"""Pictures in the DOCX: chart PNGs at print resolution and the brand logo, with alt text.

Word needs raster images (PNG). Charts come from ``reporter.charts.render_figure(fmt="png", dpi=300)``.
The brand logo is SVG; its PNG is built once by ``tools/build_reference_docx.py`` into
the brand folder (``logo.png`` beside ``logo.svg``) (WeasyPrint draws the SVG with the project's fonts, pypdfium2 rasterises
it). A brand without a shipped PNG is rasterised the same way at render time.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Cm

from reporter.brand import Brand
from reporter.model.document import Figure
from reporter.render.figure_sizes import CHART_DPI

LOGO_DPI = 600


def chart_png(figure: Figure, brand: Brand, lang: str, width_cm: float) -> bytes:
    """The figure drawn by ``reporter.charts`` as a 300 dpi PNG, ``width_cm`` wide."""
    from reporter import charts

    return charts.render_figure(figure, brand, fmt="png", dpi=CHART_DPI, width_cm=width_cm, lang=lang)


def rasterise_logo(brand: Brand, dpi: int = LOGO_DPI) -> bytes:
    """The brand's SVG logo as PNG: WeasyPrint → PDF (project fonts) → pypdfium2 bitmap (transparent
    background)."""
    import pypdfium2
    import weasyprint

    from reporter.fonts import font_face_css
    from reporter.render.url_fetcher import SafeURLFetcher

    svg = brand.logo.read_text(encoding="utf-8")
    html = (f"<html><head><style>{font_face_css(brand)}\n@page {{ size: {_svg_size(svg)}; margin: 0 }}"
            " html, body { margin: 0 } svg { display: block }</style></head>"
            f"<body>{svg}</body></html>")
    pdf = weasyprint.HTML(string=html, base_url=str(brand.directory), url_fetcher=SafeURLFetcher()).write_pdf()
    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 0)).to_pil()
    finally:
        doc.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _svg_size(svg: str) -> str:
    import re

    w = re.search(r'\swidth="([\d.]+)(px)?"', svg)
    h = re.search(r'\sheight="([\d.]+)(px)?"', svg)
    if not (w and h):
        return "240px 60px"
    return f"{w.group(1)}px {h.group(1)}px"


_RASTERISED: dict[tuple[Path, float], bytes] = {}


def logo_png(brand: Brand) -> bytes | None:
    """PNG bytes of the brand logo (the shipped ``logo.png``, else rasterised from the SVG once per
    process), or None when the brand has no logo."""
    if brand.logo is None or not brand.logo.is_file():
        return None
    if brand.logo_png is not None:
        return brand.logo_png.read_bytes()
    key = (brand.logo.resolve(), brand.logo.stat().st_mtime)
    if key not in _RASTERISED:
        _RASTERISED[key] = rasterise_logo(brand)
    return _RASTERISED[key]


def add_picture(run, png: bytes, width_cm: float, description: str, title: str = "") -> None:
    """Insert ``png`` inline into a python-docx run at ``width_cm``; alt text on ``wp:docPr``
    (``descr`` = description, ``title``) and on the picture's ``pic:cNvPr``."""
    from reporter.render.docx_xml import xml_text

    description, title = xml_text(description), xml_text(title)
    shape = run.add_picture(io.BytesIO(png), width=Cm(width_cm))
    inline = shape._inline
    doc_pr = inline.docPr
    doc_pr.set("descr", description)
    if title:
        doc_pr.set("title", title)
    for c_nv_pr in inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"):
        c_nv_pr.set("descr", description)
