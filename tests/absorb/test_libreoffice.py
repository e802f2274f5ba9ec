"""Files saved by LibreOffice: it drops content-control tags (and re-nests the controls), keeps bookmarks,
REF fields and footnotes (renumbered). A rendered DOCX goes through ``soffice --convert-to docx`` before it
is absorbed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from reporter.absorb import absorb_plan, apply_plan
from tests.absorb.conftest import open_docx, replace_text, save, tagged

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def through_libreoffice(path: Path, tmp: Path) -> Path:
    """``path`` opened and saved as DOCX by LibreOffice headless (its own profile: no clash with others)."""
    out = tmp / "lo"
    out.mkdir()
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--convert-to",
                    "docx", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    return out / path.name


def test_libreoffice_keeps_no_tags_but_every_block_is_matched(fresh, tmp_path):
    project, note = fresh
    saved = through_libreoffice(note, tmp_path)
    xml = open_docx(saved).element.xml
    assert 'w:val="src:' not in xml and 'w:val="value:' not in xml       # what LibreOffice does to the tags
    plan = absorb_plan(project, saved)
    assert plan.blocks > 20 and plan.matched == plan.blocks
    assert (plan.edits, plan.conflicts, plan.unmatched) == ([], [], [])


def test_edits_in_a_file_saved_by_libreoffice_are_absorbed(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    replace_text(tagged(document, "note.md:13-17"), "Notatet dækker ", "Notatet omfatter ")
    replace_text(tagged(document, "note.md:22-22"), "ved tre målinger", "ved tre årlige målinger")
    replace_text(tagged(document, "note.md:29-29"), "elektronisk.", "elektronisk i 2024.")
    replace_text(tagged(document, "note.md:42-42#2"), "Tydelige mål", "Klare mål")
    for sdt in document.element.body.iter(qn("w:sdt")):     # a computed value typed over
        tag = sdt.find(qn("w:sdtPr") + "/" + qn("w:tag"))
        if tag is not None and tag.get(qn("w:val")) == "value:responses.total.total.slut":
            t = sdt.find(".//" + qn("w:t"))
            old, t.text = t.text, "999"
    edited = tmp_path / "edited.docx"
    save(document, edited)
    saved = through_libreoffice(edited, tmp_path)

    plan = absorb_plan(project, saved)
    assert plan.unmatched == []
    assert plan.conflicts == [f"note.md:13-17, {{{{ responses.total.total.slut }}}}: {old} was typed over with 999 "
                              "— computed values cannot be edited; change the data or add a note"]
    apply_plan(plan, project, write=True)
    lines = (project / "note.md").read_text(encoding="utf-8").splitlines()
    assert lines[12].startswith("Notatet omfatter {{ n_municipalities }} kommuner og {{ responses.total.total.slut }}"
                                " besvarelser ved {{ last_wave.prose }}.")
    assert lines[12].endswith("{{ first_wave.prose }}.[^data] Kommunernes placering ses i @tbl-ranking, og "
                              "modellen i @fig-model. Metoden beskrives i @sec-method.")
    assert "  - ved tre årlige målinger" in lines
    assert "[^data]: Besvarelserne er indsamlet elektronisk i 2024." in lines
    assert "| Ledelse | Klare mål | Skiftende ledelse |" in lines
