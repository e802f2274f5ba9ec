"""The STV note's DOCX opened by another word processor with only the brand's fonts: LibreOffice (Debian's
``libreoffice-writer-nogui``, installed by tools/system-deps.sh) converts it to PDF under a fontconfig that
knows nothing but the brand's font folders (plus fontconfig's metric aliases Calibri → Carlito, Arial →
Liberation Sans). The DOCX names the Office fonts; with metric-compatible fonts the document must paginate
like the WeasyPrint PDF (± 1 page: Word and LibreOffice fill the table of contents field themselves)."""

from __future__ import annotations

import os
import re
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


NOTES = {"stv": "nordlys", "sof": "fjord"}        # fixture → its brand (fixtures/<name>/project.yaml)


@pytest.fixture(scope="module", params=sorted(NOTES))
def note(request, tmp_path_factory):
    """(fixture name, folder with note.pdf and note.docx rendered by ``reporter note``)."""
    from typer.testing import CliRunner

    from reporter.cli import app

    out = tmp_path_factory.mktemp(f"note-lo-{request.param}")
    result = CliRunner().invoke(app, ["note", str(FIXTURES / request.param), "--out", str(out),
                                      "--formats", "pdf,docx"])
    assert result.exit_code == 0, result.output
    return request.param, out


def test_libreoffice_is_installed():
    """No skipping: tools/system-deps.sh installs it, so a missing LibreOffice is a broken setup."""
    assert Path(SOFFICE).is_file(), "LibreOffice missing: run tools/system-deps.sh (libreoffice-writer-nogui)"


@pytest.fixture(scope="module")
def converted(note, tmp_path_factory) -> Path:
    """The note's DOCX converted to PDF by LibreOffice that sees only the brand's fonts."""
    name, folder = note
    tmp_path = tmp_path_factory.mktemp(f"lo-{name}")
    brand = load_brand(NOTES[name])
    conf = _only_brand_fonts(tmp_path, brand)
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp_path)}
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, env=env, timeout=60)
    families = {f.strip() for line in listed.stdout.splitlines() for f in line.split(",")}
    assert families and "DejaVu Sans" not in families, families    # really only the brand's fonts
    assert Path(SOFFICE).is_file(), "LibreOffice missing: run tools/system-deps.sh (libreoffice-writer-nogui)"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(folder / "note.docx")],
        capture_output=True, text=True, env=env, timeout=300)
    out = tmp_path / "lo" / "note.pdf"
    assert result.returncode == 0 and out.is_file(), result.stdout + result.stderr
    return out


def chapter_pages(pdf_path: Path, chapters: list[str]) -> dict[str, int]:
    """The page (1-based) on which each chapter heading is set, found as a line of its own after the TOC."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        lines = [[" ".join(line.split()) for line in pdf[i].get_textpage().get_text_range().splitlines()]
                 for i in range(len(pdf))]
    finally:
        pdf.close()
    found: dict[str, int] = {}
    for chapter in chapters:
        heading = re.compile(rf"^(\d+ )?{re.escape(chapter)}$")      # "3 Tro på målgruppen" or "Resumé"
        pages = [i + 1 for i, page in enumerate(lines) if any(heading.match(line) for line in page)]
        found[chapter] = pages[-1] if pages else 0          # the last hit: an earlier one is the TOC entry
    return found


def docx_chapters(docx_path: Path) -> list[str]:
    """Texts of the DOCX's level-1 headings (Word sets their numbers from its list, not in the text)."""
    import docx

    document = docx.Document(str(docx_path))
    return [p.text.strip() for p in document.paragraphs if p.style.name == "Heading 1" and p.text.strip()]


def test_docx_in_libreoffice_with_only_the_brand_fonts_paginates_like_the_pdf(note, converted):
    """Same page count, and every chapter starts on the same page in both (issue 18: equal, not ± 1)."""
    name, folder = note
    lo_pages = len(pypdf.PdfReader(converted).pages)
    pdf_pages = len(pypdf.PdfReader(folder / "note.pdf").pages)
    assert lo_pages == pdf_pages, (name, lo_pages, pdf_pages)
    chapters = docx_chapters(folder / "note.docx")
    assert len(chapters) >= 5, chapters
    weasy, office = chapter_pages(folder / "note.pdf", chapters), chapter_pages(converted, chapters)
    assert all(weasy.values()), weasy          # the check finds every chapter in the WeasyPrint PDF ...
    assert office == weasy, (name, weasy, office)


def test_libreoffice_uses_only_the_brand_fonts(note, converted):
    name, _ = note
    brand = load_brand(NOTES[name])
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pypdf.PdfReader(converted).pages
            for f in (page["/Resources"].get("/Font") or {}).values()}
    allowed = tuple(family.replace(" ", "") for family in brand_font_families(brand))
    assert used and all(n.startswith(allowed) for n in used), (used, allowed)


def brand_font_families(brand) -> set[str]:
    """Font families the brand's font folders provide (fc-scan of every file)."""
    families: set[str] = set()
    for folder in font_dirs(brand):
        for path in Path(folder).rglob("*"):
            if path.suffix.lower() in {".ttf", ".otf"}:
                scan = subprocess.run(["fc-scan", "--format", "%{family}\n", str(path)], capture_output=True,
                                      text=True, timeout=60)
                families.update(f.strip() for line in scan.stdout.splitlines() for f in line.split(","))
    return {f for f in families if f}


# --- table headers: the same words on the same lines --------------------------------------------------

HYPHENS = ("\u2010", "\u00ad", "-")     # WeasyPrint's automatic hyphen, soft hyphen, LibreOffice's


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
                    right = words[i]["x1"]                 # right edge of the cell's text so far
                    while j < len(words) and len(acc) < len(target):
                        word = words[j]["text"]
                        if placed and words[j]["top"] - placed[-1][0] > 3 and words[j]["x0"] > right + 2:
                            j += 1                         # a word of the next cell, vertically centred
                            continue
                        right = max(right, words[j]["x1"])
                        if target.startswith(acc + word):
                            piece = word
                        elif word.endswith(HYPHENS) and target.startswith(acc + word[:-1]):
                            piece, word = word[:-1], word[:-1] + "-"      # a hyphenation point, set as "-"
                        else:
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


def test_table_headers_break_into_the_same_lines(note, converted):
    _, folder = note
    texts = header_texts(folder / "note.docx")
    weasy, office = line_breaks(folder / "note.pdf", texts), line_breaks(converted, texts)
    assert any(" | " in p for ps in weasy.values() for p in ps), "no header wraps: the check would be vacuous"
    differ = {t: (sorted(weasy[t]), sorted(office[t])) for t in texts if weasy[t] != office[t]}
    assert differ == {}
