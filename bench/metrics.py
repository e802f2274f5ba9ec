"""Benchmark: time (and peak RSS) to load a project and to compute every metric table.

Runs on ``fixtures/stv`` and on a generated STV-like project with 98 municipalities and 20,000
respondents per wave (``tools/generate_fixtures.generate_large``, written to a temporary folder).
Load time is reported separately from metrics time. Goal: metrics of the large project < 2 s.

    .venv/bin/python bench/metrics.py [--municipalities 98] [--respondents 20000] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporter.data.load import load_survey  # noqa: E402
from reporter.metrics.compute import compute_all  # noqa: E402
from tools.generate_fixtures import generate_large  # noqa: E402

GOAL_SECONDS = 2.0


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(name: str, project_dir: Path, repeat: int, profile: bool) -> float:
    t0 = time.perf_counter()
    project, survey = load_survey(project_dir)
    load_s = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        tables = compute_all(project, survey)
        times.append(time.perf_counter() - t0)
    first, best = times[0], min(times)
    rows = sum(len(t) for t in tables.values())
    print(f"{name:<24} respondents={len(survey.respondents):>6}  answers={len(survey.answers):>8}  "
          f"load={load_s:6.2f}s  metrics first={first:6.3f}s best={best:6.3f}s "
          f"({len(tables)} tables, {rows} rows)  peak RSS={_peak_rss_mb():7.1f} MB")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        compute_all(project, survey)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return first   # the first run is the honest one: later runs reuse per-table row indexes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--respondents", type=int, default=20000, help="respondents per wave")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one compute_all run")
    args = parser.parse_args(argv)

    run("fixtures/stv", ROOT / "fixtures" / "stv", args.repeat, args.profile)
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        t0 = time.perf_counter()
        large = generate_large(Path(tmp) / "large", n_municipalities=args.municipalities,
                               respondents_per_wave=args.respondents)
        print(f"generated {args.municipalities} municipalities x {args.respondents} respondents/wave "
              f"in {time.perf_counter() - t0:.1f}s")
        first = run(f"large ({args.municipalities} kommuner)", large, args.repeat, args.profile)
    verdict = "OK" if first < GOAL_SECONDS else "SLOW"
    print(f"metrics goal < {GOAL_SECONDS:.0f} s for the large project (first run): {verdict} ({first:.3f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
