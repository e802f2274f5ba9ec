"""Benchmark: the report service under 50 concurrent clients on loopback for 2 minutes, then a kill phase.

Starts ``reporter serve`` (subprocess, 127.0.0.1, free port, temporary data directory, real renderers and
worker processes). Each client has its own consultant and project: it uploads ``fixtures/sof`` as a zip,
then until the time is up starts a profile job for one municipality (PDF), polls it, lists the files,
downloads the PDF and the municipality page (also with a municipality token) and sometimes uploads again.
Every request has a timeout and the run a deadline; it stops by itself.

Phase 1 (``--duration``): goal 0 errors, 0 lost and 0 duplicated jobs; prints p50/p95 latency per kind of
request and throughput. Phase 2 (``--kill-duration``): the same load from fewer clients while one render
worker is killed (kill -9, as the out-of-memory killer) and then the server itself (kill -9, restarted on
the same port and data). Goal: nothing lost — every job ends done or failed, only the job of the killed
worker fails, the job interrupted by the server kill is rerun once, no request error other than refused
connections while the server was down.

    .venv/bin/python bench/service.py [--clients 50] [--duration 120] [--kill-clients 10] [--kill-duration 60]
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporter.compose.profile import municipalities_sorted, slug  # noqa: E402
from reporter.config.load import load_project  # noqa: E402
from reporter.service.process import free_port, start_server, stop_server  # noqa: E402
from reporter.service.store import Store, pid_alive  # noqa: E402

FIXTURE = ROOT / "fixtures" / "sof"


def project_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(FIXTURE.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(FIXTURE).as_posix())
    return buffer.getvalue()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Stats:
    """Thread-safe counters of one phase."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: list[str] = []
        self.refused = 0                      # connection refused while the server was down (phase 2)
        self.latency: dict[str, list[float]] = {}
        self.jobs: list[str] = []
        self.server_down = threading.Event()

    def request(self, client: httpx.Client, kind: str, method: str, url: str, expect: int,
                deadline: float, **kwargs) -> httpx.Response | None:
        """One request; while the server is down (phase 2) connection errors are retried until it is back."""
        while True:
            t0 = time.perf_counter()
            try:
                response = client.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                with self.lock:
                    self.requests += 1
                    if self.server_down.is_set() and time.monotonic() < deadline + 120:
                        self.refused += 1
                    else:
                        self.errors.append(f"{method} {url}: {type(exc).__name__}: {exc}")
                        return None
                time.sleep(0.5)
                continue
            elapsed = time.perf_counter() - t0
            with self.lock:
                self.requests += 1
                self.latency.setdefault(kind, []).append(elapsed)
                if response.status_code != expect:
                    self.errors.append(f"{method} {url}: {response.status_code} {response.text[:200]}")
                    return None
            return response


