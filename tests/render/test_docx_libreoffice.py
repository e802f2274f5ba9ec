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


def test_docx_in_libreoffice_with_only_the_brand_fonts_has_the_pdf_page_count(stv_note, tmp_path):
    brand = load_brand("nordlys")                 # fixtures/stv/project.yaml
    conf = _only_brand_fonts(tmp_path, brand)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, env=env, timeout=60)
    families = {f.strip() for line in listed.stdout.splitlines() for f in line.split(",")}
    assert "Carlito" in families and "DejaVu Sans" not in families, families    # really only the brand's fonts

    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(stv_note / "note.docx")],
        capture_output=True, text=True, env=env, timeout=300)
    converted = tmp_path / "lo" / "note.pdf"
    assert result.returncode == 0 and converted.is_file(), result.stdout + result.stderr

    lo_pages = len(pypdf.PdfReader(converted).pages)
    pdf_pages = len(pypdf.PdfReader(stv_note / "note.pdf").pages)
    assert abs(lo_pages - pdf_pages) <= 1, (lo_pages, pdf_pages)

    used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pypdf.PdfReader(converted).pages
            for f in (page["/Resources"].get("/Font") or {}).values()}
    assert used and all(name.startswith(("Carlito", "LiberationSans")) for name in used), used
