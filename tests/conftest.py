"""Session fixtures shared by the end-to-end tests: each example project is loaded, computed and
rendered once per test session (rendering a note takes seconds)."""

from __future__ import annotations

import pytest
from example_projects import computed


@pytest.fixture(scope="session", params=["stv", "sof"])
def rendered_note(request, tmp_path_factory):
    """``reporter note`` for each example project: (Computed with the note's tables, model, {format: path})."""
    from reporter.build.note import build_note
    from reporter.pipeline import render_report

    import dataclasses

    from reporter.metrics.compute import compute_all

    base = computed(request.param)
    note_tables = compute_all(base.project, base.survey)
    c = dataclasses.replace(base, tables=note_tables)
    report = build_note(c.project, c.tables, project_dir=c.directory)
    out = tmp_path_factory.mktemp(f"note-{request.param}")
    paths = render_report(report, out, "note")
    return c, report, {p.suffix.lstrip("."): p for p in paths}
