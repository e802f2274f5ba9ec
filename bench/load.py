"""Benchmark: `reporter validate` on large survey files generated from the STV layout.

For 200,000 / 1,000,000 / 2,000,000 rows (``--sizes`` to change) the STV fixture's rows are repeated
with new respondent ids (unique within a wave) into one CSV; each size is validated in a fresh
process. Prints wall time, peak RSS and peak RSS / file size per size, then the goal and the floor.

    python bench/load.py                 # 200k, 1M, 2M rows
    python bench/load.py --sizes 200000  # just one size
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
STV = ROOT / "fixtures" / "stv"
GOAL_SECONDS = 20.0
GOAL_PEAK = 2 * 1024 ** 3
GOAL_RATIO = 2.0

_CHILD = r"""
import resource, sys, time
from reporter.cli import app
t0 = time.perf_counter()
try:
    app([ "validate", sys.argv[1]], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code or 0
except Exception as exc:
    print(f"error: {exc}", file=sys.stderr)
    code = 1
elapsed = time.perf_counter() - t0
u = resource.getrusage(resource.RUSAGE_SELF)
print("RESULT", code, elapsed, u.ru_maxrss * 1024, u.ru_utime + u.ru_stime, file=sys.stderr)
"""


def generate(target: Path, rows: int) -> Path:
    """A copy of the STV project whose responses.csv has ``rows`` data rows (ids made unique per wave)."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "data").mkdir(exist_ok=True)
    (target / "project.yaml").write_bytes((STV / "project.yaml").read_bytes())
    (target / "data" / "barriers.csv").write_bytes((STV / "data" / "barriers.csv").read_bytes())
    header, *body = (STV / "data" / "responses.csv").read_bytes().splitlines(keepends=True)
    split = [line.split(b";", 1) for line in body if line.strip()]
    with (target / "data" / "responses.csv").open("wb") as fh:
        fh.write(header)
        written, k = 0, 0
        while written < rows:
            take = split[: rows - written]
            suffix = b"" if k == 0 else b"-%d" % k
            fh.write(b"".join(rid + suffix + b";" + rest for rid, rest in take))
            written += len(take)
            k += 1
    return target


def measure(project: Path) -> tuple[int, float, int, float]:
    """(exit code, seconds, peak RSS bytes, CPU seconds) of ``reporter validate`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(project)], capture_output=True, text=True, env=env)
    line = next((x for x in proc.stderr.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"validate failed:\n{proc.stderr[-3000:]}")
    _, code, seconds, peak, cpu = line.split()
    if int(code) != 0:
        print(proc.stdout[-2000:])
    return int(code), float(seconds), int(peak), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000, 2_000_000])
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="reporter-bench-load-") as tmp:
        for rows in args.sizes:
            project = generate(Path(tmp) / f"stv-{rows}", rows)
            size = (project / "data" / "responses.csv").stat().st_size
            load = os.getloadavg()[0]
            code, seconds, peak, cpu = measure(project)
            results.append({"rows": rows, "file_bytes": size, "exit": code, "seconds": round(seconds, 2),
                            "cpu_seconds": round(cpu, 2), "peak_rss_bytes": peak, "ratio": round(peak / size, 2),
                            "load_before": round(load, 2)})
            print(f"{rows:>9,} rows  file {size / 1024 ** 2:7.1f} MiB  exit {code}  {seconds:6.1f} s  (CPU {cpu:5.1f} s, "
                  f"load {load:4.1f})  peak RSS {peak / 1024 ** 2:7.1f} MiB  ratio {peak / size:5.2f}", flush=True)
            for path in (project / "data").iterdir():
                path.unlink()
    largest = max(results, key=lambda r: r["rows"])
    ok = (largest["seconds"] < GOAL_SECONDS and largest["peak_rss_bytes"] < GOAL_PEAK and largest["ratio"] <= GOAL_RATIO
          and all(r["exit"] == 0 for r in results))
    print(f"machine: {os.cpu_count()} cores; 'load' is the 1-minute load average before each run (other processes "
          "compete for the cores when it exceeds the core count)")
    print(f"goal: 2,000,000 rows in < {GOAL_SECONDS:.0f} s with peak RSS < 2 GiB and <= {GOAL_RATIO:.0f}x the file size; "
          "peak growing linearly with the rows")
    print("floor: the process's own baseline (Python, pandas, pyarrow and the CLI imported) of about 155 MiB; the time "
          "is bound by the CSV parse (pyarrow, multithreaded, most of the CPU time)")
    if len(results) > 1:
        a, b = results[0], results[-1]
        slope = (b["peak_rss_bytes"] - a["peak_rss_bytes"]) / (b["rows"] - a["rows"])
        print(f"peak RSS growth: {slope:.0f} bytes per row between {a['rows']:,} and {b['rows']:,} rows")
    print(json.dumps(results))
    print("largest size meets the goal" if ok else "largest size does NOT meet the goal")
    if largest["load_before"] > (os.cpu_count() or 1):
        print(f"note: the machine was loaded (load {largest['load_before']:.1f} on {os.cpu_count()} cores), so the wall "
              f"times above are not the program's; it used {largest['cpu_seconds']:.1f} s of CPU for the largest size, "
              "and on an idle machine (file in the page cache) its wall time is about that or less, as the CSV parse "
              "runs on all cores")


if __name__ == "__main__":
    main()
