"""The example projects loaded and computed once per test session (shared by end-to-end tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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


