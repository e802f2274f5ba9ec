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
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.html import get_html_metadata
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration

from reporter.atomic import write_bytes
from reporter.brand import Brand, load_brand
from reporter.model.document import Report
from reporter.render.assets import PROJECT_DIR
from reporter.render.url_fetcher import SafeURLFetcher
from reporter.fonts import css_font_stack
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


# WeasyPrint's user-agent stylesheet gives ``::marker`` and the footnote and note pseudo-elements to
# *every* element, so it computes six pseudo-element styles per element (five sixths of a profile's
# computed styles) that only list items and floated footnotes ever use. These are the same rules for the
# elements that use them: list items (``li``, ``summary``) and the renderers' one footnote element.
_UA_NARROWED = {
    "::marker {": "li::marker, summary::marker {",
    "::footnote-call {": ".footnote::footnote-call {",
    "::footnote-marker {": ".footnote::footnote-marker {",
    "::note-call {": ".footnote::note-call {",
    "::note-marker {": ".footnote::note-marker {",
    "::note-callback {": ".footnote::note-callback {",
}
_UA: list = []


def _ua_stylesheet() -> CSS:
    """WeasyPrint's user-agent stylesheet with the pseudo-element rules of :data:`_UA_NARROWED` narrowed
    (WeasyPrint's own when its text is not the one expected)."""
    if not _UA:
        from weasyprint import html as weasy_html

        text = weasy_html.UA
        if all(text.count("\n" + rule) == 1 for rule in _UA_NARROWED):
            for rule, narrowed in _UA_NARROWED.items():
                text = text.replace("\n" + rule, "\n" + narrowed)
            _UA.append(CSS(string=text, counter_style=weasy_html.UA_COUNTER_STYLE))
        else:  # pragma: no cover - another WeasyPrint release
            _UA.append(weasy_html.UA_STYLESHEET)
    return _UA[0]


class _HTML(HTML):
    """WeasyPrint's HTML document with the narrowed user-agent stylesheet (see :func:`_ua_stylesheet`)."""

    def _ua_stylesheets(self, forms=False):
        sheets = super()._ua_stylesheets(forms)
        return [_ua_stylesheet(), *sheets[1:]]


_FONT_CONFIG: FontConfiguration | None = None
_STYLESHEETS: dict[str, CSS] = {}
_STYLESHEETS_MAX = 8


_ROOT_RULE = re.compile(r":root\s*\{([^{}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"(--[A-Za-z0-9_-]+)\s*:\s*([^;{}]+);")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*([^()]*?))?\s*\)")


