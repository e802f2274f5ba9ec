"""Render functions for lifecycle tests, run inside real worker processes (named as ``module:function``).

``collector`` writes the worker's cycle-collector settings (threshold, frozen objects) as its one file.

``held`` writes ``<data_dir>/held/<job>.pid`` with its pid, then waits until ``<data_dir>/held/release``
exists (at most 300 s) and makes one small file per job. Tests use the pid file to find and kill a worker.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from reporter.service.jobs import job_dir


def held(data_dir: str, job: dict):
    folder = Path(data_dir) / "held"
    folder.mkdir(exist_ok=True)
    (folder / f"{job['id']}.pid").write_text(str(os.getpid()))
    with open(folder / "runs.log", "a") as log:  # one line per run (a rerun adds a second)
        log.write(f"{job['id']} {os.getpid()}\n")
    deadline = time.monotonic() + 300
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    out = job_dir(data_dir, job["project"], job["id"])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "note.pdf"
    path.write_bytes(b"%PDF held " + job["id"].encode())
    return None, [("note.pdf", None, str(path), path.stat().st_size)]


def collector(data_dir: str, job: dict):
    import gc
    import json

    from reporter.data.load import load_survey
    from reporter.processes import freeze_loaded
    from reporter.service.jobs import upload_dir

    before = gc.get_freeze_count()
    load_survey(upload_dir(data_dir, job["project"], job["upload"]))
    freeze_loaded()
    out = job_dir(data_dir, job["project"], job["id"])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "note.html"
    path.write_text(json.dumps({"threshold": gc.get_threshold(), "frozen": gc.get_freeze_count() > before}))
    return None, [("note.html", None, str(path), path.stat().st_size)]
