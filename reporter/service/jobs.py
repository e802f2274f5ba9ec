"""Background render jobs: the database is the queue, a dispatcher thread runs at most ``workers`` at once.

Every job is a row in SQLite before anything runs it. The dispatcher leases the next queued job (fairly:
the consultant with the fewest running jobs first) and renders it in a fresh worker process of its own
(``mode="process"``, the default) or a thread (``mode="thread"``, for tests). A worker

- renews the job's lease (owner pid + heartbeat) while it renders, and may publish only while it holds it;
- exits by itself when the server that started it is gone (it watches its parent pid), so a killed server
  leaves no render running;
- crashes alone: a worker killed by a signal (the out-of-memory killer) fails its own job, nothing else.

A job whose heartbeat stopped (its server was killed) is taken back by the next server and queued again, up
to ``max_attempts``; a clean stop terminates the workers and queues their jobs again without using an attempt.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporter.service.store import Store, pid_alive

log = logging.getLogger("reporter.service")
KINDS = ("note", "profiles")
FORMATS = ("pdf", "docx", "html")


def project_root(data_dir: str | Path, project_id: str) -> Path:
    """Folder of one project: ``uploads/<upload>/`` (sources) and ``jobs/<job>/`` (outputs)."""
    return Path(data_dir) / "projects" / project_id


def upload_dir(data_dir: str | Path, project_id: str, upload: str) -> Path:
    return project_root(data_dir, project_id) / "uploads" / upload


def job_dir(data_dir: str | Path, project_id: str, job_id: str) -> Path:
    return project_root(data_dir, project_id) / "jobs" / job_id


def private_tree(path: Path) -> None:
    """Folders 0700 and files 0600 under ``path`` (rendered files are not for other local users)."""
    if not path.exists():
        return
    os.chmod(path, 0o700)
    for root, dirs, files in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o700)
        for f in files:
            os.chmod(os.path.join(root, f), 0o600)


@dataclass(frozen=True)
class Lifecycle:
    """Lease and retry settings (seconds, counts)."""

    heartbeat: float = 2.0
    lease: float = 15.0
    max_attempts: int = 3
    stop_grace: float = 5.0


def _render(data_dir: str, job: dict[str, Any]) -> tuple[str | None, list[tuple[str, str | None, str, int]]]:
    """Render one job's files: ``(error or None, outputs)``."""
    from reporter import pipeline
    from reporter.data.load import load_survey
    from reporter.processes import freeze_loaded

    params = job["params"]
    source = upload_dir(data_dir, job["project"], job["upload"])
    out = job_dir(data_dir, job["project"], job["id"])
    shutil.rmtree(out, ignore_errors=True)  # a rerun starts from an empty folder
    outputs: list[tuple[str, str | None, str, int]] = []
    error: str | None = None
    try:
        project, survey = load_survey(source)
        freeze_loaded()   # in a worker process (it renders this job and ends); nothing in thread mode
        # one process per job (``serve --workers`` bounds the renders at once, and a worker process is a
        # daemon, which multiprocessing does not let start processes of its own)
        if job["kind"] == "note":
            written = pipeline.render_note(project, survey, out, project_dir=source, workers=1,
                                           formats=tuple(params.get("formats") or FORMATS))
            outputs = [(p.name, None, str(p), p.stat().st_size) for p in written]
        else:
            results = pipeline.render_profiles(project, survey, out, workers=1,
                                               only=params.get("municipalities") or None,
                                               formats=tuple(params.get("formats") or FORMATS), project_dir=source)
            failed = []
            for result in results:
                if result.ok:
                    outputs += [(f"profiles/{Path(p).name}", result.key, str(p), Path(p).stat().st_size)
                                for p in result.value]
                else:
                    failed.append(f"{result.key}: {result.error}")
            error = "; ".join(failed) or None
    except Exception as exc:  # noqa: BLE001 - recorded on the job
        error = traceback.format_exception_only(type(exc), exc)[-1].strip()
    private_tree(out)
    if out.parent.exists():
        os.chmod(out.parent, 0o700)
    return error, outputs


def _renderer(target: str):
    """The render function named ``"module:function"`` (default :func:`_render`)."""
    import importlib

    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


DEFAULT_RENDER = "reporter.service.jobs:_render"


