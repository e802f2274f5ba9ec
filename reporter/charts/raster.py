"""A chart's SVG → PNG, rasterised by Typst (no second matplotlib draw for the DOCX's 300 dpi picture).

A tiny Typst page of whole pixels at ``dpi`` (the size matplotlib's Agg canvas would give: the figure size ×
dpi, truncated), filled with the figure's face colour, holding the SVG at its own size from the top left
corner (as Agg, the fraction of a pixel beyond the last whole one is cut off). The SVG's texts (``svg.fonttype: none``) are set in the brand's font files: the compiler has exactly
those (:mod:`reporter.typst_engine`). The PNG gets the header chunks matplotlib wrote (``tEXt`` Software and
``pHYs`` with ``dpi``). Same SVG → same bytes.
"""

from __future__ import annotations

import struct
import tempfile
import zlib

from reporter.brand import Brand
from reporter.typst_engine import claim, compiler

PAGE = """#set page(width: {width}pt, height: {height}pt, margin: 0pt, fill: rgb("{fill}"))
#place(top + left, image(bytes(sys.inputs.svg), format: "svg", width: {svg_width}pt))
"""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR_END = len(PNG_SIGNATURE) + 8 + 13 + 4


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def with_header(png: bytes, dpi: float, software: str) -> bytes:
    """``png`` with a ``tEXt`` Software and a ``pHYs`` chunk (``dpi`` as pixels per metre) after its ``IHDR``."""
    if png[:len(PNG_SIGNATURE)] != PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG starting with its IHDR chunk")
    per_metre = round(dpi / 0.0254)
    extra = (_chunk(b"tEXt", b"Software\0" + software.encode("latin-1"))
             + _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    return png[:_IHDR_END] + extra + png[_IHDR_END:]


def pixel_size(size_in: tuple[float, float], dpi: float) -> tuple[int, int]:
    """The pixels of a ``size_in`` (inches) figure at ``dpi``: truncated, as matplotlib's Agg canvas has them."""
    return int(size_in[0] * dpi), int(size_in[1] * dpi)


def svg_to_png(svg: bytes, brand: Brand, dpi: int, size_in: tuple[float, float], fill: str = "#ffffffff",
               software: str = "reporter") -> bytes:
    """The SVG of a ``size_in`` (inches) figure rasterised by Typst at ``dpi``, in the brand's fonts, on
    ``fill`` (a ``#rrggbbaa`` colour): a :func:`pixel_size` PNG (the image at its own size on a page of whole
    pixels: the part of a pixel beyond the last whole one is cut off, as matplotlib does)."""
    claim()
    width_px, height_px = pixel_size(size_in, dpi)
    source = PAGE.format(width=_pt(width_px, dpi), height=_pt(height_px, dpi), fill=fill,
                         svg_width=f"{size_in[0] * 72:.6f}")
    with tempfile.TemporaryDirectory(prefix="reporter-typst-chart-") as root:   # the page reads no file
        png = compiler(brand).compile(source.encode("utf-8"), format="png", ppi=float(dpi), root=root,
                                      sys_inputs={"svg": svg.decode("utf-8")})
    return with_header(png, dpi, software)


def _pt(pixels: int, dpi: int) -> str:
    """``pixels`` at ``dpi`` in points, exact enough that Typst's rounding gives back ``pixels``."""
    return f"{pixels * 72 / dpi:.6f}"
