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
import weakref
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
            _CLUSTER_SLOTS[pool] = max(1, sum(client.nthreads().values()))
            try:
                yield pool
            except BaseException:
                pool.shutdown(wait=False)  # cancels every future: the cluster drops what it has not run
                raise
            finally:
                _CLUSTER_SLOTS.pop(pool, None)
    elif workers <= 1:
        yield None
    else:
        with process_pool(workers, mp_context=mp_context) as pool:
            yield pool


# Task slots (worker threads) of the cluster behind each open Dask executor, counted when it was opened.
_CLUSTER_SLOTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# A Dask task costs the scheduler, the client and the worker a few milliseconds each, next to a profile's
# 30-45 ms of rendering: on the 2-core VM (3 Dec, 98 profiles, the command alone, 7 alternating rounds) one
# profile per task took 1,42 x the local processes' time, 2 per task 1,16, 3 per task 1,12, 4 per task 1,18
# (the last task of a worker is then long). Tasks get up to this many jobs, as long as every slot of the
# cluster still gets TASKS_PER_SLOT tasks or more to balance with.
DASK_JOBS_PER_TASK = 3
TASKS_PER_SLOT = 8


def jobs_per_task(pool: Executor | None, jobs: int) -> int:
    """How many of ``jobs`` jobs one task of ``pool`` should run (:func:`run_jobs`'s ``per_task``): 1 for
    local processes and in this process; on a Dask cluster up to :data:`DASK_JOBS_PER_TASK`, fewer when
    the cluster's slots would otherwise get fewer than :data:`TASKS_PER_SLOT` tasks each."""
    slots = _CLUSTER_SLOTS.get(pool) if pool is not None else None
    if slots is None:
        return 1
    return max(1, min(DASK_JOBS_PER_TASK, jobs // (TASKS_PER_SLOT * slots)))


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
    per_task: int = 1,
) -> list[JobResult]:
    """Run ``fn(*args)`` for every ``(key, args)``; results come back in job order.

    ``jobs`` may be a generator: each job is submitted as soon as it is made (with ``per_task`` > 1, as
    soon as that many are made: one task runs them one after the other, each guarded, reported one by
    one), so the workers start on the first while the rest are still being prepared. ``pool`` runs them
    on an executor the caller already opened (see :func:`executor`, :func:`warm_workers`,
    :func:`jobs_per_task`) instead of opening one here."""
    if pool is not None:
        return _run_on(pool, fn, jobs, on_done, per_task)
    with executor(workers, scheduler) as opened:
        return _run_on(opened, fn, jobs, on_done, per_task)


def _run_on(pool: Executor | None, fn: Callable[..., Any], jobs: Iterable[tuple[str, tuple]],
            on_done: Callable[[JobResult], None] | None, per_task: int = 1) -> list[JobResult]:
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
    futures: dict = {}
    for chunk in _chunks(jobs, max(1, per_task)):
        keys += [key for key, _ in chunk]
        futures[pool.submit(_guarded_chunk, fn, chunk)] = [key for key, _ in chunk]
    for future in as_completed(futures):
        try:
            done = future.result()
        except Exception as exc:  # noqa: BLE001 - e.g. a worker process died
            done = [JobResult(key=key, ok=False, error=f"{type(exc).__name__}: {exc}") for key in futures[future]]
        for result in done:
            results[result.key] = result
            if on_done:
                on_done(result)
    return [results[key] for key in keys]


def _chunks(jobs: Iterable[tuple[str, tuple]], size: int) -> Iterator[list[tuple[str, tuple]]]:
    """``jobs`` in lists of ``size`` (the last may be shorter), each yielded as soon as it is full."""
    chunk: list[tuple[str, tuple]] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _guarded_chunk(fn: Callable[..., Any], chunk: list[tuple[str, tuple]]) -> list[JobResult]:
    """Worker task: the jobs of ``chunk`` one after the other, each guarded (a failing one fails alone)."""
    return [_guarded(fn, key, args) for key, args in chunk]
