import base64
import io
import re

import matplotlib
import pytest

from reporter.brand import available_brands, load_brand
from reporter.fonts import (
    REQUIRED_GLYPHS, STYLES, FontMissing, brand_families, css_font_stack, font_face_css, font_file, font_files,
    missing_glyphs, scan_folder,
)
from reporter.charts.fonts import register_matplotlib_fonts


@pytest.mark.parametrize("key", available_brands())
def test_every_brand_font_has_four_styles_outside_matplotlib(key):
    brand = load_brand(key)
    for family in brand_families(brand):
        files = font_files(family, brand)
        assert set(files) == set(STYLES)
        for path in files.values():
            assert path.is_file(), path
            assert not str(path).startswith(matplotlib.get_data_path()), path


@pytest.mark.parametrize("key", available_brands())
def test_every_brand_prints_danish_and_the_status_symbols(key):
    """Each required character is in the body (and heading) font or, failing that, in the brand's fallback."""
    brand = load_brand(key)
    fallback = font_file(brand.font_fallback, brand) if brand.font_fallback else None
    for family in (brand.font_body, brand.font_heading):
        for style in STYLES:
            lacking = missing_glyphs(font_files(family, brand)[style])
            if fallback is not None:
                lacking = missing_glyphs(fallback, lacking)
            assert lacking == "", (key, family, style)


def test_default_brands_use_office_metric_fonts():
    """Carlito has Calibri's advance widths and Liberation Sans Arial's: the DOCX names the Office font."""
    nordlys, fjord = load_brand("nordlys"), load_brand("fjord")
    assert nordlys.font_body == "Carlito" and nordlys.office_font("Carlito") == "Calibri"
    assert fjord.office_font("Liberation Sans") == "Arial"
    assert fjord.office_font("Liberation Serif") == "Times New Roman"


def test_files_are_found_by_the_names_inside_them():
    from fontTools.ttLib import TTFont

    brand = load_brand("nordlys")
    path = font_file("Carlito", brand, bold=True, italic=True)
    with TTFont(str(path), lazy=True) as font:
        assert font["name"].getDebugName(1) == "Carlito"
        assert font["name"].getDebugName(2) == "Bold Italic"
    assert scan_folder(path.parent)["Carlito"]["bold_italic"] == path


def test_font_face_css_points_at_files():
    brand = load_brand("fjord")
    css = font_face_css(brand)
    assert css.count("@font-face") == 4 * len(brand_families(brand))
    assert '"Liberation Serif"' in css and '"Liberation Sans"' in css
    assert font_file("Liberation Serif", brand, bold=True, italic=True).as_uri() in css
    assert "font-weight: bold;" in css and "font-style: italic;" in css


def test_embedded_font_face_is_a_subset_woff_with_the_danish_letters():
    from fontTools.ttLib import TTFont

    brand = load_brand("nordlys")
    css = font_face_css(brand, embed=True)
    assert "file:" not in css
    sources = re.findall(r'url\("data:font/woff;base64,([^"]+)"\)', css)
    assert len(sources) == 4 * len(brand_families(brand))
    data = base64.b64decode(sources[0])
    assert data[:4] == b"wOFF"
    assert len(data) < font_file("Carlito", brand).stat().st_size / 4        # subset: much smaller
    with TTFont(io.BytesIO(data)) as font:
        cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "æøåÆØÅ–“”")
    assert ord("\u4e00") not in cmap


def test_css_stack_has_the_fallback_and_a_generic():
    assert css_font_stack("Carlito", load_brand("nordlys")) == '"Carlito", "Liberation Sans", sans-serif'
    assert css_font_stack("Liberation Serif", load_brand("fjord")) == '"Liberation Serif", serif'


def test_unknown_family_names_the_folders_and_packages():
    with pytest.raises(FontMissing, match=r"'Comic Sans MS' not found.*fonts-crosextra-carlito"):
        font_files("Comic Sans MS", load_brand("nordlys"))


def test_register_matplotlib_fonts_is_idempotent():
    from matplotlib import font_manager

    brand = load_brand("nordlys")
    register_matplotlib_fonts(brand)
    count = len(font_manager.fontManager.ttflist)
    register_matplotlib_fonts(brand)
    assert len(font_manager.fontManager.ttflist) == count
    assert str(font_file("Carlito", brand)) in {e.fname for e in font_manager.fontManager.ttflist}


def test_missing_glyphs_reports_absent_characters():
    assert missing_glyphs(font_file("Carlito", load_brand("nordlys")), "a\u6f22") == "\u6f22"
