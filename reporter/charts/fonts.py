"""The brand's font files registered with matplotlib (by path: a same-named system font is never used)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

from reporter.brand import Brand
from reporter.fonts import brand_families, font_files


def register_matplotlib_fonts(brand: Brand) -> tuple[str, ...]:
    """Add the brand's font files to matplotlib's font manager (once each); returns the families.

    Charts still pass the file paths explicitly (``reporter.charts.render.apply_font``).
    """
    families = tuple(brand_families(brand))
    for family in families:
        for path in font_files(family, brand).values():
            _add(path)
    return families


@lru_cache(maxsize=None)
def _add(path: Path) -> None:
    if path not in {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
