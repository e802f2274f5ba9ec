"""Brands as data: ``styles/brands/<name>/brand.yaml`` (colours, fonts, logo, back page, conventions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
BRANDS_DIR = STYLES_DIR / "brands"


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

    @property
    def directory(self) -> Path:
        return BRANDS_DIR / self.key


def available_brands() -> list[str]:
    return sorted(p.name for p in BRANDS_DIR.iterdir() if (p / "brand.yaml").is_file())


@lru_cache(maxsize=None)
def load_brand(key: str) -> Brand:
    """Load a brand by folder name; raises ValueError naming the known brands."""
    path = BRANDS_DIR / key / "brand.yaml"
    if not path.is_file():
        raise ValueError(f"unknown brand {key!r}; known: {', '.join(available_brands())}")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    logo = raw.get("logo")
    return Brand(
        key=key,
        publisher=raw["publisher"],
        colours=dict(raw["colours"]),
        series=tuple(raw["series"]),
        font_body=raw["fonts"]["body"],
        font_heading=raw["fonts"]["heading"],
        percent_space=bool(raw.get("percent_space", False)),
        logo=(path.parent / logo) if logo else None,
        back_title=raw["back_page"]["title"],
        back_paragraphs=tuple(raw["back_page"]["paragraphs"]),
        status_colours=dict(raw["status_colours"]),
        status_symbols=dict(raw["status_symbols"]),
    )
