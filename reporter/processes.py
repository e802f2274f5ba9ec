"""Local worker processes that die with their parent: the one way the pipeline starts process pools
(the note's chart and format workers, the profile workers). A utility below every layer, so the chart
drawing (``reporter.charts``) and the batch runner (``reporter.batch``) both use it. Also how the command
line ends its process (:func:`exit_now`) and sets the cycle collector for a batch run
(:func:`batch_collector`, :func:`freeze_loaded`).
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int | None = None) -> None:
    """Make this (worker) process end when its parent does: on Linux the kernel sends SIGKILL when the
    parent exits (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon thread watches the parent's pid.
    ``parent`` is the expected parent pid, checked once more at the end (it may have died before the
    signal was armed). The kernel ties the signal to the parent *thread* that started the worker, so a pool
    must live in the thread that created it (a ``with process_pool(...)`` block does)."""
    expected = os.getppid() if parent is None else parent
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:  # pragma: no cover - cannot fail on Linux
            _watch_parent(expected)
    else:  # pragma: no cover - not on the Linux machines this runs on
        _watch_parent(expected)
    if os.getppid() != expected:
        os._exit(1)


def _watch_parent(expected: int) -> None:
    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


@contextmanager
def process_pool(workers: int, mp_context=None, shared: object = None) -> Iterator[ProcessPoolExecutor]:
    """A ``ProcessPoolExecutor`` whose workers die with this process, and which on an early exit
    (exception, Ctrl-C) cancels the jobs not started and terminates its workers instead of waiting.

    ``shared`` is handed to every worker as it starts (:func:`pool_shared` there): with a ``fork`` context
    it is not pickled (a loaded survey, say), and two pools started at once from two threads each give
    their workers their own."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context, initializer=_start_worker,
                               initargs=(os.getpid(), shared))
    try:
        yield pool
    except BaseException:
        _stop_now(pool)
        raise
    else:
        pool.shutdown(wait=True)


_SHARED: object = None   # in a pool worker: what its pool was given as ``shared``


def _start_worker(parent: int, shared: object) -> None:
    global _SHARED
    die_with_parent(parent)
    _SHARED = shared


def pool_shared() -> object:
    """In a worker of :func:`process_pool`: the ``shared`` object its pool was started with (None elsewhere)."""
    return _SHARED


def _stop_now(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


# the young generation's threshold of a batch process (CPython's default is 700): a command allocates
# hundreds of thousands of objects that live until it ends (modules, the survey, the model), and at 700 the
# collector rescans them some 450 times a note (0,2-0,25 s of the STV note's parent process)
BATCH_GC_THRESHOLD = (50_000, 20, 100)
_DEFAULT_GC_THRESHOLD = gc.get_threshold()
_batch = False


def batch_collector() -> None:
    """Set the cycle collector for a process that runs one command and ends (the console entry): collect the
    young generation every :data:`BATCH_GC_THRESHOLD` allocations instead of every 700, and let
    :func:`freeze_loaded` freeze. Cycles are still collected."""
    global _batch
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    _batch = True


def long_lived_collector() -> None:
    """Undo :func:`batch_collector` for a command that keeps running (``reporter serve``): the default
    thresholds, and :func:`freeze_loaded` freezes nothing."""
    global _batch
    gc.set_threshold(*_DEFAULT_GC_THRESHOLD)
    _batch = False


def freeze_loaded() -> None:
    """Move every object alive now (modules, a loaded project and survey) to the collector's permanent
    generation (``gc.freeze``): they live until the command ends anyway, so collections stop rescanning them,
    and forked workers no longer write to the pages that hold them when they collect (each such write copies
    a page). Only in a batch process (after :func:`batch_collector`): what is frozen is never collected, which
    a long-lived process (the service, a test run calling the commands) must not do."""
    if _batch:
        gc.freeze()


def exit_code(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives: 0 for None, the number, else 1 (the message is printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def exit_now(code: object = 0) -> None:
    """End the process as ``sys.exit(code)`` does, without the interpreter's teardown: the atexit handlers
    run and stdout/stderr are flushed, then the process exits. The teardown would free every object still
    alive one by one (the caches of a large survey's answers: 0,3 s of ``reporter metrics`` on the
    98-municipality project), which the kernel does at once. While another non-daemon thread still runs
    (which ``sys.exit`` waits for) this is ``sys.exit``."""
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    status = exit_code(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):   # e.g. a closed pipe: Python's own exit status for it
            status = status or 120
    os._exit(status)