def client_run(index: int, base: str, consultant: str, data: bytes, names: list[str], store: Store, stats: Stats,
               deadline: float, prefix: str) -> None:
    project = f"{prefix}-{index:02d}"
    auth = {"Authorization": f"Bearer {consultant}"}
    with httpx.Client(base_url=base, timeout=60, headers=auth) as client:
        if stats.request(client, "upload", "PUT", f"/projects/{project}", 200, deadline,
                         files={"file": ("sof.zip", data, "application/zip")}) is None:
            return
        municipality_token: dict[str, str] = {}
        r = 0
        while time.monotonic() < deadline:
            r += 1
            if r % 4 == 0:
                if stats.request(client, "upload", "PUT", f"/projects/{project}", 200, deadline,
                                 files={"file": ("sof.zip", data, "application/zip")}) is None:
                    continue
            name = names[(index + r) % len(names)]
            response = stats.request(client, "start job", "POST", f"/projects/{project}/jobs", 202, deadline,
                                     json={"kind": "profiles", "municipalities": [name], "formats": ["pdf"]})
            if response is None:
                continue
            job_id = response.json()["id"]
            with stats.lock:
                stats.jobs.append(job_id)
            status = "queued"
            while status in ("queued", "running") and time.monotonic() < deadline + 600:
                time.sleep(1.0)
                polled = stats.request(client, "poll", "GET", f"/projects/{project}/jobs/{job_id}", 200, deadline)
                if polled is not None:
                    status = polled.json()["status"]
            if status != "done":
                continue
            s = slug(name)
            files = stats.request(client, "list", "GET", f"/projects/{project}/files", 200, deadline)
            if files is not None and not any(f["name"] == f"profiles/{s}.pdf" for f in files.json()):
                with stats.lock:
                    stats.errors.append(f"{project}: profiles/{s}.pdf missing from the file list")
            got = stats.request(client, "download", "GET", f"/projects/{project}/files/profiles/{s}.pdf", 200,
                                deadline)
            if got is not None and not got.content.startswith(b"%PDF"):
                with stats.lock:
                    stats.errors.append(f"{project}/{s}.pdf is not a PDF")
            stats.request(client, "page", "GET", f"/projects/{project}/municipalities/{s}", 200, deadline)
            if name not in municipality_token:
                municipality_token[name] = store.create_token(project=project, municipality=name)
            m_auth = {"Authorization": f"Bearer {municipality_token[name]}"}
            stats.request(client, "download", "GET", f"/projects/{project}/files/profiles/{s}.pdf", 200, deadline,
                          headers=m_auth)
            stats.request(client, "forbidden", "GET", f"/projects/{project}/files/note.pdf", 403, deadline,
                          headers=m_auth)


def run_phase(*, base: str, store: Store, data: bytes, names: list[str], clients: int, duration: float,
              prefix: str, stats: Stats, during=None) -> float:
    tokens = [store.create_token(consultant=f"{prefix}-consultant-{i:02d}") for i in range(clients)]
    t0 = time.perf_counter()
    deadline = time.monotonic() + duration
    threads = [threading.Thread(target=client_run, args=(i, base, tokens[i], data, names, store, stats, deadline,
                                                         prefix), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    if during is not None:
        during()
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()) + 900)
    return time.perf_counter() - t0


