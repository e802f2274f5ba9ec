"""Benchmark: ``reporter metrics`` end to end (load + every metric table + CSV + xlsx) as a whole process
on a generated 98-municipality × 20,000-respondent project; prints the runs, the median, peak RSS, the
steps measured in this process, and the floor. Goal: under 2 s.

The project comes from ``tools/generate_fixtures.generate_large`` (STV-like) in a temporary folder, or
``--project``. One warm-up run, then ``--repeat`` timed runs. Steps (in this process, after the imports):
load (read + validate), metrics (``compute_all``), CSV files, xlsx workbook; then the metric tables of the
survey blocks one by one on a freshly loaded survey (``block_metrics``).

The process is serial: load, ``compute_all``, then the CSVs and the workbook, both written by rust
(rustpy-xlsxwriter) from Arrow columns (``reporter.metrics.export`` / ``reporter.metrics.workbook``).

The floor: a fresh interpreter importing pandas and pyarrow (every run pays it), reading the raw data
files with pyarrow's CSV reader (the least loading can cost, no validation) and writing the same metric
cells as the CSVs and the workbook with the writers the command uses — i.e. what remains if the metrics
and validation cost nothing. The workbook part is the rust writer's own time for those cells. The command
reads the CSV files in a thread while it imports (``reporter.data.prefetch``), so on two free cores its
read costs little wall time; the floor keeps it (serial), as the least a one-core run pays.

    .venv/bin/python bench/metrics.py [--repeat 3] [--project DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._measure import fmt_runs, machine_speed, median, reporter_cli, run_command, self_peak_mb, verdict  # noqa: E402

GOAL_SECONDS = 2.0


def steps(project_dir: Path, profile: bool) -> None:
    """The steps of ``reporter metrics`` timed one by one in this process (imports already done)."""
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.metrics.export import table_csv, workbook_bytes

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    t0 = time.perf_counter()
    project, survey = load_survey(project_dir)
    t1 = time.perf_counter()
    tables = compute_all(project, survey)
    t2 = time.perf_counter()
    csvs = [table_csv(t) for t in tables.values()]
    t3 = time.perf_counter()
    workbook = workbook_bytes(tables)
    t4 = time.perf_counter()
    if profiler:
        profiler.disable()
    rows = sum(len(t) for t in tables.values())
    cells = sum(t.size for t in tables.values())
    print(f"steps: load {t1 - t0:.2f}s ({len(survey.respondents)} respondents, {len(survey.answers)} answers)  "
          f"metrics {t2 - t1:.2f}s ({len(tables)} tables, {rows} rows, {cells} cells)  "
          f"csv {t3 - t2:.2f}s ({sum(map(len, csvs)) / 1e6:.1f} MB)  xlsx {t4 - t3:.2f}s "
          f"({len(workbook) / 1e6:.1f} MB, rust_xlsxwriter)")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())


def block_metrics(project_dir: Path) -> None:
    """The metric tables the survey blocks read (statement batteries, role splits, municipality level), timed
    one by one on a freshly loaded survey (cold caches, in ``compute_all``'s order), so a slow one shows."""
    from reporter.data.load import load_survey
    from reporter.metrics.choices import numeric_means, ratings_among_users
    from reporter.metrics.municipal import core_scores, municipality_counts
    from reporter.metrics.spread import movers, spread
    from reporter.metrics.statements import statement_distribution, statement_means
    from reporter.metrics.topbox import topbox

    project, survey = load_survey(project_dir)
    survey.answers   # built on first read: not charged to the first metric below
    first, last = project.wave_ids[0], project.wave_ids[-1]
    parts: list[str] = []
    total = 0.0

    def timed(name: str, fn):
        nonlocal total
        t = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t
        total += dt
        parts.append(f"{name} {dt:.3f}s")
        return result

    timed("topbox", lambda: topbox(project, survey))
    timed("ratings", lambda: ratings_among_users(project, survey))
    timed("statement_distribution", lambda: statement_distribution(project, survey))
    timed("statement_means", lambda: statement_means(project, survey))
    timed("numeric_means_municipality", lambda: numeric_means(project, survey, by="municipality"))
    core = timed("core_scores", lambda: core_scores(project, survey))
    timed("core_score_spread", lambda: spread(core))
    timed("core_score_movers", lambda: movers(core, first, last))
    timed("municipality_counts", lambda: municipality_counts(project, survey))
    print(f"survey-block metrics (fresh survey): {total:.2f}s = " + ", ".join(parts))


FLOOR_CHILD = r"""
import sys, time
t0 = time.perf_counter()
import pandas as pd
import pyarrow.csv as pacsv
t1 = time.perf_counter()
from pathlib import Path
files = sorted(Path(sys.argv[1], "data").glob("*.csv"))
for f in files:
    header = f.open(encoding="utf-8-sig").readline()
    delimiter = max(";,\t", key=header.count)
    pacsv.read_csv(f, parse_options=pacsv.ParseOptions(delimiter=delimiter))
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def floor(project_dir: Path, metrics_dir: Path) -> None:
    run = run_command([sys.executable, "-c", FLOOR_CHILD, str(project_dir)])
    imports, read = (float(x) for x in run.stdout.split())
    import pandas as pd

    from reporter.metrics.export import sheet_names, table_csv, workbook_bytes

    tables = {f.stem: pd.read_csv(f) for f in sorted((metrics_dir / "metrics").glob("*.csv"))}
    t = time.perf_counter()
    for table in tables.values():
        table_csv(table)
    csv = time.perf_counter() - t
    t = time.perf_counter()
    workbook_bytes(tables)
    xlsx = time.perf_counter() - t
    # interpreter start-up: a bare `python -c pass`
    bare = run_command([sys.executable, "-c", "pass"]).seconds
    total = bare + imports + read + csv + xlsx
    print(f"floor: {total:.2f}s = interpreter {bare:.2f}s + import pandas/pyarrow {imports:.2f}s + "
          f"pyarrow read of the raw files {read:.2f}s + CSV of the same cells {csv:.2f}s + workbook of the "
          f"same {len(sheet_names(list(tables)))} sheets {xlsx:.2f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an existing project (default: generate one)")
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--respondents", type=int, default=20000, help="respondents per wave")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the steps")
    args = parser.parse_args(argv)
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        project_dir = args.project
        if project_dir is None:
            from tools.generate_fixtures import generate_large

            t0 = time.perf_counter()
            project_dir = generate_large(Path(tmp) / "large", n_municipalities=args.municipalities,
                                         respondents_per_wave=args.respondents)
            print(f"generated {args.municipalities} municipalities x {args.respondents} respondents/wave "
                  f"in {time.perf_counter() - t0:.1f}s")
        out = Path(tmp) / "out"
        seconds, cpus, peak = [], [], 0.0
        for i in range(args.repeat + 1):
            run = run_command(reporter_cli("metrics", str(project_dir), "--out", str(out)))
            if i == 0:
                print(f"  warm-up {run.seconds:.2f}s")
                continue
            seconds.append(run.seconds)
            cpus.append(run.cpu)
            peak = max(peak, run.tree_mb)
            print(f"  run {i}: {run.seconds:.2f}s  cpu {run.cpu:.2f}s  peak RSS {run.tree_mb:.0f} MB  load {run.load:.1f}")
        m = median(seconds)
        print(f"reporter metrics, whole process: median {m:.2f}s [{fmt_runs(seconds)}], cpu median "
              f"{median(cpus):.2f}s, peak RSS {peak:.0f} MB "
              f"(goal < {GOAL_SECONDS:.0f}s): {verdict(m, GOAL_SECONDS)}")
        steps(project_dir, args.profile)
        block_metrics(project_dir)
        floor(project_dir, out)
        print(f"  (peak RSS of this process {self_peak_mb():.0f} MB)")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
