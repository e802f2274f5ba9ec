"""Fixtures for metric tests; the builders live in :mod:`factory` (tests/metrics/factory.py)."""

from __future__ import annotations

import pytest
from factory import make_project

from reporter.config.models import Project


@pytest.fixture
def project() -> Project:
    """The small base project of :func:`factory.project_dict`."""
    return make_project()
