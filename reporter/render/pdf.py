"""PDF renderer: WeasyPrint on the HTML of :func:`reporter.render.html.render_html`.

Tagged PDF (WeasyPrint's ``pdf/ua-1`` variant; not validated against PDF/UA: see the README) with structure
tags, alt texts, document language and title, fonts embedded
(subset) from the files ``reporter.fonts`` names, a restrictive URL fetcher, and deterministic bytes:
the creation and modification dates come from ``Report.date`` (never from the clock), so rendering
the same model twice gives identical files.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import Report
from reporter.render.assets import PROJECT_DIR, SafeURLFetcher
from reporter.render.html import render_html, stylesheet_text

PDF_VARIANT = "pdf/ua-1"
FALLBACK_DATE = dt.date(2000, 1, 1)
_ENV_LOCK = threading.Lock()


@contextmanager
def source_date_epoch(date: dt.date | None) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` while WeasyPrint subsets fonts: fontTools stamps each subset font's
    ``head.modified`` with the current time unless this is set, which would make every PDF unique."""
    epoch = str(calendar.timegm((date or FALLBACK_DATE).timetuple()))
    with _ENV_LOCK:
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            yield
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous


_FONT_CONFIG: FontConfiguration | None = None
_STYLESHEETS: dict[str, CSS] = {}
_STYLESHEETS_MAX = 8


def _stylesheet(text: str) -> tuple[CSS, FontConfiguration]:
    """A parsed, selector-compiled stylesheet, kept per process: compiling the selectors is a large
    part of a one-page profile's render time. One FontConfiguration per process holds its @font-face
    rules (the same font files for every document, so reusing it changes no output)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    css = _STYLESHEETS.get(text)
    if css is None:
        if len(_STYLESHEETS) >= _STYLESHEETS_MAX:
            _STYLESHEETS.pop(next(iter(_STYLESHEETS)))
        css = CSS(string=text, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher(),
                  font_config=_FONT_CONFIG)
        _STYLESHEETS[text] = css
    return css, _FONT_CONFIG


def pdf_bytes(report: Report, brand: Brand | str | None = None) -> bytes:
    """The report as PDF bytes (see module docstring)."""
    if brand is None:
        brand = report.brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    html = render_html(report, brand, assets="inline", charts_as="img", external_styles=True, footnotes_at="page")
    css, font_config = _stylesheet(stylesheet_text(report, brand))
    document = HTML(string=html, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher())
    buffer = io.BytesIO()
    # WeasyPrint logs every CSS property it ignores at WARNING; keep the console readable.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        with source_date_epoch(report.date):
            document.write_pdf(buffer, pdf_variant=PDF_VARIANT, uncompressed_pdf=False, stylesheets=[css],
                               font_config=font_config)
    finally:
        logger.setLevel(level)
    return buffer.getvalue()


def render_pdf(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Render ``report`` to ``out_path`` (written atomically: temporary file, then ``os.replace``)."""
    return write_bytes(out_path, pdf_bytes(report, brand))
