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
    """For each text, how its words are set on lines wherever it occurs in bold in the PDF (table header cells are
    bold; chart labels, which wrap by their own rule, are not): 'STV- | projektleder'. A cell's next line is the
    word just below whose centre lies within the cell's first line (headers are centred), so the words of the
    neighbouring cells on the same lines do not interrupt it."""
    import pdfplumber

    found: dict[str, set[str]] = {t: set() for t in texts}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = [w for w in page.extract_words(x_tolerance=1.5, extra_attrs=["fontname"])
                     if "bold" in w["fontname"].lower()]
            for text in texts:
                target = text.replace(" ", "")
                for start in words:
                    lines = [[start]]
                    acc = _piece(start["text"])
                    if not target.startswith(acc):
                        continue
                    while len(acc) < len(target):
                        line = lines[-1]
                        last = line[-1]
                        same = [w for w in words if abs(w["top"] - last["top"]) <= 3 and 0 <= w["x0"] - last["x1"] < 6]
                        left, right = min(w["x0"] for w in line), max(w["x1"] for w in line)
                        below = [w for w in words if 3 < w["top"] - last["top"] < 14
                                 and left - 30 <= (w["x0"] + w["x1"]) / 2 <= right + 30]
                        nxt = next((w for w in same + sorted(below, key=lambda w: w["x0"])
                                    if target.startswith(acc + _piece(w["text"]))), None)
                        if nxt is None:
                            break
                        acc += _piece(nxt["text"])
                        (line.append(nxt) if nxt in same else lines.append([nxt]))
                    if acc == target:
                        found[text].add(" | ".join(" ".join(w["text"] for w in line) for line in lines))
    return found


def _piece(word: str) -> str:
    return word[:-1] if word.endswith(HYPHENS) else word


def test_table_headers_break_into_the_same_lines(stv_note, converted):
    texts = header_texts(stv_note / "note.docx")
    weasy, office = line_breaks(stv_note / "note.pdf", texts), line_breaks(converted, texts)
    assert any(" | " in p for ps in weasy.values() for p in ps), "no header wraps: the check would be vacuous"
    differ = {t: (sorted(weasy[t]), sorted(office[t])) for t in texts if weasy[t] != office[t]}
    assert differ == {}
