"""Benchmark: load a register extract of 100,000 persons × 104 weeks and compute every register metric.

A synthetic extract (tools/generate_register.py: 50,000 intervention and 50,000 comparison persons in the
STV municipalities, plus 10,000 population persons; weeks as Parquet) is written once to a temporary
folder; then a fresh child process loads and validates it (``reporter.data.register.load_register``) and
computes all register tables (``register_tables``, with the STV survey's fidelity and belief per
municipality for the regression). Timed: load + metrics (imports excluded); peak memory: the child's
own high-water mark (VmHWM; ``ru_maxrss`` would include the parent's size at the fork). The load
average is printed with the figures: on a shared machine the times scale with it. Goal: under 5 s and under 1,5 GB on a 2-core machine.

    .venv/bin/python bench/register.py [--persons 100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 5.0
GOAL_MB = 1500.0

CHILD = r"""
import json, os, pickle, sys, time
from pathlib import Path
from reporter.config.models import Project
from reporter.data.register import load_register
from reporter.metrics.register_compute import register_tables
import lifelines, statsmodels.api, scipy.stats  # imports are not part of the figure
project_dir = Path(sys.argv[1])
project, survey_tables = pickle.loads(Path(sys.argv[2]).read_bytes())
steps = {}
import pyarrow.parquet as pq
t = time.perf_counter(); pq.read_table(project_dir / "register" / "weeks.parquet"); steps["floor"] = time.perf_counter() - t
c0 = time.process_time()
t0 = time.perf_counter()
data = load_register(project, project_dir); steps["load"] = time.perf_counter() - t0
t = time.perf_counter(); tables = register_tables(project, data, survey_tables); steps["metrics"] = time.perf_counter() - t
steps["total"] = time.perf_counter() - t0
steps["cpu"] = time.process_time() - c0   # CPU seconds of this process (less sensitive to a busy machine)
steps["rows"] = len(data.periods)
steps["effect"] = float(tables["register_effects"].query("model == 'ols' and term == 'intervention' and "
                                                         "outcome == 'virk_ord' and segment == 'total'")["estimate"].iloc[0])
# VmHWM: this process image's own high-water mark (ru_maxrss would carry the forking parent's size over exec)
steps["peak_mb"] = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
steps["load_average"] = os.getloadavg()[0]
print(json.dumps(steps))
"""


def prepare(folder: Path, persons: int) -> Path:
    """Write the extract and a pickled (project, survey tables) for the child; returns the project folder."""
    import pickle

    import yaml

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tools"))
    import generate_register as gen

    from reporter.config.models import Project
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all

    project_dir = folder / "project"
    t = time.perf_counter()
    p, w = gen.synthesize(gen.stv_municipalities(), intervention=persons // 2, comparison=persons - persons // 2,
                          population=persons // 10, seed=gen.SEED)
    gen.write(project_dir / "register", p, w)
    print(f"generated {len(p):,} persons, {len(w):,} person-weeks in {time.perf_counter() - t:.1f} s")
    stv, survey = load_survey(ROOT / "fixtures" / "stv")
    survey_tables = compute_all(stv, survey)
    config = stv.model_dump(by_alias=True, mode="json")
    test_config = yaml.safe_load((ROOT / "tests" / "register_project" / "project.yaml").read_text(encoding="utf-8"))
    config["register"] = test_config["register"]
    project = Project.model_validate(config)
    (folder / "input.pickle").write_bytes(pickle.dumps((project, {k: survey_tables[k] for k in
                                                                  ("fidelity_mean", "belief_municipality")})))
    return project_dir


def run_once(project_dir: Path, pickled: Path) -> tuple[dict, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(project_dir), str(pickled)], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    steps = json.loads(done.stdout.strip().splitlines()[-1])
    return steps, steps["peak_mb"]   # the child's own maximum resident set size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project_dir = prepare(folder, args.persons)
        totals, peaks = [], []
        for _ in range(args.repeat):
            steps, peak = run_once(project_dir, folder / "input.pickle")
            totals.append(steps["total"])
            peaks.append(peak)
            print(f"  load={steps['load']:.2f}s  metrics={steps['metrics']:.2f}s  total={steps['total']:.2f}s  "
                  f"cpu={steps['cpu']:.2f}s  floor(read Parquet)={steps['floor']:.2f}s  "
                  f"peak={peak:.0f} MB  ({steps['rows']:,} rows; OLS effect at week 52 = {steps['effect']:+.3f}; "
                  f"load average {steps['load_average']:.1f} on {os.cpu_count()} cores)")
    best, peak = min(totals), max(peaks)
    ok = best < GOAL_SECONDS and peak < GOAL_MB
    print(f"register load + metrics, {args.persons:,} persons × 104 weeks: {best:.2f} s, {peak:.0f} MB peak "
          f"(goal < {GOAL_SECONDS:.0f} s, < {GOAL_MB:,.0f} MB) — {'met' if ok else 'NOT met'}")
    print("floor: reading the Parquet file (printed per run); the rest is validation, one counting pass per "
          "outcome and the model fits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
