"""Checks shared by the ``kill -9`` tests: which worker processes are still alive, and whether they end in time."""

from __future__ import annotations

import time

import psutil


def alive(processes: list[psutil.Process]) -> list[int]:
    """Pids of ``processes`` still running (a zombie has ended: only its parent has not collected it)."""
    out = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p.pid)
        except psutil.NoSuchProcess:
            pass
    return out


def left_alive_after(processes: list[psutil.Process], seconds: float) -> list[int]:
    """Wait up to ``seconds`` for ``processes`` to end; pids of those still running then, which are killed
    (a failing test never leaves them behind)."""
    deadline = time.monotonic() + seconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive(processes)
    for pid in left:
        try:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            pass
    return left
