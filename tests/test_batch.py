import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor

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


# --- streamed jobs and warmed workers (issue 16) ------------------------------------------------------------

def _touch(path: str) -> str:
    from pathlib import Path

    Path(path).write_text("done", encoding="utf-8")
    return path


def test_jobs_from_a_generator_start_before_the_generator_is_exhausted(tmp_path):
    """The first job runs in a worker while the generator is still making the second: the generator waits
    for the file the first job writes (it would wait in vain if jobs were collected before submitting)."""
    import time

    first = tmp_path / "first"

    def jobs():
        yield "first", (str(first),)
        deadline = time.monotonic() + 60
        while not first.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        yield "second", (str(tmp_path / ("second-after-first" if first.exists() else "second-too-early")),)

    results = run_jobs(_touch, jobs(), workers=2)
    assert [r.key for r in results] == ["first", "second"] and all(r.ok for r in results)
    assert (tmp_path / "second-after-first").exists()


def test_warmed_pool_runs_the_warm_up_in_its_workers_then_the_jobs():
    from reporter.batch import executor, warm_workers

    with executor(2) as pool:
        warm = warm_workers(pool, 2, _pid, 0)
        results = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(4)], pool=pool)
        pids = {f.result().value for f in warm}
    assert pids and os.getpid() not in pids
    assert [r.value for r in results if r.ok] == [0, 1, 4]
    with executor(1) as pool:                      # one local worker: this process, nothing to warm
        assert pool is None and warm_workers(pool, 1, _pid, 0) == []


# --- several jobs per task (a Dask cluster's per-task cost) ------------------------------------------------

class _CountingPool(ProcessPoolExecutor):
    """A local pool that counts the tasks submitted to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitted = 0

    def submit(self, *args, **kwargs):
        self.submitted += 1
        return super().submit(*args, **kwargs)


def test_jobs_several_per_task_are_reported_one_by_one_in_job_order():
    """Seven jobs three per task: three tasks (3 + 3 + 1), each job's own result, the failing one alone."""
    seen = []
    with _CountingPool(2) as pool:
        results = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(7)], pool=pool, per_task=3,
                           on_done=seen.append)
    assert pool.submitted == 3
    assert [r.key for r in results] == [str(i) for i in range(7)]
    assert [(r.ok, r.value) for r in results] == [(True, 0), (True, 1), (True, 4), (False, None), (True, 16),
                                                 (True, 25), (True, 36)]
    assert "three is bad" in results[3].error
    assert sorted(r.key for r in seen) == [str(i) for i in range(7)]


class _DyingPool(Executor):
    """Runs tasks here, but the task holding job "4" is lost as a dead worker's would be."""

    def submit(self, fn, *args, **kwargs):
        future = Future()
        chunk = args[1]
        if any(key == "4" for key, _ in chunk):
            future.set_exception(RuntimeError("worker died"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_lost_task_fails_each_of_its_jobs_and_no_other():
    results = run_jobs(_square_or_fail, [(str(i), (i + 10,)) for i in range(7)], pool=_DyingPool(), per_task=2)
    assert [r.key for r in results if not r.ok] == ["4", "5"]
    assert all("worker died" in r.error for r in results if not r.ok)
    assert [r.value for r in results if r.ok] == [100, 121, 144, 169, 256]


def test_jobs_per_task_keeps_every_slot_of_a_cluster_balanced():
    """1 for local processes and for this process; on a cluster with two slots, tasks of up to three
    jobs while each slot still gets eight tasks or more: 98 // 16 = 6 -> 3, 40 // 16 = 2, 20 // 16 = 1."""
    from distributed import LocalCluster

    from reporter.batch import executor, jobs_per_task

    assert jobs_per_task(None, 98) == 1
    with executor(2) as pool:
        assert jobs_per_task(pool, 98) == 1
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        with executor(scheduler=cluster.scheduler_address) as pool:
            assert [jobs_per_task(pool, n) for n in (98, 48, 40, 20, 2)] == [3, 3, 2, 1, 1]
            results = run_jobs(_square_or_fail, [(str(i), (i,)) for i in range(7)], pool=pool,
                               per_task=jobs_per_task(pool, 7 * 16))
        assert jobs_per_task(pool, 98) == 1   # closed: no cluster behind it any more
    assert [(r.key, r.ok, r.value) for r in results] == [(str(i), i != 3, None if i == 3 else i * i)
                                                         for i in range(7)]
