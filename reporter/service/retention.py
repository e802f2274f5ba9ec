"""Retention: what the service keeps on disk and in its database, and the clean-up that enforces it.

Per project the service keeps the current upload and the ``keep_uploads - 1`` before it (unless a queued or
running job still needs an older one), the folders of jobs whose files are published, and the newest
``keep_jobs`` finished job rows. Outputs built from an upload other than the current one are unpublished
and deleted (so a municipality dropped from a re-upload loses its old profile). Leftovers of interrupted
uploads under ``tmp/`` and upload folders the database does not know go at start. Runs at start, after each
upload and after each job, so two clean-ups may run at once with an upload or a job finishing: each reads
the files before the database rows that keep them, and leaves the folder of an upload being published alone.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from reporter.service.jobs import job_dir, project_root
from reporter.service.store import Store

log = logging.getLogger("reporter.service")


@dataclass(frozen=True)
class Retention:
    """How much history to keep per project."""

    keep_uploads: int = 3
    keep_jobs: int = 50
    tmp_age_seconds: float = 3600.0


def tree_bytes(path: Path) -> int:
    """Bytes of the regular files under ``path`` (0 if it does not exist; symbolic links are not followed). A
    file or folder that goes while it is counted (SQLite's ``-wal`` file at a checkpoint, a job's folder being
    cleaned up or replaced) counts as gone."""
    total = 0
    for folder, _, names in os.walk(path):    # a folder that cannot be listed (gone meanwhile) is passed over
        for name in names:
            try:
                info = os.lstat(os.path.join(folder, name))
            except FileNotFoundError:
                continue
            if stat.S_ISREG(info.st_mode):
                total += info.st_size
    return total


def clean_project(store: Store, data_dir: Path, project_id: str, policy: Retention, *, strays: bool = False) -> None:
    """Apply the policy to one project; with ``strays`` (at start only) also remove upload folders that the
    database does not know (an upload is moved into place before it is recorded, so a clean-up running
    meanwhile would take a new upload for a stray one)."""
    project = store.project(project_id)
    if project is None:
        return
    store.drop_stale_outputs(project_id)
    # uploads: keep the newest ones and any an unfinished job needs
    uploads = store.uploads_of(project_id)
    keep = {u["id"] for u in uploads[:max(1, policy.keep_uploads)]} | {project["upload"]}
    folder = project_root(data_dir, project_id) / "uploads"
    for row in uploads:
        if row["id"] not in keep and not store.upload_in_use(row["id"]):
            shutil.rmtree(folder / row["id"], ignore_errors=True)
            store.forget_upload(row["id"])
    if strays and folder.is_dir():
        known = {u["id"] for u in store.uploads_of(project_id)} | {project["upload"]}
        for child in folder.iterdir():
            if child.name not in known and not store.upload_in_use(child.name):
                shutil.rmtree(child, ignore_errors=True)
    # job folders that hold no published file and belong to no unfinished job: listed first, then the
    # unfinished jobs, then the published ones (a job that finishes meanwhile is in one of the two)
    jobs_folder = project_root(data_dir, project_id) / "jobs"
    folders = list(jobs_folder.iterdir()) if jobs_folder.is_dir() else []
    unfinished = set(store.unfinished_jobs())
    referenced = store.referenced_jobs(project_id)
    # job rows beyond the newest keep_jobs finished ones (their files unless published)
    old = [j["id"] for j in store.finished_jobs_beyond(project_id, policy.keep_jobs) if j["id"] not in referenced]
    store.delete_jobs(old)
    for child in folders:
        if child.name not in referenced and child.name not in unfinished:
            shutil.rmtree(child, ignore_errors=True)


def clean_all(store: Store, data_dir: Path, policy: Retention) -> None:
    """Apply the policy to every project and remove old leftovers under ``tmp/``."""
    for project_id in store.project_ids():
        try:
            clean_project(store, data_dir, project_id, policy, strays=True)
        except Exception:  # noqa: BLE001 - clean-up never stops the service
            log.exception("retention failed for project %s", project_id)
    tmp = data_dir / "tmp"
    if tmp.is_dir():
        cutoff = time.time() - policy.tmp_age_seconds
        for child in tmp.iterdir():
            try:
                if child.stat().st_mtime < cutoff:
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            except OSError:
                pass


__all__ = ["Retention", "clean_all", "clean_project", "tree_bytes", "job_dir"]
