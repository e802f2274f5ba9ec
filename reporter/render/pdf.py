"""PDF renderer: WeasyPrint on the HTML of :func:`reporter.render.html.render_html`.

Tagged PDF/UA-1 output (structure tags, alt texts, document language and title), fonts embedded
(subset) from the files ``reporter.fonts`` names, a restrictive URL fetcher, and deterministic bytes:
the creation and modification dates come from ``Report.date`` (never from the clock), so rendering
the same model twice gives identical files.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from weasyprint import HTML

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import Report
from reporter.render.assets import PROJECT_DIR, SafeURLFetcher
from reporter.render.html import render_html

PDF_VARIANT = "pdf/ua-1"


def pdf_bytes(report: Report, brand: Brand | str | None = None) -> bytes:
    """The report as PDF bytes (see module docstring)."""
    if brand is None:
        brand = report.brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    html = render_html(report, brand, assets="inline")
    document = HTML(string=html, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher())
    buffer = io.BytesIO()
    # WeasyPrint logs every CSS property it ignores at WARNING; keep the console readable.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        document.write_pdf(buffer, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    finally:
        logger.setLevel(level)
    return buffer.getvalue()


def render_pdf(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Render ``report`` to ``out_path`` (written atomically: temporary file, then ``os.replace``)."""
    return write_bytes(out_path, pdf_bytes(report, brand))
