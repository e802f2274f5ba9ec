"""The subset fonts of the self-contained HTML are kept in a cache folder, keyed by what they depend on."""

from __future__ import annotations

import pytest

from reporter import fonts
from reporter.brand import load_brand
from reporter.fonts import font_file, subset_woff


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.SUBSET_CACHE_ENV, str(tmp_path / "cache"))
    subset_woff.cache_clear()
    yield tmp_path / "cache" / "fonts"
    subset_woff.cache_clear()


def _files(brand_key: str = "nordlys"):
    brand = load_brand(brand_key)
    return font_file(brand.font_body, brand), font_file(brand.font_body, brand, bold=True)


def test_a_subset_is_written_once_and_read_back_unchanged(cache, monkeypatch):
    regular, _ = _files()
    fresh = fonts._subset_woff(regular, fonts.HTML_SUBSET)
    assert fresh[:4] == b"wOFF"
    assert subset_woff(regular) == fresh
    stored = list(cache.glob("*.woff"))
    assert len(stored) == 1 and stored[0].read_bytes() == fresh
    subset_woff.cache_clear()

    def no_subsetting(*args):
        raise AssertionError("subset again although the cache holds it")

    monkeypatch.setattr(fonts, "_subset_woff", no_subsetting)
    assert subset_woff(regular) == fresh


def test_each_font_file_and_text_has_its_own_entry(cache):
    regular, bold = _files()
    a, b = subset_woff(regular), subset_woff(bold)
    c = subset_woff(regular, "abc")
    assert len({a, b, c}) == 3
    assert len(list(cache.glob("*.woff"))) == 3


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(fonts.SUBSET_CACHE_ENV, str(blocker))
    subset_woff.cache_clear()
    regular, _ = _files()
    try:
        assert subset_woff(regular) == fonts._subset_woff(regular, fonts.HTML_SUBSET)
    finally:
        subset_woff.cache_clear()
