"""Word's tracked changes and comments: pending changes are reported and not absorbed unless
--accept-changes; comments are listed; a paragraph typed between two authored blocks becomes a new one."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph as DocxParagraph

from reporter.absorb import absorb_plan, apply_plan
from tests.absorb.conftest import open_docx, save, tagged

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _track(p) -> None:
    """In 'Undersøgelsen bygger på:' Anna inserts ' tre kilder' (pending) and deletes 'Undersøgelsen ' (pending)."""
    runs = [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    run = runs[0]
    assert run.find(qn("w:t")).text == "Undersøgelsen bygger på:"
    run.find(qn("w:t")).text = "bygger på:"
    deleted = parse_xml(f'<w:del {W} w:id="901" w:author="Anna" w:date="2026-01-05T10:00:00Z"><w:r>'
                        f'<w:delText xml:space="preserve">Undersøgelsen </w:delText></w:r></w:del>')
    inserted = parse_xml(f'<w:ins {W} w:id="902" w:author="Anna" w:date="2026-01-05T10:00:00Z"><w:r>'
                         f'<w:t xml:space="preserve"> tre kilder</w:t></w:r></w:ins>')
    run.addprevious(deleted)
    run.addnext(inserted)


def _edited(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    _track(tagged(document, "note.md:19-19"))
    edited = tmp_path / "edited.docx"
    save(document, edited)
    return project, edited


def test_pending_changes_are_reported_and_not_absorbed(fresh, tmp_path):
    project, edited = _edited(fresh, tmp_path)
    plan = absorb_plan(project, edited)
    assert plan.edits == []
    assert len(plan.pending) == 2
    assert any("pending tracked insertion 'tre kilder' by Anna" in p for p in plan.pending)
    assert any("pending tracked deletion 'Undersøgelsen' by Anna" in p for p in plan.pending)


def test_accept_changes_absorbs_them(fresh, tmp_path):
    project, edited = _edited(fresh, tmp_path)
    plan = absorb_plan(project, edited, accept=True)
    assert plan.pending == []
    apply_plan(plan, project, write=True)
    lines = (project / "note.md").read_text(encoding="utf-8").splitlines()
    assert lines[18] == "bygger på: tre kilder"


def test_comments_are_listed(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    body_paragraph = tagged(document, "note.md:63-63")
    sdt = body_paragraph.find(qn("w:sdt"))
    run = sdt.find(qn("w:sdtContent")).find(qn("w:r"))
    body_paragraph.append(run)              # python-docx comments anchor on runs that are the paragraph's own
    document.add_comment(DocxParagraph(body_paragraph, document._body).runs, text="Skal bilaget med?", author="Bo")
    edited = tmp_path / "edited.docx"
    save(document, edited)
    plan = absorb_plan(project, edited)
    assert plan.comments == ["comment by Bo: 'Skal bilaget med?' (at 'Bilaget beskriver datagrundlaget.')"]


def test_a_paragraph_typed_between_blocks_becomes_a_new_paragraph(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    after = tagged(document, "note.md:19-19")
    new = parse_xml(f'<w:p {W}><w:r><w:t xml:space="preserve">Data er </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
                    f'<w:t>anonymiseret</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>')
    after.addnext(new)
    edited = tmp_path / "edited.docx"
    save(document, edited)
    plan = absorb_plan(project, edited)
    assert plan.unmatched == [] and plan.conflicts == []
    apply_plan(plan, project, write=True)
    lines = (project / "note.md").read_text(encoding="utf-8").splitlines()
    assert lines[18:22] == ["Undersøgelsen bygger på:", "", "Data er **anonymiseret**.", ""]
    assert lines[22] == "- en survey blandt **ledere** og *medarbejdere*"


def test_a_paragraph_split_inside_its_control_gives_a_new_paragraph(fresh, tmp_path):
    """Enter pressed inside a paragraph: Word may keep the content control (same tag) in both halves."""
    import copy

    project, note = fresh
    document = open_docx(note)
    first = tagged(document, "note.md:13-17")
    second = copy.deepcopy(first)
    first.addnext(second)
    # the first half ends after the first sentence's value; the second half is the rest, with its values
    content = first.find(qn("w:sdt")).find(qn("w:sdtContent"))
    runs = list(content)
    assert runs[0].find(qn("w:t")).text == "Notatet dækker "
    runs[0].find(qn("w:t")).text = "Notatet dækker alle kommuner."
    for node in runs[1:]:
        content.remove(node)
    for t in second.iter(qn("w:t")):
        if t.text == "Notatet dækker ":
            t.text = "Der er "
    edited = tmp_path / "edited.docx"
    save(document, edited)
    plan = absorb_plan(project, edited)
    apply_plan(plan, project, write=True)
    lines = (project / "note.md").read_text(encoding="utf-8").splitlines()
    assert lines[12] == "Notatet dækker alle kommuner."
    assert lines[13] == ""
    assert lines[14].startswith("Der er {{ n_municipalities }} kommuner og {{ responses.total.total.slut }} besvarelser")
    assert lines[14].endswith("fra {{ first_wave.prose }}.[^data] Kommunernes placering ses i @tbl-ranking, og "
                              "modellen i @fig-model. Metoden beskrives i @sec-method.")
    assert lines[15:17] == ["", "Undersøgelsen bygger på:"]


def test_an_edited_heading_is_reported_not_absorbed(fresh, tmp_path):
    project, note = fresh
    document = open_docx(note)
    heading = next(p for p in document.element.body.iter(qn("w:p"))
                   if "".join(t.text or "" for t in p.iter(qn("w:t"))) == "Indledning")   # number: Word's list
    next(t for t in heading.iter(qn("w:t"))).text = "Introduktion"
    edited = tmp_path / "edited.docx"
    save(document, edited)
    before = (project / "note.md").read_bytes()
    plan = absorb_plan(project, edited)
    assert plan.edits == [] and plan.unmatched == []
    assert len(plan.conflicts) == 1
    assert plan.conflicts[0].startswith("text outside the marked blocks 'Indledning' was changed to "
                                        "'Introduktion' — headings, box titles and quote attributions")
    apply_plan(plan, project, write=True)
    assert (project / "note.md").read_bytes() == before
