"""The process's Typst engine (the ``typst`` Python binding): the brand's fonts, one compiler per brand, and the
fork guard. Shared by the Typst PDF (:mod:`reporter.render.typst_pdf`) and the chart rasteriser
(:mod:`reporter.charts.raster`), so both load a brand's fonts once per process.

Fonts are exactly the brand's files (a private folder of links to them: no system font, no Typst font) plus
the last-resort family for a glyph they all lack. Typst runs a thread pool once it has compiled, so a process
forked after that cannot compile (its pool's threads do not exist in the child): :func:`claim` raises
:class:`TypstForked` there instead of hanging, and :func:`fork_is_safe` tells callers whether a fork of this
process could still use Typst.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from reporter.brand import Brand
from reporter.fonts import brand_families, font_files, last_resort_files

_COMPILERS: dict[str, object] = {}
_FONTS: dict[str, object] = {}
_USED_IN: list[int] = []          # the pid of the process whose Typst thread pool exists


class TypstForked(RuntimeError):
    """Typst was used in a parent process and this process is its fork: Typst would hang here."""


def font_paths(brand: Brand) -> list[Path]:
    """Every file of the brand's families and of the last-resort family for a glyph they all lack (the only
    fonts the compiler is given; Typst embeds a font only where a glyph of it is used)."""
    return sorted({p for family in brand_families(brand) for p in font_files(family, brand).values()}
                  | set(last_resort_files()))


def _font_folder(brand: Brand) -> Path:
    """A private folder with links to the brand's font files only (Typst takes folders, not files)."""
    folder = Path(tempfile.mkdtemp(prefix=f"reporter-typst-fonts-{brand.key}-"))
    atexit.register(shutil.rmtree, folder, True)
    for path in font_paths(brand):
        target = folder / path.name
        try:
            target.symlink_to(path)
        except OSError:
            shutil.copyfile(path, target)
    return folder


def fonts(brand: Brand):
    """The process's Typst font set for ``brand`` (the brand's font files only; loaded once)."""
    import typst

    made = _FONTS.get(brand.key)
    if made is None:
        made = _FONTS[brand.key] = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                               font_paths=[str(_font_folder(brand))])
    return made


def compiler(brand: Brand):
    """The process's Typst compiler for ``brand`` (made once: fonts loaded once)."""
    import typst

    made = _COMPILERS.get(brand.key)
    if made is None:
        made = _COMPILERS[brand.key] = typst.Compiler(font_paths=fonts(brand), ignore_system_fonts=True)
    return made


def fork_is_safe() -> bool:
    """Whether a process forked from this one can run Typst: this process has not compiled yet."""
    return not _USED_IN


def usable_here() -> bool:
    """Whether this process can compile: Typst was not used by the process it was forked from."""
    return not _USED_IN or _USED_IN[0] == os.getpid()


def claim() -> None:
    """Call before every compile: raises :class:`TypstForked` in a fork of a process that compiled, else
    records that this process's Typst thread pool exists (its forks can no longer compile)."""
    if not usable_here():
        raise TypstForked("Typst was used before this process was forked and cannot run in it; start "
                          "worker processes with the 'spawn' method")
    if not _USED_IN:
        _USED_IN.append(os.getpid())