def report(title: str, stats: Stats, store: Store, wall: float) -> tuple[list[str], list[str], list[dict]]:
    rows = {j: store.job(j) for j in stats.jobs}
    lost = [j for j, row in rows.items() if row is None or row["status"] not in ("done", "failed")]
    duplicated = [j for j in stats.jobs if stats.jobs.count(j) > 1]
    done = [r for r in rows.values() if r and r["status"] == "done"]
    failed = [r for r in rows.values() if r and r["status"] == "failed"]
    print(f"{title}: wall {wall:.1f} s")
    print(f"  requests {stats.requests}, throughput {stats.requests / wall:.1f} req/s, errors {len(stats.errors)}"
          + (f", refused while the server was down {stats.refused}" if stats.refused else ""))
    print(f"  jobs {len(stats.jobs)}: done {len(done)}, failed {len(failed)}, lost {len(lost)}, "
          f"duplicated {len(duplicated)}; {len(done) / wall * 60:.1f} profile jobs/min")
    reruns = [r for r in rows.values() if r and r["attempts"] > 1]
    if reruns:
        print(f"  rerun after an interruption: {len(reruns)} job(s) (attempts {[r['attempts'] for r in reruns]})")
    every = [v for values in stats.latency.values() for v in values]
    if every:
        print(f"  all requests  n={len(every):5d}  p50 {percentile(every, 0.5) * 1000:7.1f} ms  "
              f"p95 {percentile(every, 0.95) * 1000:7.1f} ms")
    for kind, values in sorted(stats.latency.items()):
        print(f"  {kind:12s}  n={len(values):5d}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
              f"p95 {percentile(values, 0.95) * 1000:7.1f} ms")
    for error in stats.errors[:10]:
        print(f"  error: {error}")
    return lost, duplicated, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load in phase 1")
    parser.add_argument("--kill-clients", type=int, default=10)
    parser.add_argument("--kill-duration", type=float, default=60, help="seconds of load in phase 2 (0: skip)")
    parser.add_argument("--workers", type=int, default=2, help="renders at once on the server")
    args = parser.parse_args()

    data = project_zip()
    names = municipalities_sorted(load_project(FIXTURE))
    ok = True
    with tempfile.TemporaryDirectory(prefix="reporter-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        log = Path(tmp) / "server.log"
        store = Store(data_dir)
        port = free_port()
        process, base = start_server(data_dir, log, port=port, workers=args.workers)
        try:
            stats = Stats()
            wall = run_phase(base=base, store=store, data=data, names=names, clients=args.clients,
                             duration=args.duration, prefix="load", stats=stats)
            lost, duplicated, failed = report(f"phase 1: {args.clients} clients for {args.duration:g} s, "
                                              f"{args.workers} render workers", stats, store, wall)
            once = [j for j in stats.jobs if store.job(j) and store.job(j)["attempts"] != 1]
            print(f"  goal: 0 errors, 0 lost, 0 duplicated, every job run once; "
                  f"{'met' if not (stats.errors or lost or duplicated or failed or once) else 'NOT met'}")
            ok &= not (stats.errors or lost or duplicated or failed or once)

            if args.kill_duration > 0:
                stats2 = Stats()
                killed: dict[str, object] = {}

                def chaos() -> None:
                    nonlocal process
                    # 1. kill -9 one render worker in the middle of a job
                    deadline = time.monotonic() + args.kill_duration / 2
                    while time.monotonic() < deadline and "worker" not in killed:
                        for job in store.running_jobs():
                            pid = job["owner_pid"]
                            if pid and pid != process.pid and pid_alive(pid):
                                os.kill(pid, signal.SIGKILL)
                                killed["worker"], killed["worker_job"] = pid, job["id"]
                                break
                        time.sleep(0.2)
                    time.sleep(3)
                    # 2. kill -9 the server while a job runs, and start it again on the same port and data
                    deadline = time.monotonic() + args.kill_duration / 2
                    while time.monotonic() < deadline:
                        running = [j for j in store.running_jobs() if j["owner_pid"] not in (None, process.pid)]
                        if running:
                            killed["server_jobs"] = [j["id"] for j in running]
                            break
                        time.sleep(0.2)
                    stats2.server_down.set()
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
                    killed["server"] = process.pid
                    process, _ = start_server(data_dir, log, port=port, workers=args.workers)
                    time.sleep(5)
                    stats2.server_down.clear()

                wall = run_phase(base=base, store=store, data=data, names=names, clients=args.kill_clients,
                                 duration=args.kill_duration, prefix="kill", stats=stats2, during=chaos)
                lost, duplicated, failed = report(
                    f"phase 2: {args.kill_clients} clients for {args.kill_duration:g} s, a worker and the server "
                    f"killed", stats2, store, wall)
                expected_failed = {killed.get("worker_job")}
                unexpected = [r["id"] for r in failed if r["id"] not in expected_failed]
                interrupted = [store.job(j) for j in killed.get("server_jobs", [])]
                print(f"  killed worker {killed.get('worker')} (job {killed.get('worker_job')}: "
                      f"{store.job(killed['worker_job'])['status'] if killed.get('worker_job') else '-'}), "
                      f"killed server {killed.get('server')} during job(s) "
                      f"{[(j['id'], j['status'], j['attempts']) for j in interrupted if j]}")
                met = (not stats2.errors and not lost and not duplicated and not unexpected and "worker" in killed
                       and "server" in killed and all(j and j["status"] == "done" for j in interrupted))
                print(f"  goal: nothing lost, only the killed worker's job failed, the interrupted job rerun; "
                      f"{'met' if met else 'NOT met'}")
                ok &= met
        finally:
            stop_server(process)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
