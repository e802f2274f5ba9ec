"""Session fixtures of the template tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def stv_data():
    """The STV project loaded and its note metrics computed once."""
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project, survey = load_survey(ROOT / "fixtures" / "stv")
    return project, survey, compute_all(project, survey)
