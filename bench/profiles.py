"""Benchmark: all municipality profiles (PDF + DOCX) of a generated 98-municipality project, for 1
and 2 local worker processes (and optionally a Dask LocalCluster).

The project comes from ``tools/generate_fixtures.generate_large`` (STV-like, 20,000 respondents per
wave) in a temporary folder. Loading and metrics (once per project) are timed separately from
rendering. Goal: 98 profiles in under 10 s on a 2-core machine, near-linear speed-up with workers.

    .venv/bin/python bench/profiles.py [--municipalities 98] [--respondents 20000] [--workers 1 2] [--dask]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporter.data.load import load_survey  # noqa: E402
from reporter.pipeline import render_profiles  # noqa: E402
from tools.generate_fixtures import generate_large  # noqa: E402

GOAL_SECONDS = 10.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--formats", default="pdf,docx")
    parser.add_argument("--dask", action="store_true", help="also run on a 2-worker Dask LocalCluster (loopback)")
    args = parser.parse_args(argv)
    formats = tuple(args.formats.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        project_dir = Path(tmp) / "large"
        t0 = time.perf_counter()
        generate_large(project_dir, n_municipalities=args.municipalities, respondents_per_wave=args.respondents)
        print(f"generated {args.municipalities} municipalities × {args.respondents} respondents/wave "
              f"in {time.perf_counter() - t0:.1f}s")
        t0 = time.perf_counter()
        project, survey = load_survey(project_dir)
        print(f"load {time.perf_counter() - t0:.2f}s")
        timings = {}
        settings = [(f"{w} worker{'s' if w > 1 else ''}", w, None) for w in args.workers]
        cluster = None
        if args.dask:
            from distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
            settings.append(("dask 2 workers", 1, cluster.scheduler_address))
        try:
            for label, workers, scheduler in settings:
                out = Path(tmp) / f"out-{label.replace(' ', '-')}"
                t0 = time.perf_counter()
                results = render_profiles(project, survey, out, workers=workers, scheduler=scheduler, formats=formats)
                seconds = time.perf_counter() - t0
                failed = sum(not r.ok for r in results)
                timings[label] = seconds
                print(f"{label:<16} {len(results)} profiles ({'+'.join(formats)}) in {seconds:6.1f}s "
                      f"= {seconds / len(results):.3f}s per profile; failed {failed}   (metrics included, once)")
        finally:
            if cluster is not None:
                cluster.close()
    one = timings.get("1 worker")
    for label, seconds in timings.items():
        if one and label != "1 worker":
            print(f"speed-up {label}: {one / seconds:.2f}x")
    best = min(timings.values())
    print(f"best {best:.1f}s (goal < {GOAL_SECONDS:.0f}s): {'met' if best < GOAL_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
