"""Bad input: a corrupt file, a DOCX of another project or template version, content controls deleted, a
block deleted — a clear message of what could and could not be matched; nothing written unless every
change is understood, or --partial."""

from __future__ import annotations

from docx.oxml.ns import qn
from typer.testing import CliRunner

from reporter.absorb import absorb_plan
from reporter.cli import app
from tests.absorb.conftest import footnotes_root, make_project, open_docx, render, replace_text, save, tagged


def _absorb(*args):
    return CliRunner().invoke(app, ["absorb", *map(str, args)])


def test_a_corrupt_file_is_one_clear_message(fresh, tmp_path):
    project, _ = fresh
    bad = tmp_path / "edited.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    result = _absorb(project, bad, "--write")
    assert result.exit_code == 1
    assert "edited.docx is not a Word file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_deleted_content_controls_match_nothing_and_write_nothing(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    replace_text(tagged(document, "note.md:19-19"), "bygger på:", "hviler på:")
    for root in (document.element.body, footnotes_root(document)):
        for sdt in list(root.iter(qn("w:sdt"))):
            tag = sdt.find(qn("w:sdtPr") + "/" + qn("w:tag"))
            if tag is not None and tag.get(qn("w:val")).startswith("src:"):
                content = sdt.find(qn("w:sdtContent"))
                for child in list(content):
                    sdt.addprevious(child)
                sdt.getparent().remove(sdt)
        for mark in list(root.iter(qn("w:bookmarkStart"))):
            if mark.get(qn("w:name")).startswith("_src_"):
                mark.getparent().remove(mark)
    edited = tmp_path / "edited.docx"
    save(document, edited)
    before = (project / "note.md").read_bytes()
    result = _absorb(project, edited, "--write")
    assert result.exit_code == 1
    assert "no blocks marked by reporter were found" in result.stdout
    assert "Nothing written" in result.stderr
    assert (project / "note.md").read_bytes() == before
    assert not (project / "note.md.bak").exists()


def test_a_docx_of_another_project_is_not_matched(fresh, tmp_path):
    project, _ = fresh
    other = make_project(tmp_path / "other", "# Andet\n\nEt andet notat.\n\n- et punkt\n", name="andet.md")
    note = render(other, tmp_path / "other-out")["docx"]
    plan = absorb_plan(project, note)
    assert plan.matched == 0 and plan.edits == []
    assert any(m.startswith("andet.md:3-3: this block is not in the project's template") for m in plan.unmatched)
    assert any(m.startswith("andet.md:5-5: this block is not in the project's template") for m in plan.unmatched)
    assert "none of the 25 authored blocks of the project's template are in note.docx" in plan.unmatched
    assert not any("was not found" in m for m in plan.unmatched)      # not 25 messages for one wrong file


def test_a_docx_of_another_template_version_is_told_apart(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    replace_text(tagged(document, "note.md:63-63"), "beskriver", "omtaler")
    edited = tmp_path / "edited.docx"
    save(document, edited)
    path = project / "note.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Indledning {#sec-intro}\n",
                                                             "# Indledning {#sec-intro}\n\nEn ny første linje.\n"),
                    encoding="utf-8")
    before = path.read_bytes()
    result = _absorb(project, edited, "--write")
    assert result.exit_code == 1
    assert "note.md was changed since the DOCX was rendered (another template version)" in result.stdout
    assert path.read_bytes() == before


def test_partial_writes_what_was_understood(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    replace_text(tagged(document, "note.md:63-63"), "beskriver", "omtaler")
    gone = tagged(document, "note.md:48-48")           # the learning box's paragraph deleted with its control
    gone.getparent().remove(gone)
    edited = tmp_path / "edited.docx"
    save(document, edited)
    path = project / "note.md"
    before = path.read_text(encoding="utf-8")
    result = _absorb(project, edited, "--write")
    assert result.exit_code == 1
    assert "note.md:48: the block 'Faste møder mellem jobcenter og virksomhed gør det lettere …' was not found " \
           "in the edited file" in result.stdout
    assert path.read_text(encoding="utf-8") == before
    result = _absorb(project, edited, "--write", "--partial")
    assert result.exit_code == 0, result.stdout + result.stderr
    after = path.read_text(encoding="utf-8")
    assert "Bilaget omtaler datagrundlaget." in after.splitlines()
    assert "Faste møder mellem jobcenter og virksomhed gør det lettere at følge op." in after.splitlines()
