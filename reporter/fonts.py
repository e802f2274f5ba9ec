"""Fonts of a brand, as files from the brand's own sources — never looked up on the system by name.

A brand names its families in ``brand.yaml`` (``fonts: body, heading, fallback``) and where their files are
(``fonts.sources``: folders installed by Debian packages, which ``tools/system-deps.sh`` installs; the brand's
own ``fonts/`` folder comes first). The files in those folders are identified by the family and style
names inside them (fontTools), so a new font needs no code. The default brands use Office metric-compatible
fonts: Carlito (Calibri's metrics) and Liberation Sans/Serif (Arial's/Times New Roman's), so a DOCX that
names the Office font breaks lines as the PDF does (``Brand.office_font``).

Renderers get file paths (:func:`font_files`), WeasyPrint gets ``@font-face`` rules with file:// URLs and
self-contained HTML gets them as subset WOFF data: URIs (made once per process) (:func:`font_face_css`), matplotlib gets the files
registered by path (``reporter.charts.fonts.register_matplotlib_fonts``).
"""

from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reporter.brand import Brand

# fontTools warns about harmless things in these fonts (old 'created' dates, an FFTM table it drops).
logging.getLogger("fontTools").setLevel(logging.ERROR)
log = logging.getLogger(__name__)

STYLES = ("regular", "bold", "italic", "bold_italic")
FONT_SUFFIXES = (".ttf", ".otf")

# Characters every brand must be able to print (in its body or heading font, or its fallback).
REQUIRED_GLYPHS = "æøåÆØÅéüöä–—“”„’‘»«…•▲●▼%‰€§"

# What self-contained HTML keeps of each font: Latin-1, Latin Extended-A, punctuation, the symbols.
HTML_SUBSET = ("".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x180))
               + "‐‑‒–—―‘’‚‛“”„‟†‡•…‰′″‹›€−▲●▼■□◆" + REQUIRED_GLYPHS)

_SUBFAMILY = {"regular": "regular", "normal": "regular", "roman": "regular", "book": "regular",
              "bold": "bold", "italic": "italic", "oblique": "italic",
              "bold italic": "bold_italic", "bold oblique": "bold_italic"}
_WEIGHTS = {"regular": ("normal", "normal"), "bold": ("bold", "normal"),
            "italic": ("normal", "italic"), "bold_italic": ("bold", "italic")}


class FontMissing(ValueError):
    """A family a brand names has no files in its font sources."""


