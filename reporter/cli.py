"""The ``reporter`` command line. Each command calls the pipeline steps and does nothing else."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from reporter.errors import InputError

app = typer.Typer(help="Evaluation notes and municipality profiles from survey microdata.", no_args_is_help=True,
                  add_completion=False)
console = Console()
err_console = Console(stderr=True)

ProjectDir = typer.Argument(..., exists=True, file_okay=False, dir_okay=True, help="Project directory with project.yaml.")


def _load(project_dir: Path):
    """Load and validate a project; print every problem and exit 1 on bad input."""
    from reporter.data.load import load_survey

    try:
        return load_survey(project_dir)
    except InputError as exc:
        err_console.print(f"[bold red]{len(exc.problems)} problem(s) in {project_dir}:[/]")
        for problem in exc.problems:
            err_console.print(f"  • {problem}", highlight=False, markup=False)
        raise typer.Exit(1) from None


@app.command()
def validate(project_dir: Path = ProjectDir) -> None:
    """Validate a project: print respondents per role x wave, items and warnings, or the errors (exit 1)."""
    from reporter.data.summary import print_summary

    project, survey = _load(project_dir)
    print_summary(console, project, survey)


@app.command()
def metrics(project_dir: Path = ProjectDir,
            out: Path = typer.Option(Path("out"), "--out", help="Output folder: metrics/*.csv and metrics.xlsx.")) -> None:
    """Compute every metric table and write them as tidy CSV files and one Excel workbook."""
    from reporter.metrics.compute import compute_all
    from reporter.metrics.export import write_metrics

    project, survey = _load(project_dir)
    tables = compute_all(project, survey)
    written = write_metrics(tables, out)
    console.print(f"Wrote {len(tables)} metric tables to {written}")


@app.command()
def note(project_dir: Path = ProjectDir,
         out: Path = typer.Option(Path("out"), "--out", help="Output folder for note.pdf, note.docx and note.html."),
         formats: str = typer.Option("pdf,docx,html", "--formats", help="Comma-separated subset of pdf,docx,html.")) -> None:
    """Render the end-of-project note as PDF, DOCX and HTML from one document model."""
    from reporter.pipeline import render_note

    project, survey = _load(project_dir)
    with console.status("Computing metrics and rendering the note…"):
        written = render_note(project, survey, out, project_dir=project_dir,
                              formats=[f.strip() for f in formats.split(",") if f.strip()])
    for path in written:
        console.print(f"Wrote {path}")


def main() -> None:  # pragma: no cover - console entry
    app()
