"""The disclosure rule in the documents: every "*" is explained, and only where there is one.

Builders mark hidden cells (status ``suppressed``, text "*") and leave the explanation to
:func:`explain`, which runs once over a whole report: a table or figure holding a "*" gets the note with the
project's actual threshold (per side when the rule differs per side) unless the block explained its "*" itself
(register tables count persons); a table without one gets no such note,
and a "blank cells mean no answers" note stays only under a table that has a blank cell.
"""

from __future__ import annotations

from dataclasses import replace

from reporter.config import Project
from reporter.model import Figure, Report, Section, Table
from reporter.text.strings import t

SUPPRESSED = "*"


def suppression_note(project: Project) -> str:
    """'* Kan ikke vises … (færre end 5 besvarelser)', or with one threshold per side."""
    lang = project.language
    th = project.thresholds
    if th.uniform:
        return t("note_suppressed", lang, n=th.for_side("employee"))
    return t("note_suppressed_sides", lang, employee=th.for_side("employee"), leader=th.for_side("leader"))


def _has_star(block) -> bool:
    if isinstance(block, Table):
        return any(c.status == "suppressed" or c.text == SUPPRESSED for r in block.rows for c in r.cells)
    if isinstance(block, Figure):
        return any(SUPPRESSED in s.labels for s in block.series)
    return False


def _has_blank(table: Table) -> bool:
    return any(r.kind != "header" and c.status == "missing" for r in table.rows for c in r.cells)


def explain(report: Report, project: Project) -> Report:
    """The report with suppression notes exactly where a "*" is shown (see the module docstring)."""
    lang = project.language
    note = suppression_note(project)
    known = {note, t("note_suppressed", lang, n=project.thresholds.for_side("employee"))}
    blank = t("note_blank", lang)

    def fix(block):
        if not isinstance(block, (Table, Figure)):
            return block
        notes = [n for n in block.notes if n not in known]
        if isinstance(block, Table) and blank in notes and not _has_blank(block):
            notes.remove(blank)
        if not _has_star(block):
            notes = [n for n in notes if not n.startswith("* ")]     # a block's own "*" note, with no "*"
        elif not any(n.startswith("* ") for n in notes):
            notes.append(note)
        return replace(block, notes=tuple(notes))

    def section(s: Section) -> Section:
        return replace(s, blocks=tuple(fix(b) for b in s.blocks), sections=tuple(section(c) for c in s.sections))

    return replace(report, sections=tuple(section(s) for s in report.sections))
