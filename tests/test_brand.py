"""A brand made from scratch in a temporary folder (docs/brands.md), outside the repository, with its own font
files, logo (SVG only: the PNG for Word is drawn at render time), print CSS, chart style and DOCX reference
document — and a profile rendered with it through the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import matplotlib
import pypdf
import pytest
import yaml

from reporter.brand import BRANDS_ENV, load_brand

ROOT = Path(__file__).resolve().parents[1]

BRAND_YAML = """\
publisher: Acme Analyse
logo: logo.svg
percent_space: true
fonts:
  body: DejaVu Serif
  heading: DejaVu Sans
colours: {primary: "#6a1b9a", accent: "#ff6f00", text: "#212121", muted: "#616161", rule: "#bdbdbd",
          header_bg: "#6a1b9a", header_text: "#ffffff", group_bg: "#eeeeee", total_bg: "#f5f5f5"}
series: ["#6a1b9a", "#ab47bc", "#ce93d8", "#ff6f00", "#ffb74d", "#4db6ac"]
status_colours: {up: "#c8e6c9", same: "#fff9c4", down: "#ffcdd2"}
status_symbols: {up: "▲", same: "●", down: "▼"}
back_page:
  title: Om Acme
  paragraphs: [Acme Analyse laver evalueringer.]
"""
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="50" height="50" '
        'fill="#6a1b9a"/><text x="60" y="34" font-family="DejaVu Sans" font-size="20">Acme</text></svg>')


def make_brand(brands: Path) -> Path:
    """Everything docs/brands.md lists, written by hand."""
    folder = brands / "acme"
    (folder / "fonts").mkdir(parents=True)
    (folder / "brand.yaml").write_text(BRAND_YAML, encoding="utf-8")
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"      # OFL-like Bitstream Vera licence: shippable
    for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique",
                 "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"):
        shutil.copyfile(ttf / f"{name}.ttf", folder / "fonts" / f"{name}.ttf")
    (folder / "print.css").write_text('h1::after { content: " ACMEPRINT"; }\n', encoding="utf-8")
    (folder / "chart.mplstyle").write_text("axes.grid: False\n", encoding="utf-8")
    import docx
    from docx.shared import Pt

    reference = docx.Document(str(ROOT / "styles" / "docx" / "reference.docx"))
    reference.styles["Normal"].font.size = Pt(13)
    reference.save(str(folder / "reference.docx"))
    return folder


@pytest.fixture(scope="module")
def acme_profile(tmp_path_factory):
    base = tmp_path_factory.mktemp("acme")
    folder = make_brand(base / "brands")
    project = base / "project"
    shutil.copytree(ROOT / "fixtures" / "sof", project)
    config = yaml.safe_load((project / "project.yaml").read_text(encoding="utf-8"))
    config["brand"] = "acme"
    (project / "project.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    env = {**os.environ, BRANDS_ENV: str(base / "brands"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "reporter", "profiles", str(project), "--out", str(base / "out"),
                             "--only", "Faxe", "--workers", "1", "--formats", "pdf,docx,html"],
                            capture_output=True, text=True, env=env, cwd=base, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder, base / "out" / "profiles"


def test_pdf_uses_the_brand_fonts_and_print_css(acme_profile):
    folder, out = acme_profile
    reader = pypdf.PdfReader(out / "faxe.pdf")
    assert len(reader.pages) == 1
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all(name.startswith(("DejaVu-Sans", "DejaVu-Serif")) for name in fonts), fonts
    text = reader.pages[0].extract_text()
    assert "Faxe" in text and "ACMEPRINT" in text and "Acme Analyse" in text


def test_docx_uses_the_brand_reference_fonts_and_a_drawn_logo(acme_profile):
    _, out = acme_profile
    with zipfile.ZipFile(out / "faxe.docx") as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        pictures = [archive.read(n) for n in media]
    assert 'w:ascii="DejaVu Serif"' in styles and 'w:ascii="DejaVu Sans"' in styles
    assert '<w:sz w:val="26"/>' in styles                        # Normal 13 pt from the brand's reference.docx
    assert any(p.startswith(b"\x89PNG") for p in pictures)       # the SVG logo, rasterised (no logo.png shipped)


def test_html_carries_the_brand_fonts_inline(acme_profile):
    _, out = acme_profile
    html = (out / "faxe.html").read_text(encoding="utf-8")
    assert "file://" not in html and html.count("data:font/woff") == 8 and "ACMEPRINT" in html


def test_chart_style_of_the_brand_is_layered_on_the_base(acme_profile, monkeypatch):
    from reporter.charts.theme import chart_theme

    folder, _ = acme_profile
    monkeypatch.setenv(BRANDS_ENV, str(folder.parent))
    assert chart_theme(load_brand("acme"))["axes.grid"] is False
    assert chart_theme(load_brand("nordlys"))["axes.grid"] is True


def test_a_brand_with_a_missing_font_says_where_it_looked(tmp_path, monkeypatch):
    from reporter.fonts import FontMissing, font_files

    folder = make_brand(tmp_path)
    shutil.rmtree(folder / "fonts")
    monkeypatch.setenv(BRANDS_ENV, str(tmp_path))
    brand = load_brand("acme")
    with pytest.raises(FontMissing, match=r"'DejaVu Serif' not found in .*acme/fonts"):
        font_files(brand.font_body, brand)


def test_bad_brand_yaml_names_the_file_and_key(tmp_path, monkeypatch):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "brand.yaml").write_text("publisher: X\n", encoding="utf-8")
    monkeypatch.setenv(BRANDS_ENV, str(tmp_path))
    with pytest.raises(ValueError, match=r"broken/brand.yaml: missing or malformed key 'fonts'"):
        load_brand("broken")
