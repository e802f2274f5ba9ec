"""Benchmark: wall time and peak memory of ``reporter note`` for an example project (PDF + DOCX + HTML).

Each run is a fresh child process (as a consultant runs the command), so imports, font set-up and
chart drawing are all counted; peak memory is the child's maximum resident set size. Reports the
steps separately (load, metrics, model, each format) and the whole. Goal for ``fixtures/stv``:
under 10 s and under 600 MB on a 2-core machine.

    .venv/bin/python bench/note.py [--project fixtures/stv] [--repeat 2] [--formats pdf,docx] [--workers 1 2]

Peak RSS is the largest child process (chart workers are separate, smaller processes).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 10.0
GOAL_MB = 600.0

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reporter.data.load import load_survey
from reporter.metrics.compute import compute_all
from reporter.build.note import build_note
from reporter.pipeline import render_report
project_dir, out, formats, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(","), int(sys.argv[4])
steps = {"import": time.perf_counter() - t0}
t = time.perf_counter(); project, survey = load_survey(project_dir); steps["load"] = time.perf_counter() - t
t = time.perf_counter(); tables = compute_all(project, survey); steps["metrics"] = time.perf_counter() - t
t = time.perf_counter(); report = build_note(project, tables, project_dir=project_dir); steps["model"] = time.perf_counter() - t
if workers > 1:      # charts drawn in parallel first, then each format
    t = time.perf_counter(); render_report(report, out, "note", formats, workers=workers); steps["render"] = time.perf_counter() - t
else:                # one format after the other; charts drawn for one format are reused by the next
    for fmt in formats:
        t = time.perf_counter(); render_report(report, out, "note", (fmt,)); steps[fmt] = time.perf_counter() - t
steps["total"] = time.perf_counter() - t0
print(json.dumps(steps))
"""


def run_once(project: Path, formats: str, workers: int) -> tuple[dict, float]:
    """One child process rendering the note; returns its step times and its peak RSS in MB."""
    with tempfile.TemporaryDirectory() as out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        wall = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, str(project), out, formats, str(workers)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        wall = time.perf_counter() - wall
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    steps["wall"] = wall
    # ru_maxrss of children is the maximum over all children so far; the first run is exact.
    return steps, max(peak, before) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT / "fixtures" / "stv")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--formats", default="pdf,docx,html")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="chart processes (as reporter note)")
    args = parser.parse_args(argv)
    print(f"note of {args.project.name}: formats {args.formats}, {args.repeat} fresh process(es) per setting")
    for workers in args.workers:
        walls, peaks = [], []
        for i in range(args.repeat):
            steps, peak = run_once(args.project, args.formats, workers)
            walls.append(steps["wall"])
            peaks.append(peak)
            detail = "  ".join(f"{k}={v:5.2f}s" for k, v in steps.items() if k not in ("wall", "total"))
            print(f"  workers={workers} run {i + 1}: wall={steps['wall']:6.2f}s  peak RSS={peak:6.0f} MB   {detail}")
        best, peak = min(walls), max(peaks)
        ok = best < GOAL_SECONDS and peak < GOAL_MB
        print(f"workers={workers}: best wall {best:.2f}s (goal < {GOAL_SECONDS:.0f}s), peak RSS {peak:.0f} MB "
              f"(goal < {GOAL_MB:.0f} MB): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
