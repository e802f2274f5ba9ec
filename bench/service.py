"""Benchmark: the report service under 20 concurrent clients on loopback.

Starts ``reporter serve`` (subprocess, 127.0.0.1, free port, temporary data directory). Each client has its
own consultant token and project: it uploads ``fixtures/sof`` as a zip, starts a profile job for one
municipality, polls the job, lists the files, downloads the PDF, DOCX and the municipality page, and does
the same downloads with a municipality token. Every request is bounded by a timeout and the whole run
by ``--deadline``; it stops by itself. Prints throughput, latencies, error count and lost jobs
(goal: 0 errors, 0 lost jobs).

    .venv/bin/python bench/service.py [--clients 20] [--rounds 1] [--workers 2] [--deadline 600]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporter.build.profile import municipalities_sorted, slug  # noqa: E402
from reporter.config.load import load_project  # noqa: E402
from reporter.service.process import served  # noqa: E402
from reporter.service.store import Store  # noqa: E402

FIXTURE = ROOT / "fixtures" / "sof"


def project_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(FIXTURE.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(FIXTURE).as_posix())
    return buffer.getvalue()


class Stats:
    """Thread-safe counters of one run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: list[str] = []
        self.latency: dict[str, list[float]] = {}
        self.jobs_started: list[str] = []
        self.jobs_done: list[str] = []
        self.jobs_failed: list[str] = []
        self.job_seconds: list[float] = []

    def request(self, client: httpx.Client, kind: str, method: str, url: str, expect: int, **kwargs) -> httpx.Response | None:
        t0 = time.perf_counter()
        try:
            response = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            with self.lock:
                self.requests += 1
                self.errors.append(f"{method} {url}: {type(exc).__name__}: {exc}")
            return None
        elapsed = time.perf_counter() - t0
        with self.lock:
            self.requests += 1
            self.latency.setdefault(kind, []).append(elapsed)
            if response.status_code != expect:
                self.errors.append(f"{method} {url}: {response.status_code} {response.text[:200]}")
                return None
        return response


def client_run(index: int, base: str, consultant: str, data: bytes, names: list[str], store: Store, stats: Stats,
               rounds: int, deadline: float) -> None:
    project = f"bench-{index:02d}"
    auth = {"Authorization": f"Bearer {consultant}"}
    with httpx.Client(base_url=base, timeout=60, headers=auth) as client:
        for r in range(rounds):
            if time.monotonic() > deadline:
                return
            if stats.request(client, "upload", "PUT", f"/projects/{project}", 200,
                             files={"file": ("sof.zip", data, "application/zip")}) is None:
                continue
            name = names[(index + r) % len(names)]
            started = time.perf_counter()
            response = stats.request(client, "start job", "POST", f"/projects/{project}/jobs", 202,
                                     json={"kind": "profiles", "municipalities": [name]})
            if response is None:
                continue
            job_id = response.json()["id"]
            with stats.lock:
                stats.jobs_started.append(job_id)
            status = "queued"
            while status in ("queued", "running") and time.monotonic() < deadline:
                time.sleep(0.5)
                polled = stats.request(client, "poll", "GET", f"/projects/{project}/jobs/{job_id}", 200)
                if polled is not None:
                    status = polled.json()["status"]
            with stats.lock:
                if status == "done":
                    stats.jobs_done.append(job_id)
                    stats.job_seconds.append(time.perf_counter() - started)
                elif status == "failed":
                    stats.jobs_failed.append(job_id)
                    stats.errors.append(f"job {job_id} failed: {polled.json().get('error') if polled else ''}")
            if status != "done":
                continue
            files = stats.request(client, "list", "GET", f"/projects/{project}/files", 200)
            s = slug(name)
            for suffix in ("pdf", "docx"):
                got = stats.request(client, "download", "GET", f"/projects/{project}/files/profiles/{s}.{suffix}", 200)
                if got is not None and suffix == "pdf" and not got.content.startswith(b"%PDF"):
                    stats.errors.append(f"{project}/{s}.pdf is not a PDF")
            stats.request(client, "page", "GET", f"/projects/{project}/municipalities/{s}", 200)
            if files is not None and not any(f["name"] == f"profiles/{s}.pdf" for f in files.json()):
                stats.errors.append(f"{project}: profiles/{s}.pdf missing from the file list")
            municipality = store.create_token(project=project, municipality=name)
            m_auth = {"Authorization": f"Bearer {municipality}"}
            stats.request(client, "download", "GET", f"/projects/{project}/files/profiles/{s}.pdf", 200, headers=m_auth)
            stats.request(client, "page", "GET", f"/projects/{project}/municipalities/{s}", 200, headers=m_auth)
            stats.request(client, "forbidden", "GET", f"/projects/{project}/files/note.pdf", 403, headers=m_auth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1, help="upload/render/download cycles per client")
    parser.add_argument("--workers", type=int, default=2, help="renders at once on the server")
    parser.add_argument("--deadline", type=float, default=600, help="stop after this many seconds")
    args = parser.parse_args()

    data = project_zip()
    names = municipalities_sorted(load_project(FIXTURE))
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        store = Store(data_dir)
        tokens = [store.create_token(consultant=f"consultant-{i:02d}") for i in range(args.clients)]
        # raises RuntimeError with the server log if `reporter serve` does not come up
        with served(data_dir, Path(tmp) / "server.log", workers=args.workers) as base:
            stats = Stats()
            t0 = time.perf_counter()
            deadline = time.monotonic() + args.deadline
            threads = [threading.Thread(target=client_run, args=(i, base, tokens[i], data, names, store, stats,
                                                                 args.rounds, deadline))
                       for i in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=max(0.0, deadline - time.monotonic()) + 60)
            wall = time.perf_counter() - t0
            # a job is lost when the server does not know it or it never finished
            known = {j: store.job(j) for j in stats.jobs_started}
            lost = [j for j, row in known.items() if row is None or row["status"] not in ("done", "failed")]

    print(f"service bench: {args.clients} clients x {args.rounds} round(s), {args.workers} render workers, "
          f"wall {wall:.1f} s")
    print(f"  requests {stats.requests}, throughput {stats.requests / wall:.1f} req/s, errors {len(stats.errors)}")
    print(f"  jobs started {len(stats.jobs_started)}, done {len(stats.jobs_done)}, failed {len(stats.jobs_failed)}, "
          f"lost {len(lost)}; {len(stats.jobs_done) / wall * 60:.1f} profile jobs/min")
    if stats.job_seconds:
        ordered = sorted(stats.job_seconds)
        print(f"  job latency (start → done seen): median {statistics.median(ordered):.1f} s, "
              f"max {ordered[-1]:.1f} s")
    for kind, values in sorted(stats.latency.items()):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"  {kind:10s} n={len(values):4d}  median {statistics.median(ordered) * 1000:7.1f} ms  "
              f"p95 {p95 * 1000:7.1f} ms")
    for error in stats.errors[:10]:
        print(f"  error: {error}")
    return 0 if not stats.errors and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
