"""A project with the docs example template, rendered to DOCX once, and helpers to edit the DOCX the way a
consultant would (python-docx / lxml on the saved file)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

_spec = importlib.util.spec_from_file_location("template_projects", Path(__file__).resolve().parents[1] / "compose"
                                               / "template" / "template_projects.py")
template_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(template_conftest)
make_project, docs_example = template_conftest.make_project, template_conftest.docs_example


def render(project_dir: Path, out: Path, formats=("docx",)) -> dict[str, Path]:
    from reporter.data.load import load_survey
    from reporter.pipeline import render_note

    project, survey = load_survey(project_dir)
    paths = render_note(project, survey, out, project_dir=project_dir, formats=list(formats), workers=1)
    return {p.suffix[1:]: p for p in paths}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """(project folder, rendered note.docx) of the docs example; copy both before changing them."""
    tmp = tmp_path_factory.mktemp("absorb")
    project = make_project(tmp, docs_example())
    return project, render(project, tmp / "out")["docx"]


@pytest.fixture
def fresh(rendered, tmp_path):
    """A private copy of the rendered project and its DOCX."""
    project, note = rendered
    target = tmp_path / "stv"
    shutil.copytree(project, target)
    copy = tmp_path / "note.docx"
    shutil.copy(note, copy)
    return target, copy


def tagged(document, sid: str):
    """The ``w:p`` holding the content control tagged ``src:<sid>`` (document body or footnotes)."""
    roots = [document.element.body] + ([footnotes_root(document)] if _has_footnotes(document) else [])
    for root in roots:
        for sdt in root.iter(qn("w:sdt")):
            tag = sdt.find(qn("w:sdtPr") + "/" + qn("w:tag"))
            if tag is not None and tag.get(qn("w:val")) == "src:" + sid:
                return next(sdt.iterancestors(qn("w:p")))
    raise AssertionError(f"no block tagged {sid}")


def replace_text(p, old: str, new: str) -> None:
    """Replace ``old`` inside one ``w:t`` of paragraph ``p`` (what typing in Word does to a run)."""
    for t in p.iter(qn("w:t")):
        if t.text and old in t.text:
            t.text = t.text.replace(old, new)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            return
    raise AssertionError(f"{old!r} not in paragraph")


def _has_footnotes(document) -> bool:
    return any(not rel.is_external and rel.reltype.endswith("/footnotes") for rel in document.part.rels.values())


def footnotes_root(document):
    """The footnotes part's XML, parsed once; :func:`save` writes it back."""
    from docx.oxml.parser import parse_xml

    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/footnotes"):
            part = rel.target_part
            if not hasattr(part, "_absorb_root"):
                part._absorb_root = parse_xml(part.blob)
            return part._absorb_root
    raise AssertionError("no footnotes part")


def save(document, path: Path) -> None:
    from lxml import etree

    for rel in document.part.rels.values():
        part = rel.target_part if not rel.is_external else None
        if part is not None and hasattr(part, "_absorb_root"):
            part._blob = etree.tostring(part._absorb_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    document.save(str(path))


def open_docx(path: Path):
    return docx.Document(str(path))
