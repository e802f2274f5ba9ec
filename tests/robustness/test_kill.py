"""``kill -9`` of the main process of ``reporter note`` and ``reporter profiles``: every worker process is
gone within two seconds, and nothing more is written into the output folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from robustness.corpus import FIXTURES, ROOT
from worker_processes import left_alive_after


def _workers(main: psutil.Process) -> list[psutil.Process]:
    """Pool workers: forked copies of the main process (the note's) or spawned multiprocessing workers (the
    profiles': reporter.pipeline.render_profiles), not compilers or other helpers it runs briefly."""
    out = []
    for child in main.children(recursive=True):
        try:
            line = child.cmdline()
            spawned = any("spawn_main" in part for part in line)
            if child.status() != psutil.STATUS_ZOMBIE and ("reporter" in line or spawned):
                out.append(child)
        except psutil.Error:
            pass
    return out


def _files(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_size for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


@pytest.mark.parametrize("command", [
    ["note", str(FIXTURES / "sof"), "--workers", "2", "--formats", "pdf,docx,html"],
    ["profiles", str(FIXTURES / "sof"), "--workers", "2", "--formats", "pdf,docx"],
], ids=["note", "profiles"])
def test_kill_9_of_the_main_process_ends_its_workers(command, tmp_path):
    out = tmp_path / "out"
    main = subprocess.Popen([sys.executable, "-m", "reporter", *command, "--out", str(out)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    process = psutil.Process(main.pid)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and main.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _workers(process)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(0.5)  # let them get to work
    workers = _workers(process) or workers
    main.send_signal(signal.SIGKILL)
    main.wait()
    assert left_alive_after(workers, 2.0) == []
    files = _files(out)
    time.sleep(1.0)
    assert _files(out) == files  # nothing more is written after the workers are gone
