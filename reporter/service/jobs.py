"""Background render jobs: a bounded executor (at most ``workers`` renders at once, the rest queue).

Every job is a row in SQLite before it is handed to the executor, and :func:`run_job` writes its own
start and end there, so a job is never lost: a crashed worker marks it failed (from the future's
callback), and jobs still queued or running when the server stopped are resubmitted at the next start.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import traceback
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reporter.service.store import TERMINAL, Store

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


def run_job(data_dir: str, job_id: str) -> str:
    """Render one job (in a worker process or thread) and record the outcome; returns the final status."""
    from reporter import pipeline
    from reporter.data.load import load_survey

    store = Store(data_dir)
    job = store.job(job_id)
    if job is None or job["status"] in TERMINAL:
        return job["status"] if job else "missing"
    store.start_job(job_id)
    params = job["params"]
    source = upload_dir(data_dir, job["project"], job["upload"])
    out = job_dir(data_dir, job["project"], job_id)
    outputs: list[tuple[str, str | None, str, int]] = []
    error: str | None = None
    try:
        project, survey = load_survey(source)
        if job["kind"] == "note":
            written = pipeline.render_note(project, survey, out, project_dir=source,
                                           formats=tuple(params.get("formats") or FORMATS))
            outputs = [(p.name, None, str(p), p.stat().st_size) for p in written]
        else:
            results = pipeline.render_profiles(project, survey, out, only=params.get("municipalities") or None,
                                               formats=tuple(params.get("formats") or FORMATS))
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
    store.finish_job(job_id, error=error, files=[name for name, *_ in outputs], outputs=outputs)
    return "failed" if error else "done"


class JobManager:
    """Hands queued jobs to a bounded executor of processes (default) or threads."""

    def __init__(self, store: Store, *, workers: int = 2, mode: str = "process", max_queued: int = 500):
        if mode not in ("process", "thread"):
            raise ValueError(f"unknown job mode {mode!r}; choose process or thread")
        self.store = store
        self.workers = max(1, workers)
        self.mode = mode
        self.max_queued = max_queued
        self._lock = threading.Lock()
        self._executor: Executor | None = None

    def _new_executor(self) -> Executor:
        if self.mode == "thread":
            return ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="render")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"))

    def start(self) -> None:
        """Create the executor and resubmit jobs left queued or running by a previous run."""
        with self._lock:
            if self._executor is None:
                self._executor = self._new_executor()
        for job_id in self.store.unfinished_jobs():
            self.submit(job_id)

    def stop(self) -> None:
        """Stop without waiting; unstarted jobs stay queued in the database for the next start."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def queue_full(self) -> bool:
        return self.store.count_unfinished() >= self.max_queued

    def submit(self, job_id: str) -> None:
        """Queue a stored job; a broken process pool is replaced once."""
        for attempt in (1, 2):
            with self._lock:
                if self._executor is None:
                    self._executor = self._new_executor()
                executor = self._executor
            try:
                future = executor.submit(run_job, str(self.store.data_dir), job_id)
            except (BrokenProcessPool, RuntimeError):
                with self._lock:
                    if self._executor is executor:
                        self._executor = None
                if attempt == 2:
                    self.store.fail_job_if_unfinished(job_id, "could not start a render worker")
                continue
            future.add_done_callback(lambda f, j=job_id: self._done(j, f))
            return

    def _done(self, job_id: str, future: Future) -> None:
        if future.cancelled():
            return  # stays queued in the database; resubmitted at the next start
        exc = future.exception()
        if exc is not None:
            log.error("render job %s crashed: %s", job_id, exc)
            self.store.fail_job_if_unfinished(job_id, f"render worker crashed: {type(exc).__name__}: {exc}")
            if isinstance(exc, BrokenProcessPool):
                with self._lock:
                    self._executor = None
