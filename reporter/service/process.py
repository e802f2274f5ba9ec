"""`reporter serve` as a child process on a free loopback port — for the browser test and the service
benchmark, which need the real command (worker processes, SQLite on disk), not an in-process app.

The server runs in a session (and process group) of its own; stopping it sends SIGTERM, waits, and then
kills whatever is left in its group, so no worker outlives it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, log_path: Path, *, port: int | None = None, workers: int = 1,
                 timeout: float = 30.0) -> tuple[subprocess.Popen, str]:
    """Start ``reporter serve`` on 127.0.0.1 and wait until ``/health`` answers 200: ``(process, base URL)``.

    Raises RuntimeError (with the server log) when it does not come up in time.
    """
    import httpx

    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "reporter", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--data-dir", str(data_dir), "--workers", str(workers)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_server(process)
            raise RuntimeError(f"reporter serve did not start:\n{Path(log_path).read_text()}")
        time.sleep(0.1)


def stop_server(process: subprocess.Popen, timeout: float = 30.0) -> None:
    """SIGTERM, wait, then SIGKILL the server's whole process group (workers included)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # anything left in its group
    except (ProcessLookupError, PermissionError):
        pass


@contextmanager
def served(data_dir: Path, log_path: Path, *, workers: int = 1, timeout: float = 30.0) -> Iterator[str]:
    """``reporter serve`` for the duration of the block: yields its base URL, stops it (and its group) after."""
    process, url = start_server(data_dir, log_path, workers=workers, timeout=timeout)
    try:
        yield url
    finally:
        stop_server(process)
