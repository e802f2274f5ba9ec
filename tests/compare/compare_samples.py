"""Inputs for the compare tests: small tagged PDFs and DOCX files built here, independent of the report
renderer (so the tests of the compare code do not change when the rendering does)."""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
MUNICIPALITIES = tuple(f"Kommune {i:02d}" for i in range(1, 61))   # enough rows to run onto a second page


def table_html(values: dict[str, str] | None = None, header_bg: str = "#1d3557", extra_text: str = "") -> str:
    """A page with a caption, a two-row-header table (empty top-left cell, spanned group headers) and text."""
    values = values or {}
    rows = "".join(
        f"<tr><th scope='row'>{name}</th>"
        + "".join(f"<td>{values.get(f'{name}|{group}|{wave}', f'{(i * 7 + len(group) + w) % 100} %')}</td>"
                  for group in ("Medarbejder", "Leder") for w, wave in enumerate(("Start", "Slut")))
        + "</tr>"
        for i, name in enumerate(MUNICIPALITIES))
    return f"""<html lang="da"><head><title>Test</title><style>
      @page {{ size: A4; margin: 2cm }} body {{ font-family: DejaVu Sans; font-size: 10pt }}
      thead th {{ background: {header_bg}; color: white }}
    </style></head><body>
      <h1>Overskrift</h1><p>Indledende tekst. {extra_text}</p>
      <div><p class="caption">Tabel 3. Power-ranking af kommunernes fidelitet</p>
      <table><thead>
        <tr><th></th><th colspan="2" scope="colgroup">Medarbejder</th><th colspan="2" scope="colgroup">Leder</th></tr>
        <tr><th scope="col">Kommune</th><th scope="col">Start</th><th scope="col">Slut</th>
            <th scope="col">Start</th><th scope="col">Slut</th></tr>
      </thead><tbody>{rows}</tbody></table></div>
      <p>Afsluttende tekst.</p></body></html>"""


def table_pdf(**kwargs) -> bytes:
    """:func:`table_html` as tagged PDF (PDF/UA-1, like the reporter's PDFs)."""
    from weasyprint import HTML

    return HTML(string=table_html(**kwargs)).write_pdf(pdf_variant="pdf/ua-1")


def table_docx(values: dict[str, str] | None = None, fill: str = "B7E4C7", text: str = "Indledende tekst.",
               picture: bytes | None = None) -> bytes:
    """A DOCX with a paragraph, a Caption paragraph and a table (header row marked, one shaded cell)."""
    import docx
    from docx.oxml import OxmlElement
    from reporter.render.docx_package import stable_zip
    from docx.oxml.ns import qn

    values = values or {}
    document = docx.Document()
    document.add_paragraph(text)
    document.add_paragraph("Tabel 3. Power-ranking af kommunernes fidelitet", style="Caption")
    table = document.add_table(rows=1, cols=3)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, label in zip(header.cells, ("Kommune", "Start", "Slut")):
        cell.text = label
    for name in MUNICIPALITIES[:5]:
        row = table.add_row()
        row.cells[0].text = name
        row.cells[1].text = values.get(f"{name}|Start", "61 %")
        row.cells[2].text = values.get(f"{name}|Slut", "64 %")
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    table.rows[1].cells[2]._tc.get_or_add_tcPr().append(shd)
    document.add_paragraph("Afsluttende tekst.")
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), None)   # python-docx stamps the ZIP entries with the clock


def png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(buffer, format="PNG")
    return buffer.getvalue()
