import os

from reporter.batch import run_jobs


def _square_or_fail(x: int) -> int:
    if x == 3:
        raise ValueError("three is bad")
    return x * x


def _pid(_: int) -> int:
    return os.getpid()


def test_serial_run_reports_failures_without_stopping():
    results = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(5)])
    assert [r.key for r in results] == ["0", "1", "2", "3", "4"]
    assert [r.value for r in results if r.ok] == [0, 1, 4, 16]
    failed = [r for r in results if not r.ok]
    assert len(failed) == 1 and failed[0].key == "3" and "three is bad" in failed[0].error


def test_process_pool_gives_same_results_in_job_order():
    serial = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(6)])
    parallel = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(6)], workers=2)
    assert [(r.key, r.ok, r.value) for r in serial] == [(r.key, r.ok, r.value) for r in parallel]


def test_process_pool_runs_outside_this_process():
    pids = {r.value for r in run_jobs(_pid, [(str(i), (i,)) for i in range(4)], workers=2)}
    assert os.getpid() not in pids


def test_on_done_called_once_per_job():
    seen = []
    run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(4)], on_done=seen.append)
    assert sorted(r.key for r in seen) == ["0", "1", "2", "3"]


# --- workers die with their parent (issue 20) ----------------------------------------------------------

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402
import pytest  # noqa: E402
from worker_processes import left_alive_after  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

_SLEEPY = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from reporter.batch import run_jobs

    def job(folder, i):
        Path(folder, f"start-{i}").write_text("x")
        time.sleep(1.0)
        Path(folder, f"done-{i}").write_text("x")
        return i

    if __name__ == "__main__":
        folder, mode = sys.argv[1], sys.argv[2]
        kwargs = {"scheduler": mode} if mode.startswith("tcp://") else {"workers": int(mode)}
        run_jobs(job, [(str(i), (folder, i)) for i in range(40)], **kwargs)
""")


def _started(folder: Path) -> int:
    return len(list(folder.glob("start-*")))


def _run_and_kill(tmp_path: Path, mode: str) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """Start the sleepy batch in a child process, wait until jobs run, then kill -9 that process."""
    script = tmp_path / "sleepy.py"
    script.write_text(_SLEEPY, encoding="utf-8")
    folder = tmp_path / "marks"
    folder.mkdir()
    process = subprocess.Popen([sys.executable, str(script), str(folder), mode], cwd=ROOT,
                               env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while _started(folder) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _started(folder) >= 2, "the jobs never started"
    workers = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGKILL)
    process.wait()
    return process, workers


def test_local_workers_die_within_two_seconds_of_a_kill_9_of_the_main_process(tmp_path):
    _, workers = _run_and_kill(tmp_path, "2")
    assert len(workers) >= 2
    assert left_alive_after(workers, 2.0) == []
    started = _started(tmp_path / "marks")
    time.sleep(1.5)
    assert _started(tmp_path / "marks") == started  # and nothing more is written


def test_dask_cluster_starts_no_more_jobs_of_a_killed_client(tmp_path):
    from distributed import LocalCluster

    from distributed import Client

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        _run_and_kill(tmp_path, cluster.scheduler_address)
        # settled: the scheduler has dropped the killed client's tasks and the worker holds none (the ones
        # running at the kill, at most two, have finished); from then on nothing can start
        with Client(cluster) as watcher:
            def idle() -> bool:
                return not cluster.scheduler.tasks and not any(watcher.run(_worker_tasks).values())

            deadline = time.monotonic() + 120
            while not idle():
                assert time.monotonic() < deadline, "the cluster still holds the killed client's tasks"
                time.sleep(0.1)
        settled = _started(tmp_path / "marks")
        time.sleep(1.0)
        assert _started(tmp_path / "marks") == settled
        assert settled < 10  # of 40


def _worker_tasks(dask_worker) -> int:
    """Tasks a dask worker still holds (waiting, running or cancelled but still running)."""
    return len(dask_worker.state.tasks)


def _mark(folder: str, i: int) -> int:
    """Job ``i``: the first returns at once, the others wait until the test releases them (``release``)."""
    Path(folder, f"start-{i}").write_text("x")
    while i and not Path(folder, "release").exists():
        time.sleep(0.02)
    return i


def test_an_early_exit_cancels_the_jobs_not_started_instead_of_waiting_for_all(tmp_path):
    class Stop(Exception):
        pass

    def stop(_):
        raise Stop

    import threading

    before = {p.pid for p in psutil.Process().children(recursive=True)}  # e.g. multiprocessing's resource tracker
    # jobs 1.. are held: a run that stops after the first result never sees them finish; one that waited for
    # all would hang, so a watchdog releases them after a minute (and they all run: the test fails)
    returned = threading.Event()
    watchdog = threading.Thread(target=lambda: returned.wait(60) or Path(tmp_path, "release").write_text("x"))
    watchdog.start()
    try:
        with pytest.raises(Stop):
            run_jobs(_mark, [(str(i), (str(tmp_path), i)) for i in range(30)], workers=2, on_done=stop)
    finally:
        returned.set()
        watchdog.join()
    # two workers: the first job, and at most the two held jobs they took next
    assert _started(tmp_path) <= 3
    assert not Path(tmp_path, "release").exists()
    assert [p.pid for p in psutil.Process().children(recursive=True) if p.pid not in before] == []  # terminated
