"""Brands as self-contained folders: ``styles/brands/<name>/`` (see docs/brands.md).

A brand folder holds ``brand.yaml`` (publisher, colours, terms, fonts, back page) and, optionally, files that
replace the project-wide defaults: ``logo.svg`` + ``logo.png`` (Word cannot show SVG), ``fonts/`` (font files),
``print.css`` (added after the base stylesheets), ``chart.mplstyle`` (added after the base chart style) and
``reference.docx`` (the DOCX base document). Nothing about a particular brand lives in Python code.

Brands are looked up in the folders of the ``REPORTER_BRANDS`` environment variable (``os.pathsep``-separated;
each holds brand folders) and then in ``styles/brands/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
BRANDS_DIR = STYLES_DIR / "brands"
BRANDS_ENV = "REPORTER_BRANDS"

# Project-wide defaults a brand folder may replace.
DEFAULT_MPLSTYLE = STYLES_DIR / "matplotlib" / "reporter.mplstyle"
DEFAULT_REFERENCE_DOCX = STYLES_DIR / "docx" / "reference.docx"


@dataclass(frozen=True)
class FontSource:
    """A folder to take font files from, and the Debian package that installs it (None: shipped files)."""

    folder: Path
    package: str | None = None


@dataclass(frozen=True)
class Brand:
    """Everything visual that differs between publishers."""

    key: str
    publisher: str
    colours: dict[str, str]
    series: tuple[str, ...]
    font_body: str
    font_heading: str
    percent_space: bool
    logo: Path | None
    back_title: str
    back_paragraphs: tuple[str, ...]
    status_colours: dict[str, str] = field(default_factory=dict)
    status_symbols: dict[str, str] = field(default_factory=dict)
    directory: Path = BRANDS_DIR
    font_fallback: str | None = None                     # glyphs body/heading lack (e.g. ▲ ▼)
    office_fonts: dict[str, str] = field(default_factory=dict)   # PDF family → the family the DOCX names
    font_sources: tuple[FontSource, ...] = ()
    wave_series: tuple[str, ...] = ()    # colours of the waves, first to last (the last the strongest)

    @property
    def logo_png(self) -> Path | None:
        """The shipped PNG of the logo (``logo.png`` beside ``logo.svg``), if there is one."""
        if self.logo is None:
            return None
        png = self.logo.with_suffix(".png")
        return png if png.is_file() else None

    @property
    def print_css(self) -> Path | None:
        path = self.directory / "print.css"
        return path if path.is_file() else None

    @property
    def mplstyle(self) -> Path | None:
        path = self.directory / "chart.mplstyle"
        return path if path.is_file() else None

    @property
    def reference_docx(self) -> Path:
        path = self.directory / "reference.docx"
        return path if path.is_file() else DEFAULT_REFERENCE_DOCX

    def office_font(self, family: str) -> str:
        """The font a Word document names for ``family`` (a metric-compatible Office font, or the family)."""
        return self.office_fonts.get(family, family)


def brand_dirs() -> list[Path]:
    """The folders holding brand folders, in lookup order."""
    extra = [Path(p) for p in os.environ.get(BRANDS_ENV, "").split(os.pathsep) if p]
    return [*extra, BRANDS_DIR]


def available_brands() -> list[str]:
    names = set()
    for folder in brand_dirs():
        if folder.is_dir():
            names.update(p.name for p in folder.iterdir() if (p / "brand.yaml").is_file())
    return sorted(names)


def brand_directory(key: str) -> Path:
    for folder in brand_dirs():
        if (folder / key / "brand.yaml").is_file():
            return (folder / key).resolve()
    raise ValueError(f"unknown brand {key!r}; known: {', '.join(available_brands())}")


def load_brand(key: str) -> Brand:
    """Load a brand by folder name; raises ValueError naming the known brands, or the file and key at fault."""
    return _load(brand_directory(key))


@lru_cache(maxsize=None)
def _load(directory: Path) -> Brand:
    path = directory / "brand.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{path}{line}: not valid YAML") from None
    try:
        fonts = raw["fonts"]
        logo = raw.get("logo")
        sources = [FontSource(directory / "fonts")] + [
            FontSource(Path(s["folder"]), s.get("package")) for s in fonts.get("sources", [])]
        return Brand(
            key=directory.name,
            publisher=raw["publisher"],
            colours=dict(raw["colours"]),
            series=tuple(raw["series"]),
            font_body=fonts["body"],
            font_heading=fonts["heading"],
            percent_space=bool(raw.get("percent_space", False)),
            logo=(directory / logo) if logo else None,
            back_title=raw["back_page"]["title"],
            back_paragraphs=tuple(raw["back_page"]["paragraphs"]),
            status_colours=dict(raw["status_colours"]),
            status_symbols=dict(raw["status_symbols"]),
            directory=directory,
            font_fallback=fonts.get("fallback"),
            office_fonts=dict(fonts.get("office", {})),
            font_sources=tuple(sources),
            wave_series=tuple(raw.get("waves", ())),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: missing or malformed key {exc}") from None
