"""Assets of the HTML/PDF renderers: project folders, a restrictive URL fetcher, CSS and SVG helpers.

Nothing here looks at numbers or text of the document; it only finds files, builds the brand's CSS
custom properties and makes inline SVG safe to place several times in one HTML page.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from markupsafe import Markup, escape

from reporter.brand import STYLES_DIR, Brand, available_brands, brand_directory, load_brand
from reporter.fonts import FontMissing, brand_families, css_font_stack
from reporter.fonts import font_dirs as brand_font_dirs

PROJECT_DIR = STYLES_DIR.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
CSS_DIR = STYLES_DIR / "css"


class URLRefused(ValueError):
    """A resource URL outside the folders the renderer may read (or a network URL)."""


def font_dirs() -> tuple[Path, ...]:
    """Folders holding the font files of every known brand (a brand whose fonts are missing adds none)."""
    dirs: set[Path] = set()
    for key in available_brands():
        try:
            dirs.update(brand_font_dirs(load_brand(key)))
        except (FontMissing, ValueError):
            continue
    return tuple(sorted(dirs))


def allowed_roots() -> tuple[Path, ...]:
    """The only folders a rendered document may load files from: styles/, templates/, the brand folders
    and the brands' fonts."""
    brands = tuple(sorted({brand_directory(key) for key in available_brands()}))
    return (STYLES_DIR.resolve(), TEMPLATES_DIR.resolve()) + brands + font_dirs()


def url_to_path(url: str) -> Path:
    """A file:// URL as a resolved local path (symlinks and '..' resolved before any check)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise URLRefused(f"refused remote file URL: {url}")
    return Path(url2pathname(unquote(parts.path))).resolve()


_TYPES = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf",
          ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2", ".jpg": "image/jpeg"}


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower(), "application/octet-stream")


# --- CSS -----------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def read_css(name: str) -> str:
    """A stylesheet from ``styles/css/`` by file name."""
    return (CSS_DIR / name).read_text(encoding="utf-8")


def brand_css(brand: Brand) -> str:
    """The brand as CSS custom properties on ``:root`` (colours, status colours, font stacks).

    Also emits one rule per status (``.status-up`` …) because custom properties cannot name a
    class; the mapping status → colour lives only in the brand file.
    """
    lines = [":root {"]
    for name, colour in sorted(brand.colours.items()):
        lines.append(f"  --{name.replace('_', '-')}: {colour};")
    for i, colour in enumerate(brand.series, start=1):
        lines.append(f"  --series-{i}: {colour};")
    for status, colour in sorted(brand.status_colours.items()):
        lines.append(f"  --status-{status}: {colour};")
    lines.append(f"  --font-body: {css_font_stack(brand.font_body, brand)};")
    lines.append(f"  --font-heading: {css_font_stack(brand.font_heading, brand)};")
    lines.append("}")
    for status in sorted(brand.status_colours):
        lines.append(f".status-{status} {{ background-color: var(--status-{status}); }}")
    return "\n".join(lines) + "\n"


def font_families(brand: Brand) -> list[str]:
    return brand_families(brand)


# --- SVG -----------------------------------------------------------------------------------------

_PROLOGUE = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?(<!--.*?-->\s*)*", re.S)
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str | bytes, prefix: str, title: str) -> Markup:
    """Prepare an SVG document for inline use: drop the XML prologue, make ids unique with ``prefix``,
    let CSS size it, and add ``role="img"``, ``aria-label`` and a ``<title>`` (the PDF's alt text).

    ``title`` is plain text (escaped here); the SVG itself comes from our own chart renderer.
    """
    title = str(escape(title))
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = _PROLOGUE.sub("", text, count=1)
    ids = set(_ID.findall(text))
    if ids:
        pattern = re.compile(r'(\bid="|#|url\(#|href="#)(' + "|".join(re.escape(i) for i in
                                                                       sorted(ids, key=len, reverse=True)) + r')\b')
        text = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    open_tag = re.search(r"<svg\b[^>]*>", text)
    if open_tag is None:
        raise ValueError("not an SVG document")
    tag = open_tag.group(0)
    new_tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    new_tag = new_tag[:-1].rstrip("/") + f' role="img" aria-label="{title}" class="chart">'
    return Markup(text[:open_tag.start()] + new_tag + f"<title>{title}</title>" + text[open_tag.end():])


def svg_data_uri(svg: str | bytes) -> str:
    """An SVG document as a base64 data: URI (charts drawn by WeasyPrint as images)."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def data_uri(path: Path) -> str:
    """A file as a base64 data: URI (logos in self-contained HTML and in the PDF)."""
    return f"data:{content_type(path)};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def __getattr__(name: str):
    """``SafeURLFetcher`` lives in :mod:`reporter.render.url_fetcher` (it imports WeasyPrint, which the HTML and
    Typst paths never need: ~0,8 s of imports)."""
    if name == "SafeURLFetcher":
        from reporter.render.url_fetcher import SafeURLFetcher

        return SafeURLFetcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
