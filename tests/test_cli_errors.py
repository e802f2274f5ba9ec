"""The command line's one error handler: an expected failure is one line naming the path and the cause,
exit 1; usage errors exit 2; ``--debug`` (before or after the command) shows the traceback instead."""

from __future__ import annotations

import errno

import pytest
from example_projects import computed
from typer.testing import CliRunner

from reporter.atomic import OutputError
from reporter.cli import app


@pytest.fixture
def stv(monkeypatch):
    """``fixtures/stv`` loaded and computed once per session (the CLI's own loading is tested elsewhere)."""
    c = computed("stv")
    monkeypatch.setattr("reporter.data.load.load_survey", lambda _dir: (c.project, c.survey))
    monkeypatch.setattr("reporter.metrics.compute.compute_all", lambda *a, **k: c.tables)
    return c


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], terminal_width=80)


def _one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_out_naming_an_existing_file(stv, tmp_path):
    (tmp_path / "out").write_text("not a folder")
    result = _run("metrics", stv.directory, "--out", tmp_path / "out")
    assert result.exit_code == 1
    line = _one_error_line(result)
    assert line.startswith(f"error: cannot write {tmp_path / 'out'}: a file of that name is in the way")
    assert (tmp_path / "out").read_text() == "not a folder"


def test_out_below_an_existing_file(stv, tmp_path):
    (tmp_path / "file").write_text("x")
    result = _run("metrics", stv.directory, "--out", tmp_path / "file" / "out")
    assert result.exit_code == 1
    assert str(tmp_path / "file") in _one_error_line(result)


def test_disk_full_names_the_folder_and_the_cause(stv, tmp_path, monkeypatch):
    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("reporter.metrics.export.write_file", full)
    result = _run("metrics", stv.directory, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert _one_error_line(result) == (f"error: cannot write {tmp_path / 'out'}: the disk is full (no space left "
                                       "on device) (run with --debug for the traceback)")
    assert list((tmp_path / "out").iterdir()) == []  # no staging folder left behind


def test_permission_denied_on_the_output_folder(stv, tmp_path, monkeypatch):
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "out" / ".metrics.x.tmp"))

    monkeypatch.setattr(tempfile, "mkdtemp", denied)
    result = _run("metrics", stv.directory, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert _one_error_line(result).startswith(f"error: cannot write {tmp_path / 'out'}: permission denied")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(stv, tmp_path, where):
    (tmp_path / "out").write_text("x")
    args = ["metrics", stv.directory, "--out", tmp_path / "out"]
    result = _run(*(["--debug", *args] if where == "before" else [*args, "--debug"]))
    assert result.exit_code != 0
    assert isinstance(result.exception, OutputError)  # raised out of the command, so typer prints the traceback
    assert "error: cannot write" not in result.stderr


def test_a_failed_render_is_one_line(stv, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint ran out of pages")

    monkeypatch.setattr("reporter.pipeline.render_note", broken)
    result = _run("note", stv.directory, "--out", tmp_path)
    assert result.exit_code == 1
    assert _one_error_line(result) == ("error: failed: RuntimeError: WeasyPrint ran out of pages (run with --debug "
                                       "for the traceback)")


def test_bad_input_raised_late_lists_its_problems(stv, tmp_path, monkeypatch):
    from reporter.errors import InputError, Problem

    def bad(*args, **kwargs):
        raise InputError([Problem("resume.md", "unknown heading", row=3, value="## Foo")])

    monkeypatch.setattr("reporter.pipeline.render_note", bad)
    result = _run("note", stv.directory, "--out", tmp_path)
    assert result.exit_code == 1
    assert "resume.md, row 3: unknown heading (value '## Foo')" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_format_is_a_usage_error(stv, tmp_path):
    result = _run("note", stv.directory, "--out", tmp_path, "--formats", "pdf,xls")
    assert result.exit_code == 2
    assert "'xls'" in result.output and "--formats" in result.output
    assert list(tmp_path.iterdir()) == []
