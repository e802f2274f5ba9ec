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
