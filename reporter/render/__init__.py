"""Renderers of the document model: HTML (jinja2), PDF (WeasyPrint on that HTML: the note; Typst, in
``typst_source``/``typst_pdf``: the profiles); DOCX lives beside.

Renderers only read :mod:`reporter.model`; they map a cell's status to the brand's colour and symbol
and place things, nothing more.
"""

from __future__ import annotations

__all__ = ["render_html", "render_pdf"]


def __getattr__(name: str):
    # Lazy: importing reporter.render (e.g. for docx) must not pull in WeasyPrint.
    if name == "render_html":
        from reporter.render.html import render_html
        return render_html
    if name == "render_pdf":
        from reporter.render.pdf import render_pdf
        return render_pdf
    raise AttributeError(name)
