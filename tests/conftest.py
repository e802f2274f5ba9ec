"""Session fixtures shared by the end-to-end tests: each example project is loaded, computed and
rendered once per test session (rendering a note takes seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


@dataclass
class Computed:
    """An example project loaded and computed: what the renderers' output is checked against."""

    name: str
    directory: Path
    project: object
    survey: object
    tables: dict[str, pd.DataFrame]


_COMPUTED: dict[str, Computed] = {}


def computed(name: str) -> Computed:
    """Load and compute ``fixtures/<name>`` once per session."""
    if name not in _COMPUTED:
        from reporter.data.load import load_survey
        from reporter.metrics.compute import compute_all

        directory = FIXTURES / name
        project, survey = load_survey(directory)
        _COMPUTED[name] = Computed(name, directory, project, survey, compute_all(project, survey))
    return _COMPUTED[name]


@pytest.fixture(scope="session", params=["stv", "sof"])
def rendered_note(request, tmp_path_factory):
    """``reporter note`` for each example project: (Computed, model, {format: path})."""
    from reporter.build.note import build_note
    from reporter.pipeline import render_report

    c = computed(request.param)
    report = build_note(c.project, c.tables, project_dir=c.directory)
    out = tmp_path_factory.mktemp(f"note-{request.param}")
    paths = render_report(report, out, "note")
    return c, report, {p.suffix.lstrip("."): p for p in paths}
