"""Page-by-page picture comparison of two PDFs (pypdfium2 renders, NumPy compares, Pillow writes diff images).

A pixel counts as changed when any colour channel differs by more than :data:`PIXEL_THRESHOLD` (0–255); a
page differs when the share of changed pixels exceeds the tolerance. On one machine rendering is exact (the
fonts are embedded), so the tolerance only absorbs anti-aliasing differences between machines. For each page
that differs a PNG is written: the expected page faded to light grey with the changed pixels in red.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

from reporter.atomic import write_bytes
from reporter.compare.report import Difference

DPI = 60                 # enough to see colours and layout; ~0.1 s per A4 page
PIXEL_THRESHOLD = 48     # a channel difference above this marks the pixel as changed
DEFAULT_TOLERANCE = 0.001  # share of a page's pixels that may change (0.1 %)
HIGHLIGHT = (220, 0, 0)


@dataclass(frozen=True)
class PageDiff:
    """How much one page changed."""

    page: int
    changed: int
    total: int

    @property
    def share(self) -> float:
        return self.changed / self.total if self.total else 0.0


def page_pixels(data: bytes, dpi: int = DPI) -> list[np.ndarray]:
    """Every page of a PDF as an RGB array (height × width × 3, uint8). A damaged file raises
    ``pypdfium2.PdfiumError`` (a RuntimeError)."""
    doc = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)   # RGB(x) in byte order
            pixels = bitmap.to_numpy()
            pages.append(np.ascontiguousarray(pixels[:, :, :3]))
            page.close()
        return pages
    finally:
        doc.close()


def changed_mask(a: np.ndarray, b: np.ndarray, threshold: int = PIXEL_THRESHOLD) -> np.ndarray:
    """Boolean mask of changed pixels; pages of different size are compared on their common area and the
    rest counts as changed."""
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    mask = np.ones((height, width), dtype=bool)
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    delta = np.abs(a[:h, :w].astype(np.int16) - b[:h, :w].astype(np.int16)).max(axis=2)
    mask[:h, :w] = delta > threshold
    return mask


def diff_image(expected: np.ndarray, mask: np.ndarray) -> bytes:
    """PNG: the expected page faded to light grey, changed pixels in red."""
    height, width = mask.shape
    base = np.full((height, width, 3), 255, dtype=np.uint8)
    h, w = expected.shape[:2]
    grey = expected.mean(axis=2, keepdims=True)
    base[:h, :w] = (255 - (255 - grey) * 0.35).astype(np.uint8)
    base[mask] = HIGHLIGHT
    buffer = io.BytesIO()
    Image.fromarray(base, "RGB").save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def compare_raster(a: bytes, b: bytes, name: str, *, tolerance: float = DEFAULT_TOLERANCE,
                   out_dir: Path | None = None, dpi: int = DPI,
                   threshold: int = PIXEL_THRESHOLD) -> list[Difference]:
    """One Difference per common page whose changed-pixel share exceeds ``tolerance``; with ``out_dir`` a
    diff PNG ``<name>.page-<n>.diff.png`` is written for each (atomically). Page count changes are reported
    by the text comparison."""
    pages_a, pages_b = page_pixels(a, dpi), page_pixels(b, dpi)
    out: list[Difference] = []
    for index, (pa, pb) in enumerate(zip(pages_a, pages_b)):
        mask = changed_mask(pa, pb, threshold)
        diff = PageDiff(index + 1, int(mask.sum()), int(mask.size))
        if diff.share <= tolerance:
            continue
        image = None
        if out_dir is not None:
            image = write_bytes(Path(out_dir) / f"{name}.page-{diff.page}.diff.png", diff_image(pa, mask))
        out.append(Difference(name, "raster", page=diff.page, image=image,
                              detail=f"{diff.share:.2%} of pixels changed (tolerance {tolerance:.2%})"))
    return out
