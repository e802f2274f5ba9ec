"""Every bad project of the corpus gets exit 1 and a message naming the place; never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from reporter.cli import app
from robustness.corpus import CASES, copy_fixture


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_reports_the_damage(case, tmp_path):
    project = copy_fixture(case.fixture, tmp_path)
    case.damage(project)
    result = CliRunner().invoke(app, ["validate", str(project)], terminal_width=200)
    assert result.exit_code == case.exit_code, result.output
    assert isinstance(result.exception, SystemExit)  # handled, not raised out of the command
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith("  • ")]
    assert problems, result.output
    for text in case.says:
        assert any(text in line for line in problems), (text, problems)
    if case.lines is not None:
        assert len(problems) == case.lines, problems
    named = ("project.yaml", "data/")  # every problem names its file: project.yaml or a data file
    assert all(any(n in line.split(": ")[0] for n in named) for line in problems), problems


def test_the_fixtures_themselves_validate(tmp_path):
    for name in ("stv", "sof"):
        result = CliRunner().invoke(app, ["validate", str(copy_fixture(name, tmp_path))], terminal_width=200)
        assert result.exit_code == 0, result.output
