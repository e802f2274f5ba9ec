"""``reporter absorb``: a consultant's edits in the Word file flow back into the project's template files.

The project is rendered afresh (model and DOCX in memory) and both files are read alike
(:mod:`reporter.absorb.read`). Authored blocks are matched by their source id (the ``src:`` tag, or the
``_src_`` bookmark in files saved by LibreOffice); a block whose content differs becomes new Markdown for its
template lines (:mod:`reporter.absorb.markdown`); paragraphs typed between tagged blocks become new
paragraphs; edits to computed values and computed table cells are conflicts. See docs/templates.md.
"""

from reporter.absorb.plan import Plan, plan_absorb
from reporter.absorb.write import apply_plan

__all__ = ["Plan", "apply_plan", "plan_absorb"]


def absorb_plan(project_dir, edited, *, accept: bool = False) -> Plan:
    """Render the project's note afresh (model and DOCX in memory) and plan the absorption of ``edited``."""
    from pathlib import Path

    from reporter.compose.note import build_note
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.render.docx import build_document

    project_dir = Path(project_dir)
    project, survey = load_survey(project_dir)
    report = build_note(project, compute_all(project, survey), project_dir)
    return plan_absorb(report, build_document(report), Path(edited), project_dir, accept=accept)


__all__.append("absorb_plan")
