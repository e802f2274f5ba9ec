"""The STV note's DOCX opened by another word processor with only the brand's fonts: LibreOffice (Debian's
``libreoffice-writer-nogui``, installed by tools/system-deps.sh) converts it to PDF under a fontconfig that
knows nothing but the brand's font folders (plus fontconfig's metric aliases Calibri → Carlito, Arial →
Liberation Sans). The DOCX names the Office fonts; with metric-compatible fonts the document must paginate
like the WeasyPrint PDF (± 1 page: Word and LibreOffice fill the table of contents field themselves)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from example_projects import FIXTURES

from reporter.brand import load_brand
from reporter.fonts import font_dirs

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def _only_brand_fonts(folder: Path, brand) -> Path:
    dirs = "\n".join(f"  <dir>{d}</dir>" for d in font_dirs(brand))
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
{dirs}
  <cachedir>{folder / "cache"}</cachedir>
  <include ignore_missing="yes">/etc/fonts/conf.d/30-metric-aliases.conf</include>
</fontconfig>
""", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def stv_note(tmp_path_factory):
    from typer.testing import CliRunner

    from reporter.cli import app

    out = tmp_path_factory.mktemp("note-lo")
    result = CliRunner().invoke(app, ["note", str(FIXTURES / "stv"), "--out", str(out), "--formats", "pdf,docx"])
    assert result.exit_code == 0, result.output
    return out


def test_libreoffice_is_installed():
    """No skipping: tools/system-deps.sh installs it, so a missing LibreOffice is a broken setup."""
    assert Path(SOFFICE).is_file(), "LibreOffice missing: run tools/system-deps.sh (libreoffice-writer-nogui)"


@pytest.fixture(scope="module")
def converted(stv_note, tmp_path_factory) -> Path:
    """The note's DOCX converted to PDF by LibreOffice that sees only the brand's fonts."""
    tmp_path = tmp_path_factory.mktemp("lo")
    brand = load_brand("nordlys")                 # fixtures/stv/project.yaml
    conf = _only_brand_fonts(tmp_path, brand)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, env=env, timeout=60)
    families = {f.strip() for line in listed.stdout.splitlines() for f in line.split(",")}
    assert "Carlito" in families and "DejaVu Sans" not in families, families    # really only the brand's fonts
    assert Path(SOFFICE).is_file(), "LibreOffice missing: run tools/system-deps.sh (libreoffice-writer-nogui)"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(stv_note / "note.docx")],
        capture_output=True, text=True, env=env, timeout=300)
    out = tmp_path / "lo" / "note.pdf"
    assert result.returncode == 0 and out.is_file(), result.stdout + result.stderr
    return out


def test_docx_in_libreoffice_with_only_the_brand_fonts_has_the_pdf_page_count(stv_note, converted):
    lo_pages = len(pypdf.PdfReader(converted).pages)
    pdf_pages = len(pypdf.PdfReader(stv_note / "note.pdf").pages)
    assert abs(lo_pages - pdf_pages) <= 1, (lo_pages, pdf_pages)
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pypdf.PdfReader(converted).pages
            for f in (page["/Resources"].get("/Font") or {}).values()}
    assert used and all(name.startswith(("Carlito", "LiberationSans")) for name in used), used


# --- table headers: the same words on the same lines --------------------------------------------------

HYPHENS = ("\u2010", "\u00ad")     # WeasyPrint's automatic hyphen, soft hyphen


def header_texts(docx_path: Path) -> list[str]:
    """Texts of the cells of every repeated table header row of the DOCX."""
    import docx
    from docx.oxml.ns import qn

    texts = []
    for table in docx.Document(str(docx_path)).tables:
        for tr in table._tbl.findall(qn("w:tr")):
            trpr = tr.find(qn("w:trPr"))
            if trpr is None or trpr.find(qn("w:tblHeader")) is None:
                continue
            for tc in tr.findall(qn("w:tc")):
                text = "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip()
                if text:
                    texts.append(text)
    return list(dict.fromkeys(texts))


def line_breaks(pdf_path: Path, texts: list[str]) -> dict[str, set[str]]:
    """For each text, how its words are set on lines wherever it occurs in the PDF: 'STV- | projektleder'."""
    import pdfplumber

    found: dict[str, set[str]] = {t: set() for t in texts}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(x_tolerance=1.5)
            for text in texts:
                target = text.replace(" ", "")
                for i in range(len(words)):
                    acc, placed, j = "", [], i
                    while j < len(words) and len(acc) < len(target):
                        word = words[j]["text"]
                        piece = word[:-1] if word.endswith(HYPHENS) else word
                        if not target.startswith(acc + piece):
                            break
                        acc += piece
                        placed.append((words[j]["top"], words[j]["x0"], word))
                        j += 1
                    if acc != target:
                        continue
                    lines, current = [], [placed[0]]
                    for before, after in zip(placed, placed[1:]):
                        if after[0] - before[0] > 3:                       # next line
                            lines.append(current)
                            current = [after]
                        elif abs(after[0] - before[0]) <= 3 and after[1] > before[1]:
                            current.append(after)
                        else:                                              # not one cell's text
                            current = None
                            break
                    if current is not None:
                        lines.append(current)
                        found[text].add(" | ".join(" ".join(w for _, _, w in line) for line in lines))
    return found


def test_table_headers_break_into_the_same_lines(stv_note, converted):
    texts = header_texts(stv_note / "note.docx")
    weasy, office = line_breaks(stv_note / "note.pdf", texts), line_breaks(converted, texts)
    assert any(" | " in p for ps in weasy.values() for p in ps), "no header wraps: the check would be vacuous"
    differ = {t: (sorted(weasy[t]), sorted(office[t])) for t in texts if weasy[t] != office[t]}
    assert differ == {}
