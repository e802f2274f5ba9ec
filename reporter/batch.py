"""Run many independent render jobs in parallel: local processes, or a Dask distributed cluster.

Both run on a ``concurrent.futures``-style executor: a ``ProcessPoolExecutor`` by default, or the
executor of a ``distributed.Client`` when a scheduler address is given (an existing engine, no
home-made scheduler). A failing job never stops the others: its error is returned as a result.

Workers die with their parent: every local pool (:func:`process_pool`, also used for the note's chart
and format workers) starts its processes with :func:`die_with_parent`, so a ``kill -9`` of the main
process ends them at once instead of leaving them writing into the output folder. When the caller
stops early (an exception, Ctrl-C) the jobs not yet started are cancelled, local workers are
terminated, and a Dask client cancels its futures before it closes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass

from reporter.processes import _stop_now, die_with_parent, process_pool  # noqa: F401 - re-exported
from typing import Any


@dataclass(frozen=True)
class JobResult:
    """Outcome of one job: its key, the value returned, or the error text."""

    key: str
    ok: bool
    value: Any = None
    error: str = ""


def _guarded(fn: Callable[..., Any], key: str, args: tuple) -> JobResult:
    try:
        return JobResult(key=key, ok=True, value=fn(*args))
    except Exception as exc:  # noqa: BLE001 - a failing job is reported, never raised
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return JobResult(key=key, ok=False, error=detail)


@contextmanager
def executor(workers: int = 1, scheduler: str | None = None, mp_context=None) -> Iterator[Executor | None]:
    """An executor for the jobs: None (run in this process) for one local worker, a process pool for
    several (started with ``mp_context``, default: the platform's), or a Dask ``Client.get_executor()``
    when ``scheduler`` (``tcp://host:port``) is given."""
    if scheduler:
        from reporter.extras import require

        require("cluster", "rendering on a Dask scheduler")
        from distributed import Client

        with Client(scheduler, set_as_default=False) as client:
            pool = client.get_executor(pure=False)
            try:
                yield pool
            except BaseException:
                pool.shutdown(wait=False)  # cancels every future: the cluster drops what it has not run
                raise
    elif workers <= 1:
        yield None
    else:
        with process_pool(workers, mp_context=mp_context) as pool:
            yield pool


def warm_workers(pool: Executor | None, workers: int, fn: Callable[..., Any], *args: Any) -> list:
    """Start the local worker processes now and run ``fn(*args)`` once in each (one call per worker is
    submitted; a warm-up that lasts longer than the pool takes to start the next process lands on a
    fresh one), so imports, fonts and caches load while this process still computes. No output may
    depend on it. Returns the futures (a failed warm-up is ignored: the first job then pays it).
    Only for a local ``ProcessPoolExecutor``: Dask workers stay warm between runs by themselves."""
    if not isinstance(pool, ProcessPoolExecutor):
        return []
    return [pool.submit(_guarded, fn, f"warm-up {i}", args) for i in range(workers)]


def run_jobs(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[str, tuple]],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_done: Callable[[JobResult], None] | None = None,
    pool: Executor | None = None,
) -> list[JobResult]:
    """Run ``fn(*args)`` for every ``(key, args)``; results come back in job order.

    ``jobs`` may be a generator: each job is submitted as soon as it is made, so the workers start on
    the first while the rest are still being prepared. ``pool`` runs them on an executor the caller
    already opened (see :func:`executor`, :func:`warm_workers`) instead of opening one here."""
    if pool is not None:
        return _run_on(pool, fn, jobs, on_done)
    with executor(workers, scheduler) as opened:
        return _run_on(opened, fn, jobs, on_done)


def _run_on(pool: Executor | None, fn: Callable[..., Any], jobs: Iterable[tuple[str, tuple]],
            on_done: Callable[[JobResult], None] | None) -> list[JobResult]:
    keys: list[str] = []
    results: dict[str, JobResult] = {}
    if pool is None:
        for key, args in jobs:
            keys.append(key)
            result = _guarded(fn, key, args)
            results[key] = result
            if on_done:
                on_done(result)
        return [results[key] for key in keys]
    futures = {}
    for key, args in jobs:
        keys.append(key)
        futures[pool.submit(_guarded, fn, key, args)] = key
    for future in as_completed(futures):
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - e.g. a worker process died
            result = JobResult(key=futures[future], ok=False, error=f"{type(exc).__name__}: {exc}")
        results[result.key] = result
        if on_done:
            on_done(result)
    return [results[key] for key in keys]