@lru_cache(maxsize=None)
def scan_folder(folder: Path) -> dict[str, dict[str, Path]]:
    """family → style → file for the font files directly in ``folder`` (empty when it does not exist)."""
    from fontTools.ttLib import TTFont

    found: dict[str, dict[str, Path]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        with TTFont(str(path), lazy=True) as font:
            names = font["name"]
            family = str(names.getDebugName(16) or names.getDebugName(1))
            sub = str(names.getDebugName(17) or names.getDebugName(2)).lower()
        style = _SUBFAMILY.get(sub)
        if style is not None:
            found.setdefault(family, {}).setdefault(style, path.resolve())
    return found


def brand_families(brand: "Brand") -> list[str]:
    """The families a brand uses (body, heading, fallback), without duplicates."""
    return list(dict.fromkeys(f for f in (brand.font_body, brand.font_heading, brand.font_fallback) if f))


def font_files(family: str, brand: "Brand") -> dict[str, Path]:
    """The files of one of the brand's families by style (regular, bold, italic, bold_italic); raises
    :class:`FontMissing` naming the folders searched and the Debian package to install."""
    for source in brand.font_sources:
        styles = scan_folder(source.folder).get(family)
        if styles:
            missing = [s for s in STYLES if s not in styles]
            if missing:
                raise FontMissing(f"brand {brand.key}: font {family!r} in {source.folder} has no "
                                  f"{', '.join(missing)} file")
            return {s: styles[s] for s in STYLES}
    places = "; ".join(str(s.folder) + (f" (Debian package {s.package})" if s.package else "")
                       for s in brand.font_sources)
    raise FontMissing(f"brand {brand.key}: font {family!r} not found in {places}; "
                      "run tools/system-deps.sh or put the files in the brand's fonts/ folder")


def font_file(family: str, brand: "Brand", bold: bool = False, italic: bool = False) -> Path:
    """One file of a brand's family: font_file("Carlito", brand, bold=True)."""
    style = {(False, False): "regular", (True, False): "bold",
             (False, True): "italic", (True, True): "bold_italic"}[(bold, italic)]
    return font_files(family, brand)[style]


# The font for a glyph none of the brand's families has (a consultant's "✓" in a table): what a CSS stack's
# generic family gives WeasyPrint through fontconfig, named here for Typst, which looks up no system font.
LAST_RESORT_FAMILY = "DejaVu Sans"
LAST_RESORT_FOLDER = Path("/usr/share/fonts/truetype/dejavu")     # Debian package fonts-dejavu-core


def last_resort_files() -> list[Path]:
    """The files of :data:`LAST_RESORT_FAMILY` (empty when the package is not installed)."""
    return sorted(scan_folder(LAST_RESORT_FOLDER).get(LAST_RESORT_FAMILY, {}).values())


def font_dirs(brand: "Brand") -> list[Path]:
    """The folders the brand's font files are in."""
    return sorted({p.parent for f in brand_families(brand) for p in font_files(f, brand).values()})


def missing_glyphs(path: Path, text: str = REQUIRED_GLYPHS) -> str:
    """The characters of ``text`` that the font file has no glyph for ("" = all present)."""
    return "".join(ch for ch in text if ord(ch) not in _cmap(path))


@lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


@lru_cache(maxsize=None)
def generic_family(path: Path) -> str:
    """'serif' or 'sans-serif' from the font's PANOSE serif style (fallback: sans-serif)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        panose = font["OS/2"].panose
        if panose.bFamilyType == 2 and 2 <= panose.bSerifStyle <= 10:
            return "serif"
    return "sans-serif"


def css_font_stack(family: str, brand: "Brand") -> str:
    """A CSS font-family value: the family, the brand's fallback, a generic: '"Carlito", "Liberation Sans",
    sans-serif'."""
    names = list(dict.fromkeys(f for f in (family, brand.font_fallback) if f))
    generic = generic_family(font_file(family, brand))
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


SUBSET_CACHE_ENV = "REPORTER_CACHE"     # folder of the subset-font cache (default: $XDG_CACHE_HOME/reporter)
_SUBSET_RECIPE = "woff;no-layout;all-names;notdef;no-hinting;1"   # bump when subset_woff's options change


def cache_dir() -> Path:
    """The folder reporter keeps derived files in (subset fonts): ``$REPORTER_CACHE``, else
    ``$XDG_CACHE_HOME/reporter``, else ``~/.cache/reporter``."""
    import os

    if os.environ.get(SUBSET_CACHE_ENV):
        return Path(os.environ[SUBSET_CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reporter"


@lru_cache(maxsize=None)
def subset_woff(path: Path, text: str = HTML_SUBSET) -> bytes:
    """The font cut down to the glyphs of ``text``, as WOFF (for self-contained HTML). Hinting and OpenType
    layout tables are dropped: keeping Carlito's kerning alone costs ~0,3 s a style, and a browser preview
    without kerning differs from the PDF only by fractions of a point. ~0,1 s and 15–20 kB a style.

    The result depends only on the font file's bytes, ``text``, the options and fontTools' version, so it is
    kept in :func:`cache_dir` under a hash of those (written atomically; a cache that cannot be read or
    written is skipped): a note's HTML then does not subset its eight font styles again on every run."""
    import hashlib

    import fontTools

    key = hashlib.sha256()
    for part in (_SUBSET_RECIPE, fontTools.version, text):
        key.update(part.encode("utf-8") + b"\0")
    key.update(Path(path).read_bytes())
    cached = cache_dir() / "fonts" / f"{key.hexdigest()}.woff"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _subset_woff(path, text)
    try:
        from reporter.atomic import write_bytes

        cached.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(cached, data)
    except OSError as exc:
        log.debug("subset font cache not written (%s): %s", cached, exc)
    return data


def _subset_woff(path: Path, text: str) -> bytes:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def font_face_css(brand: "Brand", embed: bool = False) -> str:
    """@font-face rules for every style of the brand's families: file:// URLs (WeasyPrint) or, with
    ``embed=True``, subset WOFF data: URIs (HTML that works from any folder)."""
    rules = []
    for family in brand_families(brand):
        for style, path in font_files(family, brand).items():
            weight, font_style = _WEIGHTS[style]
            if embed:
                data = base64.b64encode(subset_woff(path)).decode("ascii")
                src = f'url("data:font/woff;base64,{data}") format("woff")'
            else:
                src = f'url("{path.as_uri()}") format("truetype")'
            rules.append(
                "@font-face {\n"
                f'  font-family: "{family}";\n'
                f"  src: {src};\n"
                f"  font-weight: {weight};\n"
                f"  font-style: {font_style};\n"
                "}"
            )
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=None)
def vertical_metrics(path: Path) -> tuple[float, float]:
    """(ascent, descent) of a font file in em, from its ``hhea`` table (what HarfBuzz and Typst place lines
    with); the Typst renderer sets CSS-like line heights from them."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        units = font["head"].unitsPerEm
        return round(font["hhea"].ascent / units, 6), round(-font["hhea"].descent / units, 6)
