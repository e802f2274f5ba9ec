"""An edit in a part of the built-in template is written as an override file in the project's note/
folder; the built-in file is never written."""

from __future__ import annotations

import shutil
from pathlib import Path

from reporter.absorb import absorb_plan, apply_plan
from reporter.absorb.plan import Edit, Plan
from reporter.absorb.write import target_of
from reporter.compose.template.source import BUILTIN_DIR
from tests.absorb.conftest import open_docx, render, replace_text, save, tagged

ROOT = Path(__file__).resolve().parents[2]
INTRO = BUILTIN_DIR / "da" / "survey-end" / "intro.md"


def test_builtin_parts_go_to_the_note_folder(tmp_path):
    assert target_of("builtin:da/survey-end/intro.md", tmp_path) == tmp_path / "note" / "intro.md"
    assert target_of("builtin:da/survey-end/main.md", tmp_path) is None        # cannot be overridden
    assert target_of("note/intro.md", tmp_path) == tmp_path / "note" / "intro.md"


def test_main_file_of_a_builtin_template_is_not_written(tmp_path):
    plan = Plan(edits=[Edit("builtin:da/survey-end/main.md", 1, 1, "paragraph", "x")])
    diff, written = apply_plan(plan, tmp_path, write=True)
    assert (diff, written) == ("", [])
    assert plan.unmatched and "main file of a built-in template cannot be overridden" in plan.unmatched[0]


def test_an_edit_of_the_builtin_intro_becomes_note_intro_md(tmp_path):
    project = tmp_path / "stv"
    shutil.copytree(ROOT / "fixtures" / "stv", project)
    builtin_before = INTRO.read_bytes()
    note = render(project, tmp_path / "out")["docx"]
    lines = INTRO.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("Dette notat samler"))
    document = open_docx(note)
    replace_text(tagged(document, f"builtin:da/survey-end/intro.md:{number}-{number}"), "Dette notat samler",
                 "Notatet samler")
    edited = tmp_path / "edited.docx"
    save(document, edited)

    plan = absorb_plan(project, edited)
    assert plan.unmatched == [] and plan.conflicts == [], (plan.unmatched, plan.conflicts)
    _, written = apply_plan(plan, project, write=True)
    assert written == [project / "note" / "intro.md"]
    assert INTRO.read_bytes() == builtin_before
    override = (project / "note" / "intro.md").read_text(encoding="utf-8").splitlines()
    assert override[number - 1].startswith("Notatet samler resultaterne af surveyen blandt ledere og medarbejdere "
                                           "i {{ project.name }}.")
    assert override[:number - 1] == lines[:number - 1] and override[number:] == lines[number:]
    again = open_docx(render(project, tmp_path / "again")["docx"])
    assert "Notatet samler resultaterne" in "".join(t.text or "" for t in again.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
