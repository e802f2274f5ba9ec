"""Per-consultant quotas: queued jobs, uploads per hour and disk, each refused with 429 and Retry-After.

One consultant can never fill the render queue, the upload folder or the disk that every consultant
shares; the service-wide bound on unfinished jobs (503) stays as a last line.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import HTTPException

from reporter.service.store import Store


@dataclass(frozen=True)
class Quotas:
    """Limits per consultant."""

    max_jobs: int = 20                           # queued or running
    max_uploads_per_hour: int = 120
    max_disk_bytes: int = 2 * 1024 ** 3          # uploads kept + files published
    job_retry_after: int = 10                    # seconds
    disk_retry_after: int = 600


def too_many(message: str, retry_after: int) -> HTTPException:
    return HTTPException(429, message, headers={"Retry-After": str(max(1, int(retry_after)))})


def disk_used(store: Store, consultant: str) -> int:
    """Bytes the consultant's uploads (those kept) and published files take."""
    row = store._one("SELECT COALESCE(SUM(bytes), 0) AS n FROM uploads WHERE owner = ?", (consultant,))
    used = int(row["n"])
    row = store._one("SELECT COALESCE(SUM(o.size), 0) AS n FROM outputs o JOIN projects p ON p.id = o.project "
                     "WHERE p.owner = ?", (consultant,))
    return used + int(row["n"])


class UploadRate:
    """Upload attempts per consultant in the last hour (in memory: every attempt counts, valid or not)."""

    def __init__(self, per_hour: int):
        self.per_hour = per_hour
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, consultant: str) -> float | None:
        """Count one attempt; None if allowed, else the seconds until the next one is."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(consultant, deque())
            while seen and now - seen[0] > 3600:
                seen.popleft()
            if len(seen) >= self.per_hour:
                return 3600 - (now - seen[0])
            seen.append(now)
            return None


def check_upload(store: Store, consultant: str, quotas: Quotas, rate: UploadRate) -> None:
    """429 when the consultant may not upload now (checked before the body is read)."""
    if disk_used(store, consultant) >= quotas.max_disk_bytes:
        raise too_many(f"this consultant's files take more than {quotas.max_disk_bytes} bytes; "
                       "older uploads and outputs are removed as new ones replace them", quotas.disk_retry_after)
    wait = rate.take(consultant)
    if wait is not None:
        raise too_many(f"at most {quotas.max_uploads_per_hour} uploads an hour per consultant", int(wait) + 1)


def check_job(store: Store, consultant: str, quotas: Quotas) -> None:
    """429 when the consultant already has ``max_jobs`` queued or running."""
    if store.count_unfinished(consultant) >= quotas.max_jobs:
        raise too_many(f"at most {quotas.max_jobs} queued or running jobs per consultant; wait for some to finish",
                       quotas.job_retry_after)
