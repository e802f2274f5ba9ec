"""The console entry (``reporter.cli.main``) ends the process without the interpreter's teardown: the exit
code is the command's, output is flushed, and ``atexit`` handlers still run. Run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def _entry(argv: list[str], marker: Path) -> str:
    return ("import atexit, sys\n"
            f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
            f"sys.argv = ['reporter', *{argv!r}]\n"
            "from reporter.cli import main\n"
            "main()\n"
            "print('not reached')\n")


def test_help_exits_0_with_its_text_flushed_and_atexit_handlers_run(tmp_path):
    marker = tmp_path / "atexit.txt"
    done = _run(_entry(["--help"], marker), tmp_path)
    assert done.returncode == 0
    assert "profiles" in done.stdout and "not reached" not in done.stdout
    assert marker.read_text() == "ran"


def test_a_usage_error_keeps_its_exit_code(tmp_path):
    marker = tmp_path / "atexit.txt"
    done = _run(_entry(["profiles", str(tmp_path / "no-such-project")], marker), tmp_path)
    assert done.returncode == 2
    assert marker.read_text() == "ran"


def test_a_failing_command_exits_1_with_its_message(tmp_path):
    (tmp_path / "project").mkdir()        # a folder without project.yaml: bad input, one line on stderr
    marker = tmp_path / "atexit.txt"
    done = _run(_entry(["profiles", str(tmp_path / "project"), "--out", str(tmp_path / "out")], marker), tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip()
    assert marker.read_text() == "ran"


def test_python_dash_m_reporter_runs_the_same_entry(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "reporter", "--help"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "profiles" in done.stdout