def run_job(data_dir: str, job_id: str, lease: str, heartbeat: float = 2.0, render: str = DEFAULT_RENDER) -> str:
    """Render one leased job and record the outcome (while the lease holds); returns the final status.

    ``render`` names the function ``(data_dir, job) -> (error, outputs)`` that makes the files.
    """
    store = Store(data_dir)
    job = store.job(job_id)
    if job is None or job["status"] != "running" or job["lease"] != lease:
        return "lost lease"
    store.heartbeat(job_id, lease, pid=os.getpid())
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(heartbeat):
            try:
                if not store.heartbeat(job_id, lease):
                    return
            except Exception:  # noqa: BLE001 - a busy database: try again at the next beat
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    beater = threading.Thread(target=beat, name=f"heartbeat-{job_id}", daemon=True)
    beater.start()
    try:
        error, outputs = _renderer(render)(data_dir, job)
    finally:
        stop.set()
    if not store.finish_job(job_id, error=error, files=[name for name, *_ in outputs], outputs=outputs, lease=lease):
        return "lost lease"
    return "failed" if error else "done"


def _watch_parent(server: int) -> None:
    """Exit this worker as soon as the server that started it is gone (killed with -9 included)."""
    while True:
        if not pid_alive(server):
            os._exit(3)
        time.sleep(0.5)


def worker_main(data_dir: str, job_id: str, lease: str, heartbeat: float, parent: int, render: str) -> None:
    """Entry point of a worker process: private files, parent watchdog, a batch process's collector (it renders
    one job and ends: :func:`reporter.processes.batch_collector`), then the render."""
    from reporter.processes import batch_collector

    os.umask(0o077)
    batch_collector()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(143))
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    run_job(data_dir, job_id, lease, heartbeat, render)


@dataclass
class _Running:
    job_id: str
    lease: str
    process: Any = None      # multiprocessing.Process (process mode)
    thread: Any = None       # threading.Thread (thread mode)
    started: float = field(default_factory=time.monotonic)

    def alive(self) -> bool:
        return (self.process or self.thread).is_alive()


