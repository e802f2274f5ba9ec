"""Pages as pictures: changed pixels above a threshold, a tolerance per page, and diff images."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from compare_samples import table_pdf
from reporter.compare.pdf_raster import changed_mask, compare_raster, diff_image, page_pixels


@pytest.fixture(scope="module")
def base() -> bytes:
    return table_pdf()


@pytest.fixture(scope="module")
def recoloured() -> bytes:
    return table_pdf(header_bg="#e76f51")


def test_pages_render_as_rgb_arrays(base):
    pages = page_pixels(base, dpi=30)
    assert len(pages) == 2
    assert pages[0].shape == (351, 249, 3) and pages[0].dtype == np.uint8


def test_identical_pages_have_no_difference(base, tmp_path):
    assert compare_raster(base, base, "x.pdf", out_dir=tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_a_colour_change_writes_a_diff_image_per_page(base, recoloured, tmp_path):
    found = compare_raster(base, recoloured, "note.pdf", out_dir=tmp_path)
    assert [(d.kind, d.page) for d in found] == [("raster", 1), ("raster", 2)]   # the header row repeats
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.pdf.page-1.diff.png", "note.pdf.page-2.diff.png"]
    d = found[0]
    assert d.image == tmp_path / "note.pdf.page-1.diff.png"
    with Image.open(d.image) as image:
        assert image.format == "PNG"
        pixels = np.asarray(image.convert("RGB"))
    assert ((pixels == (220, 0, 0)).all(axis=2)).sum() > 100     # changed pixels in red
    assert "of pixels changed" in d.message and str(d.image) in d.message


def test_tolerance_decides(base, recoloured):
    d = compare_raster(base, recoloured, "x.pdf")[0]
    share = float(d.detail.split("%")[0]) / 100
    assert d.image is None                               # no folder given: no image
    assert compare_raster(base, recoloured, "x.pdf", tolerance=share + 0.001) == []
    assert len(compare_raster(base, recoloured, "x.pdf", tolerance=share - 0.001)) == 2


def test_a_few_changed_glyphs_pass_the_default_tolerance_but_not_zero(base):
    changed = table_pdf(extra_text="Ny sætning.")
    assert compare_raster(base, changed, "x.pdf") == []
    assert [d.page for d in compare_raster(base, changed, "x.pdf", tolerance=0.0)] == [1]


def test_small_channel_differences_are_below_the_threshold():
    a = np.full((4, 4, 3), 200, dtype=np.uint8)
    b = a.copy()
    b[0, 0] = (210, 200, 200)     # +10: anti-aliasing noise
    b[1, 1] = (200, 100, 200)     # -100: a real change
    mask = changed_mask(a, b)
    assert mask.sum() == 1 and mask[1, 1]
    bigger = np.full((5, 4, 3), 200, dtype=np.uint8)
    assert changed_mask(a, bigger).sum() == 4            # the extra row counts as changed


def test_diff_image_is_a_png_of_the_page_size():
    mask = np.zeros((6, 8), dtype=bool)
    mask[2, 3] = True
    with Image.open(io.BytesIO(diff_image(np.zeros((6, 8, 3), dtype=np.uint8), mask))) as image:
        assert image.size == (8, 6)
        assert image.getpixel((3, 2)) == (220, 0, 0)
