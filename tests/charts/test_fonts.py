import matplotlib
import pytest

from reporter.brand import available_brands, load_brand
from reporter.fonts import (
    FAMILIES, REQUIRED_GLYPHS, brand_families, font_face_css, font_file, font_files, missing_glyphs,
    register_matplotlib_fonts,
)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_font_files_exist_with_danish_glyphs_and_symbols(family):
    files = font_files(family)
    assert set(files) == {"regular", "bold", "italic", "bold_italic"}
    for style, path in files.items():
        assert path.is_file(), path
        assert missing_glyphs(path) == "", (family, style)
        assert all(ch in REQUIRED_GLYPHS for ch in "æøåÆØÅ–“”▲●▼")


def test_fonts_come_from_the_installed_matplotlib_not_the_system():
    for family in FAMILIES:
        for path in font_files(family).values():
            assert str(path).startswith(matplotlib.get_data_path())


@pytest.mark.parametrize("key", available_brands())
def test_every_brand_uses_known_families(key):
    brand = load_brand(key)
    for family in brand_families(brand):
        assert family in FAMILIES


def test_font_face_css_points_at_files():
    brand = load_brand("fjord")
    css = font_face_css(brand)
    assert css.count("@font-face") == 4 * len(brand_families(brand))
    assert '"DejaVu Serif"' in css and '"DejaVu Sans"' in css
    assert font_file("DejaVu Serif", bold=True, italic=True).as_uri() in css
    assert "font-weight: bold;" in css and "font-style: italic;" in css


def test_unknown_family():
    with pytest.raises(ValueError, match="unknown font family"):
        font_files("Comic Sans MS")


def test_register_matplotlib_fonts_is_idempotent():
    from matplotlib import font_manager
    register_matplotlib_fonts()
    count = len(font_manager.fontManager.ttflist)
    register_matplotlib_fonts.cache_clear()
    register_matplotlib_fonts()
    assert len(font_manager.fontManager.ttflist) == count


def test_missing_glyphs_reports_absent_characters():
    assert missing_glyphs(font_file("DejaVu Sans"), "a\u6f22") == "\u6f22"