class JobManager:
    """Leases queued jobs from the store and runs at most ``workers`` at once, each in its own process."""

    def __init__(self, store: Store, *, workers: int = 2, mode: str = "process", max_queued: int = 500,
                 lifecycle: Lifecycle = Lifecycle(), after_job=None, render: str = DEFAULT_RENDER):
        if mode not in ("process", "thread"):
            raise ValueError(f"unknown job mode {mode!r}; choose process or thread")
        self.store = store
        self.workers = max(1, workers)
        self.mode = mode
        self.max_queued = max_queued
        self.lifecycle = lifecycle
        self.after_job = after_job
        self.render = render
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        # workers fork from a server process that has the renderers imported already (fast to start), and
        # which exits with the service (it reads a pipe from it)
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["reporter.service.jobs", "reporter.pipeline", "reporter.data.load",
                                              render.partition(":")[0]])

    # --- public --------------------------------------------------------------------------------

    def start(self) -> None:
        """Take back jobs left running by a dead server, then start dispatching."""
        with self._lock:
            if self._thread is not None:
                return
            self._stopping.clear()
            self._reclaim()
            self._thread = threading.Thread(target=self._loop, name="job-dispatcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop dispatching, terminate running workers and queue their jobs again (no attempt used)."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(timeout=10)
        running = list(self._running.values())
        for run in running:
            if run.process is not None and run.process.is_alive():
                run.process.terminate()
        deadline = time.monotonic() + self.lifecycle.stop_grace
        for run in running:
            if run.process is not None:
                run.process.join(timeout=max(0.0, deadline - time.monotonic()))
                if run.process.is_alive():
                    run.process.kill()
                    run.process.join(timeout=5)
            else:
                run.thread.join(timeout=max(0.0, deadline - time.monotonic()))
            if not run.alive():
                self.store.release_job(run.job_id, run.lease, max_attempts=self.lifecycle.max_attempts,
                                       reason="the server stopped", refund=True)
        self._running.clear()
        if self.mode == "process":
            _stop_resource_tracker()

    def queue_full(self) -> bool:
        return self.store.count_unfinished() >= self.max_queued

    def submit(self, job_id: str | None = None) -> None:
        """Tell the dispatcher a job was queued (the job itself is already in the database)."""
        self._wake.set()

    def worker_pids(self) -> list[int]:
        return [r.process.pid for r in list(self._running.values()) if r.process is not None and r.process.pid]

    # --- the dispatcher ------------------------------------------------------------------------

    def _loop(self) -> None:
        last_reclaim = time.monotonic()
        while not self._stopping.is_set():
            self._wake.wait(timeout=0.25)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                self._reap()
                if time.monotonic() - last_reclaim > self.lifecycle.heartbeat:
                    self._reclaim()
                    last_reclaim = time.monotonic()
                while len(self._running) < self.workers and not self._stopping.is_set():
                    claimed = self.store.claim_next_job(os.getpid())
                    if claimed is None:
                        break
                    self._launch(*claimed)
            except Exception:  # noqa: BLE001 - keep dispatching (a busy database, a failed spawn)
                log.exception("job dispatcher error")
                time.sleep(0.5)

    def _launch(self, job_id: str, lease: str) -> None:
        run = _Running(job_id, lease)
        if self.mode == "thread":
            run.thread = threading.Thread(target=self._thread_job, args=(job_id, lease), name=f"render-{job_id}",
                                          daemon=True)
            run.thread.start()
        else:
            run.process = self._context.Process(
                target=worker_main, name=f"reporter-render-{job_id}", daemon=True,
                args=(str(self.store.data_dir), job_id, lease, self.lifecycle.heartbeat, os.getpid(), self.render))
            run.process.start()
        self._running[job_id] = run

    def _thread_job(self, job_id: str, lease: str) -> None:
        try:
            run_job(str(self.store.data_dir), job_id, lease, self.lifecycle.heartbeat, self.render)
        except BaseException as exc:  # noqa: BLE001 - the job fails, the dispatcher goes on
            self.store.fail_job_if_unfinished(job_id, f"render crashed: {type(exc).__name__}: {exc}", lease)
        finally:
            self._wake.set()

    def _reap(self) -> None:
        """Forget finished workers; a worker that died without finishing its job fails that job alone."""
        for job_id, run in list(self._running.items()):
            if run.alive():
                continue
            del self._running[job_id]
            if run.process is not None:
                code = run.process.exitcode
                run.process.close()
                if code != 0:
                    why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                    if self.store.fail_job_if_unfinished(job_id, f"render worker crashed ({why})", run.lease):
                        log.error("render job %s: worker crashed (%s)", job_id, why)
            if self.after_job is not None:
                try:
                    self.after_job(job_id)
                except Exception:  # noqa: BLE001
                    log.exception("after-job hook failed for %s", job_id)

    def _reclaim(self) -> None:
        """Queue again (or fail, past ``max_attempts``) running jobs that no live worker holds any more."""
        now = time.time()
        mine = {r.lease for r in self._running.values()}
        for job in self.store.running_jobs():
            if job["lease"] in mine:
                continue
            age = now - job["heartbeat"] if job["heartbeat"] is not None else float("inf")
            stale = age > self.lifecycle.lease
            # a dead owner: no need to wait for the whole lease, only for a missed beat (an orphaned worker
            # still beating is about to notice its server is gone and exit)
            orphaned = not pid_alive(job["owner_pid"]) and age > self.lifecycle.heartbeat + 1.0
            if not (stale or orphaned):
                continue
            status = self.store.release_job(job["id"], job["lease"], max_attempts=self.lifecycle.max_attempts,
                                            reason="its render was interrupted")
            if status:
                log.warning("job %s taken back from a stopped worker: %s", job["id"], status)
                self._wake.set()


def _stop_resource_tracker() -> None:
    """Stop multiprocessing's fork server and resource tracker processes once no worker of ours is left (they
    would outlive the service otherwise); they start again by themselves when a worker is next needed."""
    from multiprocessing import active_children, forkserver, resource_tracker

    if active_children():
        return
    try:
        forkserver._forkserver._stop()
        resource_tracker._resource_tracker._stop()
    except Exception:  # noqa: BLE001 - a private API: if it changes, the tracker just stays until exit
        log.debug("could not stop the resource tracker", exc_info=True)
