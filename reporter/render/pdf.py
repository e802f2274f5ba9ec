"""PDF renderer: WeasyPrint on the HTML of :func:`reporter.render.html.render_html`.

Tagged PDF/UA-1 output (structure tags, alt texts, document language and title), fonts embedded
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
from reporter.render.html import anchor, render_html, stylesheet_text

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


def layout(report: Report, brand: Brand | str | None = None):
    """The report laid out by WeasyPrint (a ``weasyprint.Document``, pages known, nothing written yet)."""
    if brand is None:
        brand = report.brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    html = render_html(report, brand, assets="inline", charts_as="img", external_styles=True, footnotes_at="page")
    css, font_config = _stylesheet(stylesheet_text(report, brand))
    document = HTML(string=html, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher())
    with _quiet_weasyprint(), source_date_epoch(report.date):
        return document.render(font_config, pdf_variant=PDF_VARIANT, uncompressed_pdf=False, stylesheets=[css])


def section_pages(report: Report, document) -> dict[str, int]:
    """{section key: page number} of every section heading in a laid-out note (pages counted from 1 on the
    front page, like the PDF's own ``counter(page)``)."""
    first: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            first.setdefault(name, number)
    out: dict[str, int] = {}
    for section, _depth in _all_sections(report.sections):
        page = first.get(anchor("sec", section.key))
        if page is not None:
            out[section.key] = page
    return out


def _all_sections(sections, depth: int = 1):
    for section in sections:
        yield section, depth
        yield from _all_sections(section.sections, depth + 1)


def write_document(report: Report, document) -> bytes:
    """The PDF bytes of a laid-out report (see :func:`layout`)."""
    buffer = io.BytesIO()
    with _quiet_weasyprint(), source_date_epoch(report.date):
        document.write_pdf(buffer, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    return buffer.getvalue()


@contextmanager
def _quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint logs every CSS property it ignores at WARNING; keep the console readable."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_bytes(report: Report, brand: Brand | str | None = None) -> bytes:
    """The report as PDF bytes (see module docstring)."""
    return write_document(report, layout(report, brand))


def pdf_bytes_and_pages(report: Report, brand: Brand | str | None = None) -> tuple[bytes, dict[str, int]]:
    """The PDF bytes and the page of every section heading (for the DOCX table of contents), one layout."""
    document = layout(report, brand)
    return write_document(report, document), section_pages(report, document)


def render_pdf(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Render ``report`` to ``out_path`` (written atomically: temporary file, then ``os.replace``)."""
    return write_bytes(out_path, pdf_bytes(report, brand))
