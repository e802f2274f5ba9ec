"""The DOCX chart PNG: the chart's SVG rasterised by Typst (reporter.charts.raster) — size, header, bytes, looks."""

import hashlib
import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from reporter.charts import render as chart_render
from reporter.charts import render_figure
from reporter.charts.raster import svg_to_png, with_header

ROOT = Path(__file__).resolve().parents[2]


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """(type, data) of every chunk of a PNG, read by hand."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + data)
        found.append((kind, data))
        at += 12 + length
    return found


def svg_size_pt(svg: bytes) -> tuple[float, float]:
    width, height = re.search(rb'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
    return float(width), float(height)


@pytest.mark.parametrize("dpi, width_cm", [(300, 16.0), (150, 8.0)])
def test_png_has_the_pixels_matplotlib_would_give_and_the_dpi_in_its_header(brand, samples, dpi, width_cm):
    figure = samples["stacked_bar"]
    png = render_figure(figure, brand, "png", dpi=dpi, width_cm=width_cm)
    _, height_pt = svg_size_pt(render_figure(figure, brand, "svg", width_cm=width_cm))
    image = Image.open(io.BytesIO(png))
    # matplotlib's Agg canvas: inches × dpi, truncated (16 cm at 300 dpi = 1889.76 → 1889)
    assert image.size == (int(width_cm / 2.54 * dpi), int(height_pt / 72 * dpi))
    kinds = [kind for kind, _ in chunks(png)]
    assert kinds[:3] == [b"IHDR", b"tEXt", b"pHYs"] and kinds[-1] == b"IEND"
    per_metre = round(dpi / 0.0254)
    assert dict(chunks(png))[b"pHYs"] == struct.pack(">IIB", per_metre, per_metre, 1)
    assert dict(chunks(png))[b"tEXt"] == b"Software\0reporter"
    assert image.info["dpi"] == pytest.approx((dpi, dpi), abs=0.02)     # whole pixels per metre


def test_same_svg_gives_the_same_png_bytes_each_compile(brand, samples):
    svg = render_figure(samples["clustered_bar"], brand, "svg")
    size = (16 / 2.54, svg_size_pt(svg)[1] / 72)
    first = svg_to_png(svg, brand, 200, size)
    assert svg_to_png(svg, brand, 200, size) == first       # no cache here: two Typst compiles


def test_png_bytes_do_not_depend_on_the_process(samples):
    """A fresh interpreter rasterises the same figure to the same bytes (no clock, no process state)."""
    from reporter.brand import load_brand

    here = render_figure(samples["horizontal_bar"], load_brand("nordlys"), "png", dpi=150)
    code = ("import hashlib, sys; sys.path.insert(0, 'tests/charts'); from conftest import horizontal; "
            "from reporter.brand import load_brand; from reporter.charts import render_figure; "
            "print(hashlib.sha256(render_figure(horizontal(), load_brand('nordlys'), 'png', dpi=150)).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=180,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == hashlib.sha256(here).hexdigest()


def _agg_png(figure, brand, dpi: int) -> bytes:
    """The same laid-out figure drawn by matplotlib's Agg (the DOCX picture before the Typst raster)."""
    import matplotlib

    drawn = chart_render._layout(figure, brand, 16.0, "da")
    buffer = io.BytesIO()
    with matplotlib.rc_context(drawn.theme):
        drawn.fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["clustered_bar", "stacked_bar", "horizontal_bar"])
def test_typst_raster_looks_like_the_matplotlib_one(brand, samples, name):
    figure = samples[name]
    typst = np.asarray(Image.open(io.BytesIO(render_figure(figure, brand, "png", dpi=150))).convert("RGB"), float)
    agg = np.asarray(Image.open(io.BytesIO(_agg_png(figure, brand, 150))).convert("RGB"), float)
    assert typst.shape == agg.shape
    difference = np.abs(typst - agg)
    assert difference.mean() < 8                      # anti-aliasing and text hinting differ a little
    assert (difference.max(axis=2) > 128).mean() < 0.03
    ink = (agg.min(axis=2) < 128).mean()              # not vacuous: both have about as much dark ink (text)
    assert ink > 0.002 and abs((typst.min(axis=2) < 128).mean() - ink) < ink * 0.25


def test_the_background_is_the_face_colour(brand, samples):
    svg = render_figure(samples["means"], brand, "svg")
    bare = re.sub(rb'<g id="patch_1">.*?</g>', b"", svg, count=1, flags=re.S)     # no figure patch: page shows
    size = (16 / 2.54, svg_size_pt(svg)[1] / 72)
    clear = Image.open(io.BytesIO(svg_to_png(bare, brand, 50, size, "#00000000"))).convert("RGBA")
    tinted = Image.open(io.BytesIO(svg_to_png(bare, brand, 50, size, "#ff000080"))).convert("RGBA")
    corner = (0, clear.height - 1)
    assert clear.getpixel(corner)[3] == 0
    assert tinted.getpixel(corner) == (255, 0, 0, 128)


def test_with_header_adds_the_chunks_after_ihdr():
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    bare = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))
    png = with_header(bare, 96, "x")
    assert [k for k, _ in chunks(png)] == [b"IHDR", b"tEXt", b"pHYs", b"IEND"]
    assert dict(chunks(png))[b"pHYs"] == struct.pack(">IIB", 3780, 3780, 1)    # 96 dpi = 3779.5 px/m
    with pytest.raises(ValueError):
        with_header(b"GIF89a", 96, "x")