def resolved_custom_properties(css: str) -> str:
    """The stylesheet with every ``var(--name)`` replaced by the value its one ``:root`` rule gives it
    (or by the fallback in ``var(--name, fallback)``), and that rule removed: the same computed values,
    but WeasyPrint no longer carries the brand's custom properties through every element's style
    (about a tenth of a one-page profile's layout time). Returned unchanged unless that is exact: one
    ``:root`` rule holding only custom properties, none declared anywhere else, every use resolvable."""
    roots = list(_ROOT_RULE.finditer(css))
    if len(roots) != 1 or _CUSTOM_PROPERTY.sub("", roots[0].group(1)).strip():
        return css
    root = roots[0]
    rest = css[: root.start()] + css[root.end():]
    if _CUSTOM_PROPERTY.search(rest):
        return css
    values = {name: value.strip() for name, value in _CUSTOM_PROPERTY.findall(root.group(1))}
    missing = object()

    def substitute(match: re.Match) -> str:
        value = values.get(match.group(1), match.group(2) if match.group(2) is not None else missing)
        if value is missing:
            raise KeyError(match.group(1))
        return value

    try:
        for _ in range(8):  # a value may itself use var()
            if "var(" not in rest:
                return rest
            rest = _VAR.sub(substitute, rest)
    except KeyError:
        return css
    return css


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
        css = CSS(string=resolved_custom_properties(text), base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher(),
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
    document = _HTML(string=html, base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher())
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
    for section, _depth in report.sections_with_depth():
        page = first.get(anchor("sec", section.key))
        if page is not None:
            out[section.key] = page
    return out


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


def warm_up(brand: Brand) -> None:
    """Lay out and write a small document in the brand's fonts (bold and italic too), discarding it:
    loads fontconfig, Pango and HarfBuzz and the font files, so a worker's first real PDF costs what
    the others do. Its stylesheet is its own cache entry; no output depends on it."""
    from reporter.fonts import font_face_css

    sample = "Æblegrød på øen — 1.234,5 pct."
    html = (f'<html lang="da"><body><h1>{sample}</h1><p>{sample} <b>{sample}</b> <i>{sample}</i></p>'
            f'<table><tr><th>{sample}</th><td>{sample}</td></tr></table></body></html>')
    css, font_config = _stylesheet(font_face_css(brand) + "\nbody { font-family: %s; } h1, th { font-family: %s; }"
                                   % (css_font_stack(brand.font_body, brand), css_font_stack(brand.font_heading, brand)))
    with _quiet_weasyprint(), source_date_epoch(None):
        _HTML(string=html, url_fetcher=SafeURLFetcher()).write_pdf(
            io.BytesIO(), pdf_variant=PDF_VARIANT, stylesheets=[css], font_config=font_config)


def render_pdf(report: Report, brand: Brand | str | None, out_path: str | Path) -> Path:
    """Render ``report`` to ``out_path`` (written atomically: temporary file, then ``os.replace``)."""
    return write_bytes(out_path, pdf_bytes(report, brand))


# --- Many one-page reports laid out in one WeasyPrint document --------------------------------------
_BODY = re.compile(r"(<body[^>]*>)(.*)(</body>)", re.S)
_PAGE_BREAK = ' style="break-before: page"'


def _metadata(html: str) -> DocumentMetadata:
    """The PDF metadata (title, author, description, dates, language) of one report's HTML: its head
    parsed alone, so each file of a batch gets its own, exactly as when rendered by itself."""
    head = html[: html.index("<body")] + "</html>"
    return DocumentMetadata(**get_html_metadata(HTML(string=head)))


def _combined_html(htmls: list[str]) -> str:
    """The bodies of several report pages (same stylesheet) in one HTML document, each starting a page.

    ``html`` and ``body`` make no structure tags and the body has no margin, so every page has the
    same boxes, tags and bytes as its report rendered alone; only the first element of each later
    body gets ``break-before: page``."""
    bodies = []
    for i, html in enumerate(htmls):
        body = _BODY.search(html).group(2)
        if i:
            at = re.search(r"<[a-zA-Z][^>]*?(?=/?>)", body)
            body = body[: at.end()] + _PAGE_BREAK + body[at.end():]
        bodies.append(body)
    first = _BODY.search(htmls[0])
    return htmls[0][: first.start(2)] + "".join(bodies) + htmls[0][first.end(2):]


def layout_batch(reports: list[Report], brand: Brand):
    """Lay ``reports`` (one page each, one stylesheet) out in one WeasyPrint document; returns it and
    the HTML of each report (for its metadata)."""
    htmls = [render_html(r, brand, assets="inline", charts_as="img", external_styles=True) for r in reports]
    css, font_config = _stylesheet(stylesheet_text(reports[0], brand))
    document = _HTML(string=_combined_html(htmls), base_url=PROJECT_DIR.as_uri() + "/", url_fetcher=SafeURLFetcher())
    with _quiet_weasyprint():
        rendered = document.render(stylesheets=[css], font_config=font_config, pdf_variant=PDF_VARIANT)
    return rendered, htmls


def pdf_bytes_batch(reports: list[Report], brand: Brand | str | None = None) -> list[bytes]:
    """PDF bytes of several one-page reports, the same bytes :func:`pdf_bytes` gives each of them.

    Reports that share a stylesheet (brand and running footer) are laid out in one WeasyPrint
    document whose pages are then written one per file (``Document.copy([page])``) with that
    report's own metadata; bookmarks and structure tags are made per page, so they are the file's
    own. A report whose page count is not one is rendered by itself (the mapping page → report
    only holds for one page each)."""
    if not reports:
        return []
    if brand is None:
        brand = reports[0].brand
    if isinstance(brand, str):
        brand = load_brand(brand)
    groups: dict[tuple, list[int]] = {}
    for i, report in enumerate(reports):
        groups.setdefault((stylesheet_text(report, brand), report.date), []).append(i)
    out: list[bytes | None] = [None] * len(reports)
    for (_, date), indexes in groups.items():
        batch = [reports[i] for i in indexes]
        rendered, htmls = layout_batch(batch, brand) if len(batch) > 1 else (None, None)
        if rendered is None or len(rendered.pages) != len(batch):
            for i in indexes:
                out[i] = pdf_bytes(reports[i], brand)
            continue
        with _quiet_weasyprint(), source_date_epoch(date):
            for i, html, page in zip(indexes, htmls, rendered.pages):
                single = rendered.copy([page])
                single.metadata = _metadata(html)
                buffer = io.BytesIO()
                single.write_pdf(buffer, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
                out[i] = buffer.getvalue()
    return out  # type: ignore[return-value]
