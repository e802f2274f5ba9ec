"""Benchmark: ``reporter profiles`` (PDF + DOCX) on a generated 98-municipality × 20,000-respondent
project, as whole processes (imports, load and metrics included), for 1 and 2 local workers and a
2-worker Dask ``LocalCluster``; prints each run, the median, the peak RSS and the floor.

The project comes from ``tools/generate_fixtures.generate_large`` in a temporary folder (or ``--project``).
Each setting gets one warm-up run (file cache, bytecode) and then ``--repeat`` timed runs; settings
alternate per round so that the other users of the machine disturb them alike. Goal: under 5 s with
2 workers, under 1 GB, and the Dask cluster not more than 20 % slower than local processes.

The floor, measured in this process on the same project: the serial part (load + metrics + models,
which the workers wait for), the profiles' PDFs made by Typst (source text + compile: the whole PDF
cost, about 20 ms a page; until issue 16 it was WeasyPrint's layout alone, 0,12 s a page), and
python-docx writing the same number of *empty* DOCX packages; floor =
serial + (Typst PDFs + empty packages) / workers, i.e. the time if the DOCX content and the files cost nothing.

    .venv/bin/python bench/profiles.py [--repeat 3] [--workers 1 2] [--no-dask] [--no-floor] [--project DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._measure import fmt_runs, largest_child_mb, machine_speed, median, reporter_cli, run_command, self_peak_mb, verdict  # noqa: E402

GOAL_SECONDS = 5.0
GOAL_MB = 1024.0
DASK_SLOWER_MAX = 1.20


def floor(project_dir: Path, workers: int) -> None:
    """Print the floor figures (see the module docstring)."""
    from reporter.brand import load_brand
    from reporter.compose.profile import PROFILE_TABLES, build_profile, municipalities_sorted, profile_inputs
    from reporter.data.load import load_survey
    from reporter.metrics.compute import compute_all
    from reporter.render.docx_package import document_bytes
    from reporter.render.typst_pdf import pdf_bytes

    t0 = time.perf_counter()
    project, survey = load_survey(project_dir)
    t1 = time.perf_counter()
    tables = compute_all(project, survey, only=PROFILE_TABLES)   # what `reporter profiles` computes
    t2 = time.perf_counter()
    inputs = profile_inputs(project, tables)
    reports = [build_profile(project, inputs, name) for name in municipalities_sorted(project)]
    t3 = time.perf_counter()
    serial = t3 - t0
    print(f"floor: serial part {serial:.2f}s = load {t1 - t0:.2f}s + metrics {t2 - t1:.2f}s + "
          f"{len(reports)} models {t3 - t2:.2f}s")
    brand = load_brand(reports[0].brand)
    pdf_bytes(reports[0], brand)   # warm: the compiler and the brand's fonts
    t = time.perf_counter()
    for report in reports:
        pdf_bytes(report, brand)
    layout = time.perf_counter() - t
    print(f"floor: the {len(reports)} profile PDFs by Typst (source + compile) {layout:.2f}s "
          f"= {layout / len(reports):.3f}s per page")
    from docx import Document

    t = time.perf_counter()
    for report in reports:
        document_bytes(Document(), report.date)
    empty = time.perf_counter() - t
    print(f"floor: {len(reports)} empty DOCX packages (python-docx) {empty:.2f}s = {empty / len(reports):.3f}s each")
    total = serial + (layout + empty) / workers
    print(f"floor with {workers} workers: {total:.2f}s (serial + (Typst PDFs + empty packages) / workers)")


def _written(folder: Path) -> str:
    """'N ok' from index.csv, and the PDF files (fewer when two names share a slug, e.g. Åby and Aaby)."""
    import csv

    with (folder / "index.csv").open(encoding="utf-8") as f:
        ok = sum(row["status"] == "ok" for row in csv.DictReader(f))
    return f"{ok} ok, {len(list(folder.glob('*.pdf')))} PDF files"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an existing project (default: generate one)")
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="pdf,docx")
    parser.add_argument("--no-dask", action="store_true", help="skip the 2-worker Dask LocalCluster")
    parser.add_argument("--no-floor", action="store_true", help="skip the in-process floor measurement")
    args = parser.parse_args(argv)
    print(machine_speed())
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        project_dir = args.project
        if project_dir is None:
            from tools.generate_fixtures import generate_large

            project_dir = Path(tmp) / "large"
            t0 = time.perf_counter()
            generate_large(project_dir, n_municipalities=args.municipalities, respondents_per_wave=args.respondents)
            print(f"generated {args.municipalities} municipalities × {args.respondents} respondents/wave "
                  f"in {time.perf_counter() - t0:.1f}s")
        settings = [(f"{w} worker{'s' if w > 1 else ''}", ["--workers", str(w)]) for w in args.workers]
        cluster = None
        if not args.no_dask:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                   processes=True)
            settings.append(("dask 2 workers", ["--scheduler", cluster.scheduler_address]))
        runs: dict[str, list[float]] = {label: [] for label, _ in settings}
        cpus: dict[str, list[float]] = {label: [] for label, _ in settings}
        peaks: dict[str, float] = {label: 0.0 for label, _ in settings}
        try:
            for round_ in range(args.repeat + 1):
                for label, extra in settings:
                    out = Path(tmp) / f"out-{round_}-{label.replace(' ', '-')}"
                    run = run_command(reporter_cli("profiles", str(project_dir), "--out", str(out),
                                                   "--formats", args.formats, *extra),
                                      own_tree=extra[0] == "--scheduler")
                    written = _written(out / "profiles")
                    if round_ == 0:
                        print(f"  warm-up {label:<15} {run.seconds:6.2f}s  ({written})")
                        continue
                    runs[label].append(run.seconds)
                    cpus[label].append(run.cpu)
                    peaks[label] = max(peaks[label], run.tree_mb)
                    print(f"  round {round_} {label:<15} {run.seconds:6.2f}s  cpu {run.cpu:6.2f}s  peak RSS (all processes) "
                          f"{run.tree_mb:6.0f} MB  load {run.load:.1f}  ({written})")
        finally:
            if cluster is not None:
                cluster.close()
        print(f"reporter profiles, {args.formats}, whole process incl. load and metrics "
              f"(median of {args.repeat}, goal < {GOAL_SECONDS:.0f}s and < {GOAL_MB:.0f} MB):")
        for label, values in runs.items():
            cpu = f"cpu median {median(cpus[label]):6.2f}s" if label != "dask 2 workers" else "cpu (in Dask workers)"
            print(f"  {label:<15} median {median(values):6.2f}s  [{fmt_runs(values)}]  {cpu}  "
                  f"peak RSS {peaks[label]:6.0f} MB")
        one = runs.get("1 worker")
        two = runs.get("2 workers")
        if one and two:
            print(f"  speed-up 2 workers / 1 worker: {median(one) / median(two):.2f}x")
        if two:
            best = median(two)
            print(f"  2 workers: {best:.2f}s (goal < {GOAL_SECONDS:.0f}s): {verdict(best, GOAL_SECONDS)}; "
                  f"peak RSS {peaks['2 workers']:.0f} MB (goal < {GOAL_MB:.0f} MB): {verdict(peaks['2 workers'], GOAL_MB)}")
            if "dask 2 workers" in runs:
                ratio = median(runs["dask 2 workers"]) / best
                print(f"  dask / local processes: {ratio:.2f} (goal ≤ {DASK_SLOWER_MAX:.2f}): "
                      f"{'met' if ratio <= DASK_SLOWER_MAX else 'NOT met'}")
        print(f"  largest single process: {largest_child_mb():.0f} MB")
        if not args.no_floor:
            floor(project_dir, max(args.workers))
            print(f"  (floor measurement peak RSS in this process {self_peak_mb():.0f} MB)")
    print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
