"""Session fixtures shared by the end-to-end tests: each example project is loaded, computed and
rendered once per test session (rendering a note takes seconds)."""

from __future__ import annotations

import pytest
from example_projects import computed


@pytest.fixture(scope="session", params=["stv", "sof"])
def rendered_note(request, tmp_path_factory):
    """``reporter note`` for each example project: (Computed with the note's tables, model, {format: path})."""
    from reporter.compose.note import build_note
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


def pytest_sessionfinish(session, exitstatus):
    """`make test` leaves no process behind: child processes still running at the end of the session (after
    a grace period) fail the run, are listed, and are killed. Multiprocessing's resource tracker, which
    ends with this process by design, is not counted."""
    import time

    import psutil

    def leftovers():
        out = []
        for child in psutil.Process().children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                    out.append(child)
            except psutil.Error:
                pass
        return out

    deadline = time.monotonic() + 30
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = leftovers()
    if not left:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for child in left:
        try:
            line = f"process left behind by the tests: pid {child.pid}: {' '.join(child.cmdline())[:200]}"
            child.kill()
        except psutil.Error:
            continue
        if reporter is not None:
            reporter.write_line(line, red=True)
    session.exitstatus = 1
