"""The SVG charts keep text as text: WeasyPrint must draw it with the brand font and keep it extractable."""

import io

import pypdf
import pytest

from reporter.charts import render_figure
from reporter.fonts import font_face_css

pdfplumber = pytest.importorskip("pdfplumber")
weasyprint = pytest.importorskip("weasyprint")


def test_svg_chart_text_survives_weasyprint(tmp_path, brand, samples):
    svg = tmp_path / "chart.svg"
    svg.write_bytes(render_figure(samples["clustered_bar"], brand, "svg"))
    html = (f"<html><head><style>{font_face_css(brand)} img {{ width: 16cm }}</style></head>"
            f"<body><img src='{svg.as_uri()}'></body></html>")
    pdf = weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = doc.pages[0].extract_text()
    fonts = {str(f.get_object()["/BaseFont"]) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert "Sagsbehandler" in text and "Virksomheds-" in text
    assert "33" in text
    heading = brand.font_heading.replace(" ", "")
    assert fonts and all(heading in name.replace("-", "") for name in fonts), fonts
