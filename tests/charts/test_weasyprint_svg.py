"""The SVG charts keep text as text: WeasyPrint must draw it with the brand font and keep it extractable."""

import pytest

from reporter.charts import render_figure
from reporter.fonts import font_face_css

fitz = pytest.importorskip("fitz")
weasyprint = pytest.importorskip("weasyprint")


def test_svg_chart_text_survives_weasyprint(tmp_path, brand, samples):
    svg = tmp_path / "chart.svg"
    svg.write_bytes(render_figure(samples["clustered_bar"], brand, "svg"))
    html = (f"<html><head><style>{font_face_css(brand)} img {{ width: 16cm }}</style></head>"
            f"<body><img src='{svg.as_uri()}'></body></html>")
    pdf = tmp_path / "chart.pdf"
    weasyprint.HTML(string=html, base_url=str(tmp_path)).write_pdf(pdf)
    with fitz.open(pdf) as doc:
        page = doc[0]
        text = page.get_text()
        fonts = {f[3] for f in page.get_fonts()}
    assert "Sagsbehandler" in text and "Virksomheds-" in text
    assert "33" in text
    assert any("DejaVu-Sans" in name or "DejaVuSans" in name for name in fonts), fonts
