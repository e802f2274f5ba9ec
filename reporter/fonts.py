"""Fonts the documents use, as files the project's own installation provides.

The families are DejaVu Sans and DejaVu Serif from matplotlib's ``mpl-data/fonts/ttf`` (installed
by pip with the pinned matplotlib, so every machine gets byte-identical files). They cover Danish
(æøåÆØÅ), typographic punctuation (– “ ” ’ » «) and the status symbols ▲ ● ▼ — see
``REQUIRED_GLYPHS`` and tests/charts/test_fonts.py. Fonts are never looked up on the system:
renderers get file paths (``font_files``), WeasyPrint gets ``@font-face`` rules with file:// URLs
(``font_face_css``), and matplotlib gets the files registered by path (``register_matplotlib_fonts``).
A font dropped in ``styles/fonts/`` can be added to ``FAMILIES`` the same way.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

if TYPE_CHECKING:
    from reporter.brand import Brand

PROJECT_FONTS_DIR = Path(__file__).resolve().parent.parent / "styles" / "fonts"
MPL_FONTS_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

STYLES = ("regular", "bold", "italic", "bold_italic")

# family → style → (folder, file name)
FAMILIES: dict[str, dict[str, tuple[Path, str]]] = {
    "DejaVu Sans": {
        "regular": (MPL_FONTS_DIR, "DejaVuSans.ttf"),
        "bold": (MPL_FONTS_DIR, "DejaVuSans-Bold.ttf"),
        "italic": (MPL_FONTS_DIR, "DejaVuSans-Oblique.ttf"),
        "bold_italic": (MPL_FONTS_DIR, "DejaVuSans-BoldOblique.ttf"),
    },
    "DejaVu Serif": {
        "regular": (MPL_FONTS_DIR, "DejaVuSerif.ttf"),
        "bold": (MPL_FONTS_DIR, "DejaVuSerif-Bold.ttf"),
        "italic": (MPL_FONTS_DIR, "DejaVuSerif-Italic.ttf"),
        "bold_italic": (MPL_FONTS_DIR, "DejaVuSerif-BoldItalic.ttf"),
    },
    "DejaVu Sans Mono": {
        "regular": (MPL_FONTS_DIR, "DejaVuSansMono.ttf"),
        "bold": (MPL_FONTS_DIR, "DejaVuSansMono-Bold.ttf"),
        "italic": (MPL_FONTS_DIR, "DejaVuSansMono-Oblique.ttf"),
        "bold_italic": (MPL_FONTS_DIR, "DejaVuSansMono-BoldOblique.ttf"),
    },
}

# Characters every document font must have.
REQUIRED_GLYPHS = "æøåÆØÅéüöä–—“”„’‘»«…•▲●▼%‰€§"

# Generic CSS fallback per family.
_GENERIC = {"DejaVu Sans": "sans-serif", "DejaVu Serif": "serif", "DejaVu Sans Mono": "monospace"}


def available_families() -> list[str]:
    return sorted(FAMILIES)


def font_files(family: str) -> dict[str, Path]:
    """The font files of a family by style: regular, bold, italic, bold_italic."""
    try:
        styles = FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown font family {family!r}; known: {', '.join(available_families())}") from None
    return {style: folder / name for style, (folder, name) in styles.items()}


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path:
    """One file of a family: font_file("DejaVu Sans", bold=True)."""
    style = {(False, False): "regular", (True, False): "bold",
             (False, True): "italic", (True, True): "bold_italic"}[(bold, italic)]
    return font_files(family)[style]


def missing_glyphs(path: Path, text: str = REQUIRED_GLYPHS) -> str:
    """The characters of ``text`` that the font file has no glyph for ("" = all present)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap()
    return "".join(ch for ch in text if ord(ch) not in cmap)


def brand_families(brand: "Brand") -> list[str]:
    """The families a brand uses (body first, then heading), without duplicates."""
    return list(dict.fromkeys([brand.font_body, brand.font_heading]))


def css_font_stack(family: str) -> str:
    """A CSS font-family value for a family: '"DejaVu Serif", serif'."""
    return f'"{family}", {_GENERIC.get(family, "sans-serif")}'


def font_face_css(brand: "Brand") -> str:
    """@font-face rules (file:// URLs) for every style of the brand's body and heading families."""
    weights = {"regular": ("normal", "normal"), "bold": ("bold", "normal"),
               "italic": ("normal", "italic"), "bold_italic": ("bold", "italic")}
    rules = []
    for family in brand_families(brand):
        for style, path in font_files(family).items():
            weight, font_style = weights[style]
            rules.append(
                "@font-face {\n"
                f'  font-family: "{family}";\n'
                f'  src: url("{path.resolve().as_uri()}") format("truetype");\n'
                f"  font-weight: {weight};\n"
                f"  font-style: {font_style};\n"
                "}"
            )
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=None)
def register_matplotlib_fonts() -> tuple[str, ...]:
    """Add every font file of ``FAMILIES`` to matplotlib's font manager (once); returns the families.

    Charts still pass the file paths explicitly (``reporter.charts``), so a same-named system font
    can never be picked instead.
    """
    from matplotlib import font_manager

    known = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    for family in FAMILIES:
        for path in font_files(family).values():
            if path.resolve() not in known:
                font_manager.fontManager.addfont(str(path))
    return tuple(FAMILIES)
