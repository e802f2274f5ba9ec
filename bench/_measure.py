"""Shared by the bench scripts: run a whole command as a child process and measure wall time and peak
memory, and summarise repeated runs (median, as the issue's figures are medians of several runs).

CPU seconds (user + system of the child and the descendants it waited for) are printed beside wall
times: on a shared machine they move much less than wall time when other users load it.
Peak memory is sampled: the proportional set size (PSS: resident memory, pages shared after a fork
split between the processes sharing them; RSS where PSS cannot be read) of the child *and all its
descendants* (worker processes) added up, every SAMPLE_SECONDS (psutil; PSS from smaps_rollup), plus the largest single process as the kernel reports it
(``ru_maxrss`` of the waited-for children, exact but per process).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    """One finished child process: wall seconds, summed peak RSS of its tree (MB), its stdout."""

    seconds: float
    tree_mb: float
    stdout: str
    returncode: int
    cpu: float = 0.0     # user + system CPU seconds of the process and its waited-for descendants
    load: float = 0.0    # the machine's 1-minute load average when the run started (other users' work)


# how often the memory sampler reads the process tree's PSS. Reading smaps_rollup makes the kernel walk every
# page table: on the 2-core VM 4-5 ms a process, 21 ms for the note's five processes, so every 50 ms it took
# 0,9 s of CPU from a 5-s note run (the command's own CPU rose with it); every 0,2 s it is a quarter of that,
# and the memory peaks measured (charts, metrics, profiles: phases of 0,5 s and more) are the same
SAMPLE_SECONDS = 0.2


def _rollup_pss(pid: int) -> int | None:
    """A process's PSS in bytes from ``/proc/PID/smaps_rollup`` (the kernel adds the mappings up), or None.
    psutil's ``memory_full_info`` parses the whole ``smaps`` instead: every 20 ms for three processes of
    500 MB that took a sizeable share of a core from the command being measured."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _tree_rss(pid: int, include_root: bool = True) -> int:
    import psutil

    try:
        parent = psutil.Process(pid)
        procs = [*([parent] if include_root else []), *parent.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        pss = _rollup_pss(proc.pid)
        if pss is not None:
            total += pss
            continue
        try:
            # PSS: pages shared by forked workers (the loaded survey) count once, split between them
            info = proc.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.AccessDenied:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_command(args: list[str], *, cwd: Path = ROOT, env: dict | None = None, check: bool = True,
                own_tree: bool = False) -> Run:
    """Run ``args`` to completion; wall time and the peak of the summed RSS of its process tree
    (``own_tree``: of every descendant of this process instead, e.g. to count Dask workers it started)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    peak = [0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        try:
            import psutil  # noqa: F401
        except ImportError:
            return
        while not stop.is_set():
            rss = _tree_rss(os.getpid(), include_root=False) if own_tree else _tree_rss(proc.pid)
            peak[0] = max(peak[0], rss)
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and proc.returncode != 0:
        sys.stderr.write(err[-3000:])
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(args)}")
    return Run(seconds=seconds, tree_mb=peak[0] / 2**20, stdout=out, returncode=proc.returncode, cpu=cpu, load=load)


def largest_child_mb() -> float:
    """The largest resident set of any child process waited for so far (kernel figure, MB)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def self_peak_mb() -> float:
    """This process's peak resident set (MB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def load_now() -> str:
    """The machine's load averages (1, 5, 15 minutes), printed beside every figure: on a shared
    machine wall times mean little without them."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


# A fixed piece of work timed in a fresh interpreter, printed before and after the figures: on this shared VM
# the same work takes up to 1,5 times as long in its slow phases as in its quiet ones (other tenants), and the
# command's figures move with it. The loop is the interpreter's speed; first touching 256 MB is the kernel's
# page faults (a large part of the metrics' time: every new page of memory costs a fault).
SPEED_CHILD = r"""
import time
t = time.perf_counter(); [i for i in range(5_000_000)]; loop = time.perf_counter() - t
import numpy
numpy._core.multiarray._set_madvise_hugepage(False)    # 4-kB pages, as most of the commands' memory
t = time.perf_counter(); numpy.ones(2**25); touch = time.perf_counter() - t
print(f"{loop:.3f} {touch:.3f}")
"""
# the fastest figures seen on this VM (3 Dec: the loop in a quiet phase of the 7th session, 10 million steps
# 0,36 s; the first touch in the 8th session, whose phases were mostly slow: 0,12-0,19 s)
FASTEST_LOOP_SECONDS = 0.18
FASTEST_TOUCH_SECONDS = 0.12


def machine_speed() -> str:
    """The machine's speed now: a 5-million-step loop and the first touch of 256 MB, each timed in a fresh
    interpreter, beside the fastest seen on this VM (the best of three runs, so a single hiccup does not count)."""
    loops, touches = [], []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", SPEED_CHILD], capture_output=True, text=True, check=True)
        loop, touch = (float(x) for x in out.stdout.split())
        loops.append(loop)
        touches.append(touch)
    loop, touch = min(loops), min(touches)
    return (f"machine speed: loop {loop:.2f}s (fastest seen {FASTEST_LOOP_SECONDS:.2f}s, "
            f"x{loop / FASTEST_LOOP_SECONDS:.2f}), 256 MB first touch {touch:.2f}s (fastest seen "
            f"{FASTEST_TOUCH_SECONDS:.2f}s, x{touch / FASTEST_TOUCH_SECONDS:.2f})")


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_runs(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def verdict(value: float, goal: float) -> str:
    return "met" if value < goal else "NOT met"


def reporter_cli(*args: str) -> list[str]:
    """``python -m reporter ARGS`` with this interpreter."""
    return [sys.executable, "-m", "reporter", *args]
