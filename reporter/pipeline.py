"""End-to-end steps shared by the CLI, the batch runner and the service: load → metrics → model → files."""

from __future__ import annotations

from pathlib import Path

from reporter.config import Project
from reporter.data.schema import Survey

FORMATS = ("pdf", "docx", "html")


def render_report(report, out_dir: Path, stem: str, formats: list[str] | tuple[str, ...] = FORMATS) -> list[Path]:
    """Write one document model as ``<stem>.pdf/.docx/.html`` (each atomically)."""
    from reporter.brand import load_brand
    from reporter.render.docx import render_docx
    from reporter.render.html import write_html
    from reporter.render.pdf import render_pdf

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}; choose from {', '.join(FORMATS)}")
    brand = load_brand(report.brand)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if "pdf" in formats:
        written.append(render_pdf(report, brand, out_dir / f"{stem}.pdf"))
    if "docx" in formats:
        written.append(render_docx(report, brand, out_dir / f"{stem}.docx"))
    if "html" in formats:
        written.append(write_html(report, brand, out_dir / f"{stem}.html"))
    return [Path(p) for p in written]


def render_note(project: Project, survey: Survey, out_dir: Path, *, project_dir: Path | None = None,
                formats: list[str] | tuple[str, ...] = FORMATS) -> list[Path]:
    """Compute all metrics once, build the note model, render it in every requested format."""
    from reporter.build.note import build_note
    from reporter.metrics.compute import compute_all

    tables = compute_all(project, survey)
    report = build_note(project, tables, project_dir=project_dir)
    return render_report(report, out_dir, "note", formats)
